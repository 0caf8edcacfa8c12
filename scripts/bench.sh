#!/usr/bin/env bash
# Load-tests a release gateway with the demo catalogue on loopback: /healthz, the home page,
# a product page, a province page and the product API with wrk, plus the binary size and
# resident memory idle and after load; then the product page again with $REVIEWS (1,000)
# more reviews. Bounded: each run lasts $DURATION.
#
# SET=/tmp/ocop-search-100k (a catalogue from scripts/gen-search-catalogue.py) runs the same
# pages on that catalogue instead of the demo (imported by scripts/import-search-set.sh, 100,000 listings): the
# product, shop, group and province pages are the catalogue's first listing, its largest
# shop, group and province.
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
PRODUCT=tra-hoa-vang-ba-che SHOP=htx-tra-hoa-vang-ba-che GROUP=thuc-pham PROVINCE=quang-ninh
if [ -n "${SET:-}" ]; then
  "$BIN" migrate up >/dev/null
  scripts/import-search-set.sh "$SET" "$BIN"
  read -r PRODUCT SHOP GROUP PROVINCE < <(python3 - "$DATA/ocop.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
one = lambda sql: db.execute(sql).fetchone()[0]
product = one("SELECT slug FROM products ORDER BY id LIMIT 1")
shop = one("SELECT s.slug FROM shops s JOIN products p ON p.shop_id = s.id GROUP BY s.id ORDER BY COUNT(*) DESC LIMIT 1")
group = one("SELECT category FROM products GROUP BY category ORDER BY COUNT(*) DESC LIMIT 1")
code = one("SELECT province_code FROM products GROUP BY province_code ORDER BY COUNT(*) DESC LIMIT 1")
print(product, shop, group, code)
PY
  )
  REVIEWS=0
else
  "$BIN" seed --demo >/dev/null
fi
"$BIN" serve & PID=$!
for _ in $(seq 600); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
rss() { awk '/VmRSS/ {print $2/1024 " MiB"}' "/proc/$PID/status"; }
echo "binary: $(du -h "$BIN" | cut -f1) ($BIN)"
echo "idle RSS: $(rss)"
# Each page's rate beside /healthz's in the same run (issue 20: pages near the speed of
# the server). Pages are fetched as a guest, as wrk sends no cookies.
HEALTHZ=""
for path in /healthz / "/san-pham/$PRODUCT" "/cua-hang/$SHOP" "/danh-muc/$GROUP" "/tinh/$PROVINCE" "/api/v1/products/$PRODUCT"; do
  echo "== GET $path, $CONNECTIONS connections, $DURATION =="
  # Warm: one request builds what is kept, as a page's first visitor would.
  curl -fs -o /dev/null "http://127.0.0.1:$PORT$path" || true
  OUT=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "http://127.0.0.1:$PORT$path")
  echo "$OUT" | grep -E 'Requests/sec|Latency|99%|50%|Non-2xx'
  RATE=$(echo "$OUT" | awk '/Requests\/sec/ {print $2}')
  if [ -z "$HEALTHZ" ]; then HEALTHZ=$RATE; else
    python3 -c "import sys; print(f'   ratio to /healthz: {float(sys.argv[1]) / float(sys.argv[2]):.3f}')" "$RATE" "$HEALTHZ"
  fi
done
# The same product page again once it has 1,000 more published reviews (issue 15): written
# straight into the database beside the running gateway, with the kept rating recounted.
REVIEWS=${REVIEWS:-1000}
if [ "$REVIEWS" -gt 0 ]; then
  python3 - "$DATA/ocop.db" "$REVIEWS" <<'PY'
import sqlite3, sys
db, n = sqlite3.connect(sys.argv[1]), int(sys.argv[2])
pid, sid = db.execute("SELECT id, shop_id FROM products WHERE slug = 'tra-hoa-vang-ba-che'").fetchone()
authors = [r[0] for r in db.execute("SELECT id FROM users ORDER BY id")]
rows = [(pid, sid, authors[i % len(authors)], 5 - i % 3, f"Đánh giá thử số {i}: trà thơm, đóng gói cẩn thận.",
         f"2026-11-{1 + i % 28:02d}T08:00:00+00:00") for i in range(n)]
db.executemany("INSERT INTO reviews (product_id, shop_id, author_id, variant_label, stars, body, status, reports, "
               "created_at, updated_at) VALUES (?, ?, ?, '', ?, ?, 'published', 0, ?, ?)",
               [r + (r[5],) for r in rows])
db.execute("DELETE FROM product_ratings WHERE product_id = ?", (pid,))
db.execute("INSERT INTO product_ratings (product_id, shop_id, review_count, stars_total, stars_1, stars_2, stars_3, "
           "stars_4, stars_5) SELECT product_id, shop_id, COUNT(*), SUM(stars), SUM(stars = 1), SUM(stars = 2), "
           "SUM(stars = 3), SUM(stars = 4), SUM(stars = 5) FROM reviews WHERE product_id = ? AND status = 'published' "
           "GROUP BY product_id, shop_id", (pid,))
db.commit()
print(f"{n} reviews added; the product now has", db.execute(
    "SELECT review_count FROM product_ratings WHERE product_id = ?", (pid,)).fetchone()[0])
PY
  for path in /san-pham/tra-hoa-vang-ba-che "/san-pham/tra-hoa-vang-ba-che?dg=50" "/san-pham/tra-hoa-vang-ba-che?anh=1"; do
    echo "== GET $path with $REVIEWS more reviews, $CONNECTIONS connections, $DURATION =="
    wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "http://127.0.0.1:$PORT$path" | grep -E 'Requests/sec|Latency|99%|50%|Non-2xx'
  done
fi
echo "RSS after load: $(rss)"
