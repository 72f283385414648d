#!/usr/bin/env bash
# Starts the codeagents services as local processes (no Docker) against local PostgreSQL and Redis.
set -uo pipefail
source "$(dirname "$0")/lib/common.sh"

usage() {
  cat <<USAGE
Usage: scripts/run-local.sh [options] [service...]

Builds what is missing or out of date, checks the machine (free ports, PostgreSQL, Redis, disk,
memory), starts every service (or the ones named) as a background process and waits until each
answers /health/ready. Services already started by this script are left running, so running it
again only starts what is not running. Stop them with scripts/stop-local.sh.

Services: $(service_names | tr '\n' ' ')

Options:
  --no-build     never build; fail when a service has not been built
  --rebuild      build even when the jars look up to date
  --timeout S    seconds to wait for readiness (default 90)
  --json         print the outcome as JSON on stdout (progress still goes to stderr)
  -h, --help     this help

Without Ollama: when nothing answers at GATEWAY_OLLAMA_URL, the gateway runs models itself (embedded
llama.cpp, GATEWAY_EMBEDDED_ENABLED=true) and the default model (GATEWAY_DEFAULT_MODEL, on this path
qwen2.5-coder:0.5b unless set) is pulled through download-service with a progress bar, then one
generation checks that it works. GATEWAY_EMBEDDED_ENABLED=true forces this path, =false skips it.

Environment (passed through to every service; see the README for all settings):
  QUARKUS_DATASOURCE_JDBC_URL  default jdbc:postgresql://localhost:5432/codeagents (created if missing)
  QUARKUS_REDIS_HOSTS          default redis://localhost:6379
  GATEWAY_OLLAMA_URL           default http://localhost:11434; probed to choose Ollama or embedded
  MODELS_DIR                   default ~/.codeagents/models (pulled models; the embedded backend reads them)
  CODEAGENTS_API_KEY           the key services accept and use between themselves; generated
                               into .run/api-key when unset
  CODEAGENTS_JAVA_OPTS         JVM options (default: -Xmx512m -XX:+UseSerialGC)

Logs: .run/logs/<service>.log   PIDs: .run/<service>.pid
Exit: 0 all ready, 1 a service did not become ready (or, on the embedded path, the default model
could not be pulled or did not generate), 2 a check failed or bad usage.
USAGE
}

BUILD=auto; TIMEOUT=90; JSON=0; WANTED=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --no-build) BUILD=never ;;
    --rebuild) BUILD=always ;;
    --timeout) TIMEOUT="${2:?--timeout needs seconds}"; shift ;;
    --json) JSON=1 ;;
    -*) echo "Unknown option: $1 (see --help)" >&2; exit 2 ;;
    *) is_service "$1" || { echo "Unknown service: $1 (one of: $(service_names | tr '\n' ' '))" >&2; exit 2; }
       WANTED+=("$1") ;;
  esac
  shift
done
[[ ${#WANTED[@]} -eq 0 ]] && mapfile -t WANTED < <(service_names)

mkdir -p "$RUN_DIR/logs"
# how messages name the run directory: .run, or CODEAGENTS_RUN_DIR when that is set
RUN_SHOWN=.run; [[ "$RUN_DIR" == "$CODEAGENTS_ROOT/.run" ]] || RUN_SHOWN="$RUN_DIR"
export QUARKUS_DATASOURCE_JDBC_URL="${QUARKUS_DATASOURCE_JDBC_URL:-jdbc:postgresql://localhost:5432/codeagents}"
export QUARKUS_REDIS_HOSTS="${QUARKUS_REDIS_HOSTS:-redis://localhost:6379}"
export MODELS_DIR="${MODELS_DIR:-$HOME/.codeagents/models}"
JAVA_OPTS_ALL="${CODEAGENTS_JAVA_OPTS:--Xmx512m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError}"

jar_of() { echo "$CODEAGENTS_ROOT/$1/target/quarkus-app/quarkus-run.jar"; }
pid_of() { [[ -r "$RUN_DIR/$1.pid" ]] && cat "$RUN_DIR/$1.pid"; }
# Running = the PID in our pid file is alive and is this service's jar (a reused PID is not ours).
running() {
  local pid; pid=$(pid_of "$1") || return 1
  [[ -n "$pid" && -r /proc/$pid/cmdline ]] && tr '\0' ' ' < /proc/$pid/cmdline | grep -q -- "$1/target/quarkus-app/quarkus-run.jar"
}

# ---------------------------------------------------------------- preflight
problems=0
command -v java >/dev/null || { fail "java not found: install a Java 17 JDK (apt-get install openjdk-17-jdk)"; problems=1; }

TO_START=()
for s in "${WANTED[@]}"; do
  if running "$s"; then
    ok "$s already running (pid $(pid_of "$s"))"
  else
    rm -f "$RUN_DIR/$s.pid"
    port=$(service_port "$s")
    owner=$(port_owner "$port")
    if [[ -n "$owner" ]]; then
      fail "port $port for $s is taken by $owner: stop it, or stop the service already running there (scripts/stop-local.sh $s only stops what this script started)"
      problems=1
    fi
    TO_START+=("$s")
  fi
done

pg_host=$(url_host "${QUARKUS_DATASOURCE_JDBC_URL#jdbc:}"); pg_port=$(url_port "${QUARKUS_DATASOURCE_JDBC_URL#jdbc:}" 5432)
pg_db="${QUARKUS_DATASOURCE_JDBC_URL##*/}"; pg_db="${pg_db%%\?*}"
if tcp_open "$pg_host" "$pg_port"; then
  ok "PostgreSQL answers on $pg_host:$pg_port"
  if command -v psql >/dev/null; then
    pg_user="${QUARKUS_DATASOURCE_USERNAME:-postgres}"
    if ! PGPASSWORD="${QUARKUS_DATASOURCE_PASSWORD:-}" psql -h "$pg_host" -p "$pg_port" -U "$pg_user" -d postgres -Atc \
        "select 1 from pg_database where datname='$pg_db'" 2>/dev/null | grep -q 1; then
      if PGPASSWORD="${QUARKUS_DATASOURCE_PASSWORD:-}" psql -h "$pg_host" -p "$pg_port" -U "$pg_user" -d postgres -qc \
          "create database \"$pg_db\"" >/dev/null 2>&1; then
        ok "created database $pg_db"
      else
        warn "could not check or create database $pg_db as $pg_user: create it yourself if the services fail to start"
      fi
    fi
  fi
else
  fail "PostgreSQL does not answer on $pg_host:$pg_port: start it (pg_ctlcluster 15 main start, or apt-get install postgresql) or set QUARKUS_DATASOURCE_JDBC_URL"
  problems=1
fi

redis_host=$(url_host "$QUARKUS_REDIS_HOSTS"); redis_port=$(url_port "$QUARKUS_REDIS_HOSTS" 6379)
if tcp_open "$redis_host" "$redis_port"; then
  ok "Redis answers on $redis_host:$redis_port"
else
  fail "Redis does not answer on $redis_host:$redis_port: start it (redis-server --daemonize yes, or apt-get install redis-server) or set QUARKUS_REDIS_HOSTS"
  problems=1
fi

free_mb() { df -Pm "$1" 2>/dev/null | awk 'NR==2 {print $4}'; }
mkdir -p "$MODELS_DIR" 2>/dev/null || true
for dir in "$CODEAGENTS_ROOT" "$MODELS_DIR"; do
  mb=$(free_mb "$dir")
  if [[ -n "$mb" && "$mb" -lt 1024 ]]; then
    fail "only ${mb} MB free on the disk holding $dir: free at least 1 GB (models need several GB more)"
    problems=1
  fi
done
avail_mb=$(awk '/MemAvailable/ {print int($2/1024)}' /proc/meminfo 2>/dev/null)
need_mb=$(( ${#TO_START[@]} * 400 ))
if [[ -n "$avail_mb" && "$avail_mb" -lt "$need_mb" ]]; then
  fail "only ${avail_mb} MB of memory available, ${need_mb} MB needed for ${#TO_START[@]} services: close something or start fewer services"
  problems=1
fi
[[ $problems -eq 0 ]] || { fail "not starting anything: fix the above first"; exit 2; }

KEY_FROM_FILE=0
if [[ -z "${CODEAGENTS_API_KEY:-}" ]]; then
  KEY_FROM_FILE=1
  if [[ ! -s "$RUN_DIR/api-key" ]]; then
    (umask 077; head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$RUN_DIR/api-key")
    ok "generated an API key into $RUN_SHOWN/api-key"
  fi
  CODEAGENTS_API_KEY=$(cat "$RUN_DIR/api-key")
  export CODEAGENTS_API_KEY
fi

# ---------------------------------------------------------------- build
needs_build=()
for s in "${TO_START[@]}"; do
  jar=$(jar_of "$s")
  if [[ "$BUILD" == always || ! -f "$jar" ]]; then
    needs_build+=("$s")
  elif [[ "$BUILD" == auto ]] && [[ -n "$(find "$CODEAGENTS_ROOT/$s/src/main" "$CODEAGENTS_ROOT/common/src/main" "$CODEAGENTS_ROOT/$s/pom.xml" "$CODEAGENTS_ROOT/pom.xml" -newer "$jar" -type f -print -quit 2>/dev/null)" ]]; then
    needs_build+=("$s")
  fi
done
if [[ ${#needs_build[@]} -gt 0 ]]; then
  if [[ "$BUILD" == never ]]; then
    die "not built: ${needs_build[*]} (run without --no-build, or ./mvnw -B package -DskipTests)"
  fi
  modules=$(IFS=,; echo "${needs_build[*]}")
  info "building $modules (the first build downloads dependencies and takes a few minutes) …"
  if ! (cd "$CODEAGENTS_ROOT" && ./mvnw -B -q -DskipTests package -pl "$modules" -am > "$RUN_DIR/logs/build.log" 2>&1); then
    tail -30 "$RUN_DIR/logs/build.log" >&2
    die "build failed: see $RUN_SHOWN/logs/build.log"
  fi
  ok "built $modules"
fi

# ---------------------------------------------------------------- model backend
# No Ollama answering: the gateway serves the default model itself (embedded llama.cpp) from MODELS_DIR.
OLLAMA_URL="${GATEWAY_OLLAMA_URL:-http://localhost:11434}"
EMBEDDED=0
if [[ "${GATEWAY_EMBEDDED_ENABLED:-}" == true ]]; then
  EMBEDDED=1
elif [[ -z "${GATEWAY_EMBEDDED_ENABLED:-}" && " ${TO_START[*]} " == *" model-gateway "* ]]; then
  if [[ "$(http_status "$OLLAMA_URL/api/version")" == 200 ]]; then
    ok "Ollama answers at $OLLAMA_URL: the gateway uses it"
  else
    EMBEDDED=1
    info "no Ollama at $OLLAMA_URL: the gateway will run the model itself (embedded llama.cpp, from $MODELS_DIR)"
  fi
fi
if [[ $EMBEDDED == 1 ]]; then
  export GATEWAY_EMBEDDED_ENABLED=true
  export GATEWAY_DEFAULT_MODEL="${GATEWAY_DEFAULT_MODEL:-qwen2.5-coder:0.5b}"
fi

# ---------------------------------------------------------------- start
start_epoch=$(date +%s)
for s in "${TO_START[@]}"; do
  # shellcheck disable=SC2086
  nohup java $JAVA_OPTS_ALL -jar "$(jar_of "$s")" >> "$RUN_DIR/logs/$s.log" 2>&1 < /dev/null &
  echo $! > "$RUN_DIR/$s.pid"
  info "started $s (pid $!), log $RUN_SHOWN/logs/$s.log"
done

# ---------------------------------------------------------------- wait
declare -A state
for s in "${WANTED[@]}"; do state[$s]=starting; done
deadline=$(( $(date +%s) + TIMEOUT ))
while :; do
  pending=0
  for s in "${WANTED[@]}"; do
    [[ "${state[$s]}" == starting ]] || continue
    if [[ "$(http_status "$(service_url "$s")/health/ready")" == 200 ]]; then
      state[$s]=ready
      ok "$s ready after $(( $(date +%s) - start_epoch )) s"
    elif ! running "$s"; then
      state[$s]=died
      fail "$s exited; last lines of $RUN_SHOWN/logs/$s.log:"
      tail -15 "$RUN_DIR/logs/$s.log" | sed 's/^/    /' >&2
      rm -f "$RUN_DIR/$s.pid"
    else
      pending=$((pending + 1))
    fi
  done
  [[ $pending -eq 0 ]] && break
  if [[ $(date +%s) -ge $deadline ]]; then
    for s in "${WANTED[@]}"; do
      [[ "${state[$s]}" == starting ]] && { state[$s]=not_ready; fail "$s not ready after ${TIMEOUT} s: see $RUN_SHOWN/logs/$s.log and $(service_url "$s")/health/ready"; }
    done
    break
  fi
  sleep 0.5
done

# ---------------------------------------------------------------- embedded model
# When the gateway serves models itself, its default model must be in the store: pull it through
# download-service (progress bar from scripts/pull-model.sh), then ask for one short answer.
MODEL_STATUS=""
is_up() { [[ "${state[$1]:-}" == ready ]] || { [[ -z "${state[$1]:-}" ]] && running "$1"; }; }
# A gateway started earlier is asked whether it has the embedded backend on, so a second run finishes a pull the
# first could not.
if [[ "${GATEWAY_EMBEDDED_ENABLED:-}" != false ]] && is_up model-gateway; then
  GATEWAY="$(service_url model-gateway)"
  AUTH=(-H "Authorization: Bearer $CODEAGENTS_API_KEY")
  backends=$(curl -s --max-time 10 "${AUTH[@]}" "$GATEWAY/v1/backends")
  MODEL=$(jq -r '.default_model // empty' <<<"$backends" 2>/dev/null)
  if ! jq -e '.backends[] | select(.type == "embedded" and .enabled)' <<<"$backends" >/dev/null 2>&1; then
    [[ $EMBEDDED == 1 ]] && warn "the running gateway has no embedded backend (started before without it?): restart it with scripts/stop-local.sh model-gateway && scripts/run-local.sh"
  elif [[ -z "$MODEL" ]]; then
    MODEL_STATUS=unknown; fail "the gateway did not say which model is its default ($GATEWAY/v1/backends)"
  else
    if jq -e --arg m "$MODEL" '.backends[] | select(.type == "embedded") | .models | index($m)' <<<"$backends" >/dev/null; then
      ok "$MODEL is in $MODELS_DIR"
    elif ! is_up download-service; then
      MODEL_STATUS=missing
      fail "$MODEL is not in $MODELS_DIR and download-service is not running to pull it: scripts/run-local.sh download-service"
    else
      info "pulling $MODEL through download-service into $MODELS_DIR …"
      pull_args=("$MODEL"); [[ $JSON == 1 ]] && pull_args=(--quiet "$MODEL")
      if ! "$CODEAGENTS_ROOT/scripts/pull-model.sh" "${pull_args[@]}" >&2; then
        MODEL_STATUS=pull_failed
        fail "$MODEL could not be pulled: generation answers 503 MODEL_001 until it is (scripts/pull-model.sh $MODEL resumes it)"
      fi
    fi
    if [[ -z "$MODEL_STATUS" ]]; then
      info "asking $MODEL for a short answer (the first request loads it) …"
      t0=$(date +%s)
      reply=$(curl -s --max-time 300 -w $'\n%{http_code}' "${AUTH[@]}" -H 'Content-Type: application/json' \
        -d "$(jq -cn --arg m "$MODEL" '{model: $m, max_tokens: 8, messages: [{role: "user", content: "Say hello."}]}')" \
        "$GATEWAY/v1/chat/completions")
      if [[ "${reply##*$'\n'}" == 200 ]]; then
        MODEL_STATUS=ready
        ok "generation works: $(jq -r '.system_fingerprint' <<<"${reply%$'\n'*}") answered in $(( $(date +%s) - t0 )) s"
      else
        MODEL_STATUS=generation_failed
        fail "$MODEL does not generate (HTTP ${reply##*$'\n'}): $(jq -r '"\(.error_code) \(.detail)"' <<<"${reply%$'\n'*}" 2>/dev/null)"
      fi
    fi
  fi
fi

# ---------------------------------------------------------------- report
rc=0
for s in "${WANTED[@]}"; do [[ "${state[$s]}" == ready ]] || rc=1; done
[[ -z "$MODEL_STATUS" || "$MODEL_STATUS" == ready ]] || rc=1
if [[ $JSON == 1 ]]; then
  printf '{"status":"%s","elapsed_s":%d,"services":[' "$([[ $rc == 0 ]] && echo ready || echo failed)" $(( $(date +%s) - start_epoch ))
  sep=""
  for s in "${WANTED[@]}"; do
    printf '%s{"name":"%s","url":"%s","pid":%s,"status":"%s","log":"%s"}' "$sep" "$s" "$(service_url "$s")" \
      "$(pid_of "$s" || echo null)" "${state[$s]}" "$RUN_DIR/logs/$s.log"
    sep=","
  done
  printf ']'
  [[ -n "$MODEL_STATUS" ]] && printf ',"embedded_model":{"name":"%s","status":"%s"}' "$MODEL" "$MODEL_STATUS"
  printf '}\n'
else
  echo
  printf '%-18s %-24s %-8s %s\n' SERVICE URL PID STATUS
  for s in "${WANTED[@]}"; do
    printf '%-18s %-24s %-8s %s\n' "$s" "$(service_url "$s")" "$(pid_of "$s" || echo -)" "${state[$s]}"
  done
  echo
  [[ $MODEL_STATUS == ready ]] && echo "Model: $MODEL, run in-process by the gateway (embedded llama.cpp)"
  [[ $KEY_FROM_FILE == 1 ]] && echo "API key: export CODEAGENTS_API_KEY=\$(cat $RUN_DIR/api-key)"
  echo "Stop with: scripts/stop-local.sh [service]"
fi
exit $rc
