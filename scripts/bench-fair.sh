#!/usr/bin/env bash
# How fast a fair of 300 booths and 100,000 online orders (plus 150,000 booth sales and its
# visitors) reports: `bench-fair` builds it in a fresh PostgreSQL database, then in a SQLite
# file, and times the report and the admins' dashboard (median and p95). Needs PostgreSQL at
# $PG (default the local test server); SQLITE=0 skips SQLite.
set -euo pipefail
cd "$(dirname "$0")/.."
PG=${PG:-postgres://postgres@127.0.0.1:5432}
DB=ocop_bench_fair
BOOTHS=${BOOTHS:-300}
ORDERS=${ORDERS:-100000}
RUNS=${RUNS:-15}
cargo build -q --release --bin bench-fair -p ocop-tests
TARGET_DIR=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $DB" -qc "CREATE DATABASE $DB"
"$TARGET_DIR/release/bench-fair" "$PG/$DB" "$BOOTHS" "$ORDERS" "$RUNS"
if [ "${SQLITE:-1}" != 0 ]; then
  DATA=$(mktemp -d)
  trap 'rm -rf "$DATA"' EXIT
  "$TARGET_DIR/release/bench-fair" "sqlite://$DATA/bench.db" "$BOOTHS" "$ORDERS" "$RUNS"
fi
