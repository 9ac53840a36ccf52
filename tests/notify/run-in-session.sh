#!/bin/sh
# Runs a test inside a private D-Bus session bus. Fails, never skips, when
# dbus-run-session is not installed (package dbus).
if ! command -v dbus-run-session >/dev/null 2>&1; then
  echo "1..1"
  echo "not ok 1 - dbus-run-session is needed (package dbus)"
  exit 1
fi
exec dbus-run-session -- "$@"
