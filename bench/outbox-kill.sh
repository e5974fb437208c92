#!/usr/bin/env bash
# Fault test of the delivery outbox (issue 14 items 3 and 5): an import of N open overdue cases raises N alerts, queued in
# the import's transaction for the agency's webhook (a loopback receiver, bench/OutboxKill/receiver.py, answering each call
# after a delay); once part of them has arrived the service is killed with SIGKILL (its own pid), started again, and the
# receiver must end up with every delivery id exactly once (re-sends are counted: the receiver drops them by id).
# Usage: bench/outbox-kill.sh [sqlite|postgresql] [rows] [receiver delay seconds]
# PostgreSQL: CASETRACKER_PG_DIR / CASETRACKER_PG_PORT as for tools/postgres.sh. Loopback only; stops what it started.
set -euo pipefail
cd "$(dirname "$0")/.."
engine=${1:-sqlite}
rows=${2:-3000}
delay=${3:-0.3}
port=${CASETRACKER_BENCH_PORT:-5106}
key="outbox-kill-signing-key-0123456789abcdef-xyz"
work=$(mktemp -d "${TMPDIR:-/tmp}/outbox-kill.XXXXXX")
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

dotnet build -c Release src/Api >/dev/null
app=src/Api/bin/Release/net10.0/CaseTracker.Api.dll

python3 bench/OutboxKill/receiver.py "$work/port" "$work/received.log" "$delay" & pids+=($!)
for _ in $(seq 1 50); do [ -s "$work/port" ] && break; sleep 0.1; done
hook="http://127.0.0.1:$(cat "$work/port")/hook"

case "$engine" in
  sqlite) export Database__Provider=Sqlite Database__ConnectionString="Data Source=$work/casetracker.db" ;;
  postgresql)
    server=$(tools/postgres.sh start)
    db="ct_outbox_kill_$$"
    export Database__Provider=PostgreSql Database__ConnectionString="${server/Database=postgres/Database=$db}" ;;
  *) echo "engine: sqlite or postgresql" >&2; exit 2 ;;
esac
export ASPNETCORE_ENVIRONMENT=Development Auth__SigningKey="$key" Logging__LogLevel__Default=Warning
export Jobs__OutboxClaimSeconds=10 Jobs__ScanAtStartup=false

service=
start() {
  dotnet $app --urls "http://127.0.0.1:$port" >>"$work/service.log" 2>&1 & service=$!; pids+=($service)
  for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && return 0; sleep 0.2; done
  echo "service did not start" >&2; tail -20 "$work/service.log" >&2; exit 1
}
stats() { curl -sf "${hook%/hook}/stats"; }
field() { stats | jq -r ".$1"; }
sql() {
  if [ "$engine" = sqlite ]; then sqlite3 "$work/casetracker.db" "$1"
  else psql "host=127.0.0.1 port=${CASETRACKER_PG_PORT:-55432} user=postgres dbname=$db" -Atc "$1"; fi
}

start
echo 'Outbox-kill-password-1' | dotnet $app user add --login outbox --name outbox --agency KILL --roles Administrator,IntakeOfficer \
  --password-stdin >/dev/null
token=$(dotnet $app token --user outbox --hours 2 | tail -1)
auth=(-H "Authorization: Bearer $token" -H 'Content-Type: application/json')
curl -sf -X POST "http://127.0.0.1:$port/api/agencies" "${auth[@]}" -d '{"code":"KILL","name":"outbox kill test"}' >/dev/null
curl -sf -X PUT "http://127.0.0.1:$port/api/agencies/KILL/settings" "${auth[@]}" \
  -d "{\"webhookUrl\":\"$hook\",\"webhookSecret\":\"outbox-kill-secret-0123456789\"}" >/dev/null

# N open requests received 2026-10-12: due 2026-11-09, overdue on arrival (one Overdue alert each).
{
  echo "agencyCode,channel,submittedOn,applicantKind,applicantName,description"
  for i in $(seq 1 "$rows"); do echo "KILL,InPerson,2026-10-12,NaturalPerson,申请人$i,2025年城市道路维修预算及执行情况"; done
} >"$work/import.csv"
t0=$(date +%s.%N)
curl -sf -X POST "http://127.0.0.1:$port/api/cases/import" -H "Authorization: Bearer $token" -H 'Content-Type: text/csv' \
  --data-binary @"$work/import.csv" >/dev/null

# Kill in the middle of the drain: once a third has arrived.
until [ "$(field distinct)" -ge $((rows / 3)) ]; do sleep 0.05; done
kill -9 "$service"
wait "$service" 2>/dev/null || true
atKill=$(stats)
t1=$(date +%s.%N)
start
t2=$(date +%s.%N)
for _ in $(seq 1 1200); do
  [ "$(field distinct)" -ge "$rows" ] && [ "$(sql "SELECT COUNT(*) FROM delivery_outbox WHERE state <> 'Delivered'")" = 0 ] && break; sleep 0.25
done
sleep 3 # anything sent twice after the last new id arrives
t3=$(date +%s.%N)
final=$(stats)
distinct=$(jq -r .distinct <<<"$final")
queued=$(sql "SELECT state || ':' || COUNT(*) FROM delivery_outbox GROUP BY state" | tr '\n' ' ')
# Every delivery queued (the import's alerts, and any the service raised on its own, e.g. the calendar alert) received:
# the outbox's ids and the receiver's distinct ids are the same set.
sql "SELECT id FROM delivery_outbox" | sort >"$work/queued.ids"
sort -u "$work/received.log" >"$work/received.ids"
missing=$(comm -23 "$work/queued.ids" "$work/received.ids" | wc -l)
unknown=$(comm -13 "$work/queued.ids" "$work/received.ids" | wc -l)
total=$(wc -l <"$work/queued.ids")

echo "engine=$engine rows=$rows receiverDelay=${delay}s"
echo "at kill: $atKill"
echo "final:   $final"
echo "outbox:  $total rows, $queued; missing at the receiver: $missing, unknown ids received: $unknown"
printf 'import->kill %.1fs, restart->ready %.1fs, ready->all received %.1fs\n' \
  "$(echo "$t1 - $t0" | bc)" "$(echo "$t2 - $t1" | bc)" "$(echo "$t3 - 3 - $t2" | bc)"
cleanup
if [ "$engine" = postgresql ]; then
  psql "host=127.0.0.1 port=${CASETRACKER_PG_PORT:-55432} user=postgres dbname=postgres" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null
fi
if [ "$missing" -ne 0 ] || [ "$unknown" -ne 0 ] || [ "$distinct" -ne "$total" ] || [ "$total" -lt "$rows" ] \
  || [ "$(jq -r .badKey <<<"$final")" -ne 0 ]; then
  echo "FAILED: $distinct distinct ids received of $total queued ($rows imported); log: $work" >&2; exit 1
fi
rm -rf "$work"
echo "OK: every one of $total deliveries received (re-sends dropped by id: $(jq -r .resent <<<"$final"))"
