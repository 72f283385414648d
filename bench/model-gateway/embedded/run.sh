#!/usr/bin/env bash
# Embedded backend: tokens/s of the tiny test model streamed through the gateway vs llama.cpp called directly in a
# JVM (same binding, file and parameters), side by side in one run. Prints a markdown table for bench/RESULTS.md.
#   bench/model-gateway/embedded/run.sh [tokens-per-generation] [rounds] [llama-threads]
# Needs PostgreSQL and Redis as for the tests (QUARKUS_DATASOURCE_JDBC_URL, QUARKUS_REDIS_HOSTS).
set -euo pipefail
cd "$(dirname "$0")/../../.."
TOKENS=${1:-2000}
ROUNDS=${2:-7}
# the gateway's default: every core but one (llama.cpp's spinning threads suffer from any other work on their cores)
THREADS=${3:-$(( $(nproc) > 1 ? $(nproc) - 1 : 1 ))}
PORT=${BENCH_GATEWAY_PORT:-18013}

if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
    echo "port $PORT is already taken: stop what holds it or set BENCH_GATEWAY_PORT" >&2
    exit 1
fi
[ -f model-gateway/target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q package -pl model-gateway -DskipTests
[ -f model-gateway/target/test-classes/io/codeagents/gateway/embedded/TinyGguf.class ] \
    || ./mvnw -B -q test-compile -pl model-gateway
CP="model-gateway/target/test-classes:$(ls model-gateway/target/quarkus-app/lib/main/*.jar | tr '\n' ':')"

WORK=$(mktemp -d)
trap 'kill $GATEWAY 2>/dev/null || true; rm -rf "$WORK"' EXIT
# the tiny model, stored as the download service stores a pull (and its file for the direct runs)
java -cp "$CP" io.codeagents.gateway.embedded.TestModelStore "$WORK/models" tiny:latest "$WORK/tiny.gguf"

CODEAGENTS_AUTH_ENABLED=false CODEAGENTS_RATE_LIMIT_ENABLED=false QUARKUS_HTTP_PORT=$PORT \
GATEWAY_OLLAMA_URL=http://127.0.0.1:1 GATEWAY_EMBEDDED_ENABLED=true MODELS_DIR="$WORK/models" \
GATEWAY_EMBEDDED_THREADS=$THREADS GATEWAY_CACHE_ENABLED=false QUARKUS_LOG_CONSOLE_LEVEL=WARN \
    java -Xmx512m -jar model-gateway/target/quarkus-app/quarkus-run.jar > "$WORK/gateway.log" 2>&1 &
GATEWAY=$!
for _ in $(seq 1 90); do
    curl -sf "http://127.0.0.1:$PORT/health/ready" > /dev/null && break
    sleep 1
done
cpu() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$1/stat"; }
echo "java $(java -version 2>&1 | head -1), $(nproc) cores, llama.cpp threads $THREADS, load $(cut -d' ' -f1-3 /proc/loadavg)"
BEFORE=$(cpu $GATEWAY)
# llama.cpp's own log (stderr) goes to a file: shown only when the benchmark fails
if ! java -cp "$CP" bench/model-gateway/embedded/EmbeddedBench.java "$WORK/tiny.gguf" "http://127.0.0.1:$PORT" \
     tiny:latest "$TOKENS" "$ROUNDS" "$THREADS" 2> "$WORK/bench.err"; then
    grep -v -E '^(llama|print_info|load|slot|srv|init|common|system|build|\s)' "$WORK/bench.err" | tail -20 >&2
    echo "gateway log:" >&2; tail -20 "$WORK/gateway.log" >&2
    exit 1
fi
echo "gateway process CPU during the run: $(echo "$(cpu $GATEWAY) - $BEFORE" | bc) s; load $(cut -d' ' -f1-3 /proc/loadavg)"
