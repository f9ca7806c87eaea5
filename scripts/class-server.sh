#!/usr/bin/env bash
# A class server on loopback, to try the setup of README.md ("Running for a
# class") on one machine: PostgreSQL, several app processes (scripts/serve.ts)
# on their own ports, and Debian's nginx in front of them, rendered from
# deploy/nginx.conf.template. It serves until Ctrl-C, then stops what it
# started.
#
#   scripts/class-server.sh [--processes N] [--port P] [--check]
#
# --processes N  app processes (default 2), on ports P+1 … P+N
# --port P       nginx's port (default 4100); learners open http://127.0.0.1:P
# --check        start everything, sign up a learner and grade through nginx,
#                check the forwarded client address, then stop (exit 0 if all worked)
#
# Environment:
#   DATABASE_URL        a PostgreSQL URL to use; unset, a throwaway cluster is started
#                       (scripts/postgres-cluster.sh) and removed at the end
#   BETTER_AUTH_SECRET  shared by every process; unset, a random one for this run
#   NEXT_DIST_DIR       the build folder (default .next); built first if missing
#
# nginx: Debian's package. Run as root without it, it is installed with
# apt-get; otherwise the script says what to install.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

processes=2
port=4100
check=0
while [ $# -gt 0 ]; do
  case "$1" in
    --processes) processes="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --check) check=1; shift ;;
    -h | --help) sed -n '2,24p' "$0"; exit 0 ;;
    *) echo "class-server: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
if ! [[ "$processes" =~ ^[1-9][0-9]*$ ]] || ! [[ "$port" =~ ^[1-9][0-9]*$ ]]; then
  echo "class-server: --processes and --port take positive integers" >&2
  exit 2
fi

run_dir="$(mktemp -d /tmp/dl-study-class.XXXXXX)"
app_pids=()
nginx_started=0
started_postgres=0

stop_all() {
  local pid
  if [ "$nginx_started" = 1 ] && [ -f "$run_dir/nginx.pid" ]; then
    kill "$(cat "$run_dir/nginx.pid")" 2>/dev/null || true
  fi
  for pid in "${app_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${app_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "$started_postgres" = 1 ]; then stop_test_postgres; fi
  echo "class-server: stopped; logs in $run_dir"
}
trap stop_all EXIT
trap 'exit 130' INT TERM

# --- nginx -------------------------------------------------------------------
find_nginx() {
  command -v nginx 2>/dev/null || { [ -x /usr/sbin/nginx ] && echo /usr/sbin/nginx; } || return 1
}
nginx_bin="$(find_nginx)" || true
if [ -z "$nginx_bin" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "class-server: installing Debian's nginx package."
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
    nginx_bin="$(find_nginx)" || true
  fi
  if [ -z "$nginx_bin" ]; then
    echo "class-server: nginx not found. Install it (Debian: sudo apt-get install nginx) and run again." >&2
    exit 1
  fi
fi

# --- PostgreSQL --------------------------------------------------------------
if [ -z "${DATABASE_URL:-}" ]; then
  # shellcheck source=scripts/postgres-cluster.sh
  source "$root/scripts/postgres-cluster.sh"
  unset TEST_POSTGRES_URL
  start_test_postgres || exit 1
  started_postgres=1
  trap stop_all EXIT
  DATABASE_URL="${TEST_POSTGRES_URL%/*}/dlstudy"
fi
case "$DATABASE_URL" in
  postgres://* | postgresql://*) ;;
  *) echo "class-server: DATABASE_URL must be a PostgreSQL URL (several processes share one database server)." >&2; exit 1 ;;
esac
export DATABASE_URL

# --- build, schema, content ---------------------------------------------------
dist="${NEXT_DIST_DIR:-.next}"
if [ ! -f "$dist/BUILD_ID" ]; then
  echo "class-server: no build in $dist; building (npm run build)."
  npm run --silent build
fi
npm run --silent db:migrate
npm run --silent content:sync

# --- app processes ------------------------------------------------------------
public_url="http://127.0.0.1:$port"
secret="${BETTER_AUTH_SECRET:-$(openssl rand -hex 32)}"
upstreams=""
for i in $(seq 1 "$processes"); do
  app_port=$((port + i))
  PORT="$app_port" HOST=127.0.0.1 TRUSTED_PROXIES=127.0.0.1 BETTER_AUTH_URL="$public_url" \
    BETTER_AUTH_SECRET="$secret" NODE_ENV=production \
    node --import tsx scripts/serve.ts >"$run_dir/app-$app_port.log" 2>&1 &
  app_pids+=("$!")
  upstreams+="    server 127.0.0.1:$app_port;"$'\n'
done

wait_for() {
  local url="$1" what="$2" tries=0
  until curl -s -o /dev/null "$url"; do
    tries=$((tries + 1))
    if [ "$tries" -gt 240 ]; then
      echo "class-server: $what did not answer on $url; see $run_dir" >&2
      exit 1
    fi
    sleep 0.5
  done
}
for i in $(seq 1 "$processes"); do wait_for "http://127.0.0.1:$((port + i))/sign-in" "app process $i"; done

# --- nginx in front -----------------------------------------------------------
site="$run_dir/dl-study.conf"
UPSTREAMS="$upstreams" LISTEN="127.0.0.1:$port" node -e '
  const fs = require("node:fs");
  const text = fs.readFileSync(process.argv[1], "utf8")
    .replaceAll("@UPSTREAM_SERVERS@", process.env.UPSTREAMS.trimEnd())
    .replaceAll("@LISTEN@", process.env.LISTEN)
    .replaceAll("@SERVER_NAME@", "_");
  fs.writeFileSync(process.argv[2], text);
' deploy/nginx.conf.template "$site"
# A main configuration of its own (pid, logs and temp files in the run folder), so nothing
# of a system nginx is touched; the site part is the template, as on a server.
cat >"$run_dir/nginx.conf" <<EOF
worker_processes 1;
pid $run_dir/nginx.pid;
error_log $run_dir/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log $run_dir/nginx-access.log;
  client_body_temp_path $run_dir/client-body;
  proxy_temp_path $run_dir/proxy;
  fastcgi_temp_path $run_dir/fastcgi;
  uwsgi_temp_path $run_dir/uwsgi;
  scgi_temp_path $run_dir/scgi;
  include $site;
}
EOF
"$nginx_bin" -t -q -p "$run_dir" -c "$run_dir/nginx.conf"
"$nginx_bin" -p "$run_dir" -c "$run_dir/nginx.conf"
nginx_started=1
wait_for "$public_url/sign-in" "nginx"

echo "class-server: $processes app processes (ports $((port + 1))–$((port + processes))) behind nginx on $public_url"
echo "class-server: database $DATABASE_URL; logs in $run_dir"

if [ "$check" = 1 ]; then
  PUBLIC_URL="$public_url" DATABASE_URL="$DATABASE_URL" PROCESSES="$processes" \
    node --import tsx scripts/class-server-check.ts
  exit $?
fi

echo "class-server: serving; Ctrl-C stops everything."
wait "${app_pids[0]}"
