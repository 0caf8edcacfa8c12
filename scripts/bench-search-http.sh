#!/usr/bin/env bash
# Search on a database: a generated catalogue (scripts/gen-search-catalogue.py) loaded into
# a fresh SQLite database (`ocop search load`), then `ocop reindex` from it (the rate it
# prints), then /api/v1/search on a release gateway with wrk: 2 threads, $CONNECTIONS
# connections, $DURATION, each request the next of the judged queries (as typed, some
# with a stars filter, a price sort or page 2, and a few group pages without words);
# resident memory before and after.
#
#   scripts/bench-search-http.sh /tmp/ocop-search-100k [target/release/ocop]
set -euo pipefail
cd "$(dirname "$0")/.."
SET=${1:?usage: bench-search-http.sh SET_DIR [OCOP_BINARY]}
BIN=${2:-${CARGO_TARGET_DIR:-target}/release/ocop}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
PORT=${PORT:-3918}
command -v wrk >/dev/null || { echo "bench-search-http needs wrk (apt-get install wrk)"; exit 1; }
DATA=$(mktemp -d)
PID=
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$DATA"' EXIT
export OCOP_DATA_DIR="$DATA" OCOP_LISTEN="127.0.0.1:$PORT" OCOP_LOG_FILTER=warn
"$BIN" migrate up >/dev/null
"$BIN" search load --set "$SET"
"$BIN" reindex
python3 - "$SET/judgments.toml" > "$DATA/paths.txt" <<'PY'
import sys, tomllib, urllib.parse
queries = [q["q"] for q in tomllib.load(open(sys.argv[1], "rb"))["query"]]
for i, q in enumerate(queries):
    extra = ""
    if i % 6 == 1: extra = "&min_stars=4"
    elif i % 6 == 3: extra = "&sort=price_asc"
    elif i % 6 == 5: extra = "&page=2"
    print(f"/api/v1/search?q={urllib.parse.quote(q)}{extra}")
for group in ["thuc-pham", "do-uong", "thao-duoc", "vai-may-mac"]:
    print(f"/api/v1/search?category={group}")
PY
"$BIN" serve --no-migrate & PID=$!
# The gateway binds its port once the index is in service.
for _ in $(seq 600); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
rss() { awk '/VmRSS/ {printf "%.0f MB", $2/1024}' "/proc/$PID/status"; }
echo "gateway RSS with the index open: $(rss)"
echo "== GET /api/v1/search ($(wc -l < "$DATA/paths.txt") queries in turn), $CONNECTIONS connections, $DURATION =="
SEARCH_PATHS="$DATA/paths.txt" wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s scripts/bench-search-http.lua \
  "http://127.0.0.1:$PORT" | grep -E 'Requests/sec|Latency|50%|90%|99%|Non-2xx|Socket errors'
echo "gateway RSS after the run: $(rss) (peak $(awk '/VmHWM/ {printf "%.0f MB", $2/1024}' "/proc/$PID/status"))"
