#!/usr/bin/env python3
"""Writes a realistic import file of N rows (default 10,000) for `ocop import products`.
Deterministic.

    gen-import.py [N] [OUT] [--near-identical]

Default: many shops listing the same OCOP goods in other sizes and packs, each product named
after its shop ("Trà hoa vàng HTX Sản xuất số 7").

--near-identical: the catalogue a province really sends, where many shops sell the same goods
under the same or nearly the same names: "Mật ong bạc hà" in hundreds of shops, beside
"Mật ong bạc hà hộp 500 g", "Mật ong bạc hà Hà Giang" and "Hộp quà Mật ong bạc hà". Every
such name shares its slug with hundreds of others, which is what made slug picking slow.

Each shop's products cite one decision of its province ("{shop}/QĐ-UBND") and each product has
its own stars (one decision lists products with different stars); a product's variant rows
agree on its stars."""
import csv, random, sys

args = [a for a in sys.argv[1:] if not a.startswith("--")]
near_identical = "--near-identical" in sys.argv[1:]
n = int(args[0]) if len(args) > 0 else 10_000
out = args[1] if len(args) > 1 else "/dev/stdout"
random.seed(2026)
goods = [
    ("Trà hoa vàng", "do-uong", "Quảng Ninh"), ("Miến dong", "thuc-pham", "Quảng Ninh"),
    ("Chả mực", "thuc-pham", "Quảng Ninh"), ("Nước mắm cá cơm", "thuc-pham", "Quảng Ninh"),
    ("Chè búp", "do-uong", "Thái Nguyên"), ("Cà phê Robusta", "do-uong", "Đắk Lắk"),
    ("Gạo ST25", "thuc-pham", "Sóc Trăng"), ("Mật ong bạc hà", "thuc-pham", "Hà Giang"),
    ("Trà atiso", "thao-duoc", "Lâm Đồng"), ("Bình gốm men lam", "luu-niem-noi-that-trang-tri", "Hà Nội"),
    ("Khăn lụa tơ tằm", "vai-may-mac", "Hà Nội"), ("Ba kích tím", "thao-duoc", "Quảng Ninh"),
]
packs = ["Gói 100 g", "Gói 200 g", "Hộp 250 g", "Hộp 500 g", "Túi 1 kg", "Chai 500 ml", "Bộ quà tặng"]


def product_name(name, prov, shop_name):
    if not near_identical:
        return f"{name} {shop_name}"
    # The same goods, named as shops name them.
    form = random.random()
    if form < 0.45:
        return name
    if form < 0.70:
        return f"{name} {random.choice(packs).lower()}"
    if form < 0.85:
        return f"{name} {prov}"
    return f"Hộp quà {name}"


w = csv.writer(open(out, "w", newline="", encoding="utf-8"))
w.writerow(["shop", "sku", "name", "variant", "description", "category", "province", "ocop_stars",
            "price_vnd", "stock", "unit", "weight_grams", "certificate_number", "certificate_date", "certificate_authority"])
row = 0
shop = 0
while row < n:
    shop += 1
    shop_name = f"HTX Sản xuất số {shop}"
    for g, (name, cat, prov) in enumerate(goods):
        title = product_name(name, prov, shop_name)
        stars = random.choice([3, 4, 5])
        for v, pack in enumerate(random.sample(packs, 3)):
            if row >= n:
                break
            row += 1
            w.writerow([shop_name, f"S{shop}-G{g}-{v}", title, pack,
                        f"{name} đặc sản OCOP, {pack.lower()}.", cat, prov, stars,
                        random.randrange(30, 900) * 1000, random.randrange(0, 400), "gói", random.randrange(100, 1500),
                        f"{shop}/QĐ-UBND", "2025-06-01", f"UBND tỉnh {prov}"])
