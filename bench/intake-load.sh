#!/usr/bin/env bash
# Intake load test (issues 3 and 4): registrations per second and p50/p99 latency against CaseTracker on the
# embedded default (SQLite) and on PostgreSQL 15 (fsync on, its own cluster under .pg-bench/), next to the
# bare one-INSERT app, in the same run (Release builds, loopback).
# Usage: bench/intake-load.sh [requests] [concurrency] [warm-up requests, not measured: lets tiered JIT settle]
set -euo pipefail
cd "$(dirname "$0")/.."
requests=${1:-4000}
concurrency=${2:-8}
warmup=${3:-12000}
work=$PWD/bench/.data/intake-$$
mkdir -p "$work"
key="bench-signing-key-bench-signing-key-0123456789"
# The published service runs in Production: it needs a personal-data key certificate (README "Personal data keys and backups").
export PersonalData__KeyCertificatePath="$(tools/key-certificate.sh)"
pids=()
export CASETRACKER_PG_DIR=.pg-bench CASETRACKER_PG_PORT=${CASETRACKER_PG_PORT:-55434} CASETRACKER_PG_FSYNC=on
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; tools/postgres.sh stop; }
trap cleanup EXIT

dotnet build -c Release src/Api >/dev/null
dotnet build -c Release bench/Intake.Bare >/dev/null
dotnet build -c Release bench/Intake.Load >/dev/null

wait_up() { for _ in $(seq 1 100); do curl -sf "$1" >/dev/null && return 0; sleep 0.2; done; echo "server at $1 did not start" >&2; exit 1; }

# CaseTracker, embedded default on a fresh SQLite file.
Database__ConnectionString="Data Source=$work/casetracker.db" Auth__SigningKey="$key" Logging__LogLevel__Default=Warning Jobs__Server=false \
  dotnet src/Api/bin/Release/net10.0/CaseTracker.Api.dll --urls http://127.0.0.1:5091 >"$work/api.log" 2>&1 &
pids+=($!)
wait_up http://127.0.0.1:5091/health/ready
# A token is for an existing user of that database (issue 12): the user is added to each register first.
token_for() { # connection settings as environment assignments, e.g. Database__ConnectionString=…
  (cd src/Api && env "$@" Auth__SigningKey="$key" dotnet bin/Release/net10.0/CaseTracker.Api.dll user add --login bench --name bench --agency BENCH \
     --roles Administrator,IntakeOfficer --password-stdin <<<"Bench-password-2026" >/dev/null)
  (cd src/Api && env "$@" Auth__SigningKey="$key" dotnet bin/Release/net10.0/CaseTracker.Api.dll token --user bench --hours 2 | tail -1)
}
token=$(token_for Database__ConnectionString="Data Source=$work/casetracker.db")
curl -sf -X POST http://127.0.0.1:5091/api/agencies -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d '{"code":"BENCH","name":"bench"}' >/dev/null

# The bare app, its own SQLite file with the same schema.
Logging__LogLevel__Default=Warning dotnet bench/Intake.Bare/bin/Release/net10.0/Intake.Bare.dll --urls http://127.0.0.1:5092 \
  --Database "$work/bare.db" --Schema db/migrations/sqlite >"$work/bare.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do curl -s -o /dev/null http://127.0.0.1:5092/ && break; sleep 0.2; done

# CaseTracker on PostgreSQL, a fresh database of the benchmark cluster.
server=$(tools/postgres.sh start)
pgdb="ct_intake_$$"
Database__Provider=PostgreSql Database__ConnectionString="${server/Database=postgres/Database=$pgdb}" Auth__SigningKey="$key" \
  Logging__LogLevel__Default=Warning Jobs__Server=false \
  dotnet src/Api/bin/Release/net10.0/CaseTracker.Api.dll --urls http://127.0.0.1:5095 >"$work/api-pg.log" 2>&1 &
pids+=($!)
wait_up http://127.0.0.1:5095/health/ready
pgtoken=$(token_for Database__Provider=PostgreSql Database__ConnectionString="${server/Database=postgres/Database=$pgdb}")
curl -sf -X POST http://127.0.0.1:5095/api/agencies -H "Authorization: Bearer $pgtoken" -H 'Content-Type: application/json' \
  -d '{"code":"BENCH","name":"bench"}' >/dev/null

load=bench/Intake.Load/bin/Release/net10.0/Intake.Load.dll
dotnet $load --url http://127.0.0.1:5092/api/cases --requests "$requests" --concurrency "$concurrency" --warmup "$warmup" --label "bare minimal API + one Dapper INSERT"
dotnet $load --url http://127.0.0.1:5091/api/cases --token "$token" --requests "$requests" --concurrency "$concurrency" --warmup "$warmup" --label "CaseTracker POST /api/cases (SQLite)"
dotnet $load --url http://127.0.0.1:5095/api/cases --token "$pgtoken" --requests "$requests" --concurrency "$concurrency" --warmup "$warmup" --label "CaseTracker POST /api/cases (PostgreSQL 15)"
cleanup
rm -rf "$work"
