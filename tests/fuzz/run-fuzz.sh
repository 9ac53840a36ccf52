#!/usr/bin/env bash
# Runs one libFuzzer target: run-fuzz.sh TARGET NAME SECONDS [CORPUS_DIR]
# The seeds come from the fixtures (seed-corpus.py). New inputs go to
# CORPUS_DIR when given (script/fuzz keeps it between runs), else to a
# temporary folder. A crash's input is kept in $BMD_FUZZ_ARTIFACTS (default:
# the current folder) as crash-NAME-…; reproduce it with `TARGET FILE`.
# BMD_FUZZ_RUNS=N stops after N inputs if that comes first.
set -euo pipefail
target=$1 name=$2 seconds=$3 corpus=${4:-}
here=$(cd "$(dirname "$0")" && pwd)
# Targets that read files write one per input: keep them in memory.
base=${TMPDIR:-/tmp}
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
  base=/dev/shm
fi
tmp=$(mktemp -d "$base/bmd-fuzz-$name.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export TMPDIR=$tmp
python3 "$here/seed-corpus.py" "$name" "$tmp/seeds"
if [ -z "$corpus" ]; then
  corpus=$tmp/corpus
fi
mkdir -p "$corpus"
artifacts=${BMD_FUZZ_ARTIFACTS:-$PWD}
mkdir -p "$artifacts"
dict=()
if [ -f "$here/$name.dict" ]; then
  dict=(-dict="$here/$name.dict")
fi
# UBSan stops at its first report; ASan checks leaks at exit.
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
runs=()
if [ -n "${BMD_FUZZ_RUNS:-}" ]; then
  runs=(-runs="$BMD_FUZZ_RUNS")
fi
"$target" -max_total_time="$seconds" "${runs[@]}" -timeout=10 -rss_limit_mb=2048 \
  -max_len=65536 -print_final_stats=1 \
  -artifact_prefix="$artifacts/crash-$name-" "${dict[@]}" "$corpus" "$tmp/seeds" || status=$?
# libFuzzer exits 77 when it finds a leak; meson would read that as a skip.
if [ "${status:-0}" -ne 0 ]; then
  exit 1
fi
