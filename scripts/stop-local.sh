#!/usr/bin/env bash
# Stops services started by scripts/run-local.sh, by the PIDs it recorded.
set -uo pipefail
source "$(dirname "$0")/lib/common.sh"

usage() {
  cat <<USAGE
Usage: scripts/stop-local.sh [--timeout S] [service...]

Stops the services scripts/run-local.sh started (all, or the ones named), using the PIDs it
recorded in .run/<service>.pid: SIGTERM, then SIGKILL after the timeout (default 15 s). A process
that is not the service's own jar is never touched, even if it took over a recorded PID.

Services: $(service_names | tr '\n' ' ')
Exit: 0 stopped (or was not running), 1 a process would not stop, 2 bad usage.
USAGE
}

TIMEOUT=15; WANTED=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --timeout) TIMEOUT="${2:?--timeout needs seconds}"; shift ;;
    -*) echo "Unknown option: $1 (see --help)" >&2; exit 2 ;;
    *) is_service "$1" || { echo "Unknown service: $1 (one of: $(service_names | tr '\n' ' '))" >&2; exit 2; }
       WANTED+=("$1") ;;
  esac
  shift
done
[[ ${#WANTED[@]} -eq 0 ]] && mapfile -t WANTED < <(service_names)

ours() { [[ -r /proc/$2/cmdline ]] && tr '\0' ' ' < /proc/$2/cmdline | grep -q -- "$1/target/quarkus-app/quarkus-run.jar"; }

rc=0
for s in "${WANTED[@]}"; do
  pidfile="$RUN_DIR/$s.pid"
  if [[ ! -r "$pidfile" ]]; then
    info "$s: not started by run-local.sh"
    continue
  fi
  pid=$(cat "$pidfile")
  if ! ours "$s" "$pid"; then
    info "$s: was not running (stale pid $pid)"
    rm -f "$pidfile"
    continue
  fi
  kill -TERM "$pid" 2>/dev/null
  for ((i = 0; i < TIMEOUT * 10; i++)); do
    ours "$s" "$pid" || break
    sleep 0.1
  done
  if ours "$s" "$pid"; then
    warn "$s (pid $pid) ignored SIGTERM for ${TIMEOUT} s: sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null
    sleep 0.5
  fi
  if ours "$s" "$pid"; then
    fail "$s (pid $pid) is still running"
    rc=1
  else
    rm -f "$pidfile"
    ok "$s stopped (pid $pid)"
  fi
done
exit $rc
