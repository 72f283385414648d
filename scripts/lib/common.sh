# Shared by the codeagents scripts: the service table, output helpers and small probes.
# Source it; it defines functions and variables only.

CODEAGENTS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUN_DIR="${CODEAGENTS_RUN_DIR:-$CODEAGENTS_ROOT/.run}"

# name:port:url-variable, in start order
SERVICES=(
  "model-gateway:8003:MODEL_GATEWAY_URL"
  "reviewer-agent:9002:REVIEWER_URL"
  "download-service:9003:DOWNLOAD_SERVICE_URL"
  "generator-agent:9001:GENERATOR_URL"
  "doctor-service:9004:DOCTOR_URL"
)

service_names() { local s; for s in "${SERVICES[@]}"; do echo "${s%%:*}"; done; }
service_port() { local s; for s in "${SERVICES[@]}"; do [[ "${s%%:*}" == "$1" ]] && { s="${s#*:}"; echo "${s%%:*}"; return 0; }; done; return 1; }
# The base URL of a service: its *_URL variable when set, localhost:<port> otherwise.
service_url() {
  local s var port
  for s in "${SERVICES[@]}"; do
    if [[ "${s%%:*}" == "$1" ]]; then
      var="${s##*:}"; port="${s#*:}"; port="${port%%:*}"
      echo "${!var:-http://localhost:$port}"
      return 0
    fi
  done
  return 1
}
is_service() { service_port "$1" >/dev/null 2>&1; }

if [[ -t 1 && -z "${NO_COLOR:-}" ]]; then
  C_OK=$'\e[32m'; C_WARN=$'\e[33m'; C_ERR=$'\e[31m'; C_DIM=$'\e[2m'; C_OFF=$'\e[0m'
else
  C_OK=""; C_WARN=""; C_ERR=""; C_DIM=""; C_OFF=""
fi
QUIET="${QUIET:-0}"
info() { [[ "$QUIET" == 1 ]] || echo "$*" >&2; }
ok() { [[ "$QUIET" == 1 ]] || echo "${C_OK}✓${C_OFF} $*" >&2; }
warn() { echo "${C_WARN}!${C_OFF} $*" >&2; }
fail() { echo "${C_ERR}✗${C_OFF} $*" >&2; }
die() { fail "$*"; exit 2; }

# The API key scripts send: CODEAGENTS_API_KEY, else the one run-local.sh generated.
api_key() {
  if [[ -n "${CODEAGENTS_API_KEY:-}" ]]; then echo "$CODEAGENTS_API_KEY"
  elif [[ -r "$RUN_DIR/api-key" ]]; then cat "$RUN_DIR/api-key"
  fi
}

# http_status URL [curl args…] -> prints the status code (000 when unreachable); 3 s timeout by default.
http_status() {
  local url="$1"; shift
  curl -s -o /dev/null -w '%{http_code}' --max-time "${HTTP_TIMEOUT:-3}" "$@" "$url" 2>/dev/null || true
}

# tcp_open HOST PORT -> success when something accepts connections there.
tcp_open() { timeout 2 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null; }

# Which process listens on a TCP port ("name (pid N)"), empty when none or unknown.
port_owner() {
  local port="$1" line
  if command -v ss >/dev/null 2>&1; then
    line=$(ss -Hltnp "sport = :$port" 2>/dev/null | head -1)
    if [[ -n "$line" ]]; then
      if [[ "$line" =~ users:\(\(\"([^\"]+)\",pid=([0-9]+) ]]; then
        echo "${BASH_REMATCH[1]} (pid ${BASH_REMATCH[2]})"
      else
        echo "an unknown process"
      fi
      return 0
    fi
  elif tcp_open 127.0.0.1 "$port"; then
    echo "an unknown process"
  fi
}

# host and port out of a JDBC or redis URL
url_host() { local u="${1#*://}"; u="${u#*@}"; u="${u%%/*}"; echo "${u%%:*}"; }
url_port() { local u="${1#*://}"; u="${u#*@}"; u="${u%%/*}"; [[ "$u" == *:* ]] && echo "${u##*:}" || echo "$2"; }

json_escape() { local s="$1"; s="${s//\\/\\\\}"; s="${s//\"/\\\"}"; s="${s//$'\n'/\\n}"; s="${s//$'\t'/\\t}"; printf '%s' "$s"; }

# The variable that holds a service's URL (MODEL_GATEWAY_URL, REVIEWER_URL, …).
service_url_var() { local s; for s in "${SERVICES[@]}"; do [[ "${s%%:*}" == "$1" ]] && { echo "${s##*:}"; return 0; }; done; return 1; }

# ---------------------------------------------------------------- databases (backup.sh, restore.sh)
#
# Every service owns one PostgreSQL schema (its quarkus.flyway.schemas). Locally they share one server and database
# (QUARKUS_DATASOURCE_JDBC_URL); in production each may have a database of its own: <SERVICE>_JDBC_URL,
# <SERVICE>_DB_USERNAME and <SERVICE>_DB_PASSWORD (e.g. GENERATOR_AGENT_JDBC_URL) then say where.

# service -> schema, when the sources are not at hand to read it from
DEFAULT_SCHEMAS=(model-gateway:gateway reviewer-agent:reviewer download-service:download generator-agent:generator doctor-service:doctor)

# The prefix of a service's own variables: generator-agent -> GENERATOR_AGENT
service_env_prefix() { local p="${1^^}"; echo "${p//-/_}"; }

# The schema a service owns: <SERVICE>_DB_SCHEMA, else quarkus.flyway.schemas from its sources, else the default.
service_schema() {
  local prefix var props schema entry
  prefix=$(service_env_prefix "$1"); var="${prefix}_DB_SCHEMA"
  if [[ -n "${!var:-}" ]]; then echo "${!var}"; return 0; fi
  props="$CODEAGENTS_ROOT/$1/src/main/resources/application.properties"
  if [[ -r "$props" ]]; then
    schema=$(sed -n 's/^quarkus\.flyway\.schemas *= *\([A-Za-z0-9_]*\).*/\1/p' "$props" | head -1)
    [[ -n "$schema" ]] && { echo "$schema"; return 0; }
  fi
  for entry in "${DEFAULT_SCHEMAS[@]}"; do [[ "${entry%%:*}" == "$1" ]] && { echo "${entry#*:}"; return 0; }; done
  return 1
}

# The JDBC URL, user and password a service's data is reached with (its own variables, else the shared ones).
service_jdbc_url() { local v; v="$(service_env_prefix "$1")_JDBC_URL"; echo "${!v:-${QUARKUS_DATASOURCE_JDBC_URL:-jdbc:postgresql://localhost:5432/codeagents}}"; }
service_db_user() { local v; v="$(service_env_prefix "$1")_DB_USERNAME"; echo "${!v:-${QUARKUS_DATASOURCE_USERNAME:-postgres}}"; }
service_db_password() { local v; v="$(service_env_prefix "$1")_DB_PASSWORD"; echo "${!v:-${QUARKUS_DATASOURCE_PASSWORD:-}}"; }

# libpq connection arguments for a JDBC URL: jdbc:postgresql://host[:port]/database[?sslmode=…]
# Prints "host port database sslmode"; fails on a URL it cannot read.
jdbc_parts() {
  local url="$1" rest hostport db params host port sslmode=""
  [[ "$url" == jdbc:postgresql://* ]] || return 1
  rest="${url#jdbc:postgresql://}"
  hostport="${rest%%/*}"; db="${rest#*/}"
  [[ "$rest" == */* ]] || db="postgres"
  params=""; [[ "$db" == *\?* ]] && { params="${db#*\?}"; db="${db%%\?*}"; }
  [[ "$params" =~ (^|&)sslmode=([^&]*) ]] && sslmode="${BASH_REMATCH[2]}"
  host="${hostport%%:*}"; port="5432"; [[ "$hostport" == *:* ]] && port="${hostport##*:}"
  [[ -n "$host" && -n "$db" ]] || return 1
  echo "$host $port $db ${sslmode:-prefer}"
}

# pg SERVICE COMMAND [args…]: runs psql/pg_dump/pg_restore against the service's database.
pg() {
  local service="$1" tool="$2" parts host port db sslmode
  shift 2
  parts=$(jdbc_parts "$(service_jdbc_url "$service")") || { fail "cannot read the JDBC URL of $service: $(service_jdbc_url "$service")"; return 2; }
  read -r host port db sslmode <<< "$parts"
  PGPASSWORD="$(service_db_password "$service")" PGSSLMODE="$sslmode" PGCONNECT_TIMEOUT=5 \
    "$tool" -h "$host" -p "$port" -U "$(service_db_user "$service")" -d "$db" "$@"
}

# Where a service's database is, without credentials (for messages and the backup's MANIFEST).
service_db_where() {
  local parts host port db sslmode
  parts=$(jdbc_parts "$(service_jdbc_url "$1")") || { echo "(unreadable JDBC URL)"; return; }
  read -r host port db sslmode <<< "$parts"
  echo "$host:$port/$db"
}
