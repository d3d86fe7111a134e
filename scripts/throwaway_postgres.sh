#!/usr/bin/env bash
# Run a command with a throwaway PostgreSQL server on loopback, then stop the server.
#
#     scripts/throwaway_postgres.sh pytest -q
#
# The server gets a fresh data directory under /tmp, a free port on 127.0.0.1, a
# random password, and no Unix socket outside its own directory. The command sees its
# address in TERRITORIAL_TEST_POSTGRESQL_URL (a postgresql+psycopg:// URL of the
# maintenance database `postgres`; tests create their own databases in it). The
# server is stopped and its directory removed when the command ends, whether it
# passed, failed or was interrupted, and the script exits with the command's status.
#
# PostgreSQL refuses to run as root, so as root the server runs as the unprivileged
# system user territorial-pg (created when missing). As root the script also installs
# Debian's postgresql package when no PostgreSQL binaries are found.
set -euo pipefail

SERVER_USER=territorial-pg
DB_USER=territorial

if [ "$#" -eq 0 ]; then
    echo "usage: $0 COMMAND [ARGUMENTS...]" >&2
    exit 2
fi

find_bindir() {
    local found
    found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -z "$found" ] && command -v pg_ctl >/dev/null; then
        found=$(dirname "$(command -v pg_ctl)")
    fi
    echo "$found"
}

bindir=$(find_bindir)
if [ -z "$bindir" ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "No PostgreSQL binaries found. Install them (Debian: apt-get install postgresql) or run as root." >&2
        exit 1
    fi
    echo "Installing PostgreSQL binaries (Debian package postgresql)" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    bindir=$(find_bindir)
fi

# Run a PostgreSQL program as the server user: as ourselves unless we are root.
as_server_user() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u "$SERVER_USER" -- "$@"
    else
        "$@"
    fi
}

if [ "$(id -u)" -eq 0 ] && ! id "$SERVER_USER" >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin "$SERVER_USER"
fi

workdir=$(mktemp -d /tmp/territorial-pg.XXXXXX)
chmod 700 "$workdir"
password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
echo "$password" >"$workdir/password"
if [ "$(id -u)" -eq 0 ]; then
    chown -R "$SERVER_USER" "$workdir"
fi

stop_server() {
    as_server_user "$bindir/pg_ctl" -D "$workdir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$workdir"
}
trap stop_server EXIT
# Turn INT and TERM into a normal exit, so the EXIT trap stops the server on them too.
trap "exit 130" INT
trap "exit 143" TERM

# Ask the kernel for a free loopback port.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

as_server_user "$bindir/initdb" -D "$workdir/data" --username="$DB_USER" --pwfile="$workdir/password" \
    --auth-local=scram-sha-256 --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >"$workdir/initdb.log" 2>&1 \
    || { cat "$workdir/initdb.log" >&2; exit 1; }
rm "$workdir/password"

# fsync off: the data is thrown away, so crash safety buys nothing and costs test time.
as_server_user "$bindir/pg_ctl" -D "$workdir/data" -l "$workdir/server.log" -w -t 60 start \
    -o "-h 127.0.0.1 -p $port -k $workdir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    >/dev/null || { cat "$workdir/server.log" >&2; exit 1; }
echo "Throwaway PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port" >&2

export TERRITORIAL_TEST_POSTGRESQL_URL="postgresql+psycopg://$DB_USER:$password@127.0.0.1:$port/postgres"
status=0
"$@" || status=$?
exit "$status"
