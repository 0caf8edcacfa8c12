#!/usr/bin/env bash
# Several gateways on one PostgreSQL and one Redis (issue 20), on loopback: $INSTANCES
# (3) release `ocop serve` processes on a fresh database with the demo catalogue, each with
# its own data folder and one shared media folder. Prints
#   - requests per second of /healthz, a product page (kept for guests, per instance) and a
#     search (the search cache off), first on one instance alone, then on all of them at
#     once (one wrk per instance, the same 32 connections shared out), with p99;
#   - how long a price changed through one instance takes to show in another's search
#     (20 changes, each read back from the next instance);
#   - 50 buyers spread over the instances racing for a stock of 10;
#   - the mail those orders wrote, counted as files across every instance's mail folder
#     against the outbox rows marked sent (each sent once);
#   - the PostgreSQL connections in use.
# Needs wrk, psql and python3; PG and REDIS name the servers (the local ones by default).
set -euo pipefail
cd "$(dirname "$0")/.."
PG=${PG:-postgres://postgres@127.0.0.1:5432}
REDIS=${REDIS:-redis://127.0.0.1:6379/}
DB=ocop_bench_cluster
INSTANCES=${INSTANCES:-3}
BASE_PORT=${BASE_PORT:-3940}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
command -v wrk >/dev/null || { echo "bench-cluster needs wrk (apt-get install wrk)"; exit 1; }
command -v psql >/dev/null || { echo "bench-cluster needs psql (apt-get install postgresql-client)"; exit 1; }
TARGET_DIR=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
BIN="$TARGET_DIR/release/ocop"
psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $DB" -qc "CREATE DATABASE $DB"
ROOT=$(mktemp -d)
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$ROOT"' EXIT
mkdir -p "$ROOT/media"
export OCOP_DATABASE_URL="$PG/$DB" OCOP_REDIS_URL="$REDIS" OCOP_REDIS_KEY_PREFIX="ocop_bench_cluster_$$:" \
  OCOP_MEDIA_DIR="$ROOT/media" OCOP_LOG_FILTER=warn OCOP_DATABASE_MAX_CONNECTIONS=${POOL:-16} \
  OCOP_SEARCH_CACHE_MB=0
OCOP_DATA_DIR="$ROOT/seed" "$BIN" migrate up >/dev/null
OCOP_DATA_DIR="$ROOT/seed" "$BIN" seed --demo >/dev/null
URLS=()
for i in $(seq 1 "$INSTANCES"); do
  port=$((BASE_PORT + i))
  mkdir -p "$ROOT/i$i"
  OCOP_DATA_DIR="$ROOT/i$i" OCOP_LISTEN="127.0.0.1:$port" "$BIN" serve & PIDS+=($!)
  URLS+=("http://127.0.0.1:$port")
done
for url in "${URLS[@]}"; do
  for _ in $(seq 200); do curl -fs "$url/readyz" >/dev/null && break; sleep 0.1; done
  curl -fs "$url/readyz" >/dev/null || { echo "$url never became ready"; exit 1; }
done
echo "== $INSTANCES instances on $PG/$DB + $REDIS: ${URLS[*]}"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

# One wrk per instance at once, the connections shared out; prints the summed rate.
load() {
  local path=$1 n=$2 per=$((CONNECTIONS / $2)) outs=() loaders=()
  for i in $(seq 0 $((n - 1))); do
    outs+=("$ROOT/wrk$i")
    wrk -t1 -c"$per" -d"$DURATION" --latency "${URLS[$i]}$path" >"$ROOT/wrk$i" & loaders+=($!)
  done
  wait "${loaders[@]}"
  python3 - "$path" "$n" "${outs[@]}" <<'PY'
import re, sys
path, n, files = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
rate, p99, errors = 0.0, 0.0, 0
def ms(v, unit): return float(v) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
for f in files:
    text = open(f).read()
    rate += float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    m = re.search(r"99%\s+([\d.]+)(us|ms|s)", text)
    p99 = max(p99, ms(*m.groups()))
    e = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    errors += int(e.group(1)) if e else 0
print(f"  {path}: {n} instance(s): {rate:,.0f} req/s, worst p99 {p99:.1f} ms, non-2xx {errors}")
PY
}
PRODUCT=/san-pham/tra-hoa-vang-ba-che
for path in /healthz "$PRODUCT" "/api/v1/search?q=tra%20hoa%20vang"; do
  load "$path" 1
  load "$path" "$INSTANCES"
done

python3 - "$ROOT" "${URLS[@]}" <<'PY'
import json, os, sys, threading, time, urllib.request, urllib.error
root, urls = sys.argv[1], sys.argv[2:]

def call(method, url, body=None, token=None, headers=None):
    req = urllib.request.Request(url, method=method, data=None if body is None else json.dumps(body).encode())
    req.add_header("content-type", "application/json")
    if token: req.add_header("authorization", f"Bearer {token}")
    for k, v in (headers or {}).items(): req.add_header(k, v)
    try:
        with urllib.request.urlopen(req, timeout=30) as r: return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e: return e.code, json.loads(e.read() or b"null")

def login(url, email):
    status, body = call("POST", f"{url}/api/v1/auth/login", {"email": email, "password": "ocop-demo-2026"})
    assert status == 200, (status, body)
    return body["token"]

vendor = login(urls[0], "nguoiban@choocop.vn")
_, product = call("GET", f"{urls[0]}/api/v1/products/tra-hoa-vang-ba-che")
shop, sku = product["shop"]["slug"], product["variants"][0]["sku"]

def search_price(url):
    _, body = call("GET", f"{url}/api/v1/search?q=tra%20hoa%20vang%20ba%20che")
    return next((h["price_vnd"] for h in body["hits"] if h["slug"] == "tra-hoa-vang-ba-che"), None)

# A price changed on instance i shows in instance i+1's search after how long?
waits = []
for round_ in range(20):
    writer, reader = urls[round_ % len(urls)], urls[(round_ + 1) % len(urls)]
    price = 300_000 + 1_000 * round_
    started = time.monotonic()
    status, _ = call("PATCH", f"{writer}/api/v1/shops/{shop}/products/{sku}", {"price_vnd": price}, vendor)
    assert status == 200, status
    while search_price(reader) != price:
        assert time.monotonic() - started < 10, "price never arrived"
        time.sleep(0.01)
    waits.append((time.monotonic() - started) * 1000)
waits.sort()
print(f"== price changed on one instance, seen in another's search: median {waits[len(waits)//2]:.0f} ms, "
      f"slowest {waits[-1]:.0f} ms over {len(waits)} changes")

# 50 buyers over the instances, a stock of 10.
status, _ = call("PATCH", f"{urls[0]}/api/v1/shops/{shop}/products/{sku}", {"stock": 10}, vendor)
assert status == 200
tokens = []
for i in range(50):
    status, body = call("POST", f"{urls[i % len(urls)]}/api/v1/auth/register",
                        {"email": f"cum-{i}-{os.getpid()}@example.vn", "password": "mat-khau-dai-du", "name": f"Người mua {i}"})
    assert status == 201, (status, body)
    tokens.append(body["token"])
    status, body = call("POST", f"{urls[i % len(urls)]}/api/v1/cart/items", {"sku": sku, "shop": shop, "quantity": 1}, body["token"])
    assert status == 201, (status, body)
gate, results = threading.Barrier(50), []
shipping = {"recipient": "Nguyễn Thị Lan", "phone": "0912 345 678", "province": "Quảng Ninh",
            "commune": "Phường Bãi Cháy", "street": "12 Hạ Long"}
def buy(i, token):
    gate.wait()
    results.append(call("POST", f"{urls[(i + 1) % len(urls)]}/api/v1/checkout",
                        {"payment_method": "cod", "shipping": shipping}, token, {"Idempotency-Key": f"cum-{i}"}))
threads = [threading.Thread(target=buy, args=(i, t)) for i, t in enumerate(tokens)]
started = time.monotonic()
for t in threads: t.start()
for t in threads: t.join()
took = (time.monotonic() - started) * 1000
placed = sum(1 for s, _ in results if s == 201)
sold_out = sum(1 for s, b in results if s == 409 and b["error"]["code"] == "out_of_stock")
_, product = call("GET", f"{urls[-1]}/api/v1/products/tra-hoa-vang-ba-che")
stock = next(v["stock"] for v in product["variants"] if v["sku"] == sku)
print(f"== 50 buyers over {len(urls)} instances, stock 10: {placed} placed, {sold_out} sold out, "
      f"{50 - placed - sold_out} other, stock left {stock}, {took:.0f} ms")
PY

# The orders' mail: every row marked sent is one file in one instance's mail folder.
for _ in $(seq 100); do
  left=$(psql "$PG/$DB" -tAc "SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NULL AND attempts < 5")
  [ "$left" = 0 ] && break; sleep 0.2
done
sent=$(psql "$PG/$DB" -tAc "SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NOT NULL")
files=0
for i in $(seq 1 "$INSTANCES"); do
  n=$(find "$ROOT/i$i/mail" -name '*.eml' 2>/dev/null | wc -l)
  echo "  instance $i sent $n mails"
  files=$((files + n))
done
echo "== mail: $sent outbox rows sent, $files files across the instances (each sent once: equal)"
echo "== PostgreSQL connections to $DB: $(psql "$PG/$DB" -tAc "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = '$DB'")"
for i in $(seq 0 $((INSTANCES - 1))); do
  echo "  instance $((i + 1)) RSS: $(awk '/VmRSS/ {print $2/1024 " MiB"}' "/proc/${PIDS[$i]}/status")"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
