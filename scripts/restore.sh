#!/usr/bin/env bash
# Restores a backup made by backup.sh: every service's schema and the model store's manifests (and weights).
set -uo pipefail
source "$(dirname "$0")/lib/common.sh"

usage() {
  cat <<USAGE
Usage: scripts/restore.sh [--force] [--services LIST] BACKUP

Restores BACKUP (a directory made by scripts/backup.sh) onto the database(s) and model store this
environment points at, e.g. a fresh stack. Each service's schema is replaced in one transaction
(a failed restore leaves it as it was) and its row counts are checked against the backup's.

Refuses, changing nothing, when a target already holds data (a table with rows, or model
manifests) unless --force is given. Stop the services first (scripts/stop-local.sh, or
docker compose stop): they cache what they read. An empty schema a service created at start-up is
not data. Redis is not restored (caches and in-flight work only).

Options:
  --force           replace existing data
  --services LIST   only these parts, comma separated: service names and/or "models" (the model
                    store); default: everything in the backup
  -h, --help        this help

Environment: as for backup.sh (QUARKUS_DATASOURCE_*, or <SERVICE>_JDBC_URL, <SERVICE>_DB_USERNAME,
<SERVICE>_DB_PASSWORD per service; MODELS_DIR).

Exit: 0 restored, 1 refused because data exists (nothing changed), 2 failed or bad usage.
USAGE
}

FORCE=0; ONLY=""; BACKUP=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --force) FORCE=1 ;;
    --services) [[ $# -ge 2 && -n "$2" ]] || { echo "--services needs a list (see --help)" >&2; exit 2; }; ONLY="$2"; shift ;;
    -*) echo "Unknown option: $1 (see --help)" >&2; exit 2 ;;
    *) [[ -z "$BACKUP" ]] || { echo "One backup at a time (see --help)" >&2; exit 2; }; BACKUP="$1" ;;
  esac
  shift
done
[[ -n "$BACKUP" ]] || { echo "Which backup? (see --help)" >&2; exit 2; }
[[ -r "$BACKUP/MANIFEST" ]] || die "$BACKUP is not a backup made by backup.sh (no MANIFEST)"
for tool in pg_restore psql tar sha256sum; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is needed (apt-get install postgresql-client tar coreutils)"
done
BACKUP="$(cd "$BACKUP" && pwd)"
grep -q '^format=1$' "$BACKUP/MANIFEST" || die "$BACKUP has a format this script does not know"
(cd "$BACKUP" && sha256sum --quiet -c SHA256SUMS) >/dev/null 2>&1 || die "$BACKUP is damaged: its checksums do not match"

MODELS="${MODELS_DIR:-$HOME/.codeagents/models}"; MODELS="${MODELS/#\~/$HOME}"
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT

# Whether a part (a service, or "models") was asked for: all are when --services is not given.
want() { [[ -z "$ONLY" || ",$ONLY," == *",$1,"* ]]; }

# service schema dump, for every service the backup holds (and that was asked for)
ENTRIES=()
while read -r line; do
  s=$(sed -n 's/.*service=\([^ ]*\).*/\1/p' <<< "$line"); schema=$(sed -n 's/.*schema=\([^ ]*\).*/\1/p' <<< "$line")
  dump=$(sed -n 's/.*dump=\([^ ]*\).*/\1/p' <<< "$line")
  want "$s" || continue
  if [[ -z "$dump" ]]; then warn "$s: the backup holds no data for it (its schema did not exist)"; continue; fi
  ENTRIES+=("$s $schema $dump")
done < <(grep '^service=' "$BACKUP/MANIFEST")
if [[ -n "$ONLY" ]]; then
  IFS=',' read -r -a wanted <<< "$ONLY"
  for s in "${wanted[@]}"; do
    [[ "$s" == models ]] && continue
    is_service "$s" || die "unknown part: $s (services: $(service_names | paste -sd' ' -); or models)"
    grep -q "^service=$s " "$BACKUP/MANIFEST" || die "the backup holds nothing for $s"
  done
fi

# ---------------------------------------------------------------- preflight: refuse before changing anything
conflicts=()
for entry in "${ENTRIES[@]}"; do
  read -r s schema dump <<< "$entry"
  # Tables of the schema that hold rows (Flyway's history does not count: a fresh service writes it at start-up).
  tables=$(pg "$s" psql -X -A -t -c "select table_name from information_schema.tables where table_schema = '$schema' and table_type = 'BASE TABLE' and table_name <> 'flyway_schema_history'" 2>"$WORK/error") \
    || die "cannot reach the database of $s at $(service_db_where "$s"): $(tail -1 "$WORK/error")"
  for table in $tables; do
    if [[ "$(pg "$s" psql -X -A -t -c "select exists (select 1 from \"$schema\".\"$table\")")" == t ]]; then
      conflicts+=("$s: $schema.$table at $(service_db_where "$s") holds rows"); break
    fi
  done
  if [[ "$(http_status "$(service_url "$s")/health/ready")" == 200 ]]; then
    warn "$s is running at $(service_url "$s"): stop it before restoring, or restart it afterwards"
  fi
done
if want models && [[ -f "$BACKUP/models/manifests.tar.gz" && -d "$MODELS/manifests" ]] && [[ -n "$(find "$MODELS/manifests" -type f -print -quit)" ]]; then
  conflicts+=("model store: $MODELS/manifests holds models")
fi
if [[ ${#conflicts[@]} -gt 0 && $FORCE == 0 ]]; then
  for c in "${conflicts[@]}"; do fail "$c"; done
  fail "refusing to overwrite existing data: nothing was changed (use --force to replace it)"
  exit 1
fi
for c in "${conflicts[@]}"; do warn "replacing: $c"; done

# ---------------------------------------------------------------- databases, one transaction per service
problems=0
for entry in "${ENTRIES[@]}"; do
  read -r s schema dump <<< "$entry"
  info "restoring $s ($schema) into $(service_db_where "$s")"
  if ! { echo "drop schema if exists \"$schema\" cascade; create schema \"$schema\";"
         pg_restore -f - --no-owner --no-privileges -n "$schema" "$BACKUP/$dump"; } \
       | pg "$s" psql -X -q -v ON_ERROR_STOP=1 --single-transaction >/dev/null 2>"$WORK/error"; then
    fail "$s: restore failed, its schema is unchanged: $(grep -m1 ERROR "$WORK/error" || tail -1 "$WORK/error")"
    problems=1; continue
  fi
  # Every table as many rows as the backup holds.
  while IFS=$'\t' read -r file table rows; do
    [[ "$file" == "$dump" && "$table" == "$schema".* ]] || continue
    now=$(pg "$s" psql -X -A -t -c "select count(*) from $table")
    if [[ "$now" != "$rows" ]]; then fail "$s: $table has $now rows, the backup $rows"; problems=1; fi
  done < "$BACKUP/db/counts.tsv"
  ok "$s: $(awk -F'\t' -v d="$dump" -v s="$schema." '$1 == d && index($2, s) == 1 {n++; r += $3} END {print n+0 " tables, " r+0 " rows"}' "$BACKUP/db/counts.tsv")"
done

# ---------------------------------------------------------------- the model store
if want models && [[ -f "$BACKUP/models/manifests.tar.gz" ]]; then
  mkdir -p "$MODELS" || die "cannot create $MODELS"
  # Replacing means the manifests are the backup's: a model pulled since is listed no more (its blobs stay).
  [[ $FORCE == 1 ]] && rm -rf "$MODELS/manifests"
  if tar -C "$MODELS" -xzf "$BACKUP/models/manifests.tar.gz"; then
    ok "model manifests restored into $MODELS"
  else
    fail "cannot extract the model manifests into $MODELS"; problems=1
  fi
  if [[ -f "$BACKUP/models/blobs.tar" ]]; then
    if tar -C "$MODELS" -xf "$BACKUP/models/blobs.tar"; then ok "model weights restored"
    else fail "cannot extract the model weights into $MODELS"; problems=1; fi
  else
    info "the backup holds no weights: pull the models again (POST /pulls on the download-service, or /doctor/fix models.default)"
  fi
fi

[[ $problems == 0 ]] || exit 2
ok "restore complete; start the services (scripts/run-local.sh or docker compose up -d) and check with scripts/doctor.sh"
