#!/usr/bin/env bash
# How fast `ocop import products` writes a provincial catalogue of near-identical names
# (scripts/gen-import.py --near-identical): for each size in SIZES, a fresh SQLite file and a
# fresh PostgreSQL database (ocop_bench_import_<n>), the release binary under /usr/bin/time -v.
# Prints rows, seconds, rows/s and peak RSS. Needs python3, psql and PostgreSQL at $PG (default
# the local test server); PG= (empty) skips PostgreSQL. BIN names the binary (default the
# release build in the cargo target directory).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-"10000 50000 100000"}
PG=${PG-postgres://postgres@127.0.0.1:5432}
WORK=${WORK:-/tmp/ocop-bench-import}
if [ -z "${BIN:-}" ]; then
  TARGET_DIR=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
  BIN="$TARGET_DIR/release/ocop"
fi
[ -x "$BIN" ] || { echo "no binary at $BIN: run 'make release' first" >&2; exit 1; }
mkdir -p "$WORK"

# One run: prints "db rows seconds rows/s rss_mb", or fails with the import's own output.
run() {
  local db=$1 url=$2 file=$3 rows=$4 data=$5
  export OCOP_DATABASE_URL=$url OCOP_DATA_DIR=$data
  "$BIN" migrate up >/dev/null
  "$BIN" user create --email bench@choocop.vn --password 'bench-import-1' --role admin >/dev/null
  if ! /usr/bin/time -v -o "$WORK/time.txt" "$BIN" import products "$file" --approve --create-shops >"$WORK/out.txt" 2>&1; then
    tail -20 "$WORK/out.txt" >&2
    return 1
  fi
  local secs rss
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; print s}' "$WORK/time.txt")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$WORK/time.txt")
  printf '%-10s %8d %8.1f %9.0f %8s  %s\n' "$db" "$rows" "$secs" "$(awk -v r="$rows" -v s="$secs" 'BEGIN { print r / s }')" "$rss MB" "$(cat "$WORK/out.txt" | tail -1)"
}

printf '%-10s %8s %8s %9s %8s\n' database rows seconds rows/s "peak RSS"
for n in $SIZES; do
  file="$WORK/near-identical-$n.csv"
  [ -s "$file" ] || python3 scripts/gen-import.py "$n" "$file" --near-identical
  data="$WORK/sqlite-$n"
  rm -rf "$data"
  mkdir -p "$data"
  run sqlite "sqlite://$data/ocop.db" "$file" "$n" "$data"
  if [ -n "$PG" ]; then
    name="ocop_bench_import_$n"
    psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $name" -qc "CREATE DATABASE $name" >/dev/null
    rm -rf "$WORK/pg-$n"
    mkdir -p "$WORK/pg-$n"
    run postgres "$PG/$name" "$file" "$n" "$WORK/pg-$n"
  fi
done
