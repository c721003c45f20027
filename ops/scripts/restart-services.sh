#!/usr/bin/env bash
# Restarts (or stops) roles of the backend, one after another so that the others keep serving.
#
#   ops/scripts/restart-services.sh [--compose] [stop] [roles...]   # default: every role
#
# Without --compose: the JVMs of ops/scripts/start-all.sh (run/<role>.pid): SIGTERM (Spring's
# graceful shutdown finishes the requests in progress and releases the processors' segments),
# wait up to 60 s, then start the role again with start-all.sh. With --compose: docker compose
# restart of those services (compose waits for its stop_grace_period the same way).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
source ops/scripts/lib.sh

compose=false
stop_only=false
roles=()
for arg in "$@"; do
  case "$arg" in
    --compose) compose=true ;;
    stop) stop_only=true ;;
    command|query|projections|sagas) roles+=("$arg") ;;
    *) echo "unknown argument '$arg'" >&2; exit 2 ;;
  esac
done
if [[ ${#roles[@]} -eq 0 ]]; then roles=(command query projections sagas); fi

if $compose; then
  dc="docker compose"; docker compose version > /dev/null 2>&1 || dc="docker-compose"
  for role in "${roles[@]}"; do
    if $stop_only; then $dc stop "$role"; else $dc restart "$role"; fi
    economy_log "$role: done"
  done
  exit 0
fi

run="${ECONOMY_START_ALL_RUN_DIR:-$root/run}"
for role in "${roles[@]}"; do
  pidfile="$run/$role.pid"
  if [[ -f "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    pid=$(cat "$pidfile")
    economy_log "stopping $role (pid $pid)"
    kill -TERM "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    if kill -0 "$pid" 2>/dev/null; then economy_log "$role did not stop in 60 s; killing it"; kill -KILL "$pid"; fi
  fi
  rm -f "$pidfile"
  if ! $stop_only; then
    "$root/ops/scripts/start-all.sh" "$role"
  fi
done
