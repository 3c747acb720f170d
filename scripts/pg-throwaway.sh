#!/usr/bin/env bash
# A throwaway PostgreSQL cluster in a folder of its own, for CI and the benchmark.
#
#   scripts/pg-throwaway.sh start DIR   # initdb + start on a free 127.0.0.1 port; prints DATABASE_URL=...
#   scripts/pg-throwaway.sh stop DIR    # stop the server (the folder stays until you remove it)
#
# The cluster listens on loopback only, its socket lives inside DIR, and the role it creates
# (florwork, password florwork) may create databases: pytest-django and the benchmark make their own.
# PG_DURABLE=1 keeps fsync on (the benchmark measures commits); by default CI trades durability
# for speed, which is harmless for a cluster that is thrown away.
set -euo pipefail

usage() { echo "usage: $0 start|stop DIR" >&2; exit 2; }
[[ $# -eq 2 ]] || usage
action=$1
dir=$(realpath -m "$2")

# the newest installed server, e.g. /usr/lib/postgresql/15/bin
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[[ -x "$pg_bin/initdb" ]] || { echo "no PostgreSQL server binaries under /usr/lib/postgresql" >&2; exit 1; }

# initdb refuses to run as root: root runs the server as the postgres user
if [[ $(id -u) -eq 0 ]]; then
    as_owner=(runuser -u postgres --)
else
    as_owner=()
fi

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

case "$action" in
start)
    mkdir -p "$dir"
    [[ $(id -u) -eq 0 ]] && chown postgres: "$dir"
    chmod 700 "$dir"
    "${as_owner[@]}" test -w "$dir" || { echo "$dir: the postgres user cannot reach it (a parent is private?)" >&2; exit 1; }
    "${as_owner[@]}" "$pg_bin/initdb" --pgdata="$dir/data" --username=postgres --encoding=UTF8 \
        --locale=C.UTF-8 --auth-local=trust --auth-host=scram-sha-256 >"$dir/initdb.log"
    port=$(free_port)
    options="-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c max_connections=50"
    if [[ "${PG_DURABLE:-0}" != 1 ]]; then
        options+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    fi
    "${as_owner[@]}" "$pg_bin/pg_ctl" --pgdata="$dir/data" --log="$dir/server.log" --wait \
        --options="$options" start >/dev/null
    echo "$port" >"$dir/port"
    "${as_owner[@]}" "$pg_bin/psql" --quiet --no-psqlrc -h "$dir" -p "$port" -U postgres -d postgres \
        -v ON_ERROR_STOP=1 <<'SQL'
CREATE ROLE florwork LOGIN CREATEDB PASSWORD 'florwork';
CREATE DATABASE florwork OWNER florwork;
SQL
    echo "DATABASE_URL=postgres://florwork:florwork@127.0.0.1:$port/florwork"
    ;;
stop)
    if [[ -f "$dir/data/postmaster.pid" ]]; then
        "${as_owner[@]}" "$pg_bin/pg_ctl" --pgdata="$dir/data" --mode=fast --wait stop >/dev/null
    fi
    ;;
*)
    usage
    ;;
esac
