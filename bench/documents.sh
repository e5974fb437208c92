#!/usr/bin/env bash
# Documents (文书) speed (issue 15 item 7): drafting and issuing a 补正告知书 next to reading the case alone, in the same
# run, one request at a time, on the embedded default (a fresh SQLite file), Release build on loopback.
# Usage: bench/documents.sh [cases] [warm-up cases]   (defaults 600 and 200). Port: CASETRACKER_DOCS_PORT (5103).
set -euo pipefail
cd "$(dirname "$0")/.."
cases=${1:-600}
warmup=${2:-200}
port=${CASETRACKER_DOCS_PORT:-5103}
work=$PWD/bench/.data/documents-$$
mkdir -p "$work"
key="bench-signing-key-bench-signing-key-0123456789"
# The published service runs in Production: it needs a personal-data key certificate (README "Personal data keys and backups").
export PersonalData__KeyCertificatePath="$(tools/key-certificate.sh)"
export Database__ConnectionString="Data Source=$work/casetracker.db" Auth__SigningKey="$key" Logging__LogLevel__Default=Warning Jobs__Server=false
server_pid=
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true; }
trap cleanup EXIT

dotnet build -c Release src/Api >/dev/null
dotnet build -c Release bench/Documents.Benchmark >/dev/null
api=$PWD/src/Api/bin/Release/net10.0/CaseTracker.Api.dll
(cd src/Api && dotnet "$api" user add --login bench --name 承办人 --agency BENCH --roles Administrator,IntakeOfficer,CaseHandler \
   --password-stdin <<<"Bench-password-2026" >/dev/null)
dotnet "$api" --urls "http://127.0.0.1:$port" >"$work/api.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 0.2; done
token=$(cd src/Api && dotnet "$api" token --user bench --hours 2 | tail -1)
curl -sf -X POST "http://127.0.0.1:$port/api/agencies" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d '{"code":"BENCH","name":"测试市人民政府"}' >/dev/null
echo "load before: $(uptime)" >&2
dotnet bench/Documents.Benchmark/bin/Release/net10.0/Documents.Benchmark.dll --url "http://127.0.0.1:$port" --token "$token" --agency BENCH \
  --cases "$cases" --warmup "$warmup"
echo "load after: $(uptime)" >&2
