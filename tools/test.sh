#!/usr/bin/env bash
# Every test of the product, on a fresh machine too: installs what the tests need when it is missing (Debian's
# Chromium and CJK fonts for the browser tests, a PostgreSQL server for the integration suite on PostgreSQL), runs
# the whole solution on the embedded default (SQLite, browser tests included), then tests/Api.Tests again on a
# throwaway PostgreSQL cluster (tools/postgres.sh), and on SQL Server when CASETRACKER_TEST_SQLSERVER holds a
# connection string. Screenshots of the screens land in tests/Desk.Tests/artifacts/. Ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

missing=()
[ -x "${CASETRACKER_CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then missing+=(postgresql); fi
if [ "${#missing[@]}" -gt 0 ]; then
  echo "== installing ${missing[*]}"
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}" \
    || echo "could not install ${missing[*]}: the tests that need them will fail" >&2
fi

log=$(mktemp -p "${TMPDIR:-/tmp}" ci-test.XXXXXX)
status=0
run() { "$@" 2>&1 | tee -a "$log"; local s=${PIPESTATUS[0]}; [ "$s" -eq 0 ] || status=$s; }
# A hung test (a browser that never answers) fails the run instead of holding it.
hang=(--blame-hang-timeout 15m)

run dotnet test CaseTracker.sln "${hang[@]}"

# Another cluster (another checkout's) may hold the default port: take the next free one, unless ours is running.
if [ -z "${CASETRACKER_PG_PORT:-}" ]; then
  pidfile="${CASETRACKER_PG_DIR:-.pg}/data/postmaster.pid"
  if [ -f "$pidfile" ] && kill -0 "$(head -1 "$pidfile")" 2>/dev/null; then
    CASETRACKER_PG_PORT=$(sed -n 4p "$pidfile")
  else
    CASETRACKER_PG_PORT=55432
    while (exec 3<>"/dev/tcp/127.0.0.1/$CASETRACKER_PG_PORT") 2>/dev/null; do CASETRACKER_PG_PORT=$((CASETRACKER_PG_PORT + 1)); done
  fi
  export CASETRACKER_PG_PORT
fi

if pg=$(tools/postgres.sh start); then
  trap 'tools/postgres.sh stop' EXIT
  echo "== integration suite on PostgreSQL ($pg)" | tee -a "$log"
  CASETRACKER_TEST_ENGINE=PostgreSql CASETRACKER_TEST_POSTGRES="$pg" run dotnet test tests/Api.Tests --no-build "${hang[@]}"
else
  echo "PostgreSQL could not be started: the PostgreSQL run is a failure" | tee -a "$log"
  status=1
  echo "Failed:     1" >>"$log"
fi

if [ -n "${CASETRACKER_TEST_SQLSERVER:-}" ]; then
  echo "== integration suite on SQL Server" | tee -a "$log"
  CASETRACKER_TEST_ENGINE=SqlServer run dotnet test tests/Api.Tests --no-build "${hang[@]}"
fi

passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
rm -f "$log"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed"
exit "$status"
