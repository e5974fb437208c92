#!/usr/bin/env bash
# Desk speed benchmark (issue 13 item 9): server time of 工作台 (/), 案件列表 (first page, filtered) and 案件
# (/cases/{id}) on a register of N open cases (the deadline-scan benchmark's register, shaped for the desk: four
# channels, 20 handlers an agency, Registered events, alerts raised by one scan), next to the JSON API calls that read
# the same data, in the same run, on SQLite and on PostgreSQL 15. Pages with the sign-in cookie, the API with a bearer
# token, both as the same handler (h01-p01d1: CaseHandler and IntakeOfficer of P01D1); and, pages only, the 工作台 and
# 审批 of an approver of that agency (a01-p01d1), next to the approval queues' API routes with the approver's token.
# Each engine is measured twice by the same server: first without the index of migration 0013 (a handler's own cases;
# "before"), then with it, created by the migration's own statement ("after"); CASETRACKER_DESK_BEFORE=0 skips "before".
# Usage: bench/desk.sh [cases] [warm-up rounds] [measured rounds]   (defaults 1,000,000, 20 and 50); the databases are
# kept under bench/.data and .pg-bench between runs, so a second run skips the load. Port: CASETRACKER_DESK_PORT (5101).
# CASETRACKER_DESK_SQLITE=0 skips SQLite (load and measurement), CASETRACKER_DESK_PG=0 skips PostgreSQL. After the load the
# PostgreSQL register is left as production's autovacuum would leave it: VACUUM (ANALYZE) of every table the load wrote
# (statistics, and the visibility map that index-only scans need); the row count of `cases` is printed.
set -euo pipefail
cd "$(dirname "$0")/.."
cases=${1:-1000000}
warmup=${2:-20}
runs=${3:-50}
port=${CASETRACKER_DESK_PORT:-5101}
export CASETRACKER_PG_DIR=${CASETRACKER_PG_DIR:-.pg-bench} CASETRACKER_PG_PORT=${CASETRACKER_PG_PORT:-55434} CASETRACKER_PG_FSYNC=on
login=h01-p01d1
approver=a01-p01d1
password="Desk-bench-password-1"
source bench/server.sh
bench_build bench/Desk.Benchmark

# One engine: load (once), the desk user, the Release server on loopback, a token, the measurement, the server stopped.
run() {
  local engine=$1 connection=$2
  echo "== $engine, $cases cases; load before: $(uptime)" >&2
  dotnet $bench load --engine "$engine" --connection "$connection" --cases "$cases"
  [ "${CASETRACKER_DESK_BEFORE:-1}" = 1 ] && dotnet $bench index --engine "$engine" --connection "$connection" --drop
  bench_env "$engine" "$connection"
  bench_user_add $login 承办人01 P01D1 CaseHandler,IntakeOfficer "$password"
  bench_user_add $approver 审批人01 P01D1 Approver "$password"
  bench_server_start "$engine" "$connection" "$port" "bench/.data/desk-server-$engine.log"
  local token
  token=$(bench_token $login)
  local approver_token
  approver_token=$(bench_token $approver)
  measure() {
    echo "$password" | dotnet $bench measure --url "http://127.0.0.1:$port" --token "$token" --login $login --approver $approver --approver-token "$approver_token" --agency P01D1 \
      --warmup "$warmup" --runs "$runs" --label "$1"
    echo "   measured $1; load: $(uptime)" >&2
  }
  if [ "${CASETRACKER_DESK_BEFORE:-1}" = 1 ]; then
    measure "$engine, before 0013 (no index on the handler)"
    dotnet $bench index --engine "$engine" --connection "$connection" --create
  fi
  measure "$engine"
  bench_server_stop
  echo "== $engine done; load after: $(uptime)" >&2
}

if [ "${CASETRACKER_DESK_SQLITE:-1}" = 1 ]; then run Sqlite "Data Source=$PWD/bench/.data/desk-$cases.db"; fi
if [ "${CASETRACKER_DESK_PG:-1}" = 1 ]; then
  bench_postgres_start
  run PostgreSql "${pg_connection/Database=postgres/Database=ct_desk_$cases}"
fi
