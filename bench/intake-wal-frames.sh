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
# Service start, users, tokens and stop: bench/server.sh (each build's own dll in $api, the current tree's built by bench_build).
source bench/server.sh
trap 'bench_cleanup; rm -rf "$work"' EXIT
if [ ! -f "$before/src/Api/bin/Release/net10.0/CaseTracker.Api.dll" ]; then
  mkdir -p "$before"; git archive "$base" | tar -x -C "$before"
  dotnet build -c Release "$before/src/Api" >/dev/null
fi
bench_build bench/Intake.Load
now_api=$api

frames() { # label, service dll, port
  local label=$1 p=$3 data="$work/$1" token
  api=$2
  mkdir -p "$data"
  bench_env Sqlite "Data Source=$data/casetracker.db"
  bench_user_add bench bench BENCH Administrator,IntakeOfficer Bench-password-2026
  token=$(bench_token bench)
  bench_server_start Sqlite "Data Source=$data/casetracker.db" "$p" "$data.log"
  curl -sf -X POST "http://127.0.0.1:$p/api/agencies" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d '{"code":"BENCH","name":"bench"}' >/dev/null
  dotnet "$bench" --url "http://127.0.0.1:$p/api/cases" --token "$token" --requests 3000 --concurrency 4 --warmup 0 --label warm-up >/dev/null
  sqlite3 "$data/casetracker.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
  dotnet "$bench" --url "http://127.0.0.1:$p/api/cases" --token "$token" --requests "$n" --concurrency 1 --warmup 0 --label measured >/dev/null
  cp "$data/casetracker.db-wal" "$data/measured.wal"
  sqlite3 "$data/casetracker.db" ".backup $data/measured.db"
  bench_server_stop
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

frames "before-$base" "$before/src/Api/bin/Release/net10.0/CaseTracker.Api.dll" "$port"
frames "now-$(git rev-parse --short HEAD)" "$now_api" "$((port + 1))"
