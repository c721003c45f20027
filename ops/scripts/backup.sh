#!/usr/bin/env bash
# Backs up the backend's PostgreSQL database: the event store (events, snapshots), the read
# models, the processors' tracking tokens, dead letters, sagas, signing keys: everything the
# backend keeps in PostgreSQL, in one consistent snapshot (pg_dump runs in one transaction, so
# it may run while the backend is serving).
#
#   ops/scripts/backup.sh [backup-file]
#
# The database comes from the backend's settings (ECONOMY_DB_URL, ECONOMY_DB_USER,
# ECONOMY_DB_PASSWORD). Default file: backups/economy-<UTC time>.dump (pg_dump's custom format,
# compressed), with a .sha256 beside it. With Axon Server, its event store is backed up apart:
# axon-server/README.md, "Backups". Restore with ops/scripts/restore.sh.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/lib.sh"
economy_db_from_settings

file="${1:-backups/economy-$(date -u +%Y%m%dT%H%M%SZ).dump}"
mkdir -p "$(dirname "$file")"
tmp="$file.partial"
trap 'rm -f "$tmp"' EXIT

economy_log "backing up $DB_NAME on $DB_HOST:$DB_PORT to $file"
pg_dump --host "$DB_HOST" --port "$DB_PORT" --username "$DB_USER" --no-password \
  --format custom --compress 6 --no-owner --no-privileges --serializable-deferrable \
  --file "$tmp" "$DB_NAME"
# A dump that pg_restore cannot read is no backup.
pg_restore --list "$tmp" > /dev/null
mv "$tmp" "$file"
trap - EXIT
(cd "$(dirname "$file")" && sha256sum "$(basename "$file")" > "$(basename "$file").sha256")

events=$(psql --host "$DB_HOST" --port "$DB_PORT" --username "$DB_USER" --no-password --dbname "$DB_NAME" \
  --tuples-only --no-align --command "select count(*) from domainevententry" 2>/dev/null || echo "?")
economy_log "backup written: $file ($(du -h "$file" | cut -f1), $events events in the PostgreSQL event store)"
