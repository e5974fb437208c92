#!/usr/bin/env bash
# 督办 speed benchmark (issue 18 item 7): the supervisor's 督办 page for the root agency's whole tree, next to the JSON
# calls whose queries it sends (GET /api/dashboard, /api/dashboard/charts, /api/reports/trends), in the same run, on the desk
# benchmark's register of 1,000,000 cases over 201 agencies (bench/desk.sh makes it), on SQLite and on PostgreSQL 15.
# Usage: bench/dashboard.sh <sqlite register file> [warm-up rounds] [measured rounds]   (defaults 3 and 10)
#   The SQLite file is copied first (the copy is migrated by the server; the source is never changed).
#   PostgreSQL: CASETRACKER_PG_DIR (a copy of the desk benchmark's cluster, database ct_desk_1000000) and CASETRACKER_PG_PORT;
#   CASETRACKER_DASHBOARD_PG=0 skips it. Port of the service: CASETRACKER_DASHBOARD_PORT (5134).
set -euo pipefail
cd "$(dirname "$0")/.."
source_db=${1:?usage: bench/dashboard.sh <sqlite register> [warmup] [runs]}
warmup=${2:-3}
runs=${3:-10}
port=${CASETRACKER_DASHBOARD_PORT:-5134}
key="desk-benchmark-signing-key-0123456789"
login=s-p
password="Desk-bench-password-1"
export PersonalData__KeyCertificatePath="$(tools/key-certificate.sh)"
mkdir -p bench/.data
copy=bench/.data/dashboard-register.db
if [ ! -f "$copy" ]; then
  cp "$source_db" "$copy"
  [ -f "$source_db-wal" ] && cp "$source_db-wal" "$copy-wal"
fi
dotnet build -c Release src/Api >/dev/null
dotnet build -c Release bench/Desk.Benchmark >/dev/null
bench=bench/Desk.Benchmark/bin/Release/net10.0/Desk.Benchmark.dll
api=$PWD/src/Api/bin/Release/net10.0/CaseTracker.Api.dll
server_pid=
pg_started=
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true; [ -n "$pg_started" ] && tools/postgres.sh stop >/dev/null || true; }
trap cleanup EXIT

run() {
  local engine=$1 connection=$2
  echo "== $engine; load before: $(uptime)" >&2
  export Database__Provider=$engine Database__ConnectionString=$connection Auth__SigningKey=$key Jobs__Server=false Logging__LogLevel__Default=Warning
  echo "$password" | dotnet "$api" user add --login $login --name 督办人 --agency P --roles Supervisor --password-stdin >/dev/null 2>&1 || true
  dotnet "$api" --urls "http://127.0.0.1:$port" >"bench/.data/dashboard-server-$engine.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 3000); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 0.2; done
  local token
  token=$(dotnet "$api" token --user $login --hours 2 | tail -1)
  echo "$password" | dotnet $bench dashboard --url "http://127.0.0.1:$port" --token "$token" --login $login --agency P \
    --warmup "$warmup" --runs "$runs" --label "$engine"
  echo "== $engine done; load after: $(uptime)" >&2
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=
  unset Database__Provider Database__ConnectionString
}

run Sqlite "Data Source=$PWD/$copy"
if [ "${CASETRACKER_DASHBOARD_PG:-1}" = 1 ]; then
  server=$(tools/postgres.sh start); pg_started=1
  run PostgreSql "${server/Database=postgres/Database=ct_desk_1000000}"
fi
