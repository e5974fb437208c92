# Shared by the benchmarks that measure the Release service over HTTP (bench/desk.sh, bench/dashboard.sh): source it from the
# repository root after `set -euo pipefail`. It builds the service and a benchmark project in Release, starts the service on
# loopback for one engine (migrating the database on start, Hangfire server off, logging at Warning), adds users, issues
# tokens, and stops the service — and a PostgreSQL cluster it was asked to start — by their own process ids on exit.
#   bench_build <benchmark project folder>          build both; sets $api (the service's dll) and $bench (the benchmark's dll)
#   bench_server_start <engine> <connection> <port> <log file>   start and wait until /health/ready answers (a large register's
#                                                    migrations may take minutes; fails if the service exits or is not ready in 20 min)
#   bench_user_add <login> <name> <agency> <roles> <password>   (an existing user is left as it is)
#   bench_token <login>                              prints a bearer token valid two hours
#   bench_server_stop
#   bench_env <engine> <connection>                  the service's settings for the CLI (user add, token) and the server
#   bench_postgres_start                             tools/postgres.sh start (CASETRACKER_PG_DIR/PORT/FSYNC); sets $pg_connection;
#                                                    the cluster is stopped on exit
bench_signing_key="desk-benchmark-signing-key-0123456789"
# The published service runs in Production: it needs a personal-data key certificate (README "Personal data keys and backups").
export PersonalData__KeyCertificatePath="$(tools/key-certificate.sh)"
mkdir -p bench/.data
api=
bench=
server_pid=
pg_started=

bench_cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
  if [ -n "$pg_started" ]; then tools/postgres.sh stop >/dev/null || true; fi
}
trap bench_cleanup EXIT

bench_build() {
  local project=$1
  dotnet build -c Release src/Api >/dev/null
  dotnet build -c Release "$project" >/dev/null
  api=$PWD/src/Api/bin/Release/net10.0/CaseTracker.Api.dll
  bench=$project/bin/Release/net10.0/$(basename "$project").dll
}

bench_env() {
  export Database__Provider=$1 Database__ConnectionString=$2 Auth__SigningKey=$bench_signing_key Jobs__Server=false Logging__LogLevel__Default=Warning
}

bench_user_add() {
  echo "$5" | dotnet "$api" user add --login "$1" --name "$2" --agency "$3" --roles "$4" --password-stdin >/dev/null 2>&1 || true
}

bench_token() {
  dotnet "$api" token --user "$1" --hours 2 | tail -1
}

bench_server_start() {
  local engine=$1 connection=$2 port=$3 log=$4
  bench_env "$engine" "$connection"
  dotnet "$api" --urls "http://127.0.0.1:$port" >"$log" 2>&1 &
  server_pid=$!
  local waited=0
  until curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null; do
    if ! kill -0 "$server_pid" 2>/dev/null; then echo "the service stopped before it was ready; see $log" >&2; server_pid=; return 1; fi
    if [ $waited -ge 6000 ]; then echo "the service was not ready after 20 minutes; see $log" >&2; return 1; fi
    sleep 0.2; waited=$((waited + 1))
  done
}

bench_server_stop() {
  if [ -n "$server_pid" ]; then kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=; fi
  unset Database__Provider Database__ConnectionString
}

bench_postgres_start() {
  pg_started=1
  pg_connection=$(tools/postgres.sh start)
}
