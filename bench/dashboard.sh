#!/usr/bin/env bash
# 督办 speed benchmark (issue 18 item 7): the supervisor's 督办 page for the root agency's whole tree, next to the JSON
# calls whose queries it sends (GET /api/dashboard, /api/dashboard/charts, /api/reports/trends), in the same run, on the desk
# benchmark's register of 1,000,000 cases over 201 agencies (bench/desk.sh makes it), on SQLite and on PostgreSQL 15.
# Usage: bench/dashboard.sh <sqlite register file> [warm-up rounds] [measured rounds]   (defaults 3 and 10)
#   The SQLite file is copied first (the copy is migrated by the server; the source is never changed).
#   PostgreSQL: CASETRACKER_PG_DIR (a copy of the desk benchmark's cluster, database ct_desk_1000000) and CASETRACKER_PG_PORT;
#   CASETRACKER_DASHBOARD_PG=0 skips it, CASETRACKER_DASHBOARD_SQLITE=0 skips SQLite (then pass - for the register). Server start and stop: bench/server.sh. Port of the service: CASETRACKER_DASHBOARD_PORT (5134).
#   CASETRACKER_DASHBOARD_PG_PLANS=1: after the timed PostgreSQL run, one more round (1 warm-up, 1 measured) with auto_explain
#   (ANALYZE, BUFFERS) and log_executor_stats set on the database (parallel workers off, so a backend's CPU is its statement's), so every statement the service sends is logged with its plan,
#   execution time and the backend's CPU time (user + system: what the execution would take on a quiet machine); the settings are
#   reset after. The server log's part is kept in bench/.data/dashboard-plans-PostgreSql.log; bench/dashboard-plans.py prints
#   each distinct statement on cases with its least CPU and execution times and sums the CPU.
set -euo pipefail
cd "$(dirname "$0")/.."
source_db=${1:?usage: bench/dashboard.sh <sqlite register, or - with CASETRACKER_DASHBOARD_SQLITE=0> [warmup] [runs]}
warmup=${2:-3}
runs=${3:-10}
port=${CASETRACKER_DASHBOARD_PORT:-5134}
login=s-p
password="Desk-bench-password-1"
source bench/server.sh
copy=bench/.data/dashboard-register.db
if [ "${CASETRACKER_DASHBOARD_SQLITE:-1}" = 1 ] && [ ! -f "$copy" ]; then
  cp "$source_db" "$copy"
  if [ -f "$source_db-wal" ]; then cp "$source_db-wal" "$copy-wal"; fi
fi
bench_build bench/Desk.Benchmark

run() {
  local engine=$1 connection=$2 rounds_warmup=${3:-$warmup} rounds=${4:-$runs} label=${5:-$1}
  echo "== $engine; load before: $(uptime)" >&2
  bench_env "$engine" "$connection"
  bench_user_add $login 督办人 P Supervisor "$password"
  bench_server_start "$engine" "$connection" "$port" "bench/.data/dashboard-server-$engine.log"
  # The plan round keeps the server log from here: the requests' statements, not the service's start-up steps.
  if [ -n "${plans_log:-}" ]; then plans_from=$(($(wc -c <"$plans_log") + 1)); fi
  local token
  token=$(bench_token $login)
  echo "$password" | dotnet $bench dashboard --url "http://127.0.0.1:$port" --token "$token" --login $login --agency P \
    --warmup "$rounds_warmup" --runs "$rounds" --label "$label"
  echo "== $engine done; load after: $(uptime)" >&2
  bench_server_stop
}

if [ "${CASETRACKER_DASHBOARD_SQLITE:-1}" = 1 ]; then run Sqlite "Data Source=$PWD/$copy"; fi
if [ "${CASETRACKER_DASHBOARD_PG:-1}" = 1 ]; then
  bench_postgres_start
  run PostgreSql "${pg_connection/Database=postgres/Database=ct_desk_1000000}"
  if [ "${CASETRACKER_DASHBOARD_PG_PLANS:-0}" = 1 ]; then
    plans_log=${CASETRACKER_PG_DIR:-.pg}/server.log plans_from=
    pg_sql() { psql -h 127.0.0.1 -p "${CASETRACKER_PG_PORT:-55432}" -U postgres -d postgres -qAt "$@"; }
    for setting in "session_preload_libraries = 'auto_explain'" "auto_explain.log_min_duration = 0" "auto_explain.log_analyze = on" \
      "auto_explain.log_buffers = on" "log_executor_stats = on" "max_parallel_workers_per_gather = 0"; do
      pg_sql -c "ALTER DATABASE ct_desk_1000000 SET $setting"
    done
    run PostgreSql "${pg_connection/Database=postgres/Database=ct_desk_1000000}" 1 1 "PostgreSql, plans logged (times not comparable)" || true
    pg_sql -c "ALTER DATABASE ct_desk_1000000 RESET ALL"
    tail -c "+${plans_from:-1}" "$plans_log" >bench/.data/dashboard-plans-PostgreSql.log
    python3 bench/dashboard-plans.py bench/.data/dashboard-plans-PostgreSql.log
  fi
fi
