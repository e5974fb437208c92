#!/usr/bin/env bash
# Issue 17 item 9, before/after in the same run: the 50,000-row register (.xlsx and UTF-8 CSV) imported on SQLite by a Release
# build of $BASE (default: the merge base with main) and of this tree, alternating, each import in a freshly started service so
# its peak memory (VmHWM) is that import's; the load average is printed next to each figure (the machine is shared).
# Usage: bench/import-compare.sh [rows] [port]     (figures in bench/README.md)
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-50000}
port=${2:-${CASETRACKER_IMPORT_PORT:-5106}}
base=${BASE:-$(git merge-base HEAD main)}
work=bench/.data/import-compare-$$
key="import-benchmark-signing-key-0123456789"
export PersonalData__KeyCertificatePath="$(tools/key-certificate.sh)"
mkdir -p "$work/before"
python3 bench/import-register.py "$rows" "bench/.data/register-$rows"
git archive "$base" | tar -x -C "$work/before"
dotnet build -c Release "$work/before/src/Api" >/dev/null
dotnet build -c Release src/Api >/dev/null
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

one() { # label, bin dir, file
  local label=$1 bin=$2 file=$3 stamp agency db token out peak rss load
  stamp=$(date +%s%N); agency="B${stamp: -6}"; db=$PWD/$work/import-$stamp.db
  export Database__Provider=Sqlite Database__ConnectionString="Data Source=$db" Auth__SigningKey=$key Jobs__Server=false Logging__LogLevel__Default=Warning
  echo "Import-bench-password-1" | dotnet "$bin/CaseTracker.Api.dll" user add --login "bench-$agency" --name 管理员 --agency "$agency" \
    --roles Administrator,IntakeOfficer --password-stdin >/dev/null 2>&1
  dotnet "$bin/CaseTracker.Api.dll" --urls "http://127.0.0.1:$port" >"$work/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 0.2; done
  token=$(dotnet "$bin/CaseTracker.Api.dll" token --user "bench-$agency" --hours 2 | tail -1)
  curl -s -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "{\"code\":\"$agency\",\"name\":\"导入测试机关$agency\"}" "http://127.0.0.1:$port/api/agencies"
  rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status); load=$(cut -d' ' -f1-3 /proc/loadavg)
  out=$(curl -s -o "$work/answer.json" -w '%{http_code} %{time_total}' -H "Authorization: Bearer $token" -F "file=@$file" \
    "http://127.0.0.1:$port/api/cases/import?agency=$agency")
  peak=$(awk '/VmHWM/ {print $2}' /proc/$pid/status)
  echo "| $label | $(basename "$file") | ${out% *} | ${out#* } s | $((rss / 1024)) MB | $((peak / 1024)) MB | $(head -c 20 "$work/answer.json") | $load |"
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
}

echo "| build | file | status | time | RSS before | peak RSS (VmHWM) | answer | load average before |"
echo "|---|---|---|---:|---:|---:|---|---|"
for f in xlsx csv; do
  one "after ($(git rev-parse --short HEAD))" "$PWD/src/Api/bin/Release/net10.0" "bench/.data/register-$rows.$f"
  one "before (${base:0:7})" "$PWD/$work/before/src/Api/bin/Release/net10.0" "bench/.data/register-$rows.$f"
done
