# Shared by the ops scripts: the database the backend uses, from the backend's own settings.
#   ECONOMY_DB_URL       jdbc:postgresql://host[:port]/database   (required)
#   ECONOMY_DB_USER      (default postgres)
#   ECONOMY_DB_PASSWORD  (default empty; passed to libpq as PGPASSWORD, never on a command line)

economy_db_from_settings() {
  local url="${ECONOMY_DB_URL:-}"
  if [[ -z "$url" ]]; then
    echo "ECONOMY_DB_URL is not set (e.g. jdbc:postgresql://127.0.0.1:5432/economy)" >&2
    return 2
  fi
  local rest="${url#jdbc:postgresql://}"
  if [[ "$rest" == "$url" ]]; then
    echo "ECONOMY_DB_URL must start with jdbc:postgresql:// (got $url)" >&2
    return 2
  fi
  rest="${rest%%\?*}"
  local hostport="${rest%%/*}"
  DB_NAME="${rest#*/}"
  DB_HOST="${hostport%%:*}"
  DB_PORT="5432"
  if [[ "$hostport" == *:* ]]; then DB_PORT="${hostport##*:}"; fi
  DB_USER="${ECONOMY_DB_USER:-postgres}"
  export PGPASSWORD="${ECONOMY_DB_PASSWORD:-}"
  if [[ -z "$DB_NAME" || "$DB_NAME" == "$rest" ]]; then
    echo "ECONOMY_DB_URL names no database: $url" >&2
    return 2
  fi
  if [[ ! "$DB_NAME" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]]; then
    echo "database name '$DB_NAME' is not a plain identifier" >&2
    return 2
  fi
}

economy_log() { echo "$(date -u +%FT%TZ) $*"; }
