#!/usr/bin/env bash
# Search on a database: a generated catalogue (scripts/gen-search-catalogue.py) imported
# into a fresh SQLite database the way an operator fills one (scripts/import-search-set.sh:
# `ocop import products --approve --create-shops`, timed), then `ocop reindex` from it
# (the rate it prints), then /api/v1/search and /api/v1/suggest on a release gateway with wrk (2 threads,
# $CONNECTIONS connections, $DURATION each):
#   1. cache off, the judged queries in turn (as typed, some with a stars filter, a price
#      sort or page 2, and a few group pages without words): uncached search, as before;
#   2. cache off, a Zipf mix of thousands of distinct searches (scripts/gen-search-queries.py);
#   3. cache on (search_cache_mb as configured, 32 by default), the same mix from a cold
#      cache, with its hit rate read from /metrics;
#   4. suggestions for the first 3, 5 and 8 characters of the judged queries;
#   5. cache off, the Zipf mix again at fixed rates ($RATES, requests per second over the
#      same connections, arriving at random): what a shopper waits at that traffic. Runs 1–4
#      ask as fast as answers come, so there a request's wait is mostly the queue of the
#      other 31 connections (Little's law: 32 connections ÷ requests per second).
# Resident memory of each gateway after its runs.
#
#   scripts/bench-search-http.sh /tmp/ocop-search-100k [target/release/ocop]
set -euo pipefail
cd "$(dirname "$0")/.."
SET=${1:?usage: bench-search-http.sh SET_DIR [OCOP_BINARY]}
BIN=${2:-${CARGO_TARGET_DIR:-target}/release/ocop}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
PORT=${PORT:-3918}
DISTINCT=${DISTINCT:-5000}
RATES=${RATES:-500 1000}
ZIPF_S=${ZIPF_S:-1.0}
command -v wrk >/dev/null || { echo "bench-search-http needs wrk (apt-get install wrk)"; exit 1; }
DATA=$(mktemp -d)
PID=
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$DATA"' EXIT
export OCOP_DATA_DIR="$DATA" OCOP_LISTEN="127.0.0.1:$PORT" OCOP_LOG_FILTER=warn WRK_THREADS=2 CONNECTIONS
"$BIN" migrate up >/dev/null
scripts/import-search-set.sh "$SET" "$BIN"
"$BIN" reindex
python3 - "$SET/judgments.toml" "$DATA" <<'PY'
import sys, tomllib, urllib.parse
queries = [q["q"] for q in tomllib.load(open(sys.argv[1], "rb"))["query"]]
with open(f"{sys.argv[2]}/judged.txt", "w") as out:
    for i, q in enumerate(queries):
        extra = ""
        if i % 6 == 1: extra = "&min_stars=4"
        elif i % 6 == 3: extra = "&sort=price_asc"
        elif i % 6 == 5: extra = "&page=2"
        print(f"/api/v1/search?q={urllib.parse.quote(q)}{extra}", file=out)
    for group in ["thuc-pham", "do-uong", "thao-duoc", "vai-may-mac"]:
        print(f"/api/v1/search?category={group}", file=out)
with open(f"{sys.argv[2]}/suggest.txt", "w") as out:
    for q in queries:
        for n in (3, 5, 8):
            print(f"/api/v1/suggest?q={urllib.parse.quote(q[:n])}", file=out)
PY
python3 scripts/gen-search-queries.py "$SET" "$DATA/zipf.txt" --distinct "$DISTINCT" --s "$ZIPF_S"

start() {
  OCOP_SEARCH_CACHE_MB=$1 "$BIN" serve --no-migrate & PID=$!
  # The gateway binds its port once the index is in service.
  for _ in $(seq 600); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
}
stop() { kill "$PID"; wait "$PID" 2>/dev/null || true; PID=; }
rss() { awk '/VmRSS/ {printf "%.0f MB", $2/1024}' "/proc/$PID/status"; }
counter() { curl -fs "http://127.0.0.1:$PORT/metrics" | awk -v n="$1" '$1 == n {print $2}'; }
drive() {
  echo "== $1: $(wc -l < "$2") paths in turn, $CONNECTIONS connections, $DURATION, load $(cut -d' ' -f1 /proc/loadavg) =="
  SEARCH_PATHS="$2" wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s scripts/bench-search-http.lua \
    "http://127.0.0.1:$PORT" | grep -E 'Requests/sec|Latency|50%|90%|99%|Non-2xx|Socket errors'
}

start 0
echo "gateway RSS with the index open: $(rss)"
drive "GET /api/v1/search, cache off, judged queries" "$DATA/judged.txt"
drive "GET /api/v1/search, cache off, Zipf mix" "$DATA/zipf.txt"
drive "GET /api/v1/suggest" "$DATA/suggest.txt"
for rate in $RATES; do
  RATE=$rate drive "GET /api/v1/search, cache off, Zipf mix at $rate requests/s" "$DATA/zipf.txt"
done
echo "gateway RSS after the runs: $(rss) (peak $(awk '/VmHWM/ {printf "%.0f MB", $2/1024}' "/proc/$PID/status"))"
stop

start "${OCOP_SEARCH_CACHE_MB:-32}"
drive "GET /api/v1/search, cache on (${OCOP_SEARCH_CACHE_MB:-32} MB, cold at the start), Zipf mix" "$DATA/zipf.txt"
hits=$(counter ocop_search_cache_hits_total); misses=$(counter ocop_search_cache_misses_total)
echo "cache: $hits hits, $misses misses, hit rate $(awk -v h="$hits" -v m="$misses" 'BEGIN {printf "%.1f %%", 100 * h / (h + m)}'), $(counter ocop_search_cache_entries) answers in $(counter ocop_search_cache_bytes) bytes"
echo "gateway RSS after the run: $(rss) (peak $(awk '/VmHWM/ {printf "%.0f MB", $2/1024}' "/proc/$PID/status"))"
stop
