#!/usr/bin/env bash
# The benchmark (docs/operations.md, "Benchmark"): builds the application and the benchmark, then runs
# dev.economy.bench.Benchmark, which starts the backend on its own database, drives it over HTTP,
# runs pgbench beside it, times a rebuild of a million events and a transfer on a long account.
# Settings are BENCH_* environment variables (docs/operations.md, "Benchmark"). Not part of the test suite.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [[ "${BENCH_SKIP_BUILD:-false}" != "true" ]]; then
  ./mvnw -q -B -pl app,bench -am -DskipTests package
fi
if [[ -z "${BENCH_PGBENCH:-}" ]]; then
  BENCH_PGBENCH="$(command -v pgbench || ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | sort -V | tail -n1 || true)"
  [[ -n "$BENCH_PGBENCH" ]] || { echo "bench: pgbench not found; install postgresql-contrib or set BENCH_PGBENCH" >&2; exit 1; }
  export BENCH_PGBENCH
fi
commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if ! git diff --quiet HEAD 2>/dev/null; then commit="$commit+dirty"; fi
export BENCH_COMMIT="${BENCH_COMMIT:-$commit}"
mkdir -p target/bench
java ${BENCH_CLIENT_JAVA_OPTS:--Xmx1g} -jar bench/target/bench-0.1.0-SNAPSHOT.jar "$@" 2>&1 | tee target/bench/last-run.txt
