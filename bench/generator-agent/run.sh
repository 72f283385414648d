#!/usr/bin/env bash
# Orchestration overhead of generator-agent against instantly answering fakes (see OrchestrationBench.java).
# Usage: bench/generator-agent/run.sh [tasks=100] [concurrency=16]   (from the repository root)
set -euo pipefail
cd "$(dirname "$0")/../.."
export QUARKUS_DATASOURCE_JDBC_URL="${QUARKUS_DATASOURCE_JDBC_URL:-jdbc:postgresql://127.0.0.1:5432/codeagents}"
export QUARKUS_REDIS_HOSTS="${QUARKUS_REDIS_HOSTS:-redis://127.0.0.1:6379}"
if [[ ! -f generator-agent/target/quarkus-app/quarkus-run.jar ]]; then
    ./mvnw -B -q package -pl generator-agent -DskipTests
fi
exec java bench/generator-agent/OrchestrationBench.java "${1:-100}" "${2:-16}"
