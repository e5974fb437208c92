#!/usr/bin/env bash
# What a GC setting costs the intake (issue 17 item 9, bench/README.md "Import"): CaseTracker on SQLite started twice from the same
# Release build — once as built, once with the DOTNET_* GC variables given in VARIANT (e.g. VARIANT="DOTNET_gcServer=1") — each on a
# fresh database, then Intake.Load's registrations against each in alternating rounds, so both see the same load on the machine.
# Usage: VARIANT="DOTNET_gcServer=1" bench/intake-gc.sh [requests] [concurrency] [warm-up] [rounds]   (ports CASETRACKER_INTAKE_PORTS, "5155 5156")
set -euo pipefail
cd "$(dirname "$0")/.."
requests=${1:-2000}
concurrency=${2:-8}
warmup=${3:-4000}
rounds=${4:-2}
read -r port_a port_b <<<"${CASETRACKER_INTAKE_PORTS:-5155 5156}"
work=$PWD/bench/.data/intake-gc-$$
mkdir -p "$work"
key="bench-signing-key-bench-signing-key-0123456789"
export PersonalData__KeyCertificatePath="$(tools/key-certificate.sh)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
[ -n "${IMPORT_NO_BUILD:-}" ] || { dotnet build -c Release src/Api >/dev/null; dotnet build -c Release bench/Intake.Load >/dev/null; }
api=$PWD/src/Api/bin/Release/net10.0/CaseTracker.Api.dll

start() { # name, port, extra environment assignments…
  local name=$1 port=$2; shift 2
  local db="Data Source=$work/$name.db"
  env "$@" Database__ConnectionString="$db" Auth__SigningKey="$key" Logging__LogLevel__Default=Warning Jobs__Server=false \
    dotnet "$api" --urls "http://127.0.0.1:$port" >"$work/$name.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 0.2; done
  env "$@" Database__ConnectionString="$db" Auth__SigningKey="$key" dotnet "$api" user add --login bench --name bench --agency BENCH \
    --roles Administrator,IntakeOfficer --password-stdin <<<"Bench-password-2026" >/dev/null
  local token
  token=$(env "$@" Database__ConnectionString="$db" Auth__SigningKey="$key" dotnet "$api" token --user bench --hours 2 | tail -1)
  curl -sf -X POST "http://127.0.0.1:$port/api/agencies" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d '{"code":"BENCH","name":"bench"}' >/dev/null
  echo "$token" >"$work/$name.token"
}

start default "$port_a" DOTNET_CT_DEFAULT=1
# shellcheck disable=SC2086
start variant "$port_b" ${VARIANT:?give the GC variables, e.g. VARIANT=DOTNET_gcServer=1}
load=bench/Intake.Load/bin/Release/net10.0/Intake.Load.dll
for round in $(seq 1 "$rounds"); do
  w=$([ "$round" = 1 ] && echo "$warmup" || echo 0)
  echo "round $round, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  dotnet $load --url "http://127.0.0.1:$port_a/api/cases" --token "$(cat "$work/default.token")" --requests "$requests" --concurrency "$concurrency" --warmup "$w" --label "as built"
  dotnet $load --url "http://127.0.0.1:$port_b/api/cases" --token "$(cat "$work/variant.token")" --requests "$requests" --concurrency "$concurrency" --warmup "$w" --label "$VARIANT"
done
