#!/usr/bin/env bash
# Starts the real docker-compose.yml (Ollama swapped for the test model server, the registry for a
# local one holding a tiny model) and runs scripts/api-smoke.sh against it.
set -uo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/registry.sh"

usage() {
  cat <<USAGE
Usage: scripts/compose-smoke.sh [--keep] [--no-build] [--json]

Needs a Docker engine. Where base images cannot be pulled, builds local stand-ins for them from
Debian packages (scripts/standin/, cached after the first run: ~5 minutes). Then builds the
services, starts docker-compose.yml with scripts/compose-smoke.override.yml (the test model server
instead of Ollama, a local registry instead of registry.ollama.ai), waits until every service is
healthy and the one-shot model pull has finished, and runs scripts/api-smoke.sh against the stack.

  --keep       leave the stack running afterwards (docker-compose -p codeagents-smoke down -v stops it)
  --no-build   use the jars already in */target
  --json       print the summary as JSON on stdout

Exit: 0 every service healthy and every smoke call passed, 1 something failed, 2 could not run.
USAGE
}

KEEP=0; BUILD=1; JSON=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --keep) KEEP=1 ;;
    --no-build) BUILD=0 ;;
    --json) JSON=1 ;;
    *) echo "Unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

PROJECT=codeagents-smoke
STANDIN_DIR="${CODEAGENTS_STANDIN_DIR:-/var/tmp/codeagents-standin}"
COMPOSE=(docker-compose)
docker compose version >/dev/null 2>&1 && COMPOSE=(docker compose)
DC=("${COMPOSE[@]}" -p "$PROJECT" -f "$CODEAGENTS_ROOT/docker-compose.yml" -f "$CODEAGENTS_ROOT/scripts/compose-smoke.override.yml")
export CODEAGENTS_API_KEY="${CODEAGENTS_API_KEY:-compose-smoke-key}"
export GATEWAY_DEFAULT_MODEL="smoke/tiny:latest"
export MODEL_REGISTRY_URL="http://registry:5000"

# ---------------------------------------------------------------- Docker
if ! docker info >/dev/null 2>&1; then
  if command -v dockerd >/dev/null; then
    info "starting dockerd …"
    (dockerd > /var/log/dockerd-smoke.log 2>&1 &)
    for _ in $(seq 1 30); do docker info >/dev/null 2>&1 && break; sleep 1; done
  fi
  docker info >/dev/null 2>&1 || die "no Docker engine: install docker.io and start dockerd"
fi
ok "Docker engine $(docker version --format '{{.Server.Version}}' 2>/dev/null)"

# ---------------------------------------------------------------- stand-in base images
have_image() { docker image inspect "$1" >/dev/null 2>&1; }
if ! have_image codeagents-standin/base:bookworm; then
  rootfs="$STANDIN_DIR/rootfs"
  if [[ ! -x "$rootfs/usr/bin/java" ]]; then
    command -v debootstrap >/dev/null || die "debootstrap missing: apt-get install debootstrap"
    info "building a Debian bookworm root filesystem for the stand-in images (a few minutes) …"
    mkdir -p "$STANDIN_DIR"
    debootstrap --variant=minbase \
      --include=openjdk-17-jre-headless,postgresql-15,postgresql-client-15,redis-server,redis-tools,curl,ca-certificates,python3,python3-pytest,bubblewrap,procps,passwd,docker-registry \
      bookworm "$rootfs" http://deb.debian.org/debian > "$STANDIN_DIR/debootstrap.log" 2>&1 \
      || { tail -20 "$STANDIN_DIR/debootstrap.log" >&2; die "debootstrap failed"; }
  fi
  info "importing the stand-in base image …"
  tar -C "$rootfs" -c . | docker import - codeagents-standin/base:bookworm > /dev/null || die "docker import failed"
fi
standin() { # image dockerfile: built again when its Dockerfile changed (the hash is a label of the image)
  local hash
  hash=$(cat "$CODEAGENTS_ROOT/scripts/standin/$2" "$CODEAGENTS_ROOT"/scripts/standin/*.sh | sha256sum | cut -c1-16)
  if [[ "$(docker image inspect -f '{{index .Config.Labels "codeagents.standin"}}' "$1" 2>/dev/null)" == "$hash" ]]; then
    ok "image $1 present"; return
  fi
  info "building stand-in $1 …"
  docker build -q --label "codeagents.standin=$hash" -t "$1" -f "$CODEAGENTS_ROOT/scripts/standin/$2" \
    "$CODEAGENTS_ROOT/scripts/standin" > /dev/null \
    || die "could not build stand-in $1"
  ok "stand-in $1 built"
}
standin eclipse-temurin:17-jre temurin.Dockerfile
standin postgres:15-bookworm postgres.Dockerfile
standin redis:7-bookworm redis.Dockerfile
standin curlimages/curl:8.11.1 curl.Dockerfile
standin codeagents/registry:smoke registry.Dockerfile

# ---------------------------------------------------------------- build
if [[ $BUILD == 1 ]]; then
  info "building the services (./mvnw -B -q package -DskipTests) …"
  (cd "$CODEAGENTS_ROOT" && ./mvnw -B -q package -DskipTests) > /tmp/compose-smoke-build.log 2>&1 \
    || { tail -30 /tmp/compose-smoke-build.log >&2; die "build failed"; }
fi
[[ -f "$CODEAGENTS_ROOT/model-testkit/target/model-testkit.jar" ]] || die "model-testkit/target/model-testkit.jar missing: build first"

cleanup() {
  if [[ $KEEP == 0 ]]; then
    info "stopping the stack …"
    "${DC[@]}" down -v --remove-orphans > /dev/null 2>&1
  fi
}
trap cleanup EXIT

# ---------------------------------------------------------------- start
info "building images and starting the registry …"
"${DC[@]}" build > /tmp/compose-smoke-images.log 2>&1 || { tail -30 /tmp/compose-smoke-images.log >&2; die "docker-compose build failed"; }
"${DC[@]}" up -d registry > /dev/null 2>&1 || die "registry did not start"
for _ in $(seq 1 50); do curl -fs http://127.0.0.1:15000/v2/ > /dev/null 2>&1 && break; sleep 0.2; done
model=$(mktemp); head -c $((8 * 1024 * 1024)) /dev/urandom > "$model"
registry_push_model http://127.0.0.1:15000 smoke/tiny latest "$model" > /dev/null || die "could not push the test model"
rm -f "$model"
ok "test model smoke/tiny:latest pushed to the local registry"

info "starting the stack (docker-compose up -d) …"
"${DC[@]}" up -d > /tmp/compose-smoke-up.log 2>&1 || { tail -30 /tmp/compose-smoke-up.log >&2; fail "docker-compose up failed"; }

declare -A health
start=$(date +%s)
services=(postgres redis ollama model-gateway download-service reviewer-agent generator-agent doctor-service)
while :; do
  pending=0
  for s in "${services[@]}"; do
    [[ "${health[$s]:-}" == healthy ]] && continue
    id=$("${DC[@]}" ps -q "$s" 2>/dev/null)
    status=$([[ -n "$id" ]] && docker inspect --format '{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}' "$id" 2>/dev/null || echo missing)
    if [[ "$status" == healthy ]]; then
      health[$s]=healthy; ok "$s healthy after $(( $(date +%s) - start )) s"
    else
      health[$s]=$status; pending=$((pending + 1))
    fi
  done
  [[ $pending == 0 ]] && break
  if (( $(date +%s) - start > 300 )); then
    for s in "${services[@]}"; do
      [[ "${health[$s]}" == healthy ]] || { fail "$s: ${health[$s]}"; "${DC[@]}" logs --tail 20 "$s" >&2; }
    done
    break
  fi
  sleep 3
done

pull_id=$("${DC[@]}" ps -a -q model-pull)
for _ in $(seq 1 60); do
  [[ "$(docker inspect --format '{{.State.Status}}' "$pull_id" 2>/dev/null)" == exited ]] && break
  sleep 2
done
pull_exit=$(docker inspect --format '{{.State.ExitCode}}' "$pull_id" 2>/dev/null || echo 1)
if [[ "$pull_exit" == 0 ]]; then ok "model-pull completed: $("${DC[@]}" logs --no-color model-pull 2>/dev/null | tail -1 | sed 's/^.*| //')"
else fail "model-pull exited with $pull_exit"; "${DC[@]}" logs --tail 20 model-pull >&2; fi

# ---------------------------------------------------------------- smoke
info "running scripts/api-smoke.sh against the stack …"
"$CODEAGENTS_ROOT/scripts/api-smoke.sh" > /tmp/compose-smoke-api.txt 2>&1
smoke_rc=$?
cat /tmp/compose-smoke-api.txt >&2

rc=0
healthy=0
for s in "${services[@]}"; do [[ "${health[$s]}" == healthy ]] && healthy=$((healthy + 1)) || rc=1; done
[[ "$pull_exit" == 0 && $smoke_rc == 0 ]] || rc=1
if [[ $JSON == 1 ]]; then
  printf '{"status":"%s","healthy":%d,"services":%d,"model_pull_exit":%s,"api_smoke_exit":%d}\n' \
    "$([[ $rc == 0 ]] && echo ok || echo failed)" "$healthy" "${#services[@]}" "$pull_exit" "$smoke_rc"
else
  echo "compose smoke: $healthy/${#services[@]} services healthy, model pull exit $pull_exit, api-smoke exit $smoke_rc"
fi
exit $rc
