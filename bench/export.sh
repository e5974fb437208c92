#!/usr/bin/env bash
# Register export benchmark (issue 16 item 6): GET /api/cases?agency=P&subtree=true with Accept text/csv and the XLSX
# type over the desk benchmark's register of 1,000,000 cases (SQLite; bench/desk.sh builds it as bench/.data/desk-N.db,
# or give its path as the second argument: it is copied, never changed). The published service (Release, Production) is
# started on 127.0.0.1:${CASETRACKER_EXPORT_PORT:-5105}; each export is timed to its last byte, and the server's resident
# memory is sampled every 100 ms (VmRSS from /proc) before, during and after: the peak during an export against the idle
# server shows whether memory follows the number of rows. Usage: bench/export.sh [cases] [source db] [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
cases=${1:-1000000}
source_db=${2:-bench/.data/desk-$cases.db}
runs=${3:-2}
port=${CASETRACKER_EXPORT_PORT:-5105}
db=bench/.data/export-$cases.db
mkdir -p bench/.data
if [ ! -f "$db" ]; then
  cp "$source_db" "$db"
  [ -f "$source_db-wal" ] && cp "$source_db-wal" "$db-wal"
fi
export PersonalData__KeyCertificatePath="$(tools/key-certificate.sh)"
dotnet build -c Release src/Api >/dev/null
api=$PWD/src/Api/bin/Release/net10.0/CaseTracker.Api.dll
export Database__Provider=Sqlite Database__ConnectionString="Data Source=$PWD/$db" Auth__SigningKey=export-benchmark-signing-key-0123456789 \
  Jobs__Server=false Logging__LogLevel__Default=Warning
echo "Export-bench-password-1" | dotnet "$api" user add --login export-bench --name 导出 --agency P --roles Supervisor --password-stdin >/dev/null 2>&1 || true
dotnet "$api" --urls "http://127.0.0.1:$port" >bench/.data/export-server.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 1; done
token=$(dotnet "$api" token --user export-bench --hours 2 | tail -1)
rss() { awk '/VmRSS/ {print $2}' /proc/$server/status; }
measure() { # accept, label
  local peak=0 out=bench/.data/export.$1.out start end
  local before; before=$(rss)
  start=$(date +%s.%N)
  curl -sf -H "Authorization: Bearer $token" -H "Accept: $2" "http://127.0.0.1:$port/api/cases?agency=P&subtree=true" -o "$out" &
  local client=$!
  while kill -0 $client 2>/dev/null; do r=$(rss); [ "$r" -gt "$peak" ] && peak=$r; sleep 0.1; done
  wait $client
  end=$(date +%s.%N)
  local lines; lines=$([ "$1" = csv ] && wc -l <"$out" || echo "-")
  printf '%s\t%.1f s\t%s bytes\tlines %s\tRSS before %d MB\tpeak %d MB\n' "$1" "$(echo "$end - $start" | bc)" "$(stat -c %s "$out")" "$lines" $((before / 1024)) $((peak / 1024))
}
# Warm: a small export first (the first request builds the pipeline and JIT-compiles the export path).
curl -sf -H "Authorization: Bearer $token" -H "Accept: text/csv" "http://127.0.0.1:$port/api/cases?agency=P01D1" -o /dev/null
for run in $(seq 1 "$runs"); do
  measure csv text/csv
  measure xlsx application/vnd.openxmlformats-officedocument.spreadsheetml.sheet
done
