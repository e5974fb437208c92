#!/usr/bin/env bash
# Intake with personal data encrypted at rest (issue 14 item 6) against the register as it was before (main, or the commit
# in $BASE), in the same run, on the embedded default (SQLite), Release builds, loopback, one server at a time on one port,
# alternating before/after twice so that neither gets the quieter minute. Each request carries a valid ID number and a phone.
# Usage: [ROUNDS=n] bench/intake-encryption.sh [requests] [concurrency] [warm-up requests] [port]
# ROUNDS (default 2) before/after pairs; the last line sums each side's requests over its seconds across all rounds and
# prints the ratio encrypted / before, with each round's own ratio, so that one noisy round does not decide.
set -euo pipefail
cd "$(dirname "$0")/.."
requests=${1:-3000}
concurrency=${2:-8}
warmup=${3:-3000}
port=${4:-5107}
base=${BASE:-$(git merge-base HEAD main)}
rounds=${ROUNDS:-2}
work=bench/.data/encryption-$$
mkdir -p "$work/before"
key="bench-signing-key-bench-signing-key-0123456789"
# The published service runs in Production: it needs a personal-data key certificate (README "Personal data keys and backups").
export PersonalData__KeyCertificatePath="$(tools/key-certificate.sh)"
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; }
trap cleanup EXIT

git archive "$base" | tar -x -C "$work/before"
dotnet build -c Release "$work/before/src/Api" >/dev/null
dotnet build -c Release src/Api >/dev/null
dotnet build -c Release bench/Intake.Load >/dev/null

wait_up() { for _ in $(seq 1 150); do curl -sf "$1" >/dev/null && return 0; sleep 0.2; done; echo "server at $1 did not start" >&2; exit 1; }

run() { # label, api dir, data dir
  local label=$1 api=$2 data=$3
  rm -rf "$data"; mkdir -p "$data"
  (cd "$api" && Database__ConnectionString="Data Source=$data/casetracker.db" Auth__SigningKey="$key" \
     dotnet bin/Release/net10.0/CaseTracker.Api.dll user add --login bench --name bench --agency BENCH --roles Administrator,IntakeOfficer \
       --password-stdin <<<"Bench-password-2026" >/dev/null)
  local token
  token=$(cd "$api" && Database__ConnectionString="Data Source=$data/casetracker.db" Auth__SigningKey="$key" \
     dotnet bin/Release/net10.0/CaseTracker.Api.dll token --user bench --hours 2 | tail -1)
  Database__ConnectionString="Data Source=$data/casetracker.db" Auth__SigningKey="$key" Logging__LogLevel__Default=Warning Jobs__Server=false \
    dotnet "$api/bin/Release/net10.0/CaseTracker.Api.dll" --contentRoot "$api" --urls "http://127.0.0.1:$port" >"$data.log" 2>&1 &
  pid=$!
  wait_up "http://127.0.0.1:$port/health/ready"
  curl -sf -X POST "http://127.0.0.1:$port/api/agencies" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d '{"code":"BENCH","name":"bench"}' >/dev/null
  dotnet bench/Intake.Load/bin/Release/net10.0/Intake.Load.dll --url "http://127.0.0.1:$port/api/cases" --token "$token" \
    --requests "$requests" --concurrency "$concurrency" --warmup "$warmup" --label "$label" | tee -a "$work/results.jsonl"
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
}

for round in $(seq 1 "$rounds"); do
  run "before (${base:0:7}), round $round" "$PWD/$work/before/src/Api" "$PWD/$work/data-before-$round"
  run "encrypted ($(git rev-parse --short HEAD)), round $round" "$PWD/src/Api" "$PWD/$work/data-after-$round"
done
python3 - "$work/results.jsonl" <<'PY'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1]) if line.startswith("{")]
before = [r for r in rows if r["label"].startswith("before")]
after = [r for r in rows if r["label"].startswith("encrypted")]
def rate(rs): return sum(r["requests"] for r in rs) / sum(r["seconds"] for r in rs)
ratios = [a["perSecond"] / b["perSecond"] for b, a in zip(before, after)]
print(f"rounds {len(ratios)}: before {rate(before):.1f}/s, encrypted {rate(after):.1f}/s, ratio {rate(after) / rate(before):.3f}"
      f" (per round {', '.join(f'{x:.2f}' for x in ratios)})")
PY
rm -rf "$work"
