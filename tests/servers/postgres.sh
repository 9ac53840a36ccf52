#!/bin/bash
# PostgreSQL 15 with TLS on loopback: the stand-in for Amazon Redshift in tests.
#
#   tests/servers/postgres.sh start DIR   prints `export BAKEMYDAY_WAREHOUSE=…` on stdout
#   tests/servers/postgres.sh stop DIR    safe to call more than once
#
# Progress and errors go to stderr, so `eval "$(… start DIR)"` only sees the exports.
set -euo pipefail

PGBIN=/usr/lib/postgresql/15/bin
PACKAGES="postgresql-15 openssl"

log () { printf 'postgres: %s\n' "$*" >&2; }
die () { log "$*"; exit 1; }

usage () { die "usage: $0 start|stop DIR"; }

now_ms () { date +%s%3N; }

ensure_packages ()
{
  if [ -x "$PGBIN/initdb" ] && [ -x "$PGBIN/pg_ctl" ] && command -v openssl >/dev/null; then
    return
  fi
  if [ "$(id -u)" != 0 ]; then
    die "PostgreSQL 15 is not installed; run: sudo apt-get install -y $PACKAGES"
  fi
  log "installing $PACKAGES"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 install -y -q $PACKAGES >&2 \
    || { apt-get -o DPkg::Lock::Timeout=600 update -q >&2 \
         && apt-get -o DPkg::Lock::Timeout=600 install -y -q $PACKAGES >&2; } \
    || die "could not install $PACKAGES"
  [ -x "$PGBIN/initdb" ] || die "$PGBIN/initdb is missing after the install"
}

# Runs a server binary as the postgres user when we are root (the server refuses root).
as_server ()
{
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

port_in_use ()
{
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

pick_port ()
{
  local p
  for _ in $(seq 1 200); do
    p=$(( 20000 + RANDOM % 40000 ))
    if ! port_in_use "$p"; then
      echo "$p"
      return
    fi
  done
  die "no free loopback port found"
}

# The data must live where the postgres user can reach it; a root-only DIR
# (mktemp -d under /root, say) gets a private folder in /tmp instead.
data_home ()
{
  local dir=$1 home
  if [ -f "$dir/pg.home" ]; then
    cat "$dir/pg.home"
    return
  fi
  home="$dir/pg"
  mkdir -p "$home"
  if [ "$(id -u)" = 0 ]; then
    chmod 755 "$dir" 2>/dev/null || true
    chown postgres: "$home"
    if ! runuser -u postgres -- test -w "$home"; then
      rmdir "$home"
      home=$(mktemp -d /tmp/bmd-pg.XXXXXX)
      chown postgres: "$home"
    fi
  fi
  echo "$home" > "$dir/pg.home"
  echo "$home"
}

start ()
{
  local dir=$1 t0 home password port i
  t0=$(now_ms)
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  ensure_packages
  home=$(data_home "$dir")
  if [ -f "$home/data/postmaster.pid" ]; then
    die "a server already runs in $home/data; stop it first"
  fi
  rm -rf "$home/data"

  password=$(openssl rand -hex 16)
  umask 077
  printf '%s\n' "$password" > "$home/pwfile"
  if [ "$(id -u)" = 0 ]; then chown postgres: "$home/pwfile"; fi

  as_server "$PGBIN/initdb" -D "$home/data" -U redshift --pwfile="$home/pwfile" \
    -A scram-sha-256 --auth-local=trust -E UTF8 --locale=C.UTF-8 --no-sync >"$home/initdb.log" 2>&1 \
    || { cat "$home/initdb.log" >&2; die "initdb failed"; }
  rm -f "$home/pwfile"

  openssl req -new -x509 -nodes -days 2 -subj /CN=localhost \
    -keyout "$home/data/server.key" -out "$home/data/server.crt" >/dev/null 2>&1 \
    || die "openssl could not make the test certificate"
  chmod 600 "$home/data/server.key"
  if [ "$(id -u)" = 0 ]; then chown postgres: "$home/data/server.key" "$home/data/server.crt"; fi

  # Another process may take the port between the check and the bind: retry.
  for i in 1 2 3 4 5; do
    port=$(pick_port)
    if as_server "$PGBIN/pg_ctl" -D "$home/data" -l "$home/server.log" -w -t 60 \
         -o "-p $port -k $home -c listen_addresses=127.0.0.1 -c fsync=off -c ssl=on -c full_page_writes=off" \
         start >/dev/null 2>&1; then
      break
    fi
    log "start on port $port failed (attempt $i)"
    port=
  done
  [ -n "$port" ] || { tail -20 "$home/server.log" >&2; die "the server did not start"; }
  echo "$port" > "$home/port"

  # Redshift's default database is "dev".
  as_server "$PGBIN/psql" -h "$home" -p "$port" -U redshift -d postgres -qAt \
    -c 'CREATE DATABASE dev' >/dev/null || die "could not create database dev"

  log "started on 127.0.0.1:$port in $(( $(now_ms) - t0 )) ms"
  printf "export BAKEMYDAY_WAREHOUSE='host=127.0.0.1 port=%s dbname=dev user=redshift password=%s sslmode=require connect_timeout=10'\n" \
    "$port" "$password"
}

stop ()
{
  local dir=$1 home
  [ -d "$dir" ] || return 0
  [ -f "$dir/pg.home" ] || return 0
  home=$(cat "$dir/pg.home")
  if [ -f "$home/data/postmaster.pid" ]; then
    as_server "$PGBIN/pg_ctl" -D "$home/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$home"
  rm -f "$dir/pg.home"
  log "stopped"
}

[ $# -eq 2 ] || usage
case "$1" in
  start) start "$2" ;;
  stop) stop "$2" ;;
  *) usage ;;
esac
