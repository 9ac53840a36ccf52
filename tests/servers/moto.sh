#!/bin/bash
# moto_server on loopback: the AWS emulator, standing in for the Glue Data
# Catalog in tests. It accepts any credentials and keeps everything in memory.
#
#   tests/servers/moto.sh start DIR   prints `export BMD_TEST_GLUE_ENDPOINT=…` on stdout
#   tests/servers/moto.sh stop DIR    safe to call more than once
#
# Progress and errors go to stderr, so `eval "$(… start DIR)"` only sees the exports.
set -euo pipefail

log () { printf 'moto: %s\n' "$*" >&2; }
die () { log "$*"; exit 1; }

usage () { die "usage: $0 start|stop DIR"; }

now_ms () { date +%s%3N; }

ensure_moto ()
{
  if command -v moto_server >/dev/null; then
    return
  fi
  command -v pip3 >/dev/null || command -v pip >/dev/null \
    || die "moto_server is missing and so is pip; run: apt-get install -y python3-pip"
  log "installing moto[server] with pip"
  "$(command -v pip3 || command -v pip)" install -q 'moto[server]' >&2 \
    || "$(command -v pip3 || command -v pip)" install -q --break-system-packages 'moto[server]' >&2 \
    || die "could not install moto[server]"
  hash -r
  command -v moto_server >/dev/null || die "moto_server is not on the PATH after pip install"
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

start ()
{
  local dir=$1 t0 port pid
  t0=$(now_ms)
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  ensure_moto
  if [ -f "$dir/moto.pid" ] && kill -0 "$(cat "$dir/moto.pid")" 2>/dev/null; then
    die "a moto_server already runs for $dir; stop it first"
  fi
  port=$(pick_port)
  moto_server -H 127.0.0.1 -p "$port" >"$dir/moto.log" 2>&1 &
  pid=$!
  echo "$pid" > "$dir/moto.pid"
  for _ in $(seq 1 300); do
    if curl -sf -o /dev/null -X POST -H 'X-Amz-Target: AWSGlue.GetDatabases' \
         -H 'Content-Type: application/x-amz-json-1.1' \
         -H 'Authorization: AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/glue/aws4_request, SignedHeaders=host, Signature=0' \
         -d '{}' "http://127.0.0.1:$port/"; then
      log "started moto_server on 127.0.0.1:$port in $(( $(now_ms) - t0 )) ms"
      echo "export BMD_TEST_GLUE_ENDPOINT='http://127.0.0.1:$port'"
      return
    fi
    kill -0 "$pid" 2>/dev/null || die "moto_server exited (see $dir/moto.log)"
    sleep 0.1
  done
  kill "$pid" 2>/dev/null || true
  die "timed out waiting for moto_server (see $dir/moto.log)"
}

stop ()
{
  local dir=$1 pid
  [ -f "$dir/moto.pid" ] || return 0
  pid=$(cat "$dir/moto.pid")
  kill "$pid" 2>/dev/null || true
  rm -f "$dir/moto.pid"
  log "stopped"
}

[ $# -eq 2 ] || usage
case "$1" in
  start) start "$2" ;;
  stop) stop "$2" ;;
  *) usage ;;
esac
