#!/usr/bin/env bash
# Benchmarks the packaged reviewer-agent: starts it on a spare port (never the service port 9002), with
# authentication and rate limiting off, against the PostgreSQL of QUARKUS_DATASOURCE_JDBC_URL, runs ReviewBench and
# stops exactly the process it started.
#   ./mvnw -B -pl reviewer-agent package -DskipTests && bench/reviewer-agent/run.sh [samples] [rounds]
set -euo pipefail
cd "$(dirname "$0")/../.."
JAR=reviewer-agent/target/quarkus-app/quarkus-run.jar
[[ -f $JAR ]] || { echo "build first: ./mvnw -B -pl reviewer-agent package -DskipTests" >&2; exit 1; }
PORT=${BENCH_PORT:-19002}
PYTHON=$(python3 -c 'import sys; print(sys.executable)')
SITES=$(python3 -c 'import sys; print(":".join(p for p in sys.path if p.endswith(("site-packages", "dist-packages"))))')
RUNNER=$PWD/reviewer-agent/src/main/resources/sandbox/run_tests.py
LOG=$(mktemp /tmp/reviewer-bench-XXXX.log)

CODEAGENTS_AUTH_ENABLED=false CODEAGENTS_RATE_LIMIT_ENABLED=false QUARKUS_HTTP_PORT=$PORT \
  QUARKUS_LOG_CONSOLE_JSON_ENABLED=false REVIEWER_LLM_ENABLED=false \
  java -jar "$JAR" >"$LOG" 2>&1 &
SERVICE=$!
trap 'kill $SERVICE 2>/dev/null; wait $SERVICE 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -sf "localhost:$PORT/health/ready" >/dev/null && break
  kill -0 $SERVICE 2>/dev/null || { echo "the service exited: see $LOG" >&2; exit 1; }
  sleep 1
done
curl -sf "localhost:$PORT/health/ready" >/dev/null || { echo "not ready after 120 s: see $LOG" >&2; exit 1; }
echo "machine: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg); sandbox capacity $(curl -s "localhost:$PORT/stats" | sed -E 's/.*"capacity":([0-9]+).*/\1/')"
java bench/reviewer-agent/ReviewBench.java "http://localhost:$PORT" "$PYTHON" "$RUNNER" "$SITES" "${1:-40}" "${2:-3}"
