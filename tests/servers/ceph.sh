#!/bin/bash
# A throwaway one-node Ceph cluster (one monitor, one memstore OSD, radosgw) on
# loopback: a real S3 implementation that verifies SigV4.
#
#   tests/servers/ceph.sh start DIR   prints the S3 `export` lines on stdout
#   tests/servers/ceph.sh stop DIR    safe to call more than once
#
# Progress and errors go to stderr, so `eval "$(… start DIR)"` only sees the exports.
set -euo pipefail

PACKAGES="ceph-mon ceph-osd radosgw ceph-common curl openssl uuid-runtime"
BUCKET=bakemyday-test
REGION=us-east-1
# SHA-256 of the empty body, which S3 wants in x-amz-content-sha256.
EMPTY_SHA256=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855

log () { printf 'ceph: %s\n' "$*" >&2; }
die () { log "$*"; exit 1; }

usage () { die "usage: $0 start|stop DIR"; }

now_ms () { date +%s%3N; }

ensure_packages ()
{
  if command -v ceph-mon >/dev/null && command -v ceph-osd >/dev/null \
     && command -v radosgw >/dev/null && command -v radosgw-admin >/dev/null \
     && command -v monmaptool >/dev/null && command -v curl >/dev/null \
     && command -v uuidgen >/dev/null && command -v openssl >/dev/null; then
    return
  fi
  if [ "$(id -u)" != 0 ]; then
    die "Ceph is not installed; run: sudo apt-get install -y $PACKAGES"
  fi
  log "installing $PACKAGES"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 install -y -q $PACKAGES >&2 \
    || { apt-get -o DPkg::Lock::Timeout=600 update -q >&2 \
         && apt-get -o DPkg::Lock::Timeout=600 install -y -q $PACKAGES >&2; } \
    || die "could not install $PACKAGES"
  command -v radosgw >/dev/null || die "radosgw is missing after the install"
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

# Waits up to $2 tenths of a second for the command in the remaining arguments.
wait_for ()
{
  local what=$1 tries=$2
  shift 2
  for _ in $(seq 1 "$tries"); do
    if "$@" >/dev/null 2>&1; then
      return 0
    fi
    sleep 0.1
  done
  die "timed out waiting for $what (logs in $C_HOME/log)"
}

write_conf ()
{
  local home=$1 fsid=$2 monport=$3 rgwport=$4
  cat > "$home/ceph.conf" <<EOF
[global]
fsid = $fsid
mon host = v1:127.0.0.1:$monport
mon initial members = a
ms bind msgr2 = false
auth cluster required = none
auth service required = none
auth client required = none
run dir = $home/run
admin socket = $home/run/\$name.asok
pid file = $home/run/\$name.pid
log file = $home/log/\$name.log
keyring = $home/keyring
osd pool default size = 1
osd pool default min size = 1
mon allow pool size one = true
mon warn on pool no redundancy = false
osd pool default pg autoscale mode = off
osd pool default pg num = 1
osd pool default pgp num = 1
osd crush chooseleaf type = 0
mon data avail warn = 1
mon data avail crit = 0
paxos propose interval = 0.05
[mon.a]
mon data = $home/mon
[osd.0]
osd data = $home/osd
osd objectstore = memstore
memstore device bytes = 1073741824
[client.rgw.a]
rgw frontends = beast endpoint=127.0.0.1:$rgwport
rgw data = $home/rgw
EOF
}

kill_daemons ()
{
  local home=$1 pidfile pid
  for pidfile in "$home"/run/*.pid; do
    [ -f "$pidfile" ] || continue
    pid=$(cat "$pidfile" 2>/dev/null || true)
    if [ -n "$pid" ]; then
      kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$pidfile"
  done
}

start ()
{
  local dir=$1 t0 home fsid monport rgwport conf id key secret osd_uuid attempt
  t0=$(now_ms)
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  ensure_packages
  home="$dir/ceph"
  C_HOME=$home
  if [ -d "$home/run" ] && ls "$home"/run/*.pid >/dev/null 2>&1; then
    die "a cluster already runs in $home; stop it first"
  fi
  rm -rf "$home"
  mkdir -p "$home/run" "$home/log" "$home/mon" "$home/osd" "$home/rgw"
  conf="$home/ceph.conf"
  # A failed start leaves nothing running.
  trap 'kill_daemons "$C_HOME"' EXIT

  fsid=$(uuidgen)
  monport=$(pick_port)
  rgwport=$(pick_port)
  while [ "$rgwport" = "$monport" ]; do rgwport=$(pick_port); done
  write_conf "$home" "$fsid" "$monport" "$rgwport"

  monmaptool --create --fsid "$fsid" --addv a "[v1:127.0.0.1:$monport]" "$home/monmap" >/dev/null 2>&1 \
    || die "monmaptool failed"
  ceph-mon -c "$conf" -i a --mkfs --monmap "$home/monmap" >/dev/null 2>&1 || die "ceph-mon --mkfs failed"
  ceph-mon -c "$conf" -i a >>"$home/log/start.log" 2>&1 || die "ceph-mon did not start (port $monport)"

  # The OSD's uuid is registered with its id up front: otherwise a booting OSD
  # can race the monitor's map and give up with "wrong fsid".
  osd_uuid=$(uuidgen)
  id=$(timeout 60 ceph -c "$conf" osd create "$osd_uuid" 2>/dev/null) || die "ceph osd create failed"
  ceph-osd -c "$conf" -i "$id" --mkfs --osd-uuid "$osd_uuid" >/dev/null 2>&1 || die "ceph-osd --mkfs failed"
  # Now and then a booting OSD asks the monitor before it has the cluster's
  # map and is refused ("wrong fsid"); it exits, and a second start works.
  for attempt in 1 2 3 4; do
    if ceph-osd -c "$conf" -i "$id" >>"$home/log/start.log" 2>&1; then
      break
    fi
    [ "$attempt" -lt 4 ] || die "ceph-osd did not start (see $home/log)"
    log "ceph-osd start failed (attempt $attempt); retrying"
  done

  radosgw -c "$conf" -n client.rgw.a >>"$home/log/start.log" 2>&1 || die "radosgw did not start"
  wait_for "radosgw on port $rgwport" 600 curl -sf -o /dev/null "http://127.0.0.1:$rgwport/"

  key=$(openssl rand -hex 10 | tr a-f A-F)
  secret=$(openssl rand -base64 30 | tr -d '\n/+=' | cut -c1-40)
  timeout 60 radosgw-admin -c "$conf" user create --uid=tester --display-name=Tester \
    --access-key="$key" --secret-key="$secret" >/dev/null 2>&1 || die "radosgw-admin user create failed"

  # radosgw-admin cannot make buckets: ask S3 itself, signed like any client.
  curl -sf -o /dev/null -X PUT --aws-sigv4 "aws:amz:$REGION:s3" --user "$key:$secret" \
    -H "x-amz-content-sha256: $EMPTY_SHA256" "http://127.0.0.1:$rgwport/$BUCKET" \
    || die "could not create bucket $BUCKET"

  trap - EXIT
  log "started radosgw on 127.0.0.1:$rgwport in $(( $(now_ms) - t0 )) ms"
  cat <<EOF
export BAKEMYDAY_S3_ENDPOINT='http://127.0.0.1:$rgwport'
export BAKEMYDAY_S3_BUCKET='$BUCKET'
export AWS_ACCESS_KEY_ID='$key'
export AWS_SECRET_ACCESS_KEY='$secret'
export AWS_REGION='$REGION'
unset AWS_SESSION_TOKEN AWS_PROFILE
EOF
}

stop ()
{
  local dir=$1 home
  home="$dir/ceph"
  [ -d "$home" ] || return 0
  kill_daemons "$home"
  rm -rf "$home"
  log "stopped"
}

[ $# -eq 2 ] || usage
case "$1" in
  start) start "$2" ;;
  stop) stop "$2" ;;
  *) usage ;;
esac
