#!/usr/bin/env bash
# One report on the whole codeagents deployment, from the doctor-service; local checks when it is unreachable.
set -uo pipefail
source "$(dirname "$0")/lib/common.sh"

usage() {
  cat <<USAGE
Usage: scripts/doctor.sh [--json] [--fix] [--check ID]... [--url URL]

Asks the doctor-service for its report on the deployment (system, PostgreSQL and Redis, every
service's readiness and version, model backends, the default model, downloads, configuration,
error rates) and prints it: one line per check, ✓ ok, ! warning, ✗ critical, - skipped, the fix
under each problem and a summary line last.

When the doctor-service does not answer, runs local checks instead and says so: each service's
port and /health/ready, PostgreSQL and Redis ports, disk of MODELS_DIR, memory, CPU load, and
docker compose / kubectl status when those tools are present.

Options:
  --json        print the report as JSON (the doctor's report with "source":"doctor-service",
                or the local one with "source":"local")
  --fix         first apply the fixes the doctor has for the checks named with --check, or for
                every fixable check (resume failed pulls, clean orphan partial files, pull the
                missing default model), then print the report; needs the doctor-service
  --check ID    only this check (repeatable; also a comma-separated list), e.g. deps.redis
  --url URL     the doctor-service (default: \$DOCTOR_URL or http://localhost:9004)
  -h, --help    this help

Environment: CODEAGENTS_API_KEY (else .run/api-key), DOCTOR_URL, the services' *_URL variables,
QUARKUS_DATASOURCE_JDBC_URL, QUARKUS_REDIS_HOSTS, MODELS_DIR (used by the local checks),
DOCTOR_TIMEOUT (seconds to wait for the report, default 10).

Exit: 0 all ok, 1 a warning or worse (or the doctor-service unreachable), 2 the tool itself failed
(bad usage, curl missing, the doctor refused the key or the request).
USAGE
}

JSON=0; FIX=0; CHECKS=(); URL=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --json) JSON=1 ;;
    --fix) FIX=1 ;;
    --check) [[ $# -ge 2 && -n "$2" ]] || { echo "--check needs a check id (see --help)" >&2; exit 2; }
             IFS=',' read -r -a ids <<< "$2"; CHECKS+=("${ids[@]}"); shift ;;
    --check=*) IFS=',' read -r -a ids <<< "${1#--check=}"; CHECKS+=("${ids[@]}") ;;
    --url) [[ $# -ge 2 && -n "$2" ]] || { echo "--url needs a URL (see --help)" >&2; exit 2; }
           URL="$2"; shift ;;
    --url=*) URL="${1#--url=}" ;;
    *) echo "Unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
command -v curl >/dev/null 2>&1 || die "curl is needed (apt-get install curl)"
URL="${URL:-$(service_url doctor-service)}"; URL="${URL%/}"
TIMEOUT="${DOCTOR_TIMEOUT:-10}"
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT

AUTH=()
KEY=$(api_key)
[[ -n "$KEY" ]] && AUTH=(-H "Authorization: Bearer $KEY")

# --------------------------------------------------------------- the doctor-service's report

query_string() {
  local q="" id
  for id in "${CHECKS[@]}"; do q+="&check=$id"; done
  [[ $JSON == 0 ]] && q+="&format=text"
  [[ -n "$q" ]] && echo "?${q#&}"
}

# call METHOD PATH [BODY] -> sets CODE, writes body to $WORK/body and headers to $WORK/headers
call() {
  local args=(-sS -X "$1" -o "$WORK/body" -D "$WORK/headers" -w '%{http_code}' --max-time "$TIMEOUT" "${AUTH[@]}")
  [[ $# -ge 3 ]] && args+=(-H 'Content-Type: application/json' --data "$3")
  CODE=$(curl "${args[@]}" "$URL$2" 2>"$WORK/curl-error") || true
  [[ -n "$CODE" ]] || CODE=000
}

problem_detail() { sed -n 's/.*"detail":"\([^"]*\)".*/\1/p' "$WORK/body" | head -1; }

refused() {
  case "$CODE" in
    401|403) die "the doctor-service at $URL refused the API key ($CODE: $(problem_detail)): set CODEAGENTS_API_KEY to the services' key" ;;
    400|404|405|413|415) die "the doctor-service at $URL refused the request ($CODE: $(problem_detail))" ;;
  esac
}

FIX_JSON=""
if [[ $FIX == 1 ]]; then
  checks_json=""
  for id in "${CHECKS[@]}"; do checks_json+=",\"$(json_escape "$id")\""; done
  [[ -n "$checks_json" ]] || checks_json=",\"all\""
  fix_query=""; [[ $JSON == 0 ]] && fix_query="?format=text"
  call POST "/doctor/fix$fix_query" "{\"checks\":[${checks_json#,}],\"dry_run\":false}"
  if [[ "$CODE" == 200 ]]; then
    if [[ $JSON == 1 ]]; then FIX_JSON=$(cat "$WORK/body"); else cat "$WORK/body"; echo; fi
  else
    refused
    warn "no fixes applied: the doctor-service at $URL did not answer POST /doctor/fix ($CODE)"
  fi
fi

call GET "/doctor$(query_string)"
if [[ "$CODE" == 200 ]]; then
  status=$(sed -n 's/^[Xx]-[Dd]octor-[Ss]tatus: *\([a-z]*\).*/\1/p' "$WORK/headers" | head -1)
  if [[ $JSON == 1 ]]; then
    prefix="\"source\":\"doctor-service\","
    [[ -n "$FIX_JSON" ]] && prefix+="\"fix\":$FIX_JSON,"
    printf '{%s' "$prefix"; tail -c +2 "$WORK/body"; echo
  else
    cat "$WORK/body"
  fi
  case "$status" in
    ok) exit 0 ;;
    warning|critical) exit 1 ;;
    *) die "the doctor-service answered without a status header" ;;
  esac
fi
refused
if [[ "$CODE" == 000 ]]; then
  reason=$(tr -d '\n' < "$WORK/curl-error" | sed 's/^curl: ([0-9]*) //')
  reason="no answer${reason:+: $reason}"
else
  reason="it answered $CODE"
fi

# --------------------------------------------------------------- local checks (the doctor is away)

# result ID STATUS SUMMARY [FIX] : one check's outcome, in $WORK/checks/<id>
mkdir -p "$WORK/checks"
result() { printf '%s\t%s\t%s\n' "$2" "$3" "${4:-}" > "$WORK/checks/$1"; }
wanted() {
  [[ ${#CHECKS[@]} -eq 0 ]] && return 0
  local id; for id in "${CHECKS[@]}"; do [[ "$id" == "$1" || "$1" == "services.doctor-service" ]] && return 0; done
  return 1
}

check_service() {
  local name="$1" url code port host owner
  url=$(service_url "$name"); url="${url%/}"
  [[ "$name" == doctor-service ]] && url="$URL"
  code=$(http_status "$url/health/ready")
  case "$code" in
    200) result "services.$name" ok "ready at $url" ;;
    503) result "services.$name" critical "not ready at $url (503): a dependency it needs is down" \
           "curl -s $url/health/ready names the failing check; see deps.postgres and deps.redis" ;;
    000)
      host=$(url_host "$url"); port=$(url_port "$url" 80); owner=""
      [[ "$host" == localhost || "$host" == 127.* ]] && owner=$(port_owner "$port")
      if [[ -n "$owner" ]]; then
        result "services.$name" critical "port $port is held by $owner, which does not answer /health/ready" \
          "That process is hung or not the $name: look at .run/logs/$name.log, restart it (scripts/stop-local.sh $name && scripts/run-local.sh $name)"
      else
        result "services.$name" critical "not reachable at $url (nothing answers)" \
          "Start it: scripts/run-local.sh $name (or docker compose up -d $name); if it runs elsewhere set $(service_url_var "$name")$( [[ $name == doctor-service ]] && echo " or pass --url")"
      fi ;;
    *) result "services.$name" critical "answered $code to /health/ready at $url" "Is $url really the $name? Check $(service_url_var "$name")" ;;
  esac
}

check_tcp() {  # ID NAME URL DEFAULT_PORT FIX
  local host port
  host=$(url_host "$3"); port=$(url_port "$3" "$4")
  if tcp_open "$host" "$port"; then result "$1" ok "$2 accepts connections at $host:$port"
  else result "$1" critical "$2 does not accept connections at $host:$port" "$5"; fi
}

check_disk() {
  local dir="${MODELS_DIR:-$HOME/.codeagents/models}" probe free_kb total_kb
  dir="${dir/#\~/$HOME}"; probe="$dir"
  while [[ ! -e "$probe" && "$probe" != / ]]; do probe=$(dirname "$probe"); done
  read -r total_kb free_kb < <(df -Pk "$probe" 2>/dev/null | awk 'NR==2 {print $2, $4}')
  if [[ -z "${free_kb:-}" ]]; then result system.disk.models skipped "cannot read the free space of $probe"; return; fi
  local free_gb=$(( free_kb / 1024 / 1024 )) summary
  summary="$(( free_kb / 1024 )) MiB free of $(( total_kb / 1024 )) MiB on the volume of $dir"
  local fix="Free space there: delete unused models (DELETE /models/{model} on the download-service) or move MODELS_DIR to a larger disk"
  if (( free_gb < 2 )); then result system.disk.models critical "$summary" "$fix"
  elif (( free_gb < 10 )); then result system.disk.models warning "$summary" "$fix"
  else result system.disk.models ok "$summary"; fi
}

check_memory() {
  local total avail pct
  total=$(awk '/^MemTotal:/ {print $2}' /proc/meminfo 2>/dev/null); avail=$(awk '/^MemAvailable:/ {print $2}' /proc/meminfo 2>/dev/null)
  if [[ -z "$total" || -z "$avail" ]]; then result system.memory skipped "no /proc/meminfo on this system"; return; fi
  pct=$(( avail * 100 / total ))
  local summary="$(( avail / 1024 )) MiB of $(( total / 1024 )) MiB available ($pct%)"
  local fix="Stop other work, use a smaller model (GATEWAY_DEFAULT_MODEL) or add memory"
  if (( pct < 5 )); then result system.memory critical "$summary" "$fix"
  elif (( pct < 10 )); then result system.memory warning "$summary" "$fix"
  else result system.memory ok "$summary"; fi
}

check_cpu() {
  local load cores per_core_x100
  load=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null); cores=$(nproc 2>/dev/null || echo 1)
  if [[ -z "$load" ]]; then result system.cpu skipped "no /proc/loadavg on this system"; return; fi
  per_core_x100=$(awk -v l="$load" -v c="$cores" 'BEGIN {printf "%d", l * 100 / c}')
  local summary="load $load on $cores cores"
  local fix="The machine is overloaded: stop other work or give the stack more CPUs"
  if (( per_core_x100 >= 400 )); then result system.cpu critical "$summary" "$fix"
  elif (( per_core_x100 >= 200 )); then result system.cpu warning "$summary" "$fix"
  else result system.cpu ok "$summary"; fi
}

check_docker() {
  command -v docker >/dev/null 2>&1 || return 0
  local rows
  if ! rows=$(timeout 5 docker ps -a --filter label=com.docker.compose.service --format '{{.Names}}|{{.Status}}' 2>/dev/null); then
    result local.docker skipped "docker is installed but its daemon does not answer"; return
  fi
  rows=$(grep -E "$(service_names | paste -sd'|')|postgres|redis|ollama" <<< "$rows" || true)
  if [[ -z "$rows" ]]; then result local.docker ok "no codeagents containers (not running under docker compose)"; return; fi
  local bad
  bad=$(grep -E 'unhealthy|Exited|Restarting|Dead' <<< "$rows" | cut -d'|' -f1,2 | tr '|' ' ' | paste -sd';' - || true)
  if [[ -n "$bad" ]]; then
    result local.docker warning "containers in trouble: $bad" "docker compose ps; docker compose logs <service>; docker compose up -d"
  else
    result local.docker ok "$(wc -l <<< "$rows") codeagents containers up"
  fi
}

check_kubectl() {
  command -v kubectl >/dev/null 2>&1 || return 0
  local selector rows
  selector="app.kubernetes.io/name in ($(service_names | paste -sd',' -))"
  if ! rows=$(timeout 6 kubectl get pods -A -l "$selector" --request-timeout=4s --no-headers 2>/dev/null); then
    result local.kubectl skipped "kubectl is installed but no cluster answers"; return
  fi
  if [[ -z "$rows" ]]; then result local.kubectl ok "no codeagents pods in the current cluster"; return; fi
  local bad
  bad=$(awk '{split($3, r, "/"); if ($4 != "Running" || r[1] != r[2]) print $2 " " $4 " " $3}' <<< "$rows" | paste -sd';' - || true)
  if [[ -n "$bad" ]]; then
    result local.kubectl warning "pods not ready: $bad" "kubectl describe pod <pod>; kubectl logs <pod>"
  else
    result local.kubectl ok "$(wc -l <<< "$rows") codeagents pods running and ready"
  fi
}

LOCAL_IDS=(system.cpu system.memory system.disk.models deps.postgres deps.redis)
for s in $(service_names); do LOCAL_IDS+=("services.$s"); done
LOCAL_IDS+=(local.docker local.kubectl)

info "doctor-service unreachable at $URL ($reason): running local checks instead"
wanted system.cpu && check_cpu
wanted system.memory && check_memory
wanted system.disk.models && check_disk
wanted deps.postgres && check_tcp deps.postgres PostgreSQL "${QUARKUS_DATASOURCE_JDBC_URL:-jdbc:postgresql://localhost:5432/codeagents}" 5432 \
  "Start PostgreSQL (pg_ctlcluster 15 main start, or docker compose up -d postgres) or fix QUARKUS_DATASOURCE_JDBC_URL" &
wanted deps.redis && check_tcp deps.redis Redis "${QUARKUS_REDIS_HOSTS:-redis://localhost:6379}" 6379 \
  "Start Redis (redis-server, or docker compose up -d redis) or fix QUARKUS_REDIS_HOSTS" &
for s in $(service_names); do wanted "services.$s" && check_service "$s" & done
wanted local.docker && check_docker &
wanted local.kubectl && check_kubectl &
wait

for id in "${CHECKS[@]}"; do
  [[ -e "$WORK/checks/$id" ]] || printf 'skipped\t%s\t\n' "needs the doctor-service (no local check with this id)" > "$WORK/checks/$id"
done

# ---------------------------------------------------------------- print the local report
ORDER=("${LOCAL_IDS[@]}")
for id in "${CHECKS[@]}"; do [[ " ${ORDER[*]} " == *" $id "* ]] || ORDER+=("$id"); done
ok=0; warnings=0; critical=0; skipped=0; worst=ok; rows_json=""; width=26
text="codeagents doctor — local checks ($(date -u +%Y-%m-%dT%H:%M:%SZ)): doctor-service unreachable at $URL ($reason)"$'\n'
for id in "${ORDER[@]}"; do
  [[ -e "$WORK/checks/$id" ]] || continue
  IFS=$'\t' read -r status summary fix < "$WORK/checks/$id"
  case "$status" in
    ok) ok=$((ok + 1)); mark="${C_OK}✓${C_OFF}" ;;
    warning) warnings=$((warnings + 1)); mark="${C_WARN}!${C_OFF}"; [[ $worst == ok ]] && worst=warning ;;
    critical) critical=$((critical + 1)); mark="${C_ERR}✗${C_OFF}"; worst=critical ;;
    *) skipped=$((skipped + 1)); mark="${C_DIM}-${C_OFF}" ;;
  esac
  text+=$(printf '%s %-*s%s' "$mark" "$width" "$id" "$summary")$'\n'
  [[ -n "$fix" && "$status" != ok ]] && text+=$(printf '%*s fix: %s' "$((width + 1))" "" "$fix")$'\n'
  rows_json+=",{\"id\":\"$(json_escape "$id")\",\"category\":\"${id%%.*}\",\"status\":\"$status\",\"summary\":\"$(json_escape "$summary")\",\"fix\":$( [[ -n "$fix" && "$status" != ok ]] && echo "\"$(json_escape "$fix")\"" || echo null),\"fixable\":false}"
done
counts="$ok ok"
(( warnings > 0 )) && counts+=", $warnings warning$( (( warnings > 1 )) && echo s)"
(( critical > 0 )) && counts+=", $critical critical"
(( skipped > 0 )) && counts+=", $skipped skipped"
if [[ $JSON == 1 ]]; then
  printf '{"source":"local","status":"%s","summary":"%s: %s (local checks; doctor-service unreachable)","doctor_url":"%s","doctor_error":"%s","checks":[%s],"counts":{"ok":%d,"warning":%d,"critical":%d,"skipped":%d},"generated_at":"%s"}\n' \
    "$worst" "$worst" "$counts" "$(json_escape "$URL")" "$(json_escape "$reason")" "${rows_json#,}" "$ok" "$warnings" "$critical" "$skipped" "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
else
  printf '%s' "$text"
  echo "$worst: $counts (local checks; doctor-service unreachable)"
fi
[[ $worst == ok ]] && exit 0 || exit 1
