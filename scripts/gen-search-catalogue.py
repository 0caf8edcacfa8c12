#!/usr/bin/env python3
"""A large search catalogue from the development relevance set: many shops listing the
same goods in other sizes and packs, so ranking can be measured with copies collapsed.

    scripts/gen-search-catalogue.py 100000 /tmp/search-100k

writes DIR/catalogue.csv (with a `canonical` column naming the good each row copies) and
DIR/judgments.toml (the development judgments, which name canonical slugs). Seeded: the
same arguments give the same files.
"""
import csv
import os
import random
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SET = os.path.join(HERE, "..", "crates", "search", "relevance")

PACKS = {
    "thuc-pham": ["gói 200 g", "gói 500 g", "túi 1 kg", "hộp quà 3 gói", "combo 2 túi", "hũ 250 g", "loại 1", "túi zip 300 g"],
    "do-uong": ["hộp 100 g", "túi 200 g", "hộp quà 2 lon", "chai 500 ml", "bình 1 lít", "túi lọc 25 gói", "loại đặc biệt"],
    "thao-duoc": ["hộp 50 g", "túi 200 g", "hũ 100 g", "hộp quà", "combo 3 hộp"],
    "vai-may-mac": ["mẫu mới", "khổ lớn", "size M", "màu chàm", "bộ quà tặng"],
    "luu-niem-noi-that-trang-tri": ["cỡ nhỏ", "cỡ lớn", "bộ 2 chiếc", "mẫu 2026"],
    "dich-vu-du-lich-nong-thon": ["khách lẻ", "đoàn 10 người", "gói 2 ngày", "cuối tuần"],
}
SHOP_KINDS = ["HTX", "Cơ sở", "Hộ kinh doanh", "Công ty", "Tổ hợp tác"]
SHOP_WORDS = ["Phúc Lộc", "An Khang", "Thịnh Vượng", "Hồng Phát", "Xanh", "Quê Nhà", "Bản Làng", "Miền Sơn Cước",
              "Đồng Quê", "Sông Nước", "Ngọc", "Tâm An", "Việt", "Hưng Thịnh", "Minh Châu", "Thảo Mộc", "Nhà Làm"]


def main():
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    out = sys.argv[2] if len(sys.argv) > 2 else "/tmp/search-100k"
    rng = random.Random(2026)
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(SET, "catalogue.csv"), newline="") as f:
        bases = list(csv.DictReader(f))
    provinces = sorted({b["province"] for b in bases})
    shops = []
    for i in range(max(50, total // 40)):
        province = rng.choice(provinces)
        name = f"{rng.choice(SHOP_KINDS)} {rng.choice(SHOP_WORDS)} {i}"
        shops.append((f"shop-{i}", name, province))
    by_province = {}
    for s in shops:
        by_province.setdefault(s[2], []).append(s)
    # Popular goods are copied more: weights from the base's sales.
    weights = [1 + int(b["sales"] or 0) for b in bases]
    fields = list(bases[0].keys()) + ["canonical"]
    with open(os.path.join(out, "catalogue.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        for b in bases:
            w.writerow({**b, "canonical": b["slug"]})
        for i in range(total - len(bases)):
            b = rng.choices(bases, weights)[0]
            local = by_province.get(b["province"])
            if local and rng.random() < 0.8:
                shop = rng.choice(local)
            else:
                shop = rng.choice(shops)  # a reseller elsewhere
            pack = rng.choice(PACKS.get(b["category"], ["loại 1"]))
            stars = max(3, int(b["stars"]) - (1 if rng.random() < 0.3 else 0))
            w.writerow({
                **b,
                "slug": f"{b['slug']}-{i + 2}",
                "name": f"{b['name']} {pack}",
                "province": shop[2],
                "shop": shop[0],
                "shop_name": shop[1],
                "stars": stars,
                "price_vnd": int(int(b["price_vnd"]) * rng.uniform(0.6, 2.5)) // 1000 * 1000,
                "stock": 0 if rng.random() < 0.08 else rng.randint(1, 500),
                "sales": int(rng.paretovariate(1.5) * 10),
                "canonical": b["slug"],
            })
    shutil.copy(os.path.join(SET, "judgments.toml"), os.path.join(out, "judgments.toml"))
    print(f"{total} listings from {len(bases)} goods and {len(shops)} shops in {out}")


if __name__ == "__main__":
    main()
