#!/usr/bin/env bash
# Pages a registration writes (issue 14 item 6): WAL frames per registration on the embedded default, per table and index, for
# the register as it was before ($BASE, default fd88eb8) and the current tree. Each build: a Release server on a fresh SQLite
# file, 3,000 registrations (concurrency 4) so the b-trees have their working shape, a TRUNCATE checkpoint from another
# connection, then N registrations one at a time (default 40; under SQLite's 1,000-frame automatic checkpoint); the WAL's frames
# are then counted by the b-tree their page belongs to (dbstat of a backup taken at that moment). Every commit writes these
# frames and, with the default synchronous = FULL, waits for them on disk, inside the one write gate.
# Usage: [BASE=commit] bench/intake-wal-frames.sh [registrations] [first port]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-40}
port=${2:-5311}
base=${BASE:-fd88eb8}
before=$(realpath -m "${BEFORE_DIR:-bench/.data/cpu-before-$base}")
work=$(realpath -m bench/.data/frames-$$)
key="bench-signing-key-bench-signing-key-0123456789"
export PersonalData__KeyCertificatePath="$(tools/key-certificate.sh)"
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
if [ ! -f "$before/src/Api/bin/Release/net10.0/CaseTracker.Api.dll" ]; then
  mkdir -p "$before"; git archive "$base" | tar -x -C "$before"
  dotnet build -c Release "$before/src/Api" >/dev/null
fi
[ -n "${NO_BUILD:-}" ] || dotnet build -c Release src/Api >/dev/null
[ -n "${NO_BUILD:-}" ] || dotnet build -c Release bench/Intake.Load >/dev/null
load="dotnet bench/Intake.Load/bin/Release/net10.0/Intake.Load.dll"

frames() { # label, api dir, port
  local label=$1 api=$2 p=$3 data="$work/$1"
  mkdir -p "$data"
  (cd "$api" && Database__ConnectionString="Data Source=$data/casetracker.db" Auth__SigningKey="$key" \
     dotnet bin/Release/net10.0/CaseTracker.Api.dll user add --login bench --name bench --agency BENCH --roles Administrator,IntakeOfficer \
       --password-stdin <<<"Bench-password-2026" >/dev/null)
  local token
  token=$(cd "$api" && Database__ConnectionString="Data Source=$data/casetracker.db" Auth__SigningKey="$key" \
     dotnet bin/Release/net10.0/CaseTracker.Api.dll token --user bench --hours 2 | tail -1)
  Database__ConnectionString="Data Source=$data/casetracker.db" Auth__SigningKey="$key" Logging__LogLevel__Default=Warning Jobs__Server=false \
    dotnet "$api/bin/Release/net10.0/CaseTracker.Api.dll" --contentRoot "$api" --urls "http://127.0.0.1:$p" >"$data.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$p/health/ready" >/dev/null && break; sleep 0.2; done
  curl -sf -X POST "http://127.0.0.1:$p/api/agencies" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d '{"code":"BENCH","name":"bench"}' >/dev/null
  $load --url "http://127.0.0.1:$p/api/cases" --token "$token" --requests 3000 --concurrency 4 --warmup 0 --label warm-up >/dev/null
  sqlite3 "$data/casetracker.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
  $load --url "http://127.0.0.1:$p/api/cases" --token "$token" --requests "$n" --concurrency 1 --warmup 0 --label measured >/dev/null
  cp "$data/casetracker.db-wal" "$data/measured.wal"
  sqlite3 "$data/casetracker.db" ".backup $data/measured.db"
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
  python3 - "$label" "$data/measured.db" "$data/measured.wal" "$n" <<'PY'
import collections, sqlite3, struct, sys
label, db, wal, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
names = dict((page, name) for name, page in sqlite3.connect(f"file:{db}?mode=ro", uri=True).execute("SELECT name, pageno FROM dbstat"))
data = open(wal, "rb").read()
size = struct.unpack(">I", data[8:12])[0]
count, offset = collections.Counter(), 32
while offset + 24 + size <= len(data):
    count[names.get(struct.unpack(">I", data[offset:offset + 4])[0], "?")] += 1
    offset += 24 + size
print(f"{label}: {sum(count.values()) / n:.1f} WAL frames per registration ({sum(count.values())} for {n})")
for name, frames in count.most_common(): print(f"  {frames / n:5.2f}  {name}")
PY
}

frames "before-$base" "$before/src/Api" "$port"
frames "now-$(git rev-parse --short HEAD)" "$PWD/src/Api" "$((port + 1))"
