#!/usr/bin/env bash
# Calls every public endpoint of every codeagents service and says, per call, whether it answered as documented.
set -uo pipefail
source "$(dirname "$0")/lib/common.sh"

usage() {
  cat <<USAGE
Usage: scripts/api-smoke.sh [--json] [--only SERVICE]... [--no-model] [--help]

Calls the public endpoints of the five services (health, info, metrics, models, backends, chat,
completions, generate, tasks, review, reviews, stats, pulls, store, doctor) and prints one line
per call: PASS or FAIL, the service, the call, the HTTP status and the time it took.

"PASS" means the endpoint answered as documented: the documented success, or, for a call that
cannot succeed without a model (chat, completions, generate), the documented problem (503
MODEL_001 / COMM_001, 504 MODEL_002 / COMM_003, 502 GEN_001) with its error_code. Nothing is
changed that a user would miss: no model is pulled, the task it creates is cancelled, the doctor's
fix runs as a dry run; the gateway's response cache is flushed (DELETE /v1/cache).

Options:
  --json           print the results as JSON on stdout (progress still goes to stderr)
  --only SERVICE   only this service (repeatable)
  --no-model       skip the calls that run a model (chat, completions, generate, tasks)
  -h, --help       this help

Environment: CODEAGENTS_API_KEY (else .run/api-key); MODEL_GATEWAY_URL, REVIEWER_URL,
GENERATOR_URL, DOWNLOAD_SERVICE_URL, DOCTOR_URL; SMOKE_TIMEOUT (seconds per call, default 10),
SMOKE_MODEL_TIMEOUT (seconds for calls that run a model, default 180),
GATEWAY_DEFAULT_MODEL (the model asked about, default qwen2.5-coder:1.5b).

Exit: 0 every call passed, 1 some failed, 2 the tool itself failed (bad usage, curl missing).
USAGE
}

JSON=0; ONLY=(); NO_MODEL=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --json) JSON=1 ;;
    --no-model) NO_MODEL=1 ;;
    --only) [[ $# -ge 2 ]] && is_service "$2" || { echo "--only needs a service: $(service_names | paste -sd' ' -)" >&2; exit 2; }
            ONLY+=("$2"); shift ;;
    *) echo "Unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
command -v curl >/dev/null 2>&1 || die "curl is needed (apt-get install curl)"
TIMEOUT="${SMOKE_TIMEOUT:-10}"; MODEL_TIMEOUT="${SMOKE_MODEL_TIMEOUT:-180}"
MODEL="${GATEWAY_DEFAULT_MODEL:-qwen2.5-coder:1.5b}"
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
AUTH=(); KEY=$(api_key); [[ -n "$KEY" ]] && AUTH=(-H "Authorization: Bearer $KEY")

selected() { [[ ${#ONLY[@]} -eq 0 || " ${ONLY[*]} " == *" $1 "* ]]; }

PASSED=0; FAILED=0; RESULTS=""; BODY=""
# expect SERVICE METHOD PATH EXPECTED [BODY] [TIMEOUT] [ACCEPT]
#   EXPECTED: allowed answers separated by |, each a status or status:ERROR_CODE (a documented problem)
# Leaves the answer in $BODY for the calls that follow up on it; succeeds when the call passed.
expect() {
  local service="$1" method="$2" path="$3" expected="$4" body="${5:-}" timeout="${6:-$TIMEOUT}" accept="${7:-application/json}"
  local url status ms start code pass=0 detail="" allowed
  url="$(service_url "$service")"; url="${url%/}$path"
  local args=(-sS -X "$method" -o "$WORK/body" -w '%{http_code}' --max-time "$timeout"
              -H "Accept: $accept" "${AUTH[@]}")
  [[ -n "$body" ]] && args+=(-H 'Content-Type: application/json' --data "$body")
  start=$(date +%s%N)
  status=$(curl "${args[@]}" "$url" 2>"$WORK/error"); [[ -n "$status" ]] || status=000
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  BODY=$(cat "$WORK/body" 2>/dev/null)
  code=$(sed -n 's/.*"error_code":"\([A-Z_0-9]*\)".*/\1/p' <<< "$BODY" | head -1)
  IFS='|' read -r -a allowed <<< "$expected"
  for a in "${allowed[@]}"; do
    if [[ "$a" == *:* ]]; then [[ "$status" == "${a%%:*}" && "$code" == "${a#*:}" ]] && pass=1
    else [[ "$status" == "$a" ]] && pass=1; fi
  done
  if [[ $pass == 0 ]]; then
    if [[ "$status" == 000 ]]; then detail="no answer from $url: $(sed 's/^curl: ([0-9]*) //' "$WORK/error" | head -1)"
    else detail="expected $expected, got $status${code:+ $code}$(sed -n 's/.*"detail":"\([^"]*\)".*/: \1/p' <<< "$BODY" | head -1 | cut -c1-160)"; fi
    FAILED=$((FAILED + 1))
  else
    [[ -n "$code" ]] && detail="documented problem $code"
    PASSED=$((PASSED + 1))
  fi
  RESULTS+=",{\"service\":\"$service\",\"method\":\"$method\",\"path\":\"$(json_escape "$path")\",\"status\":$((10#$status)),\"expected\":\"$expected\",\"pass\":$([[ $pass == 1 ]] && echo true || echo false),\"ms\":$ms,\"detail\":\"$(json_escape "$detail")\"}"
  if [[ $JSON == 0 ]]; then
    printf '%s %-16s %-6s %-34s %s %6d ms%s\n' "$([[ $pass == 1 ]] && echo "${C_OK}PASS${C_OFF}" || echo "${C_ERR}FAIL${C_OFF}")" \
      "$service" "$method" "$path" "$status" "$ms" "${detail:+  $detail}"
  fi
  return $(( 1 - pass ))
}

# The first "id" of the last answer (a string or a number).
last_id() { sed -n 's/^[^{]*{"id":"\{0,1\}\([^",}]*\).*/\1/p' <<< "$BODY" | head -1; }

# Health, info and metrics: the conventions every service shares.
conventions() {
  expect "$1" GET /health/live 200
  expect "$1" GET /health/ready 200
  expect "$1" GET /info 200
  expect "$1" GET /metrics 200 "" "$TIMEOUT" "text/plain"
}

NEEDS_MODEL="503:MODEL_001|504:MODEL_002|503:COMM_001|504:COMM_003|502:GEN_001|502:MODEL_005"

if selected model-gateway; then
  conventions model-gateway
  expect model-gateway GET /v1/models 200
  expect model-gateway GET /v1/backends 200
  if [[ $NO_MODEL == 0 ]]; then
    expect model-gateway POST /chat "200|$NEEDS_MODEL" '{"message":"Reply with the word OK."}' "$MODEL_TIMEOUT"
    expect model-gateway POST /v1/chat/completions "200|$NEEDS_MODEL" \
      '{"messages":[{"role":"user","content":"Reply with the word OK."}],"max_tokens":8}' "$MODEL_TIMEOUT"
    expect model-gateway POST /v1/completions "200|$NEEDS_MODEL" '{"prompt":"def add(a, b):","max_tokens":16}' "$MODEL_TIMEOUT"
  fi
  expect model-gateway POST /chat 400:VAL_003 '{}'
  expect model-gateway DELETE /v1/cache 200
fi

if selected reviewer-agent; then
  conventions reviewer-agent
  code='def add(a, b):\n    return a + b\n'
  tests='from solution import add\n\n\ndef test_add():\n    assert add(2, 3) == 5\n'
  if expect reviewer-agent POST /review "200|503:SBX_001|503:SBX_002" \
      "{\"code\":\"$code\",\"tests\":\"$tests\",\"language\":\"python\",\"run_tests\":true,\"llm_review\":false}" 60 \
      && [[ -n "$(last_id)" ]]; then
    expect reviewer-agent GET "/reviews/$(last_id)" 200
  fi
  expect reviewer-agent GET "/reviews?limit=5" 200
  expect reviewer-agent GET /stats 200
  expect reviewer-agent POST /review 400:VAL_003 '{"language":"python"}'
fi

if selected generator-agent; then
  conventions generator-agent
  if [[ $NO_MODEL == 0 ]]; then
    expect generator-agent POST /generate "200|$NEEDS_MODEL" \
      '{"task_description":"Write a Python function add(a, b) that returns the sum of a and b.","language":"python","max_tokens":256}' \
      "$MODEL_TIMEOUT"
    if expect generator-agent POST /tasks 202 \
        '{"task_description":"Write a Python function add(a, b) that returns the sum of a and b.","language":"python","max_iterations":1}' \
        && [[ -n "$(last_id)" ]]; then
      task=$(last_id)
      expect generator-agent GET "/tasks/$task" 200
      # an event stream stays open: curl stops after 3 s, the status counts
      expect generator-agent GET "/tasks/$task/events" 200 "" 3 "text/event-stream"
      expect generator-agent DELETE "/tasks/$task" "200|202|204|409:RES_002"
    fi
  fi
  expect generator-agent GET "/tasks?page=0&size=5" 200
  expect generator-agent GET /stats 200
  expect generator-agent POST /generate 400:VAL_003 '{"language":"python"}'
fi

if selected download-service; then
  conventions download-service
  expect download-service GET /pulls 200
  expect download-service GET "/pulls/$MODEL" "200|404:RES_001"
  expect download-service GET "/pulls/$MODEL/log" "200|404:RES_001"
  expect download-service GET /models 200
  expect download-service GET /store 200
  expect download-service POST /pulls "400:VAL_003|400:VAL_001|400:VAL_002" '{"model":""}'
fi

if selected doctor-service; then
  conventions doctor-service
  expect doctor-service GET /doctor 200 "" 15
  expect doctor-service GET "/doctor?format=text" 200 "" 15 "text/plain"
  expect doctor-service GET "/doctor/events?check=system.jvm" 200 "" 15 "text/event-stream"
  expect doctor-service GET "/doctor/history?limit=5" 200
  expect doctor-service POST /doctor/fix 200 '{"checks":["all"],"dry_run":true}' 30
  expect doctor-service GET "/doctor?check=no.such.check" 400:VAL_002
fi

if [[ $JSON == 1 ]]; then
  printf '{"passed":%d,"failed":%d,"results":[%s]}\n' "$PASSED" "$FAILED" "${RESULTS#,}"
else
  echo "$PASSED passed, $FAILED failed"
fi
[[ $FAILED == 0 ]] && exit 0 || exit 1
