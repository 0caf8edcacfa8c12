#!/usr/bin/env bash
# Load-tests a release gateway with the demo catalogue on loopback: /healthz, the home page,
# a product page, a province page and the product API with wrk, plus the binary size and
# resident memory idle and after load. Bounded: each run lasts $DURATION.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET_DIR=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
BIN="$TARGET_DIR/release/ocop"
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
PORT=${PORT:-3917}
command -v wrk >/dev/null || { echo "bench needs wrk (apt-get install wrk)"; exit 1; }
DATA=$(mktemp -d)
trap 'kill $PID 2>/dev/null || true; rm -rf "$DATA"' EXIT
export OCOP_DATA_DIR="$DATA" OCOP_LISTEN="127.0.0.1:$PORT" OCOP_LOG_FILTER=warn
"$BIN" seed --demo >/dev/null
"$BIN" serve & PID=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
rss() { awk '/VmRSS/ {print $2/1024 " MiB"}' "/proc/$PID/status"; }
echo "binary: $(du -h "$BIN" | cut -f1) ($BIN)"
echo "idle RSS: $(rss)"
for path in /healthz / /san-pham/tra-hoa-vang-ba-che /tinh/quang-ninh /api/v1/products/tra-hoa-vang-ba-che; do
  echo "== GET $path, $CONNECTIONS connections, $DURATION =="
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "http://127.0.0.1:$PORT$path" | grep -E 'Requests/sec|Latency|99%|50%|Non-2xx'
done
echo "RSS after load: $(rss)"
