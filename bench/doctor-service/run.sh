#!/usr/bin/env bash
# GET /doctor latency against the packaged doctor-service and four fake services (dynamic ports, loopback only),
# everything up vs one service hung, each against its baseline measured in the same run. Results: bench/RESULTS.md.
#   ./mvnw -B -pl doctor-service package -DskipTests && bench/doctor-service/run.sh
# BENCH_REQUESTS (default 200) and BENCH_CONCURRENCY (default 4) size the run; QUARKUS_DATASOURCE_JDBC_URL may point
# at another database (default: database doctor_bench on 127.0.0.1, created when missing).
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ -z "${QUARKUS_DATASOURCE_JDBC_URL:-}" ]]; then
  psql -h 127.0.0.1 -U "${QUARKUS_DATASOURCE_USERNAME:-postgres}" -d postgres -Atc \
    "select 1 from pg_database where datname = 'doctor_bench'" | grep -q 1 \
    || psql -h 127.0.0.1 -U "${QUARKUS_DATASOURCE_USERNAME:-postgres}" -d postgres -qc "create database doctor_bench"
fi
exec java bench/doctor-service/DoctorBench.java doctor-service/target/quarkus-app/quarkus-run.jar
