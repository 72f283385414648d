#!/usr/bin/env bash
# Where the gateway's CPU goes during embedded generation: CPU seconds per thread of the gateway process over
# N streamed generations of the tiny test model (after 3 warm-up ones). A diagnostic next to run.sh, not a benchmark
# of its own; run it under the bench lock all the same.
#   bench/model-gateway/embedded/cpu-by-thread.sh [generations] [tokens] [llama-threads]
# Needs PostgreSQL and Redis as for the tests (QUARKUS_DATASOURCE_JDBC_URL, QUARKUS_REDIS_HOSTS).
set -euo pipefail
cd "$(dirname "$0")/../../.."
N=${1:-10}
TOKENS=${2:-2000}
THREADS=${3:-$(( $(nproc) > 1 ? $(nproc) - 1 : 1 ))}
PORT=${BENCH_GATEWAY_PORT:-18014}
CP="model-gateway/target/test-classes:$(ls model-gateway/target/quarkus-app/lib/main/*.jar | tr '\n' ':')"
WORK=$(mktemp -d)
trap 'kill $GATEWAY 2>/dev/null || true; rm -rf "$WORK"' EXIT
java -cp "$CP" io.codeagents.gateway.embedded.TestModelStore "$WORK/models" tiny:latest "$WORK/tiny.gguf" > /dev/null
CODEAGENTS_AUTH_ENABLED=false CODEAGENTS_RATE_LIMIT_ENABLED=false QUARKUS_HTTP_PORT=$PORT \
GATEWAY_OLLAMA_URL=http://127.0.0.1:1 GATEWAY_EMBEDDED_ENABLED=true MODELS_DIR="$WORK/models" \
GATEWAY_EMBEDDED_THREADS=$THREADS GATEWAY_CACHE_ENABLED=false QUARKUS_LOG_CONSOLE_LEVEL=WARN \
    java -Xmx512m -jar model-gateway/target/quarkus-app/quarkus-run.jar > "$WORK/gateway.log" 2>&1 &
GATEWAY=$!
for _ in $(seq 1 90); do curl -sf "http://127.0.0.1:$PORT/health/ready" > /dev/null && break; sleep 1; done
generate() {
    curl -sfN -o /dev/null -w '%{time_total} ' -H 'Content-Type: application/json' "http://127.0.0.1:$PORT/v1/completions" \
        -d "{\"model\":\"tiny:latest\",\"prompt\":\"def\",\"max_tokens\":$TOKENS,\"temperature\":0,\"seed\":7,\"stream\":true,\"logit_bias\":{\"2\":-100}}"
}
# CPU ticks (user + system) per thread, keyed by thread id and name
ticks() { for t in /proc/$GATEWAY/task/*; do echo "$(basename "$t")/$(tr ' ' _ < "$t/comm") $(awk '{print $14 + $15}' "$t/stat")"; done | sort; }
for _ in 1 2 3; do generate > /dev/null; done
ticks > "$WORK/before"
echo "load $(cut -d' ' -f1-3 /proc/loadavg); $N generations of $TOKENS tokens, llama.cpp threads $THREADS; seconds each:"
for _ in $(seq 1 "$N"); do generate; done
echo
ticks > "$WORK/after"
hz=$(getconf CLK_TCK)
echo "CPU seconds by thread (id/name) over the $N generations; load $(cut -d' ' -f1-3 /proc/loadavg):"
join -a 2 "$WORK/before" "$WORK/after" | awk -v hz="$hz" '{d = $NF - (NF == 3 ? $2 : 0); if (d > 0) printf "%8.2f %s\n", d / hz, $1}' \
    | sort -rn | head -15
