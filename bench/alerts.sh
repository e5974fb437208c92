#!/usr/bin/env bash
# Deadline scan benchmark (issue 6): the product's scan over N open cases (201 agencies) next to loading every
# open case into memory and computing each clock there, on SQLite and PostgreSQL 15, in the same run.
# Usage: bench/alerts.sh [cases] [runs]   (defaults 1,000,000 and 3); runs from the repository root wherever
# it is started; data under bench/.data and .pg-bench (ignored by git).
set -euo pipefail
cd "$(dirname "$0")/.."
cases=${1:-1000000}
runs=${2:-3}
export CASETRACKER_PG_DIR=.pg-bench CASETRACKER_PG_PORT=${CASETRACKER_PG_PORT:-55434} CASETRACKER_PG_FSYNC=on
mkdir -p bench/.data
rm -f "bench/.data/alerts-$cases.db" "bench/.data/alerts-$cases.db-wal" "bench/.data/alerts-$cases.db-shm"
dotnet build -c Release bench/Alerts.Benchmark >/dev/null
bin=bench/Alerts.Benchmark/bin/Release/net10.0/Alerts.Benchmark.dll
dotnet $bin --engine Sqlite --cases "$cases" --runs "$runs" --connection "Data Source=$PWD/bench/.data/alerts-$cases.db"
server=$(tools/postgres.sh start)
trap 'tools/postgres.sh stop' EXIT
dotnet $bin --engine PostgreSql --cases "$cases" --runs "$runs" --connection "$server"
