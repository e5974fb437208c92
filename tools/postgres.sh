#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the tests: data under .pg/ (ignored by git), loopback only,
# run as the postgres OS user (initdb refuses root), stopped by its own postmaster pid.
# CASETRACKER_PG_DIR (default .pg), CASETRACKER_PG_PORT (55432) and CASETRACKER_PG_FSYNC (off: test data is
# throwaway; the benchmarks use on) choose another cluster.
#   tools/postgres.sh start   prints the connection string (and keeps the cluster running)
#   tools/postgres.sh stop
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
dir="$root/${CASETRACKER_PG_DIR:-.pg}"
data="$dir/data"
port=${CASETRACKER_PG_PORT:-55432}
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
bin=$(dirname "$(command -v initdb || ls /usr/lib/postgresql/*/bin/initdb | tail -1)")

case "${1:-}" in
  start)
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
    if [ ! -f "$data/PG_VERSION" ]; then
      as_postgres "$bin/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    if [ -f "$data/postmaster.pid" ] && kill -0 "$(head -1 "$data/postmaster.pid")" 2>/dev/null; then
      :
    else
      as_postgres "$bin/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $data -c fsync=${CASETRACKER_PG_FSYNC:-off} -c max_connections=500" start >/dev/null
    fi
    echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=50"
    ;;
  stop)
    if [ -f "$data/postmaster.pid" ]; then
      pid=$(head -1 "$data/postmaster.pid")
      as_postgres "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
    fi
    ;;
  *)
    echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
