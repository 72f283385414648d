#!/usr/bin/env bash
# End to end: the whole system started locally behind a test model server speaking the Ollama
# protocol and a local OCI registry, walked through the way a user uses it.
set -uo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/registry.sh"

usage() {
  cat <<USAGE
Usage: scripts/e2e.sh [--keep] [--no-build] [--json]

Starts a model-testkit Ollama server, Debian's docker-registry holding a test model, and the five
services (scripts/run-local.sh, own database "codeagents_e2e", own Redis database 9, own models
directory), then walks a user's flow: pull a model, generate, review, run a task to success in two
iterations, read stats, the doctor report and its fix of a failed pull, call every endpoint
(api-smoke.sh), and back up, wipe and restore the databases. Prints a line per step.

  --keep       leave everything running afterwards
  --no-build   use the jars already built
  --json       print the step results as JSON on stdout

Exit: 0 every step passed, 1 a step failed, 2 could not run.
USAGE
}

KEEP=0; BUILD=1; JSON=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --keep) KEEP=1 ;;
    --no-build) BUILD=0 ;;
    --json) JSON=1 ;;
    *) echo "Unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
command -v jq >/dev/null || die "jq is required (apt-get install jq)"
command -v docker-registry >/dev/null || die "docker-registry is required (apt-get install docker-registry)"

WORK=$(mktemp -d /tmp/codeagents-e2e.XXXXXX)
export CODEAGENTS_RUN_DIR="$WORK/run"
RUN_DIR="$CODEAGENTS_RUN_DIR"
OLLAMA_PORT="${E2E_OLLAMA_PORT:-11511}"
REGISTRY_PORT="${E2E_REGISTRY_PORT:-15111}"
PG_URL_BASE="${E2E_PG:-jdbc:postgresql://127.0.0.1:5432}"
DB=codeagents_e2e
MODEL=e2e-coder:latest

export QUARKUS_DATASOURCE_JDBC_URL="$PG_URL_BASE/$DB"
export QUARKUS_DATASOURCE_USERNAME="${QUARKUS_DATASOURCE_USERNAME:-postgres}"
export QUARKUS_REDIS_HOSTS="redis://127.0.0.1:6379/9"
export CODEAGENTS_API_KEY="e2e-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export CODEAGENTS_AUTH_ENABLED=true
export GATEWAY_OLLAMA_URL="http://127.0.0.1:$OLLAMA_PORT"
export GATEWAY_DEFAULT_MODEL="$MODEL"
export MODEL_REGISTRY_URL="http://127.0.0.1:$REGISTRY_PORT"
export MODELS_DIR="$WORK/models"
AUTH=(-H "Authorization: Bearer $CODEAGENTS_API_KEY")
PSQL=(psql -h 127.0.0.1 -U "$QUARKUS_DATASOURCE_USERNAME" -v ON_ERROR_STOP=1 -qAt)

results=(); failures=0
step() { # name status detail
  local mark="${C_OK}✓${C_OFF}"
  [[ "$2" == pass ]] || { mark="${C_ERR}✗${C_OFF}"; failures=$((failures + 1)); }
  echo "$mark $1${3:+ — $3}" >&2
  results+=("$(printf '{"step":"%s","status":"%s","detail":"%s"}' "$(json_escape "$1")" "$2" "$(json_escape "${3:-}")")")
}
check() { # name detail command...
  local name="$1" detail="$2"; shift 2
  if "$@"; then step "$name" pass "$detail"; else step "$name" fail "$detail"; fi
}
api() { # METHOD URL [json body] -> body on stdout, status in $API_STATUS
  local method="$1" url="$2" body="${3:-}" out
  out=$(mktemp)
  if [[ -n "$body" ]]; then
    API_STATUS=$(curl -s -o "$out" -w '%{http_code}' --max-time 60 -X "$method" "${AUTH[@]}" -H 'Content-Type: application/json' -d "$body" "$url")
  else
    API_STATUS=$(curl -s -o "$out" -w '%{http_code}' --max-time 60 -X "$method" "${AUTH[@]}" "$url")
  fi
  cat "$out"; rm -f "$out"
}
wait_for() { # seconds command... : polls until the command succeeds
  local deadline=$(( $(date +%s) + $1 )); shift
  until "$@"; do (( $(date +%s) < deadline )) || return 1; sleep 0.5; done
}

PIDS=()
cleanup() {
  if [[ $KEEP == 0 ]]; then
    "$CODEAGENTS_ROOT/scripts/stop-local.sh" > /dev/null 2>&1
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
    "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB" 2>/dev/null
    "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS ${DB}_restore" 2>/dev/null
    redis-cli -n 9 flushdb > /dev/null 2>&1 || true
    rm -rf "$WORK"
  else
    info "left running; work directory $WORK (CODEAGENTS_RUN_DIR=$RUN_DIR scripts/stop-local.sh stops the services)"
  fi
}
trap cleanup EXIT

# ---------------------------------------------------------------- environment
if [[ $BUILD == 1 ]]; then
  info "building (./mvnw -B -q package -DskipTests) …"
  (cd "$CODEAGENTS_ROOT" && ./mvnw -B -q package -DskipTests) > "$WORK/build.log" 2>&1 \
    || { tail -30 "$WORK/build.log" >&2; die "build failed"; }
fi
TESTKIT="$CODEAGENTS_ROOT/model-testkit/target/model-testkit.jar"
[[ -f "$TESTKIT" ]] || die "missing $TESTKIT: build first"

"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB" && "${PSQL[@]}" -d postgres -c "CREATE DATABASE $DB" \
  || die "cannot create database $DB as $QUARKUS_DATASOURCE_USERNAME"
redis-cli -n 9 flushdb > /dev/null 2>&1 || true

java -jar "$TESTKIT" --ollama-port "$OLLAMA_PORT" --models "$MODEL" > "$WORK/testkit.log" 2>&1 &
PIDS+=($!)
wait_for 20 curl -fs "http://127.0.0.1:$OLLAMA_PORT/api/version" -o /dev/null || die "test model server did not start"
# A buggy add() first; the fixed one once the prompt carries the failing test's output.
impl() { printf 'def add(a: int, b: int) -> int:\n    """Return the sum of a and b."""\n    return a %s b\n' "$1"; }
TESTS=$(printf 'from solution import add\n\n\ndef test_add() -> None:\n    """Adding two numbers gives their sum."""\n    assert add(2, 3) == 5\n')
answer() { printf '```python\n%s\n```\n\n```python\n%s\n```\n' "$(impl "$1")" "$TESTS"; }
jq -n --arg buggy "$(answer -)" --arg fixed "$(answer +)" \
  '{rules: [{when_prompt_contains: "assert", answer: $fixed}, {when_prompt_contains: "Review", answer: "The code looks correct and readable."}], default_answer: $buggy}' \
  | curl -fsS -X PUT "http://127.0.0.1:$OLLAMA_PORT/_testkit/script" --data-binary @- > /dev/null \
  || die "could not script the test model server"
ok "test model server on :$OLLAMA_PORT (model $MODEL)"

REGISTRY_PID=$(registry_start "$WORK/registry" "$REGISTRY_PORT") || die "docker-registry did not start"
PIDS+=("$REGISTRY_PID")
head -c $((24 * 1024 * 1024)) /dev/urandom > "$WORK/model.bin"
registry_push_model "$MODEL_REGISTRY_URL" library/e2e-coder latest "$WORK/model.bin" > /dev/null || die "could not push the test model"
ok "registry on :$REGISTRY_PORT with library/e2e-coder:latest (24 MiB)"

info "starting the services …"
"$CODEAGENTS_ROOT/scripts/run-local.sh" --no-build --timeout "${E2E_START_TIMEOUT:-240}" > "$WORK/run-local.txt" 2>&1
rc=$?
cat "$WORK/run-local.txt" | grep -E "ready after|✗" >&2
[[ $rc == 0 ]] || die "the services did not all become ready (see $WORK/run-local.txt)"

GEN=$(service_url generator-agent); REV=$(service_url reviewer-agent); GW=$(service_url model-gateway)
DL=$(service_url download-service); DOC=$(service_url doctor-service)

# ---------------------------------------------------------------- 1. pull a model
pull=$(api POST "$DL/pulls" "{\"model\":\"e2e-coder\"}")
check "pull accepted" "POST /pulls -> $API_STATUS" test "$API_STATUS" = 202
pulled() { [[ "$(api GET "$DL/pulls/e2e-coder" | jq -r .state)" == completed ]]; }
check "pull completed" "$(api GET "$DL/pulls/e2e-coder" | jq -c '{state, bytes_done, bytes_total}')" wait_for 60 pulled
manifest="$MODELS_DIR/manifests/127.0.0.1:$REGISTRY_PORT/library/e2e-coder/latest"
blob="$MODELS_DIR/blobs/sha256-$(sha256sum "$WORK/model.bin" | cut -d' ' -f1)"
check "model in the Ollama store" "${manifest#$MODELS_DIR/}" test -f "$manifest" -a -f "$blob"
check "model listed" "GET /models" bash -c "$(declare -f api); AUTH=(${AUTH[*]@Q}); api GET '$DL/models' | jq -e '.models | map(.name) | any(test(\"e2e-coder\"))' > /dev/null"

# ---------------------------------------------------------------- 2. generate
gen=$(api POST "$GEN/generate" '{"task_description":"Write add(a, b) that returns the sum of two integers","language":"python"}')
check "generate" "POST /generate -> $API_STATUS" bash -c "[[ '$API_STATUS' == 200 ]] && jq -e '(.code | contains(\"def add\")) and (.tests | contains(\"from solution import add\"))' <<< ${gen@Q} > /dev/null"

# ---------------------------------------------------------------- 3. review
review_body=$(jq -n --arg code "$(impl +)" --arg tests "$TESTS" \
  '{code: $code, tests: $tests, language: "python", run_tests: true, llm_review: true}')
rev=$(api POST "$REV/review" "$review_body")
check "review approves correct code" "$(jq -c '{verdict, score, tests: .tests.status}' <<< "$rev" 2>/dev/null)" \
  bash -c "[[ '$API_STATUS' == 200 ]] && jq -e '.verdict == \"approved\" and .tests.status == \"passed\"' <<< ${rev@Q} > /dev/null"

# ---------------------------------------------------------------- 4. a task to success in two iterations
curl -fsS -X DELETE "http://127.0.0.1:$OLLAMA_PORT/_testkit/requests" > /dev/null
task=$(api POST "$GEN/tasks" '{"task_description":"Write add(a, b) that returns the sum of two integers","language":"python","max_iterations":3}')
task_id=$(jq -r .id <<< "$task")
check "task accepted" "POST /tasks -> $API_STATUS, id $task_id" test "$API_STATUS" = 202
finished() { [[ "$(api GET "$GEN/tasks/$task_id" | jq -r .status)" =~ ^(succeeded|failed|cancelled)$ ]]; }
wait_for 120 finished
task=$(api GET "$GEN/tasks/$task_id")
check "task succeeded in 2 iterations" "$(jq -c '{status, iterations: (.iterations | length)}' <<< "$task")" \
  bash -c "jq -e '.status == \"succeeded\" and (.iterations | length) == 2' <<< ${task@Q} > /dev/null"
second_prompt=$(curl -fsS "http://127.0.0.1:$OLLAMA_PORT/_testkit/requests" | jq -r '[.requests[] | select(.path == "/api/chat")] | .[1].body')
check "second prompt carries the failure" "the model's second request mentions the failing assert" \
  bash -c "grep -q 'assert' <<< ${second_prompt@Q}"

# ---------------------------------------------------------------- 5. stats
for pair in "generator-agent:$GEN" "reviewer-agent:$REV"; do
  name=${pair%%:*}; url=${pair#*:}
  stats=$(api GET "$url/stats")
  check "stats of $name" "$(head -c 160 <<< "$stats")" test "$API_STATUS" = 200
done

# ---------------------------------------------------------------- 6. doctor, and its fix of a failed pull
report=$(api GET "$DOC/doctor")
check "doctor report" "$(jq -c '{status, checks: (.checks | length), duration_ms}' <<< "$report" 2>/dev/null)" \
  bash -c "[[ '$API_STATUS' == 200 ]] && jq -e '(.checks | length) > 5 and (.status | test(\"ok|warning\"))' <<< ${report@Q} > /dev/null"
api POST "$DL/pulls" '{"model":"e2e-later"}' > /dev/null
failed() { [[ "$(api GET "$DL/pulls/e2e-later" | jq -r .state)" == error ]]; }
check "pull of a model the registry lacks fails" "$(api GET "$DL/pulls/e2e-later" | jq -c '{state, error}')" wait_for 30 failed
registry_push_model "$MODEL_REGISTRY_URL" library/e2e-later latest "$WORK/model.bin" > /dev/null
fix=$(api POST "$DOC/doctor/fix" '{"checks":["downloads.failed"],"dry_run":false}')
check "doctor fix resumes the failed pull" "$(jq -c '[.fixes[]? | {check, outcome}]' <<< "$fix" 2>/dev/null | head -c 200)" \
  bash -c "[[ '$API_STATUS' == 200 ]] && jq -e '.fixes[0].outcome == \"applied\"' <<< ${fix@Q} > /dev/null"
later_done() { [[ "$(api GET "$DL/pulls/e2e-later" | jq -r .state)" == completed ]]; }
check "the fixed pull completes" "$(api GET "$DL/pulls/e2e-later" | jq -c '{state}')" wait_for 60 later_done

# ---------------------------------------------------------------- 7. every endpoint
"$CODEAGENTS_ROOT/scripts/api-smoke.sh" > "$WORK/api-smoke.txt" 2>&1
smoke=$?
sed 's/^/    /' "$WORK/api-smoke.txt" >&2
check "api-smoke" "$(tail -1 "$WORK/api-smoke.txt")" test "$smoke" = 0

# ---------------------------------------------------------------- 8. backup, wipe, restore
tasks_before=$(api GET "$GEN/tasks?size=100" | jq -c '[.tasks[]?.id] | sort')
reviews_before=$(api GET "$REV/reviews?limit=100" | jq -c '[.reviews[]?.id] | sort')
models_before=$(api GET "$DL/models" | jq -c '[.models[]?.name] | sort')
"$CODEAGENTS_ROOT/scripts/backup.sh" --out "$WORK/backup" > "$WORK/backup.txt" 2>&1
check "backup" "$(tail -1 "$WORK/backup.txt")" test $? = 0
"$CODEAGENTS_ROOT/scripts/stop-local.sh" > /dev/null 2>&1
"${PSQL[@]}" -d postgres -c "DROP DATABASE $DB" && "${PSQL[@]}" -d postgres -c "CREATE DATABASE $DB"
rm -rf "$MODELS_DIR/manifests"
"$CODEAGENTS_ROOT/scripts/restore.sh" "$WORK"/backup/codeagents-backup-* > "$WORK/restore.txt" 2>&1
check "restore onto an empty database" "$(tail -1 "$WORK/restore.txt")" test $? = 0
"$CODEAGENTS_ROOT/scripts/run-local.sh" --no-build --timeout "${E2E_START_TIMEOUT:-240}" > "$WORK/run-local-2.txt" 2>&1
check "services start on the restored data" "run-local.sh" test $? = 0
tasks_after=$(api GET "$GEN/tasks?size=100" | jq -c '[.tasks[]?.id] | sort')
reviews_after=$(api GET "$REV/reviews?limit=100" | jq -c '[.reviews[]?.id] | sort')
models_after=$(api GET "$DL/models" | jq -c '[.models[]?.name] | sort')
check "same tasks after restore" "$tasks_after" test "$tasks_before" = "$tasks_after" -a "$tasks_before" != "[]"
check "same reviews after restore" "$reviews_after" test "$reviews_before" = "$reviews_after" -a "$reviews_before" != "[]"
check "same models after restore" "$models_after" test "$models_before" = "$models_after" -a "$models_before" != "[]"

# ---------------------------------------------------------------- summary
total=${#results[@]}
if [[ $JSON == 1 ]]; then
  printf '{"status":"%s","passed":%d,"failed":%d,"steps":[%s]}\n' "$([[ $failures == 0 ]] && echo ok || echo failed)" \
    $((total - failures)) "$failures" "$(IFS=,; echo "${results[*]}")"
fi
echo "e2e: $((total - failures))/$total steps passed" >&2
[[ $failures == 0 ]]
