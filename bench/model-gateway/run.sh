#!/usr/bin/env bash
# Gateway vs direct-to-backend, side by side in one run: a model-testkit Ollama answering after a fixed 20 ms,
# 32 closed-loop clients. Prints a markdown table for bench/RESULTS.md.
#   bench/model-gateway/run.sh [clients] [seconds-per-phase]
# BENCH_GATEWAY_JAR runs another build of the gateway (e.g. a copy of an older quarkus-app, for before/after);
# BENCH_BASELINE_JAR runs a second gateway build side by side (port BENCH_GATEWAY_PORT+1), its phases interleaved with
# the gateway's, for a before/after table measured under the same machine load;
# BENCH_GATEWAY_JAVA_OPTS adds JVM options (e.g. -XX:StartFlightRecording=filename=/tmp/gw.jfr for a profile).
# Needs PostgreSQL and Redis as for the tests (QUARKUS_DATASOURCE_JDBC_URL, QUARKUS_REDIS_HOSTS).
set -euo pipefail
cd "$(dirname "$0")/../.."
CLIENTS=${1:-32}
SECONDS_PER_PHASE=${2:-8}
OLLAMA_PORT=${BENCH_OLLAMA_PORT:-18434}
GATEWAY_PORT=${BENCH_GATEWAY_PORT:-18003}
GATEWAY_JAR=${BENCH_GATEWAY_JAR:-model-gateway/target/quarkus-app/quarkus-run.jar}

BASELINE_PORT=$((GATEWAY_PORT + 1))
for port in "$OLLAMA_PORT" "$GATEWAY_PORT" "$BASELINE_PORT"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        echo "port $port is already taken: stop what holds it or set BENCH_OLLAMA_PORT / BENCH_GATEWAY_PORT" >&2
        exit 1
    fi
done

[ -f model-testkit/target/model-testkit.jar ] || ./mvnw -B -q package -pl model-testkit -DskipTests
[ -f "$GATEWAY_JAR" ] || ./mvnw -B -q package -pl model-gateway -DskipTests

java -jar model-testkit/target/model-testkit.jar --ollama-port "$OLLAMA_PORT" \
     --behaviour bench/model-gateway/behaviour.json > /tmp/bench-testkit.log 2>&1 &
TESTKIT=$!
CODEAGENTS_AUTH_ENABLED=false CODEAGENTS_RATE_LIMIT_ENABLED=false QUARKUS_HTTP_PORT=$GATEWAY_PORT \
GATEWAY_OLLAMA_URL=http://127.0.0.1:$OLLAMA_PORT QUARKUS_LOG_CONSOLE_LEVEL=WARN \
    java -Xmx512m ${BENCH_GATEWAY_JAVA_OPTS:-} -jar "$GATEWAY_JAR" > /tmp/bench-gateway.log 2>&1 &
GATEWAY=$!
BASELINE=
BASELINE_ARGS=()
if [ -n "${BENCH_BASELINE_JAR:-}" ]; then
    CODEAGENTS_AUTH_ENABLED=false CODEAGENTS_RATE_LIMIT_ENABLED=false QUARKUS_HTTP_PORT=$BASELINE_PORT \
    GATEWAY_OLLAMA_URL=http://127.0.0.1:$OLLAMA_PORT QUARKUS_LOG_CONSOLE_LEVEL=WARN \
        java -Xmx512m -jar "$BENCH_BASELINE_JAR" > /tmp/bench-baseline.log 2>&1 &
    BASELINE=$!
    BASELINE_ARGS=("http://127.0.0.1:$BASELINE_PORT" "$BASELINE")
fi
trap 'kill $TESTKIT $GATEWAY $BASELINE 2>/dev/null || true; wait $TESTKIT $GATEWAY $BASELINE 2>/dev/null || true' EXIT

for _ in $(seq 1 60); do
    curl -sf "http://127.0.0.1:$GATEWAY_PORT/health/ready" > /dev/null \
        && { [ -z "$BASELINE" ] || curl -sf "http://127.0.0.1:$BASELINE_PORT/health/ready" > /dev/null; } && break
    sleep 1
done
# CPU seconds a process used so far: on a shared machine, CPU per request is the figure load distorts least
cpu() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$1/stat"; }
echo "java $(java -version 2>&1 | head -1), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
GATEWAY_CPU_BEFORE=$(cpu $GATEWAY); TESTKIT_CPU_BEFORE=$(cpu $TESTKIT)
java -cp model-testkit/target/model-testkit.jar bench/model-gateway/GatewayBench.java \
     "http://127.0.0.1:$OLLAMA_PORT" "http://127.0.0.1:$GATEWAY_PORT" "$CLIENTS" "$SECONDS_PER_PHASE" "$GATEWAY" \
     "${BASELINE_ARGS[@]}"
echo "CPU during the whole run (warm-up included): gateway $(echo "$(cpu $GATEWAY) - $GATEWAY_CPU_BEFORE" | bc) s," \
     "backend (testkit) $(echo "$(cpu $TESTKIT) - $TESTKIT_CPU_BEFORE" | bc) s; load $(cut -d' ' -f1-3 /proc/loadavg)"
