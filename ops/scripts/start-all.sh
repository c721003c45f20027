#!/usr/bin/env bash
# Every role of the backend on this machine without Docker: one JVM per role, on its own port,
# all sharing the PostgreSQL event store of ECONOMY_DB_URL (docs/operations.md, "Roles").
#
#   ops/scripts/start-all.sh [roles...]     # default: command query projections sagas
#
#   role         port (ECONOMY_START_ALL_BASE_PORT, default 8081, + its position)
#   command      8081   the HTTP command API (POST ...), login, tokens
#   query        8082   the HTTP read API (GET ...), SSE
#   projections  8083   the read-model processors (only /actuator)
#   sagas        8084   the long processes (only /actuator)
#
# Each JVM logs to run/<role>.log and its pid is in run/<role>.pid; stop them with
# ops/scripts/restart-services.sh stop. Every other setting comes from the environment as for a
# single JVM (ECONOMY_DB_USER, ECONOMY_REDIS_HOST, ...). The jar is app/target/app-*.jar (built
# when missing). Put ops/nginx in front (command and query upstreams) to serve one address.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
source ops/scripts/lib.sh
economy_db_from_settings

roles=("$@")
if [[ ${#roles[@]} -eq 0 ]]; then roles=(command query projections sagas); fi
base="${ECONOMY_START_ALL_BASE_PORT:-8081}"
all=(command query projections sagas)
run="${ECONOMY_START_ALL_RUN_DIR:-$root/run}"
mkdir -p "$run"

# ECONOMY_START_ALL_CLASSPATH runs the application from a classpath instead of the jar (a
# development checkout, the tests); otherwise the jar, built when missing.
if [[ -n "${ECONOMY_START_ALL_CLASSPATH:-}" ]]; then
  launch=(-cp "$ECONOMY_START_ALL_CLASSPATH" dev.economy.app.EconomyApplication)
else
  jar=$(ls app/target/app-*.jar 2>/dev/null | grep -v original | head -n1 || true)
  if [[ -z "$jar" ]]; then
    economy_log "building the jar"
    ./mvnw -B -q -pl app -am -DskipTests package
    jar=$(ls app/target/app-*.jar | grep -v original | head -n1)
  fi
  launch=(-jar "$jar")
fi

port_of() {
  local i
  for i in "${!all[@]}"; do
    if [[ "${all[$i]}" == "$1" ]]; then echo $((base + i)); return; fi
  done
  echo "unknown role '$1' (command, query, projections, sagas)" >&2
  return 2
}

for role in "${roles[@]}"; do
  port=$(port_of "$role")
  if [[ -f "$run/$role.pid" ]] && kill -0 "$(cat "$run/$role.pid")" 2>/dev/null; then
    economy_log "$role already runs (pid $(cat "$run/$role.pid"))"
    continue
  fi
  # shellcheck disable=SC2086 # ECONOMY_JAVA_OPTS is a list of options
  ECONOMY_ROLES="$role" SERVER_PORT="$port" nohup java -Daxoniq.update-checker.disabled=true \
    ${ECONOMY_JAVA_OPTS:-} "${launch[@]}" > "$run/$role.log" 2>&1 &
  echo $! > "$run/$role.pid"
  economy_log "started $role on port $port (pid $!, log $run/$role.log)"
done

# Ready when each answers its readiness probe (or gave up after ECONOMY_START_ALL_WAIT seconds).
deadline=$((SECONDS + ${ECONOMY_START_ALL_WAIT:-180}))
for role in "${roles[@]}"; do
  port=$(port_of "$role")
  until curl -fsS "http://127.0.0.1:$port/actuator/health/readiness" > /dev/null 2>&1; do
    if ! kill -0 "$(cat "$run/$role.pid")" 2>/dev/null; then
      economy_log "$role stopped; the end of its log:"; tail -n 40 "$run/$role.log" >&2; exit 1
    fi
    if (( SECONDS > deadline )); then economy_log "$role is not ready after the wait" >&2; exit 1; fi
    sleep 1
  done
  economy_log "$role is ready on http://127.0.0.1:$port"
done
