#!/usr/bin/env python3
"""Writes a realistic import file of N rows (default 10,000) for `ocop import products`:
many shops listing the same OCOP goods in other sizes and packs. Deterministic."""
import csv, random, sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
out = sys.argv[2] if len(sys.argv) > 2 else "/dev/stdout"
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
w = csv.writer(open(out, "w", newline="", encoding="utf-8"))
w.writerow(["shop", "sku", "name", "variant", "description", "category", "province", "ocop_stars",
            "price_vnd", "stock", "unit", "weight_grams", "certificate_number", "certificate_date", "certificate_authority"])
row = 0
shop = 0
while row < n:
    shop += 1
    shop_name = f"HTX Sản xuất số {shop}"
    for g, (name, cat, prov) in enumerate(goods):
        for v, pack in enumerate(random.sample(packs, 3)):
            if row >= n:
                break
            row += 1
            w.writerow([shop_name, f"S{shop}-G{g}-{v}", f"{name} {shop_name}", pack,
                        f"{name} đặc sản OCOP, {pack.lower()}.", cat, prov, random.choice([3, 4, 5]),
                        random.randrange(30, 900) * 1000, random.randrange(0, 400), "gói", random.randrange(100, 1500),
                        f"{shop}/QĐ-UBND", "2025-06-01", f"UBND tỉnh {prov}"])
