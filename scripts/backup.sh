#!/usr/bin/env bash
# A consistent backup of every service's data and of the model store's manifests; restore it with restore.sh.
set -uo pipefail
source "$(dirname "$0")/lib/common.sh"

usage() {
  cat <<USAGE
Usage: scripts/backup.sh [--out DIR] [--with-blobs] [--services LIST]

Backs up what the stack would lose with its volumes:
  - every service's PostgreSQL schema (tasks, iterations, reviews, pulls, doctor reports…), with
    pg_dump: services sharing a database are dumped together in one snapshot, so what one service
    refers to in another is there too;
  - the model store's manifests (MODELS_DIR/manifests: which models are pulled), and with
    --with-blobs the model weights too (many GB; without them, pull the models again after a
    restore: POST /pulls resumes from nothing but needs no other change).
Redis is not backed up: it holds caches, rate-limit counters and in-flight work only.

The backup is a directory DIR/codeagents-backup-<UTC time>/ with a MANIFEST, the dumps, the row
count of every table (restore.sh checks the restored tables against it) and SHA256SUMS.
Its path is printed last on standard output.

Options:
  --out DIR         where to create it (default: ./backups)
  --with-blobs      also copy the model weights (MODELS_DIR/blobs)
  --services LIST   only these parts, comma separated: service names and/or "models" (the model
                    store); default: all five services and the model store
  -h, --help        this help

Environment: QUARKUS_DATASOURCE_JDBC_URL, QUARKUS_DATASOURCE_USERNAME, QUARKUS_DATASOURCE_PASSWORD
(the shared database), or per service <SERVICE>_JDBC_URL, <SERVICE>_DB_USERNAME,
<SERVICE>_DB_PASSWORD (e.g. GENERATOR_AGENT_JDBC_URL) where each has its own database;
<SERVICE>_DB_SCHEMA overrides a schema name; MODELS_DIR (default ~/.codeagents/models).

Exit: 0 backed up, 2 failed (nothing usable is left behind: the directory is removed).
USAGE
}

OUT="./backups"; WITH_BLOBS=0; ONLY=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --out) [[ $# -ge 2 && -n "$2" ]] || { echo "--out needs a directory (see --help)" >&2; exit 2; }; OUT="$2"; shift ;;
    --with-blobs) WITH_BLOBS=1 ;;
    --services) [[ $# -ge 2 && -n "$2" ]] || { echo "--services needs a list (see --help)" >&2; exit 2; }; ONLY="$2"; shift ;;
    *) echo "Unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
for tool in pg_dump pg_restore psql tar sha256sum; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is needed (apt-get install postgresql-client tar coreutils)"
done

SELECTED=(); WITH_MODELS=1
if [[ -n "$ONLY" ]]; then
  WITH_MODELS=0
  IFS=',' read -r -a parts <<< "$ONLY"
  for s in "${parts[@]}"; do
    if [[ "$s" == models ]]; then WITH_MODELS=1
    elif is_service "$s"; then SELECTED+=("$s")
    else die "unknown part: $s (services: $(service_names | paste -sd' ' -); or models)"; fi
  done
else
  mapfile -t SELECTED < <(service_names)
fi

MODELS="${MODELS_DIR:-$HOME/.codeagents/models}"; MODELS="${MODELS/#\~/$HOME}"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT" || die "cannot create $OUT"
DEST="$(cd "$OUT" && pwd)/codeagents-backup-$STAMP"
[[ -e "$DEST" ]] && die "$DEST exists already"
mkdir -p "$DEST/db" "$DEST/models" || die "cannot create $DEST"
trap 'rc=$?; if [[ $rc -ne 0 ]]; then rm -rf "$DEST"; fi' EXIT

{
  echo "format=1"
  echo "created_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "with_blobs=$([[ $WITH_BLOBS == 1 ]] && echo true || echo false)"
  echo "models_dir=$MODELS"
} > "$DEST/MANIFEST"

# ---------------------------------------------------------------- databases
# Services whose data lives in the same database (same URL and user) are dumped together: one snapshot.
declare -A GROUP_OF=() GROUP_SCHEMAS=() GROUP_SERVICE=()
groups=()
for s in "${SELECTED[@]}"; do
  schema=$(service_schema "$s") || die "no schema known for $s"
  key="$(service_jdbc_url "$s")|$(service_db_user "$s")"
  if [[ -z "${GROUP_OF[$key]:-}" ]]; then
    GROUP_OF[$key]="database-$(( ${#groups[@]} + 1 ))"; groups+=("$key"); GROUP_SERVICE[$key]="$s"
  fi
  exists=$(pg "$s" psql -X -A -t -c "select 1 from pg_namespace where nspname = '$schema'" 2>"$DEST/error") \
    || die "cannot reach the database of $s at $(service_db_where "$s"): $(tail -1 "$DEST/error")"
  if [[ "$exists" != 1 ]]; then
    warn "$s: schema $schema does not exist at $(service_db_where "$s") (never started?): nothing to back up"
    echo "service=$s schema=$schema dump= source=$(service_db_where "$s")" >> "$DEST/MANIFEST"
    continue
  fi
  GROUP_SCHEMAS[$key]+=" $schema"
  echo "service=$s schema=$schema dump=db/${GROUP_OF[$key]}.dump source=$(service_db_where "$s")" >> "$DEST/MANIFEST"
done

for key in "${groups[@]}"; do
  [[ -n "${GROUP_SCHEMAS[$key]:-}" ]] || continue
  dump="$DEST/db/${GROUP_OF[$key]}.dump"; args=()
  for schema in ${GROUP_SCHEMAS[$key]}; do args+=(-n "$schema"); done
  info "dumping${GROUP_SCHEMAS[$key]} from $(service_db_where "${GROUP_SERVICE[$key]}")"
  pg "${GROUP_SERVICE[$key]}" pg_dump -Fc --no-owner --no-privileges "${args[@]}" -f "$dump" 2>"$DEST/error" \
    || die "pg_dump failed: $(tail -1 "$DEST/error")"
  # Row counts as the dump holds them (the same snapshot), for restore.sh to check the restore against.
  pg_restore -f - --data-only "$dump" | awk -v dump="db/${GROUP_OF[$key]}.dump" '
    /^COPY / { table = $2; rows = 0; copying = 1; next }
    copying && /^\\\.$/ { print dump "\t" table "\t" rows; copying = 0; next }
    copying { rows++ }' >> "$DEST/db/counts.tsv"
done
touch "$DEST/db/counts.tsv"
rm -f "$DEST/error"

# ---------------------------------------------------------------- the model store
if [[ $WITH_MODELS == 0 ]]; then
  :
elif [[ -d "$MODELS/manifests" ]]; then
  tar -C "$MODELS" -czf "$DEST/models/manifests.tar.gz" manifests || die "cannot archive $MODELS/manifests"
  info "manifests: $(find "$MODELS/manifests" -type f | wc -l) model(s) from $MODELS"
else
  warn "no $MODELS/manifests: no models to back up"
fi
if [[ $WITH_BLOBS == 1 && $WITH_MODELS == 1 ]]; then
  if [[ -d "$MODELS/blobs" ]]; then
    info "copying the model weights ($(du -sh "$MODELS/blobs" | cut -f1))…"
    tar -C "$MODELS" -cf "$DEST/models/blobs.tar" blobs || die "cannot archive $MODELS/blobs"
  else
    warn "no $MODELS/blobs: no weights to back up"
  fi
fi

(cd "$DEST" && find . -type f ! -name SHA256SUMS -printf '%P\n' | sort | xargs -r sha256sum > SHA256SUMS) \
  || die "cannot write the checksums"
ok "backup complete: $(du -sh "$DEST" | cut -f1) in $DEST"
echo "$DEST"
