#!/usr/bin/env bash
# Issue 17 item 9: a 50,000-row office register imported as .xlsx and as the same rows in UTF-8 CSV, on SQLite and PostgreSQL,
# each import in a freshly started service so its peak memory (VmHWM of the service process) is that import's.
# Usage: bench/import.sh [rows]   (figures in bench/README.md); DOTNET_gcServer=0 runs the service with workstation GC.
# IMPORT_ENGINES="Sqlite PostgreSql" and IMPORT_FILES="xlsx csv" (the defaults) choose what runs, CASETRACKER_IMPORT_PORT the port; any DOTNET_GC* variable set is
# passed to the service and shown in the GC column.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-50000}
port=${CASETRACKER_IMPORT_PORT:-5106}
export CASETRACKER_PG_DIR=${CASETRACKER_PG_DIR:-.pg-i17} CASETRACKER_PG_PORT=${CASETRACKER_PG_PORT:-55406}
key="import-benchmark-signing-key-0123456789"
export PersonalData__KeyCertificatePath="$(tools/key-certificate.sh)"
mkdir -p bench/.data
# The register is the same for a given row count (seeded), so an existing one is reused; IMPORT_NO_BUILD=1 runs the last Release build
# (to run variants side by side on other ports).
[ -f "bench/.data/register-$rows.csv" ] && [ -f "bench/.data/register-$rows.xlsx" ] || python3 bench/import-register.py "$rows" "bench/.data/register-$rows"
[ -n "${IMPORT_NO_BUILD:-}" ] || dotnet build -c Release src/Api >/dev/null
api=$PWD/src/Api/bin/Release/net10.0/CaseTracker.Api.dll
server_pid=
pg_started=
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true; [ -n "$pg_started" ] && tools/postgres.sh stop >/dev/null || true; }
trap cleanup EXIT

one() {
  local engine=$1 connection=$2 file=$3 agency=$4
  export Database__Provider=$engine Database__ConnectionString=$connection Auth__SigningKey=$key Jobs__Server=false Logging__LogLevel__Default=Warning
  echo "Import-bench-password-1" | dotnet "$api" user add --login "bench-$agency" --name 管理员 --agency "$agency" --roles Administrator,IntakeOfficer --password-stdin >/dev/null 2>&1 || true
  dotnet "$api" --urls "http://127.0.0.1:$port" >"bench/.data/import-server-$engine-$port.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 0.2; done
  local token
  token=$(dotnet "$api" token --user "bench-$agency" --hours 2 | tail -1)
  curl -s -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "{\"code\":\"$agency\",\"name\":\"导入测试机关$agency\"}" "http://127.0.0.1:$port/api/agencies"
  local rss_before load
  rss_before=$(awk '/VmRSS/ {print $2}' /proc/$server_pid/status)
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  # The peak's parts, sampled every 0.2 s: anonymous memory (the GC heap, SQLite's page cache) and file-backed (the database's memory map, code).
  ( anon=0; filed=0; while kill -0 "$server_pid" 2>/dev/null; do
      read -r a f < <(awk '/RssAnon/ {a=$2} /RssFile/ {f=$2} END {print a, f}' /proc/$server_pid/status 2>/dev/null || echo "0 0")
      [ "${a:-0}" -gt "$anon" ] && anon=$a; [ "${f:-0}" -gt "$filed" ] && filed=$f
      echo "$((anon / 1024)) MB / $((filed / 1024)) MB" >"bench/.data/import-parts-$port"; sleep 0.2; done ) &
  local sampler=$!
  local out
  out=$(curl -s -o bench/.data/import-answer-$port.json -w '%{http_code} %{time_total}' -H "Authorization: Bearer $token" \
    -F "file=@$file" "http://127.0.0.1:$port/api/cases/import?agency=$agency")
  local peak
  peak=$(awk '/VmHWM/ {print $2}' /proc/$server_pid/status)
  sleep 0.3; kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
  echo "| $engine | $(env | grep -E '^DOTNET_(gc|GC)' | sed 's/^DOTNET_//' | sort | tr '\n' ' ') | $(basename "$file") | ${out% *} | ${out#* } s | $((rss_before / 1024)) MB | $((peak / 1024)) MB | $(cat "bench/.data/import-parts-$port") | $(head -c 60 bench/.data/import-answer-$port.json | tr -d '\n|') | $load |"
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=
}

echo "| engine | GC | file | status | time | RSS before | peak RSS (VmHWM) | peak anonymous / file-backed | answer | load average before |"
echo "|---|---|---|---|---:|---:|---:|---:|---|---|"
stamp=$(date +%s)
db=$PWD/bench/.data/import-$stamp-$port.db
for engine in ${IMPORT_ENGINES:-Sqlite PostgreSql}; do
  if [ "$engine" = PostgreSql ]; then
    server=$(tools/postgres.sh start); pg_started=1
  fi
  for f in ${IMPORT_FILES:-xlsx csv}; do
    # Each import into a fresh database, so that neither starts with the other's 50,000 cases.
    if [ "$engine" = PostgreSql ]; then connection=${server/Database=postgres/Database=ct_import_${stamp}_$f}; else connection="Data Source=${db%.db}-$f.db"; fi
    one "$engine" "$connection" "bench/.data/register-$rows.$f" "$([ "$f" = xlsx ] && echo X || echo C)$stamp"
  done
done
