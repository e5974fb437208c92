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
set -euo pipefail
cd "$(dirname "$0")/.."
cases=${1:-1000000}
warmup=${2:-20}
runs=${3:-50}
port=${CASETRACKER_DESK_PORT:-5101}
export CASETRACKER_PG_DIR=${CASETRACKER_PG_DIR:-.pg-bench} CASETRACKER_PG_PORT=${CASETRACKER_PG_PORT:-55434} CASETRACKER_PG_FSYNC=on
key="desk-benchmark-signing-key-0123456789"
# The published service runs in Production: it needs a personal-data key certificate (README "Personal data keys and backups").
export PersonalData__KeyCertificatePath="$(tools/key-certificate.sh)"
login=h01-p01d1
approver=a01-p01d1
password="Desk-bench-password-1"
mkdir -p bench/.data
dotnet build -c Release src/Api >/dev/null
dotnet build -c Release bench/Desk.Benchmark >/dev/null
bench=bench/Desk.Benchmark/bin/Release/net10.0/Desk.Benchmark.dll
api=$PWD/src/Api/bin/Release/net10.0/CaseTracker.Api.dll
server_pid=
pg_started=
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true; [ -n "$pg_started" ] && tools/postgres.sh stop >/dev/null || true; }
trap cleanup EXIT

# One engine: load (once), the desk user, the Release server on loopback, a token, the measurement, the server stopped.
run() {
  local engine=$1 connection=$2
  echo "== $engine, $cases cases; load before: $(uptime)" >&2
  dotnet $bench load --engine "$engine" --connection "$connection" --cases "$cases"
  [ "${CASETRACKER_DESK_BEFORE:-1}" = 1 ] && dotnet $bench index --engine "$engine" --connection "$connection" --drop
  export Database__Provider=$engine Database__ConnectionString=$connection Auth__SigningKey=$key Jobs__Server=false Logging__LogLevel__Default=Warning
  echo "$password" | dotnet "$api" user add --login $login --name 承办人01 --agency P01D1 --roles CaseHandler,IntakeOfficer --password-stdin >/dev/null 2>&1 || true
  echo "$password" | dotnet "$api" user add --login $approver --name 审批人01 --agency P01D1 --roles Approver --password-stdin >/dev/null 2>&1 || true
  dotnet "$api" --urls "http://127.0.0.1:$port" >"bench/.data/desk-server-$engine.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 0.2; done
  local token
  token=$(dotnet "$api" token --user $login --hours 2 | tail -1)
  local approver_token
  approver_token=$(dotnet "$api" token --user $approver --hours 2 | tail -1)
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
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=
  unset Database__Provider Database__ConnectionString
  echo "== $engine done; load after: $(uptime)" >&2
}

run Sqlite "Data Source=$PWD/bench/.data/desk-$cases.db"
server=$(tools/postgres.sh start); pg_started=1
run PostgreSql "${server/Database=postgres/Database=ct_desk_$cases}"
