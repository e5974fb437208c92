#!/usr/bin/env bash
# Annual report benchmark (issue 5): the gov2021 subtree report for N cases over 201 agencies, counted in SQL
# by the product, next to loading the cases into memory and counting there, on SQLite and PostgreSQL 15.
# Usage: bench/reports.sh [cases] [runs]   (defaults 1,000,000 and 3; the databases are kept under
# bench/.data and .pg-bench between runs, so a second run skips the load)
set -euo pipefail
cd "$(dirname "$0")/.."
cases=${1:-1000000}
runs=${2:-3}
export CASETRACKER_PG_DIR=.pg-bench CASETRACKER_PG_PORT=${CASETRACKER_PG_PORT:-55434} CASETRACKER_PG_FSYNC=on
mkdir -p bench/.data
dotnet build -c Release bench/Reports.Benchmark >/dev/null
bin=bench/Reports.Benchmark/bin/Release/net10.0/Reports.Benchmark.dll
/usr/bin/time -f '{"engine":"sqlite","peakRssKB":%M}' dotnet $bin --engine sqlite --cases "$cases" --runs "$runs" \
  --connection "Data Source=bench/.data/reports-$cases.db"
server=$(tools/postgres.sh start)
trap 'tools/postgres.sh stop' EXIT
/usr/bin/time -f '{"engine":"postgresql","peakRssKB":%M}' dotnet $bin --engine postgresql --cases "$cases" --runs "$runs" \
  --connection "${server/Database=postgres/Database=ct_reports_$cases}"
