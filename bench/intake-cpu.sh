#!/usr/bin/env bash
# Process CPU time per registration (issue 14 item 6), the current tree against the register as it was before ($BASE,
# default fd88eb8), measured by the servers' own CPU clocks so that other load on the machine does not enter the figure
# (it still slows both a little: caches and frequency are shared). Both Release servers run at once on a fresh SQLite file
# each, are warmed up, then take turns: N registrations to one, then N to the other, R rounds; for each batch the server's
# user + system CPU time (/proc/<pid>/stat, all threads, GC included) before and after, divided by N. The load tool runs
# outside the servers and is not counted. Each request carries a valid ID number and a phone (bench/Intake.Load).
# Usage: bench/intake-cpu.sh [requests per batch] [rounds] [warm-up requests] [first port]
# Prints one line per batch and the median CPU ms per registration of each build.
# Runtime settings: BEFORE_ENV / NOW_ENV give environment assignments for one server only (e.g. NOW_ENV="DOTNET_gcServer=0");
# NOW_DIR runs the "now" server from another built tree (e.g. NOW_DIR=$BEFORE_DIR: one build, two settings).
set -euo pipefail
cd "$(dirname "$0")/.."
requests=${1:-3000}
rounds=${2:-4}
warmup=${3:-12000}
port=${4:-5190}
concurrency=${CONCURRENCY:-8}
base=${BASE:-fd88eb8}
before=$(realpath -m "${BEFORE_DIR:-bench/.data/cpu-before-$base}")
work=bench/.data/cpu-$$
mkdir -p "$work"
key="bench-signing-key-bench-signing-key-0123456789"
export PersonalData__KeyCertificatePath="$(tools/key-certificate.sh)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

if [ ! -f "$before/src/Api/bin/Release/net10.0/CaseTracker.Api.dll" ]; then
  mkdir -p "$before"; git archive "$base" | tar -x -C "$before"
  dotnet build -c Release "$before/src/Api" >/dev/null
fi
[ -n "${NO_BUILD:-}" ] || dotnet build -c Release src/Api >/dev/null
[ -n "${NO_BUILD:-}" ] || dotnet build -c Release bench/Intake.Load >/dev/null
ticks=$(getconf CLK_TCK)
load="dotnet bench/Intake.Load/bin/Release/net10.0/Intake.Load.dll"

wait_up() { for _ in $(seq 1 300); do curl -sf "$1" >/dev/null && return 0; sleep 0.2; done; echo "server at $1 did not start" >&2; exit 1; }
cpu_ms() { awk -v t="$ticks" '{ print ($14 + $15) * 1000 / t }' "/proc/$1/stat"; }

declare -A pid_of token_of port_of
start() { # label, api dir, port, environment assignments (may be empty)
  local label=$1 api=$2 p=$3 extra=$4 data="$PWD/$work/data-$1"
  mkdir -p "$data"
  (cd "$api" && Database__ConnectionString="Data Source=$data/casetracker.db" Auth__SigningKey="$key" \
     dotnet bin/Release/net10.0/CaseTracker.Api.dll user add --login bench --name bench --agency BENCH --roles Administrator,IntakeOfficer \
       --password-stdin <<<"Bench-password-2026" >/dev/null)
  token_of[$label]=$(cd "$api" && Database__ConnectionString="Data Source=$data/casetracker.db" Auth__SigningKey="$key" \
     dotnet bin/Release/net10.0/CaseTracker.Api.dll token --user bench --hours 2 | tail -1)
  # shellcheck disable=SC2086
  env $extra Database__ConnectionString="Data Source=$data/casetracker.db" Auth__SigningKey="$key" Logging__LogLevel__Default=Warning Jobs__Server=false \
    dotnet "$api/bin/Release/net10.0/CaseTracker.Api.dll" --contentRoot "$api" --urls "http://127.0.0.1:$p" >"$data.log" 2>&1 &
  pid_of[$label]=$!; pids+=($!); port_of[$label]=$p
  wait_up "http://127.0.0.1:$p/health/ready"
  curl -sf -X POST "http://127.0.0.1:$p/api/agencies" -H "Authorization: Bearer ${token_of[$label]}" -H 'Content-Type: application/json' \
    -d '{"code":"BENCH","name":"bench"}' >/dev/null
}

batch() { # label, requests, warm-up → prints CPU ms per registration
  local label=$1 n=$2 w=$3 c0 c1 out
  c0=$(cpu_ms "${pid_of[$label]}")
  out=$($load --url "http://127.0.0.1:${port_of[$label]}/api/cases" --token "${token_of[$label]}" \
    --requests "$n" --concurrency "$concurrency" --warmup "$w" --label "$label")
  c1=$(cpu_ms "${pid_of[$label]}")
  awk -v a="$c0" -v b="$c1" -v n="$((n + w))" 'BEGIN { printf "%.4f", (b - a) / n }'
  echo " $out" >&2
}

start before "$before/src/Api" "$port" "${BEFORE_ENV:-}"
start now "$(realpath -m "${NOW_DIR:-$PWD}")/src/Api" "$((port + 1))" "${NOW_ENV:-}"
[ -z "${BEFORE_ENV:-}${NOW_ENV:-}${NOW_DIR:-}" ] || echo "before: ${BEFORE_ENV:-as built}; now: ${NOW_DIR:-this tree} ${NOW_ENV:-as built}"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
batch before "$warmup" 0 >/dev/null 2>&1
batch now "$warmup" 0 >/dev/null 2>&1
declare -A all
for round in $(seq 1 "$rounds"); do
  for label in before now; do
    ms=$(batch "$label" "$requests" 0 2>/dev/null)
    all[$label]="${all[$label]:-} $ms"
    echo "round $round $label: $ms ms CPU per registration (load $(cut -d' ' -f1 /proc/loadavg))"
  done
done
median() { tr ' ' '\n' | grep . | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
mb=$(echo "${all[before]}" | median); mn=$(echo "${all[now]}" | median)
echo "median CPU ms per registration: before ($base) $mb, now ($(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src || echo '+changes')) $mn, ratio before/now $(awk -v a="$mb" -v b="$mn" 'BEGIN { printf "%.3f", a / b }')"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
rm -rf "$work"
