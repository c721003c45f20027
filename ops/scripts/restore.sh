#!/usr/bin/env bash
# Restores a backup of ops/scripts/backup.sh into the backend's database, replacing what is there.
# Stop the backend first (ops/scripts/restart-services.sh stop, or docker compose stop command
# query projections sagas): a restore under a running backend mixes two states.
#
#   ops/scripts/restore.sh <backup-file> --yes
#
# The database (ECONOMY_DB_URL, ECONOMY_DB_USER, ECONOMY_DB_PASSWORD) is dropped and created
# again, then the dump is restored in one transaction (all or nothing). The user needs the right
# to create databases (the owner of the economy database in docker-compose.yml has it).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/lib.sh"

file="${1:-}"
if [[ -z "$file" || ! -f "$file" ]]; then
  echo "usage: $0 <backup-file> --yes   (no such file: '${file}')" >&2
  exit 2
fi
if [[ "${2:-}" != "--yes" ]]; then
  echo "restoring replaces the database named by ECONOMY_DB_URL; run again with --yes to do it" >&2
  exit 2
fi
economy_db_from_settings
if [[ -f "$file.sha256" ]]; then
  (cd "$(dirname "$file")" && sha256sum --check --quiet "$(basename "$file").sha256")
fi
pg_restore --list "$file" > /dev/null

psql_admin() {
  psql --host "$DB_HOST" --port "$DB_PORT" --username "$DB_USER" --no-password --dbname postgres \
    --set ON_ERROR_STOP=1 --quiet "$@"
}
economy_log "dropping and creating $DB_NAME on $DB_HOST:$DB_PORT"
psql_admin --command "drop database if exists \"$DB_NAME\" with (force)"
psql_admin --command "create database \"$DB_NAME\""
economy_log "restoring $file"
pg_restore --host "$DB_HOST" --port "$DB_PORT" --username "$DB_USER" --no-password \
  --dbname "$DB_NAME" --no-owner --no-privileges --single-transaction --exit-on-error "$file"
psql --host "$DB_HOST" --port "$DB_PORT" --username "$DB_USER" --no-password --dbname "$DB_NAME" \
  --quiet --command "analyze"
events=$(psql --host "$DB_HOST" --port "$DB_PORT" --username "$DB_USER" --no-password --dbname "$DB_NAME" \
  --tuples-only --no-align --command "select count(*) from domainevententry")
economy_log "restored $DB_NAME from $file ($events events in the PostgreSQL event store)"
