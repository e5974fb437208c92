#!/usr/bin/env bash
# Attachments speed and memory (issue 19 item 7): a 20 MB file uploaded and downloaded through the service on Kestrel (in the
# bench's own process, so the allocations of each request can be counted) next to writing and reading the same bytes to a file,
# on the embedded default (a fresh SQLite file) and, with CASETRACKER_BENCH_POSTGRES (a server connection string), on PostgreSQL.
# Usage: bench/attachments.sh [rounds]   (default 5). Port: CASETRACKER_ATTACH_PORT (5137).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
port=${CASETRACKER_ATTACH_PORT:-5137}
work=$PWD/bench/.data/attachments-$$
mkdir -p "$work"
certificate="$(tools/key-certificate.sh)"
export ASPNETCORE_TEST_CONTENTROOT_CASETRACKER_API="$PWD/src/Api"
dotnet build -c Release bench/Attachments.Benchmark >/dev/null
dll=$PWD/bench/Attachments.Benchmark/bin/Release/net10.0/Attachments.Benchmark.dll
(cd src/Api && dotnet "$dll" --provider Sqlite --connection "Data Source=$work/casetracker.db" --certificate "$certificate" --rounds "$rounds" --port "$port")
if [ -n "${CASETRACKER_BENCH_POSTGRES:-}" ]; then
  (cd src/Api && dotnet "$dll" --provider PostgreSql --connection "${CASETRACKER_BENCH_POSTGRES};Database=attachments_bench_$$" --certificate "$certificate" \
     --rounds "$rounds" --port "$port")
fi
rm -rf "$work"
