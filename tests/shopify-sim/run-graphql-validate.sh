#!/bin/sh
# Runs tests/graphql/validate.mjs as a TAP test. Fails (never skips) when
# node, the graphql package or the schema is missing, saying which.
# usage: run-graphql-validate.sh GRAPHQL_DIR SCHEMA DOC...
dir=$1
schema=$2
shift 2

echo "1..1"
fail () {
  echo "not ok 1 - graphql documents validate against Shopify's schema"
  echo "# $1"
  exit 1
}
command -v node >/dev/null 2>&1 || fail "node is not installed"
[ -d "$dir/node_modules/graphql" ] || fail "the graphql npm package is missing: run 'npm ci --prefix $dir'"
[ -f "$schema" ] || fail "Shopify's schema is missing: expected $schema (the shared reference checkout beside the repository)"
[ $# -gt 0 ] && [ -f "$1" ] || fail "no GraphQL documents found"

if out=$(node "$dir/validate.mjs" "$schema" "$@" 2>&1); then
  echo "$out" | sed 's/^/# /'
  echo "ok 1 - graphql documents validate against Shopify's schema"
else
  echo "$out" | sed 's/^/# /'
  echo "not ok 1 - graphql documents validate against Shopify's schema"
  exit 1
fi
