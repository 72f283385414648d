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
(api-smoke.sh), back up, wipe and restore the databases, and finally run fully local: the gateway
restarted without a model server serves a tiny GGUF model in-process. Prints a line per step.

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
# call METHOD URL [json body]: sets API_STATUS and API_BODY (no subshell, so both survive)
call() {
  local method="$1" url="$2" body="${3:-}" out="$WORK/response"
  local args=(-s -o "$out" -w '%{http_code}' --max-time 60 -X "$method" "${AUTH[@]}")
  [[ -n "$body" ]] && args+=(-H 'Content-Type: application/json' -d "$body")
  API_STATUS=$(curl "${args[@]}" "$url")
  API_BODY=$(cat "$out" 2>/dev/null)
}
# body_has JQ-FILTER: the last response's status is 2xx and the filter holds on its body
body_has() { [[ "$API_STATUS" == 2* ]] && jq -e "$1" <<< "$API_BODY" > /dev/null 2>&1; }
body() { jq -c "$1" <<< "$API_BODY" 2>/dev/null | head -c 300; }
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
call POST "$DL/pulls" '{"model":"e2e-coder"}'
check "pull accepted" "POST /pulls -> $API_STATUS" test "$API_STATUS" = 202
state_of() { call GET "$DL/pulls/$1"; [[ "$(jq -r .state <<< "$API_BODY")" == "$2" ]]; }
wait_for 90 state_of e2e-coder completed
check "pull completed" "$(body '{state, bytes_done, bytes_total}')" body_has '.state == "completed"'
# the registry is a mirror of registry.ollama.ai: models keep their canonical names, so Ollama finds them
manifest="$MODELS_DIR/manifests/registry.ollama.ai/library/e2e-coder/latest"
blob="$MODELS_DIR/blobs/sha256-$(sha256sum "$WORK/model.bin" | cut -d' ' -f1)"
check "model in the Ollama store" "${manifest#"$MODELS_DIR"/}" test -f "$manifest" -a -f "$blob"
call GET "$DL/models"
check "model listed" "$(body '[.models[].name]')" body_has '.models | map(.name) | any(test("e2e-coder"))'

# ---------------------------------------------------------------- 2. generate
call POST "$GEN/generate" '{"task_description":"Write add(a, b) that returns the sum of two integers","language":"python"}'
check "generate" "POST /generate -> $API_STATUS" body_has '(.code | contains("def add")) and (.tests | contains("from solution import add"))'

# ---------------------------------------------------------------- 3. review
call POST "$REV/review" "$(jq -n --arg code "$(impl +)" --arg tests "$TESTS" \
  '{code: $code, tests: $tests, language: "python", run_tests: true, llm_review: true}')"
check "review approves correct code" "$(body '{verdict, score, tests: .tests.status, degraded}')" \
  body_has '.verdict == "approved" and .tests.status == "passed"'
call POST "$REV/review" "$(jq -n --arg code "$(impl -)" --arg tests "$TESTS" \
  '{code: $code, tests: $tests, language: "python", run_tests: true, llm_review: false}')"
check "review sends buggy code back naming the test" "$(body '{verdict, failures: [.tests.failures[].test]}')" \
  body_has '.verdict == "changes_requested" and (.tests.failures | map(.test) | any(test("test_add")))'

# ---------------------------------------------------------------- 4. a task to success in two iterations
curl -fsS -X DELETE "http://127.0.0.1:$OLLAMA_PORT/_testkit/requests" > /dev/null
call POST "$GEN/tasks" '{"task_description":"Write add(a, b) that returns the sum of two integers","language":"python","max_iterations":3}'
task_id=$(jq -r .id <<< "$API_BODY")
check "task accepted" "POST /tasks -> $API_STATUS, id $task_id" test "$API_STATUS" = 202
task_done() { call GET "$GEN/tasks/$task_id"; [[ "$(jq -r .status <<< "$API_BODY")" =~ ^(succeeded|failed|cancelled)$ ]]; }
wait_for 180 task_done
check "task succeeded in 2 iterations" "$(body '{status, iterations: (.iterations | length)}')" \
  body_has '.status == "succeeded" and (.iterations | length) == 2'
second_prompt=$(curl -fsS "http://127.0.0.1:$OLLAMA_PORT/_testkit/requests" \
  | jq -r '[.requests[] | select(.path == "/api/chat")] | .[1].body // ""')
check "second prompt carries the failure" "the model's second request quotes the failing assert" \
  grep -q 'assert' <<< "$second_prompt"

# ---------------------------------------------------------------- 5. stats
call GET "$GEN/stats"
check "generator stats" "$(body '.')" test "$API_STATUS" = 200
call GET "$REV/stats"
check "reviewer stats" "$(body '.')" test "$API_STATUS" = 200

# ---------------------------------------------------------------- 6. doctor, and its fix of a failed pull
call GET "$DOC/doctor"
check "doctor report" "$(body '{status, checks: (.checks | length), duration_ms}')" \
  body_has '(.checks | length) > 5 and ([.checks[] | select(.id | test("^deps\\.")) | .status] | all(. == "ok"))'
call POST "$DL/pulls" '{"model":"e2e-later"}'
wait_for 60 state_of e2e-later error
check "pull of a model the registry lacks fails" "$(body '{state, error}')" body_has '.state == "error"'
registry_push_model "$MODEL_REGISTRY_URL" library/e2e-later latest "$WORK/model.bin" > /dev/null
call POST "$DOC/doctor/fix" '{"checks":["downloads.failed"],"dry_run":false}'
check "doctor fix resumes the failed pull" "$(body '[.fixes[]? | {check, outcome}]')" body_has '.fixes[0].outcome == "applied"'
wait_for 90 state_of e2e-later completed
check "the fixed pull completes" "$(body '{state}')" body_has '.state == "completed"'

# ---------------------------------------------------------------- 7. every endpoint
"$CODEAGENTS_ROOT/scripts/api-smoke.sh" > "$WORK/api-smoke.txt" 2>&1
smoke=$?
sed 's/^/    /' "$WORK/api-smoke.txt" >&2
check "api-smoke" "$(tail -1 "$WORK/api-smoke.txt")" test "$smoke" = 0

# ---------------------------------------------------------------- 8. backup, wipe, restore
listing() {
  call GET "$GEN/tasks?size=100"; tasks=$(jq -c '[.tasks[].id] | sort' <<< "$API_BODY")
  call GET "$REV/reviews?limit=100"; reviews=$(jq -c '[.reviews[].id] | sort' <<< "$API_BODY")
  call GET "$DL/models"; models=$(jq -c '[.models[].name] | sort' <<< "$API_BODY")
}
listing; tasks_before=$tasks; reviews_before=$reviews; models_before=$models
"$CODEAGENTS_ROOT/scripts/backup.sh" --out "$WORK/backup" > "$WORK/backup.txt" 2>&1
check "backup" "$(tail -1 "$WORK/backup.txt")" test $? = 0
"$CODEAGENTS_ROOT/scripts/stop-local.sh" > /dev/null 2>&1
"${PSQL[@]}" -d postgres -c "DROP DATABASE $DB" && "${PSQL[@]}" -d postgres -c "CREATE DATABASE $DB"
rm -rf "$MODELS_DIR/manifests"
"$CODEAGENTS_ROOT/scripts/restore.sh" "$WORK"/backup/codeagents-backup-* > "$WORK/restore.txt" 2>&1
check "restore onto an empty database" "$(tail -1 "$WORK/restore.txt")" test $? = 0
"$CODEAGENTS_ROOT/scripts/run-local.sh" --no-build --timeout "${E2E_START_TIMEOUT:-240}" > "$WORK/run-local-2.txt" 2>&1
check "services start on the restored data" "run-local.sh" test $? = 0
listing
check "same tasks after restore" "$tasks" test "$tasks_before" = "$tasks" -a "$tasks_before" != "[]"
check "same reviews after restore" "$reviews" test "$reviews_before" = "$reviews" -a "$reviews_before" != "[]"
check "same models after restore" "$models" test "$models_before" = "$models" -a "$models_before" != "[]"

# ---------------------------------------------------------------- 9. fully local: the embedded backend
# (model-gateway, issue #9) No model server answering: run-local.sh restarts the gateway with its embedded llama.cpp
# backend, pulls the default model (the tiny GGUF the gateway's tests write, pushed to the registry) through
# download-service and has it generate; then one chat completion is answered in-process.
tiny_cp="$CODEAGENTS_ROOT/model-gateway/target/test-classes:$(ls "$CODEAGENTS_ROOT"/model-gateway/target/quarkus-app/lib/main/*.jar 2>/dev/null | tr '\n' ':')"
if java -cp "$tiny_cp" io.codeagents.gateway.embedded.TestModelStore "$WORK/tiny-store" tiny:latest "$WORK/tiny.gguf" > "$WORK/tiny.txt" 2>&1 \
    && registry_push_model "$MODEL_REGISTRY_URL" library/tiny-coder latest "$WORK/tiny.gguf" > /dev/null; then
  "$CODEAGENTS_ROOT/scripts/stop-local.sh" model-gateway > /dev/null 2>&1
  GATEWAY_OLLAMA_URL=http://127.0.0.1:1 GATEWAY_DEFAULT_MODEL=tiny-coder:latest "$CODEAGENTS_ROOT/scripts/run-local.sh" \
    --no-build --json --timeout "${E2E_START_TIMEOUT:-240}" model-gateway > "$WORK/run-local-embedded.json" 2> "$WORK/run-local-embedded.txt"
  embedded_ready() { jq -e '.status == "ready" and .embedded_model.status == "ready"' "$WORK/run-local-embedded.json" > /dev/null 2>&1; }
  check "embedded: run-local pulls the default model and generates" \
    "$(jq -c '.embedded_model' "$WORK/run-local-embedded.json" 2>/dev/null || tail -1 "$WORK/run-local-embedded.txt")" embedded_ready
  call POST "$GW/v1/chat/completions" \
    '{"model":"tiny-coder:latest","max_tokens":16,"temperature":0,"logit_bias":{"2":-100},"messages":[{"role":"user","content":"Write add"}]}'
  check "embedded: chat completion in-process" "$(body '{system_fingerprint, usage}')" \
    body_has '.system_fingerprint == "embedded/tiny-coder:latest" and .usage.completion_tokens == 16'
else
  step "embedded: tiny model pushed to the registry" fail "$(tail -1 "$WORK/tiny.txt")"
fi

# ---------------------------------------------------------------- summary
total=${#results[@]}
if [[ $JSON == 1 ]]; then
  printf '{"status":"%s","passed":%d,"failed":%d,"steps":[%s]}\n' "$([[ $failures == 0 ]] && echo ok || echo failed)" \
    $((total - failures)) "$failures" "$(IFS=,; echo "${results[*]}")"
fi
echo "e2e: $((total - failures))/$total steps passed" >&2
[[ $failures == 0 ]]
