#!/usr/bin/env bash
# Several instances on one PostgreSQL database (issue 4): two API instances and one worker-only instance
# (every instance also runs a Hangfire server, so three servers compete for each recurring tick), a fixed
# number of registrations over both API instances with Idempotency-Key retries, SIGKILL of one API
# instance half-way, then the checks of bench/SeveralInstances. Loopback only; stops what it started.
# Usage: bench/several-instances.sh [requests] [concurrency]
set -euo pipefail
cd "$(dirname "$0")/.."
requests=${1:-1000}
concurrency=${2:-8}
key="several-instances-signing-key-0123456789abcdef"
# The published service runs in Production: it needs a personal-data key certificate (README "Personal data keys and backups").
export PersonalData__KeyCertificatePath="$(tools/key-certificate.sh)"
work=bench/.data/multi-$$
mkdir -p "$work"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

dotnet build -c Release src/Api >/dev/null
dotnet build -c Release bench/SeveralInstances >/dev/null
server=$(tools/postgres.sh start)
db="ct_multi_$$"
cs="${server/Database=postgres/Database=$db}"
app=src/Api/bin/Release/net10.0/CaseTracker.Api.dll
export Database__Provider=PostgreSql Database__ConnectionString="$cs" Auth__SigningKey="$key" Logging__LogLevel__Default=Warning
export Jobs__CalendarWatchCron="*/15 * * * * *"

dotnet $app migrate >/dev/null
export Database__MigrateOnStartup=false
start() { dotnet $app "$@" >>"$work/instances.log" 2>&1 & pids+=($!); }
start --urls http://127.0.0.1:5101
api1=${pids[-1]}
start --urls http://127.0.0.1:5102
start worker
for port in 5101 5102; do
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 0.2; done
done
token=$(cd src/Api && dotnet bin/Release/net10.0/CaseTracker.Api.dll token --user multi --name multi --agency MULTI --roles Administrator,IntakeOfficer --hours 2 | tail -1)
curl -sf -X POST http://127.0.0.1:5101/api/agencies -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d '{"code":"MULTI","name":"several instances"}' >/dev/null

status=0
dotnet bench/SeveralInstances/bin/Release/net10.0/SeveralInstances.dll --urls http://127.0.0.1:5101,http://127.0.0.1:5102 \
  --token "$token" --requests "$requests" --concurrency "$concurrency" --kill-pid "$api1" --database "$cs" --settle-seconds 60 || status=$?
cleanup
psql "host=127.0.0.1 port=55432 user=postgres dbname=postgres" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null
rm -rf "$work"
exit $status
