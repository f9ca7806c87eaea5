#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: `source` this file, then
# `start_test_postgres`; it exports TEST_POSTGRES_URL (an admin URL on
# loopback) and stops and removes the cluster when the shell exits.
#
# - TEST_POSTGRES_URL already set: that server is used, nothing is started.
# - Otherwise Debian's PostgreSQL binaries are used (/usr/lib/postgresql/N/bin);
#   run as root on Debian without them, `postgresql` is installed with apt-get.
#   initdb refuses root, so the cluster is created and run as the `postgres` user.
# - Without PostgreSQL and no way to install it, it says what to install and
#   returns 1; the caller then runs the SQLite half only.
#
# The cluster is tuned for tests, not for data: no fsync, no synchronous
# commit, no full-page writes.

find_pg_bin() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});'
}

start_test_postgres() {
  if [ -n "${TEST_POSTGRES_URL:-}" ]; then
    echo "PostgreSQL: using TEST_POSTGRES_URL."
    return 0
  fi
  local bin
  bin="$(find_pg_bin)" || true
  if [ -z "$bin" ]; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
      echo "PostgreSQL: installing Debian's postgresql package (for the PostgreSQL half of the tests)."
      DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
      bin="$(find_pg_bin)" || true
    fi
  fi
  if [ -z "$bin" ]; then
    echo "PostgreSQL: not found. Install it (Debian: apt-get install postgresql) or set TEST_POSTGRES_URL" >&2
    echo "to an admin URL of a server, to run the PostgreSQL half of the tests. Running the SQLite half only." >&2
    return 1
  fi
  local dir port runas=()
  dir="$(mktemp -d /tmp/dl-study-pg.XXXXXX)"
  port="$(free_port)"
  if [ "$(id -u)" = "0" ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
    chown postgres "$dir"
    runas=(runuser -u postgres --)
  fi
  "${runas[@]}" "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
    { echo "PostgreSQL: initdb failed, see $dir/initdb.log" >&2; cat "$dir/initdb.log" >&2; return 1; }
  "${runas[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null ||
    { echo "PostgreSQL: the server did not start, see $dir/server.log" >&2; cat "$dir/server.log" >&2; return 1; }
  export TEST_POSTGRES_URL="postgresql://postgres@127.0.0.1:$port/postgres"
  export TEST_POSTGRES_DIR="$dir"
  TEST_POSTGRES_STOP=("${runas[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop)
  trap stop_test_postgres EXIT
  echo "PostgreSQL: throwaway cluster on 127.0.0.1:$port ($dir)."
}

stop_test_postgres() {
  if [ -n "${TEST_POSTGRES_DIR:-}" ]; then
    "${TEST_POSTGRES_STOP[@]}" >/dev/null 2>&1 || true
    rm -rf "$TEST_POSTGRES_DIR"
    unset TEST_POSTGRES_DIR
  fi
}
