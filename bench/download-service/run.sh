#!/usr/bin/env bash
# Side-by-side throughput of download-service and curl, on loopback.
#   1. a >= 1 GiB blob from Debian's docker-registry: download-service (a whole pull: manifest, parts, SHA-256
#      verification, promotion) vs `curl -o` of the same blob (no verification), alternating, ROUNDS times each;
#      beside them curl followed by `openssl dgst -sha256` of the file (the same download, then verified with the
#      CPU's SHA instructions): not the issue's baseline, it shows what verifying costs here (also in 3);
#   2. a server capping every connection at 20 MB/s (capped_registry.py): download-service vs one curl connection;
#   3. (only when asked, SCENARIOS=tls) the blob of 1 from a second docker-registry serving it over HTTPS under its own
#      CA (openssl), trusted by the service through download.registry.ca-file and by curl through --cacert.
# Each round starts a fresh service and pulls once untimed first (JIT warm-up); every timed pull starts from an empty
# store (the model is deleted before), and runs from POST /pulls until the pull reads "completed".
# Each round also prints the CPU time it took, per GiB: the whole machine's during the curl and during the pull, the
# registry's share, and the service's split into its hashing, part-fetching and JIT-compiling threads. On a machine
# with few cores a verified pull is bound by CPU, not by the network; these figures say by how much.
# Prints a Markdown table for bench/RESULTS.md. Needs: the packaged jar (./mvnw -pl download-service package),
# /usr/bin/docker-registry, curl, jq, python3, openssl (tls), PostgreSQL and Redis (QUARKUS_DATASOURCE_JDBC_URL,
# QUARKUS_REDIS_HOSTS).
# Usage: bench/download-service/run.sh [--help]; exits 0 when every scenario ran, else non-zero (1: a pull or a digest
# check failed; 2: the setup).
# Environment: SIZE_MIB (1024), CAPPED_SIZE_MIB (256), ROUNDS (3), WARMUP (1 untimed pull per fresh JVM),
# CAP_BYTES_PER_SECOND (20000000), SCENARIOS ("loopback capped"; also "tls"; one of them alone for profiling),
# SERVICE_JAVA_OPTS (extra JVM options of the service; a %s in them becomes the scenario's name, e.g.
# -XX:StartFlightRecording=filename=/tmp/dl-%s.jfr).
set -euo pipefail
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }
case "${1:-}" in
  -h|--help) usage; exit 0 ;;
  "") ;;
  *) echo "unknown argument '$1' (settings are environment variables; see --help)" >&2; exit 2 ;;
esac
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
JAR="$ROOT/download-service/target/quarkus-app/quarkus-run.jar"
SIZE_MIB="${SIZE_MIB:-1024}"
SCENARIOS="${SCENARIOS:-loopback capped}"
SERVICE_JAVA_OPTS="${SERVICE_JAVA_OPTS:-}"
CAPPED_SIZE_MIB="${CAPPED_SIZE_MIB:-256}"
ROUNDS="${ROUNDS:-3}"
WARMUP="${WARMUP:-1}"
CAP="${CAP_BYTES_PER_SECOND:-20000000}"
[[ -f "$JAR" ]] || { echo "build first: ./mvnw -B -pl download-service package -DskipTests" >&2; exit 2; }

WORK="$(mktemp -d /tmp/download-bench.XXXXXX)"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
mibps() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.0f", b / s / 1048576 }'; }

# --- CPU time, in clock ticks, read from /proc -------------------------------------------------------------------
# SERVER_PID: the registry started last, the one the scenario runs against, SERVICE_PID: the service.
machine_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat; }   # user nice system irq softirq
# a process's user + system ticks, its threads' (the dead ones too) included; comm may hold spaces: fields after ")"
process_ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }
service_thread_ticks() { # -> the ticks of the service's hashing, part-fetching and JIT-compiling threads alive now
  cat /proc/"$SERVICE_PID"/task/*/stat 2>/dev/null | awk '{
      name = substr($0, index($0, "(") + 1); sub(/\).*/, "", name); rest = $0; sub(/.*\) /, "", rest); split(rest, f, " ")
      if (name ~ /^blob-hasher/) h += f[12] + f[13]; else if (name ~ /^part-worker/) p += f[12] + f[13]
      else if (name ~ /^C[12] Compiler/) j += f[12] + f[13]
    } END { print h + 0, p + 0, j + 0 }'
}
cpu_snapshot() { echo "$(machine_ticks) $(process_ticks "$SERVER_PID") $(process_ticks "$SERVICE_PID") $(service_thread_ticks)"; }
cpu_per_gib() { # before after bytes -> each figure of cpu_snapshot from before to after, in CPU seconds per GiB
  awk -v hz="$(getconf CLK_TCK)" -v gib="$(awk -v b="$3" 'BEGIN { print b / 1073741824 }')" -v a="$1" -v b="$2" \
    'BEGIN { n = split(a, x, " "); split(b, y, " "); for (i = 1; i <= n; i++) printf "%.2f ", (y[i] - x[i]) / hz / gib }'
}
# "curl run 1.62 (registry 0.71); pull 3.30 (registry 0.75, service 2.40: hashing 1.21, parts 0.80, JIT 0.25)"
describe_cpu() { # curl-figures pull-figures
  awk -v c="$1" -v s="$2" 'BEGIN { split(c, x, " "); split(s, y, " ")
    printf "curl run %s (registry %s); pull %s (registry %s, service %s: hashing %s, parts %s, JIT %s)",
      x[1], x[2], y[1], y[2], y[3], y[4], y[5], y[6] }'
}

# --- a model: config + one big weights layer, in a layout both registries can serve -----------------------------
make_model() { # dir size_mib -> sets WEIGHTS_DIGEST, MANIFEST
  local dir="$1" mib="$2"
  mkdir -p "$dir/blobs"
  head -c "$((mib * 1048576))" /dev/urandom > "$dir/weights"
  local wd cd; wd="sha256:$(sha256sum "$dir/weights" | cut -d' ' -f1)"
  printf '{"model_format":"gguf","model_family":"bench"}' > "$dir/config"
  cd="sha256:$(sha256sum "$dir/config" | cut -d' ' -f1)"
  mv "$dir/weights" "$dir/blobs/${wd/:/-}"; mv "$dir/config" "$dir/blobs/${cd/:/-}"
  WEIGHTS_DIGEST="$wd"
  MANIFEST=$(jq -cn --arg cd "$cd" --argjson cs "$(stat -c %s "$dir/blobs/${cd/:/-}")" --arg wd "$wd" \
    --argjson ws "$((mib * 1048576))" '{schemaVersion:2,mediaType:"application/vnd.docker.distribution.manifest.v2+json",
    config:{mediaType:"application/vnd.docker.container.image.v1+json",digest:$cd,size:$cs},
    layers:[{mediaType:"application/vnd.ollama.image.model",digest:$wd,size:$ws}]}')
}

push_to_docker_registry() { # url repo tag dir
  local url="$1" repo="$2" tag="$3" dir="$4" f loc digest
  for f in "$dir"/blobs/*; do
    digest="$(basename "$f")"; digest="${digest/-/:}"
    loc=$(curl -sfi -X POST "$url/v2/$repo/blobs/uploads/" | tr -d '\r' | awk -F': ' 'tolower($1)=="location"{print $2}')
    [[ "$loc" == http* ]] || loc="$url$loc"
    curl -sf -H 'Content-Type: application/octet-stream' -T "$f" "$loc&digest=$digest" >/dev/null
  done
  curl -sf -X PUT -H 'Content-Type: application/vnd.docker.distribution.manifest.v2+json' --data "$MANIFEST" \
    "$url/v2/$repo/manifests/$tag" >/dev/null
}

start_service() { # registry-url scenario-name [extra JVM options] -> SERVICE
  local port; port=$(free_port)
  KEY="bench-$(date +%s%N)"
  # shellcheck disable=SC2086 # SERVICE_JAVA_OPTS is a list of options
  java -Xmx1g ${SERVICE_JAVA_OPTS//%s/$2} ${3:-} -Dquarkus.http.port="$port" -Dcodeagents.api-key="$KEY" \
    -Ddownload.store.models-dir="$WORK/models" -Ddownload.registry.url="$1" -Ddownload.store.reserve=64M \
    -Dquarkus.flyway.schemas=download_bench -Dquarkus.hibernate-orm.database.default-schema=download_bench \
    -Dquarkus.flyway.clean-disabled=false -Dquarkus.flyway.clean-at-start=true -Dquarkus.log.level=WARN \
    -jar "$JAR" > "$WORK/service-$port.log" 2>&1 &
  SERVICE_PID=$!; PIDS+=("$SERVICE_PID"); SERVICE="http://127.0.0.1:$port"
  for _ in $(seq 1 600); do
    curl -sf "$SERVICE/health/ready" >/dev/null 2>&1 && return 0; sleep 0.2
  done
  echo "the service did not start; see $WORK/service-$port.log" >&2; exit 2
}
stop_service() { kill "$SERVICE_PID"; wait "$SERVICE_PID" 2>/dev/null || true; }

api() { curl -sf -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' "$@"; }

# The pull's end is awaited on its SSE stream, which closes after a final state: no status polling, whose curl and jq
# processes every 50 ms took CPU from the pull on 2 cores (and added up to 50 ms to each figure).
time_service_pull() { # model -> seconds (POST to completed, verified, manifest written)
  local model="$1" start end state
  api -X DELETE "$SERVICE/models/$model" >/dev/null 2>&1 || true
  start=$(now)
  api -X POST "$SERVICE/pulls" -d "{\"model\":\"$model\"}" >/dev/null
  api -N "$SERVICE/pulls/$model/events" >/dev/null
  end=$(now)
  state=$(api "$SERVICE/pulls/$model" | jq -r .state)
  [[ "$state" == completed ]] || { echo "the pull ended $state:" >&2; api "$SERVICE/pulls/$model" >&2; exit 1; }
  awk -v a="$start" -v b="$end" 'BEGIN { print b - a }'
}

time_curl() { # url -> seconds
  local start; start=$(now)
  # shellcheck disable=SC2086 # CURL_OPTS is a list of options
  curl -sf ${CURL_OPTS:-} -o "$WORK/curl.out" "$1"
  awk -v a="$start" -v b="$(now)" 'BEGIN { print b - a }'
  rm -f "$WORK/curl.out"
}

# The same download with the work the service adds, as a user verifies it by hand: curl -o, then the file's SHA-256
# (openssl dgst, which uses the CPU's SHA instructions; coreutils' sha256sum does not and is 3 times slower; piping
# curl | tee | openssl was slower still), the digest checked. Not the issue's baseline; it shows what verifying costs.
time_curl_sha256() { # url digest -> seconds
  local start sum; start=$(now)
  # shellcheck disable=SC2086 # CURL_OPTS is a list of options
  curl -sf ${CURL_OPTS:-} -o "$WORK/curl.out" "$1"
  sum=$(openssl dgst -sha256 -r "$WORK/curl.out" | cut -d' ' -f1)
  awk -v a="$start" -v b="$(now)" 'BEGIN { print b - a }'
  rm -f "$WORK/curl.out"
  [[ "sha256:$sum" == "$2" ]] || { echo "curl + openssl dgst got sha256:$sum, not $2" >&2; exit 1; }
}

# docker-registry named $1 on port $2 over the one storage directory ($3: more of its http settings, e.g. tls)
serve_docker_registry() {
  mkdir -p "$WORK/registry"
  cat > "$WORK/registry/$1.yml" <<YML
version: 0.1
log: {level: error}
storage: {filesystem: {rootdirectory: $WORK/registry/storage}, delete: {enabled: true}}
http: {addr: 127.0.0.1:$2${3:-}}
YML
  /usr/bin/docker-registry serve "$WORK/registry/$1.yml" > "$WORK/registry/$1.log" 2>&1 & PIDS+=($!)
  SERVER_PID=$!
}

REG=""; CAPPED=""
start_docker_registry() { # -> REG, serving library/big:latest ($SIZE_MIB MiB weights) as BIG_DIGEST
  make_model "$WORK/big" "$SIZE_MIB"; BIG_DIGEST="$WEIGHTS_DIGEST"
  local port; port=$(free_port)
  serve_docker_registry plain "$port"
  REG="http://127.0.0.1:$port"
  for _ in $(seq 1 100); do curl -sf "$REG/v2/" >/dev/null && break; sleep 0.1; done
  push_to_docker_registry "$REG" library/big latest "$WORK/big"
  rm -rf "$WORK/big"   # the registry has its own copy
  settle_disk
}

# The setup's writes (the model made, its copy in the registry) reach the disk before anything is timed: the kernel
# writes dirty pages back about 30 s after they were written, which fell in the middle of the rounds, and slowed the
# pulls and curl unevenly.
settle_disk() {
  echo "  flushing the setup's writes to disk" >&2
  sync
}

start_tls_registry() { # -> TLS_REG: a second docker-registry over HTTPS (its own CA) serving the same storage
  [[ -n "$REG" ]] || start_docker_registry
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$WORK/tls-key.pem" \
    -out "$WORK/tls-cert.pem" -days 2 -subj /CN=localhost -addext subjectAltName=DNS:localhost 2>/dev/null
  local port; port=$(free_port)
  serve_docker_registry tls "$port" ", tls: {certificate: $WORK/tls-cert.pem, key: $WORK/tls-key.pem}"
  TLS_REG="https://localhost:$port"
  for _ in $(seq 1 100); do curl -sf --cacert "$WORK/tls-cert.pem" "$TLS_REG/v2/" >/dev/null && break; sleep 0.1; done
}

start_capped_registry() { # -> CAPPED, serving library/capped:latest ($CAPPED_SIZE_MIB MiB weights) as CAPPED_DIGEST
  make_model "$WORK/capped" "$CAPPED_SIZE_MIB"; CAPPED_DIGEST="$WEIGHTS_DIGEST"
  mkdir -p "$WORK/capped/manifests/library/capped"; printf '%s' "$MANIFEST" > "$WORK/capped/manifests/library/capped/latest"
  local port; port=$(free_port)
  settle_disk
  python3 "$HERE/capped_registry.py" "$port" "$WORK/capped" "$CAP" & PIDS+=($!)
  SERVER_PID=$!
  CAPPED="http://127.0.0.1:$port"
  for _ in $(seq 1 100); do curl -sf -o /dev/null "$CAPPED/v2/library/capped/manifests/latest" && break; sleep 0.1; done
}

# One scenario, named $1: a fresh service against the registry at $2, pulling $3 ($4 is its repository, $5 its blob,
# $6 MiB; $7 extra JVM options of the service; $8 "sha256": also time curl then openssl dgst), alternating with curl
# of the same blob ROUNDS times; sets RESULT_CURL and RESULT_SVC (MiB/s over all rounds), RESULT_MEDIAN (the median of
# the rounds' ratios) and RESULT_SHA (the hashing curl: "MiB/s, median ratio", or "–").
median() { sort -n | awk '{ v[NR] = $1 } END { printf "%.2f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
columns_median() { # lines of numbers -> the median of each column
  local i n; n=$(printf '%s' "$1" | head -1 | wc -w)
  for i in $(seq 1 "$n"); do printf '%s ' "$(printf '%s' "$1" | awk -v i="$i" '{ print $i }' | median)"; done
}
scenario() {
  local name=$1 url=$2 model=$3 repo=$4 digest=$5 bytes=$(($6 * 1048576)) svc_sum=0 curl_sum=0 sha_sum=0 c s h r
  local ratios="" sha_ratios="" also="" c0 c1 s1 cpu_c cpu_s
  CPU_CURL=""; CPU_PULL=""   # the rounds' cpu_per_gib figures, a line each, during the curls and during the pulls
  start_service "$url" "$name" "${7:-}"
  for _ in $(seq 1 "$WARMUP"); do time_service_pull "$model" >/dev/null; done   # JIT warm-up, not timed
  for r in $(seq 1 "$ROUNDS"); do
    c0=$(cpu_snapshot); c=$(time_curl "$url/v2/$repo/blobs/$digest"); c1=$(cpu_snapshot)
    s=$(time_service_pull "$model"); s1=$(cpu_snapshot)
    cpu_c=$(cpu_per_gib "$c0" "$c1" "$bytes"); cpu_s=$(cpu_per_gib "$c1" "$s1" "$bytes")
    CPU_CURL+="$cpu_c"$'\n'; CPU_PULL+="$cpu_s"$'\n'
    if [[ "${8:-}" == sha256 ]]; then
      h=$(time_curl_sha256 "$url/v2/$repo/blobs/$digest" "$digest")
      sha_sum=$(awk -v a="$sha_sum" -v b="$h" 'BEGIN{print a+b}'); sha_ratios+="$(ratio "$h" "$s")"$'\n'
      also="; curl + openssl dgst $(mibps $bytes "$h") MiB/s ($(ratio "$h" "$s")×)"
    fi
    echo "  run $r: curl $(mibps $bytes "$c") MiB/s, download-service $(mibps $bytes "$s") MiB/s ($(ratio "$c" "$s")×)$also" >&2
    echo "    CPU s per GiB: $(describe_cpu "$cpu_c" "$cpu_s")" >&2
    curl_sum=$(awk -v a="$curl_sum" -v b="$c" 'BEGIN{print a+b}'); svc_sum=$(awk -v a="$svc_sum" -v b="$s" 'BEGIN{print a+b}')
    ratios+="$(ratio "$c" "$s")"$'\n'
  done
  RESULT_CURL=$(mibps $((bytes * ROUNDS)) "$curl_sum"); RESULT_SVC=$(mibps $((bytes * ROUNDS)) "$svc_sum")
  # the median of the rounds' ratios: each round's curl and pull run back to back, so a slower minute of the shared
  # machine weighs on both alike
  RESULT_MEDIAN=$(printf '%s' "$ratios" | median)
  RESULT_SHA="–"
  echo "  median CPU s per GiB: $(describe_cpu "$(columns_median "$CPU_CURL")" "$(columns_median "$CPU_PULL")")" >&2
  [[ -n "$sha_ratios" ]] && RESULT_SHA="$(mibps $((bytes * ROUNDS)) "$sha_sum"), $(printf '%s' "$sha_ratios" | median)×"
  [[ -n "${SHOW_LOG:-}" ]] && api "$SERVICE/pulls/$model/log" | jq -r '.events[] | "    \(.created_at) \(.type) \(.state) \(.message // "")"' >&2
  stop_service
}

ROWS=""
for s in $SCENARIOS; do
  case "$s" in
    loopback)
      echo "loopback, docker-registry, ${SIZE_MIB} MiB" >&2
      start_docker_registry
      scenario loopback "$REG" big:latest library/big "$BIG_DIGEST" "$SIZE_MIB" "" sha256
      ROWS+="| loopback, docker-registry, ${SIZE_MIB} MiB blob | ${RESULT_CURL} MiB/s | ${RESULT_SVC} MiB/s | $(ratio "$RESULT_SVC" "$RESULT_CURL")× | ${RESULT_MEDIAN}× | ≥ 0.9× | ${RESULT_SHA} |"$'\n' ;;
    tls)
      echo "loopback over HTTPS, docker-registry, ${SIZE_MIB} MiB" >&2
      start_tls_registry
      CURL_OPTS="--cacert $WORK/tls-cert.pem" scenario tls "$TLS_REG" big:latest library/big "$BIG_DIGEST" "$SIZE_MIB" \
        "-Ddownload.registry.ca-file=$WORK/tls-cert.pem" sha256
      ROWS+="| loopback over HTTPS, docker-registry, ${SIZE_MIB} MiB blob | ${RESULT_CURL} MiB/s | ${RESULT_SVC} MiB/s | $(ratio "$RESULT_SVC" "$RESULT_CURL")× | ${RESULT_MEDIAN}× | (none) | ${RESULT_SHA} |"$'\n' ;;
    capped)
      echo "every connection capped at $CAP B/s, ${CAPPED_SIZE_MIB} MiB" >&2
      start_capped_registry
      scenario capped "$CAPPED" capped:latest library/capped "$CAPPED_DIGEST" "$CAPPED_SIZE_MIB"
      ROWS+="| each connection capped at $((CAP / 1000000)) MB/s, ${CAPPED_SIZE_MIB} MiB blob | ${RESULT_CURL} MiB/s | ${RESULT_SVC} MiB/s | $(ratio "$RESULT_SVC" "$RESULT_CURL")× | ${RESULT_MEDIAN}× | ≥ 5× | ${RESULT_SHA} |"$'\n' ;;
    *) echo "unknown scenario '$s' (loopback, capped, tls)" >&2; exit 2 ;;
  esac
done
printf '| scenario | curl (1 connection) | download-service (verified) | ratio | median of rounds | target | curl, then openssl dgst -sha256: MiB/s, median ratio to it |\n|---|---|---|---|---|---|---|\n%s' "$ROWS"
