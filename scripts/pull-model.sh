#!/usr/bin/env bash
# Pulls a model into the store through download-service and shows its progress.
# Exit status: 0 the model is complete, 1 the pull failed (error, cancelled, reset), 2 any other error.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

usage() {
  cat <<'USAGE'
Usage: scripts/pull-model.sh [--json] [--quiet] MODEL

Starts (or joins) the pull of MODEL — e.g. qwen2.5-coder:0.5b, library/qwen2.5-coder:1.5b or
registry.example.com/team/model:tag — and follows its progress until it completes or fails.
A pull that failed or was cancelled resumes from where it stopped. Interrupting this script
leaves the pull running (cancel it with: curl -X DELETE $DOWNLOAD_SERVICE_URL/pulls/MODEL).

Options:
  --json     print every progress event as one JSON line on stdout (no progress bar)
  --quiet    no progress bar; only the final line
  -h, --help this text

Environment: DOWNLOAD_SERVICE_URL (default http://localhost:9003), CODEAGENTS_API_KEY
(default: the key run-local.sh wrote to .run/api-key).

Exit status: 0 complete, 1 the pull failed, 2 usage error or the service could not be used.
USAGE
}

JSON=0
MODEL=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --json) JSON=1 ;;
    --quiet) QUIET=1 ;;
    -h|--help) usage; exit 0 ;;
    -*) fail "unknown option $1"; usage >&2; exit 2 ;;
    *) [[ -z "$MODEL" ]] || { fail "one model at a time"; exit 2; }; MODEL="$1" ;;
  esac
  shift
done
[[ -n "$MODEL" ]] || { usage >&2; exit 2; }
command -v curl >/dev/null || die "curl is needed"
command -v jq >/dev/null || die "jq is needed (apt-get install jq)"

BASE="$(service_url download-service)"
KEY="$(api_key)"
AUTH=()
[[ -n "$KEY" ]] && AUTH=(-H "Authorization: Bearer $KEY")

# api METHOD PATH [BODY] -> body on stdout, status in $STATUS
api() {
  local out
  out=$(curl -s -w $'\n%{http_code}' --max-time 30 -X "$1" "${AUTH[@]}" -H 'Content-Type: application/json' \
    ${3:+--data "$3"} "$BASE$2" 2>/dev/null) || { STATUS=000; BODY=""; return 0; }
  STATUS="${out##*$'\n'}"
  BODY="${out%$'\n'*}"
}

problem() { jq -r '"\(.error_code // "?") \(.detail // .title // "no detail")"' <<<"$1" 2>/dev/null || echo "$1"; }

human() { awk -v b="$1" 'BEGIN { split("B KiB MiB GiB TiB", u); i = 1; while (b >= 1024 && i < 5) { b /= 1024; i++ } printf (i == 1 ? "%d %s" : "%.1f %s"), b, u[i] }'; }

bar() {
  local done="$1" total="$2" speed="$3" eta="$4" state="$5" width=30 pct=0 filled
  (( total > 0 )) && pct=$(( done * 100 / total ))
  filled=$(( pct * width / 100 ))
  printf '\r\033[K%-16s [%s%s] %3d%% %s / %s  %s/s%s' "$state" \
    "$(printf '%*s' "$filled" '' | tr ' ' '#')" "$(printf '%*s' $(( width - filled )) '' | tr ' ' '-')" \
    "$pct" "$(human "$done")" "$(human "$total")" "$(human "$speed")" "${eta:+  ETA ${eta}s}" >&2
}

api POST /pulls "$(jq -cn --arg m "$MODEL" '{model: $m}')"
case "$STATUS" in
  200|202) ;;
  000) die "download-service does not answer at $BASE (start it with scripts/run-local.sh)" ;;
  *) die "pull refused (HTTP $STATUS): $(problem "$BODY")" ;;
esac
NAME=$(jq -r .model <<<"$BODY")
[[ "$JSON" == 1 ]] && jq -c . <<<"$BODY"

# Follow the SSE stream until the pull reaches a final state; reconnect if the stream breaks early.
final=""
for attempt in 1 2 3 4 5; do
  while IFS= read -r line; do
    [[ "$line" == data:* ]] || continue
    event="${line#data:}"
    if [[ "$JSON" == 1 ]]; then
      jq -c . <<<"$event"
    elif [[ "$QUIET" != 1 && -t 2 ]]; then
      read -r done total speed eta state < <(jq -r '.pull | "\(.bytes_done) \(.bytes_total) \(.speed_bytes_per_second) \(.eta_seconds // "-") \(.state)"' <<<"$event")
      [[ "$eta" == "-" ]] && eta=""
      bar "$done" "$total" "$speed" "$eta" "$state"
    fi
    state=$(jq -r '.pull.state' <<<"$event")
    case "$state" in completed|error|cancelled|reset|idle) final="$state" ;; esac
  done < <(curl -sN --no-buffer "${AUTH[@]}" -H 'Accept: text/event-stream' "$BASE/pulls/$NAME/events" 2>/dev/null)
  [[ -n "$final" ]] && break
  sleep 1
done
[[ "$JSON" != 1 && "$QUIET" != 1 && -t 2 ]] && printf '\n' >&2

api GET "/pulls/$NAME"
[[ "$STATUS" == 200 ]] || die "cannot read the pull of $NAME (HTTP $STATUS): $(problem "$BODY")"
state=$(jq -r .state <<<"$BODY")
[[ "$JSON" == 1 ]] && jq -c . <<<"$BODY"
case "$state" in
  completed)
    [[ "$JSON" == 1 ]] || ok "$NAME: complete, $(human "$(jq -r .bytes_total <<<"$BODY")") verified"
    exit 0 ;;
  error)
    [[ "$JSON" == 1 ]] || fail "$NAME: $(jq -r '"\(.error.code): \(.error.message)"' <<<"$BODY")"
    done_bytes=$(jq -r .bytes_done <<<"$BODY")
    [[ "$JSON" == 1 || "$done_bytes" == 0 ]] || info "run the same command again to resume from $(human "$done_bytes")"
    exit 1 ;;
  cancelled|reset)
    [[ "$JSON" == 1 ]] || fail "$NAME: $state"
    exit 1 ;;
  *)
    [[ "$JSON" == 1 ]] || fail "$NAME: still $state; the progress stream ended early (is the service restarting?)"
    exit 2 ;;
esac
