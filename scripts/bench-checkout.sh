#!/usr/bin/env bash
# Checkouts (or, with BENCH=booth, booth sales) per second on PostgreSQL: a release gateway
# on a fresh database with the demo catalogue, then `bench-checkout` (32 buyers at once, each
# adding an item and checking out with cash on delivery) or `bench-booth` (32 seller phones
# sending sales, every tenth twice). Needs PostgreSQL at $PG (default the local test server).
set -euo pipefail
cd "$(dirname "$0")/.."
PG=${PG:-postgres://postgres@127.0.0.1:5432}
DB=ocop_bench_checkout
PORT=${PORT:-3918}
CONCURRENCY=${CONCURRENCY:-32}
SECONDS_=${SECONDS_:-15}
cargo build -q --release --bin ocop -p ocop-gateway
BENCH=${BENCH:-checkout}
cargo build -q --release --bin "bench-$BENCH" -p ocop-tests
TARGET_DIR=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $DB" -qc "CREATE DATABASE $DB"
DATA=$(mktemp -d)
trap 'kill $PID 2>/dev/null || true; rm -rf "$DATA"' EXIT
export OCOP_DATA_DIR="$DATA" OCOP_LISTEN="127.0.0.1:$PORT" OCOP_LOG_FILTER=warn \
  OCOP_DATABASE_URL="$PG/$DB" OCOP_DATABASE_MAX_CONNECTIONS=${POOL:-16}
"$TARGET_DIR/release/ocop" migrate up >/dev/null
"$TARGET_DIR/release/ocop" seed --demo >/dev/null
"$TARGET_DIR/release/ocop" serve & PID=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
"$TARGET_DIR/release/bench-$BENCH" "http://127.0.0.1:$PORT" "$CONCURRENCY" "$SECONDS_"
echo "gateway RSS after the run: $(awk '/VmRSS/ {print $2/1024 " MiB"}' "/proc/$PID/status")"
