#!/usr/bin/env python3
"""A generated search catalogue (scripts/gen-search-catalogue.py) as an `ocop import products`
CSV, so the scale benchmarks fill their database the way an operator would:

    python3 scripts/search-set-to-import.py SET_DIR OUT.csv
    ocop import products OUT.csv --approve --create-shops

Each listing is a one-variant product of the shop named by its shop_name (created by the
import in the listing's province); a name a shop already uses gets " #2", " #3"… as
`ocop search load` did, so every listing stays its own product. Each shop cites one OCOP
decision per star count, numbered by shop and stars.
"""
import csv
import sys
from collections import Counter

COLUMNS = ["shop", "sku", "name", "variant", "description", "category", "subcategory", "province",
           "ocop_stars", "price_vnd", "stock", "unit", "certificate_number", "certificate_date",
           "certificate_authority"]


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit("usage: search-set-to-import.py SET_DIR OUT.csv")
    src, out = sys.argv[1], sys.argv[2]
    seen: Counter = Counter()
    shop_numbers: dict = {}
    with open(f"{src}/catalogue.csv", newline="", encoding="utf-8") as f, \
            open(out, "w", newline="", encoding="utf-8") as o:
        w = csv.DictWriter(o, fieldnames=COLUMNS)
        w.writeheader()
        for i, row in enumerate(csv.DictReader(f)):
            shop = row["shop_name"]
            n = shop_numbers.setdefault(shop, len(shop_numbers) + 1)
            seen[(shop, row["name"])] += 1
            count = seen[(shop, row["name"])]
            name = row["name"] if count == 1 else f"{row['name']} #{count}"
            stars = row["stars"]
            w.writerow({
                "shop": shop,
                "sku": f"SS-{i}",
                "name": name,
                "variant": "",
                "description": row["description"],
                "category": row["category"],
                "subcategory": row["subcategory"],
                "province": row["province"],
                "ocop_stars": stars,
                "price_vnd": row["price_vnd"],
                "stock": row["stock"],
                "unit": "",
                "certificate_number": f"{n}-{stars}/QĐ-UBND" if stars else "",
                "certificate_date": "2026-06-01" if stars else "",
                "certificate_authority": f"UBND tỉnh {row['province']}" if stars else "",
            })


if __name__ == "__main__":
    main()
