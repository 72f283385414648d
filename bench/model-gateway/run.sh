#!/usr/bin/env bash
# Gateway vs direct-to-backend, side by side in one run: a model-testkit Ollama answering after a fixed 20 ms,
# 32 closed-loop clients. Prints a markdown table for bench/RESULTS.md.
#   bench/model-gateway/run.sh [clients] [seconds-per-phase]
# Needs PostgreSQL and Redis as for the tests (QUARKUS_DATASOURCE_JDBC_URL, QUARKUS_REDIS_HOSTS).
set -euo pipefail
cd "$(dirname "$0")/../.."
CLIENTS=${1:-32}
SECONDS_PER_PHASE=${2:-8}
OLLAMA_PORT=${BENCH_OLLAMA_PORT:-18434}
GATEWAY_PORT=${BENCH_GATEWAY_PORT:-18003}

for port in "$OLLAMA_PORT" "$GATEWAY_PORT"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        echo "port $port is already taken: stop what holds it or set BENCH_OLLAMA_PORT / BENCH_GATEWAY_PORT" >&2
        exit 1
    fi
done

[ -f model-testkit/target/model-testkit.jar ] || ./mvnw -B -q package -pl model-testkit -DskipTests
[ -f model-gateway/target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q package -pl model-gateway -DskipTests

java -jar model-testkit/target/model-testkit.jar --ollama-port "$OLLAMA_PORT" \
     --behaviour bench/model-gateway/behaviour.json > /tmp/bench-testkit.log 2>&1 &
TESTKIT=$!
CODEAGENTS_AUTH_ENABLED=false CODEAGENTS_RATE_LIMIT_ENABLED=false QUARKUS_HTTP_PORT=$GATEWAY_PORT \
GATEWAY_OLLAMA_URL=http://127.0.0.1:$OLLAMA_PORT QUARKUS_LOG_CONSOLE_LEVEL=WARN \
    java -Xmx512m -jar model-gateway/target/quarkus-app/quarkus-run.jar > /tmp/bench-gateway.log 2>&1 &
GATEWAY=$!
trap 'kill $TESTKIT $GATEWAY 2>/dev/null || true' EXIT

for _ in $(seq 1 60); do
    curl -sf "http://127.0.0.1:$GATEWAY_PORT/health/ready" > /dev/null && break
    sleep 1
done
# CPU seconds a process used so far: on a shared machine, CPU per request is the figure load does not distort
cpu() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$1/stat"; }
echo "java $(java -version 2>&1 | head -1), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
GATEWAY_CPU_BEFORE=$(cpu $GATEWAY); TESTKIT_CPU_BEFORE=$(cpu $TESTKIT)
java -cp model-testkit/target/model-testkit.jar bench/model-gateway/GatewayBench.java \
     "http://127.0.0.1:$OLLAMA_PORT" "http://127.0.0.1:$GATEWAY_PORT" "$CLIENTS" "$SECONDS_PER_PHASE"
echo "CPU during the run: gateway $(echo "$(cpu $GATEWAY) - $GATEWAY_CPU_BEFORE" | bc) s," \
     "backend (testkit) $(echo "$(cpu $TESTKIT) - $TESTKIT_CPU_BEFORE" | bc) s; load $(cut -d' ' -f1-3 /proc/loadavg)"
