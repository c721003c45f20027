#!/usr/bin/env bash
# Deploys (or updates) the whole stack of docker-compose.yml on this host.
#
#   ops/scripts/deploy.sh [--backup] [--game]
#
# 1. checks .env (copy .env.example and fill the secrets) and the compose file (docker compose config),
# 2. makes the development certificate when the default certificate folder is empty,
# 3. --backup: backs the database up first (ops/scripts/backup.sh through the postgres container),
# 4. builds the backend image, starts or updates every service (rolling: compose recreates only
#    what changed), --game adds the optional game server,
# 5. waits until the gateway and every role report healthy.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
source ops/scripts/lib.sh

backup=false
profiles=()
for arg in "$@"; do
  case "$arg" in
    --backup) backup=true ;;
    --game) profiles=(--profile game) ;;
    *) echo "unknown argument '$arg'" >&2; exit 2 ;;
  esac
done

dc=(docker compose); docker compose version > /dev/null 2>&1 || dc=(docker-compose)
[[ -f .env ]] || { echo "no .env: cp .env.example .env and fill the secrets (docs/operations.md, Deployment)" >&2; exit 2; }
"${dc[@]}" "${profiles[@]}" config --quiet

set -a; source .env; set +a
certs="${ECONOMY_GATEWAY_CERTS_DIR:-./ops/nginx/certs}"
if [[ "$certs" == "./ops/nginx/certs" && ! -f "$certs/economy-dev.crt" ]]; then
  economy_log "no certificate yet: making the development one (production: set the real paths in .env)"
  ops/nginx/make-dev-cert.sh "$certs" "${ECONOMY_GATEWAY_SERVER_NAME:-localhost}"
fi

if $backup && "${dc[@]}" ps --services --filter status=running | grep -qx postgres; then
  file="backups/economy-$(date -u +%Y%m%dT%H%M%SZ).dump"
  mkdir -p backups
  economy_log "backing up to $file"
  "${dc[@]}" exec -T postgres sh -c 'pg_dump -U "$POSTGRES_USER" -Fc --no-owner "$POSTGRES_DB"' > "$file"
fi

"${dc[@]}" "${profiles[@]}" build
"${dc[@]}" "${profiles[@]}" up -d --remove-orphans

deadline=$((SECONDS + ${ECONOMY_DEPLOY_WAIT:-300}))
for service in postgres redis command query projections sagas gateway prometheus grafana; do
  until [[ "$(docker inspect --format '{{.State.Health.Status}}' "$("${dc[@]}" ps -q "$service")" 2>/dev/null)" == healthy ]]; do
    if (( SECONDS > deadline )); then
      economy_log "$service is not healthy; its last log lines:" >&2
      "${dc[@]}" logs --tail 40 "$service" >&2
      exit 1
    fi
    sleep 2
  done
  economy_log "$service is healthy"
done
"${dc[@]}" ps
