#!/usr/bin/env python3
"""Builds the held-back relevance set in crates/search/relevance-heldout/.

The catalogue is made here, apart from the demo seed and the development set: real OCOP
goods of many provinces, each sold by its maker and by resellers, in several pack sizes,
as gift boxes, under near-identical names. The queries and what each one means are written
by hand in queries.txt (kind | query | 2: selectors | 1: selectors): a person decides which
listings a shopper wanted (2) or would accept (1); this script only expands those
decisions over the listings into judgments.toml. No engine is run. Deterministic, no
network:

    scripts/gen-heldout-relevance.py            # rewrites catalogue.csv and judgments.toml
    scripts/gen-heldout-relevance.py --check    # fails when the files are out of date

Selector: conditions separated by spaces, all must hold; a condition is key=v1/v2 (any
value). Keys: good (the good's key), tag, prov (current province code), shop (shop slug),
pack (pack token as written in the name, e.g. 500ml), gift (y/n), maker (y = sold by a
maker from the good's place, n = a reseller).
"""

import csv
import io
import random
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent / "crates" / "search" / "relevance-heldout"


def fold(s):
    s = s.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")


def slugify(s):
    out = []
    for c in fold(s).lower():
        out.append(c if c.isalnum() and c.isascii() else "-")
    return "-".join(p for p in "".join(out).split("-") if p)


# key, base name, place words in names, province as a seller types it (former or current),
# current province code, category, subcategory, tags, packs, description.
G = []


def good(key, name, place, province, code, cat, sub, tags, packs, desc):
    G.append(dict(key=key, name=name, place=place, province=province, code=code, cat=cat, sub=sub,
                  tags=set(tags.split()), packs=packs, desc=desc))


TP, DU, TD, VM, LN = "thuc-pham", "do-uong", "thao-duoc", "vai-may-mac", "luu-niem-noi-that-trang-tri"
# Quảng Ninh
good("cha-muc", "Chả mực", "Hạ Long", "Quảng Ninh", "quang-ninh", TP, "thuy-hai-san", "cha hai-san",
     ["500g", "1kg", "300g"], "Chả mực giã tay từ mực ống tươi, chiên vàng giòn dai")
good("mien-dong-binh-lieu", "Miến dong", "Bình Liêu", "Quảng Ninh", "quang-ninh", TP, "gao-ngu-coc", "mien",
     ["500g", "1kg", "300g"], "Miến làm từ tinh bột dong riềng, phơi nắng tự nhiên, sợi dai trong")
good("tra-hoa-vang", "Trà hoa vàng", "Ba Chẽ", "Quảng Ninh", "quang-ninh", DU, "tra", "tra",
     ["hộp 50g", "hộp 100g", "túi lọc 20 gói"], "Bông trà hoa vàng sấy lạnh, nước vàng óng, vị ngọt hậu")
good("ba-kich", "Ba kích tím khô", "Ba Chẽ", "Quảng Ninh", "quang-ninh", TD, "duoc-lieu", "duoc-lieu",
     ["500g", "1kg"], "Củ ba kích tím rút lõi phơi khô, dùng ngâm rượu")
good("sa-sung", "Sá sùng khô", "Vân Đồn", "Quảng Ninh", "quang-ninh", TP, "thuy-hai-san", "hai-san kho-hai-san",
     ["100g", "250g", "500g"], "Sá sùng đảo Quan Lạn lộn ruột phơi khô, nướng thơm hoặc nấu nước dùng")
good("nuoc-mam-cai-rong", "Nước mắm", "Cái Rồng", "Quảng Ninh", "quang-ninh", TP, "gia-vi", "nuoc-mam",
     ["chai 500ml", "chai 1 lít"], "Nước mắm ủ chượp cá cơm trong thùng gỗ, độ đạm 30 độ")
good("ruou-ba-kich", "Rượu ba kích", "Quảng Ninh", "Quảng Ninh", "quang-ninh", DU, "co-con", "ruou",
     ["chai 500ml", "bình 2 lít"], "Rượu gạo ngâm củ ba kích tím, màu tím hồng")
# Hà Giang (now Tuyên Quang)
good("mat-ong-bac-ha", "Mật ong bạc hà", "Mèo Vạc", "Hà Giang", "tuyen-quang", TP, "mat-ong", "mat-ong",
     ["500ml", "1 lít", "250ml"], "Mật ong từ hoa bạc hà cao nguyên đá, kết tinh mịn khi trời lạnh")
good("che-shan-tuyet-ha-giang", "Chè Shan tuyết", "Hoàng Su Phì", "Hà Giang", "tuyen-quang", DU, "tra", "tra che",
     ["gói 200g", "hộp 100g", "gói 500g"], "Chè từ cây Shan tuyết cổ thụ, búp phủ lông tơ trắng")
good("bo-kho-ha-giang", "Thịt bò khô gác bếp", "Hà Giang", "Hà Giang", "tuyen-quang", TP, "che-bien", "gac-bep thit",
     ["500g", "250g", "1kg"], "Thịt bò tẩm mắc khén, hun khói trên gác bếp")
good("cam-sanh-ha-giang", "Cam sành", "Bắc Quang", "Hà Giang", "tuyen-quang", TP, "nong-san", "cam trai-cay",
     ["thùng 5kg", "thùng 10kg"], "Cam sành vỏ sần, mọng nước, vị ngọt đậm")
good("banh-tam-giac-mach", "Bánh tam giác mạch", "Đồng Văn", "Hà Giang", "tuyen-quang", TP, "che-bien", "banh",
     ["hộp 300g", "gói 500g"], "Bánh làm từ bột hạt tam giác mạch, nướng than")
good("ruou-ngo", "Rượu ngô men lá", "Bắc Hà", "Lào Cai", "lao-cai", DU, "co-con", "ruou",
     ["chai 500ml", "can 2 lít"], "Rượu nấu từ ngô nương với men lá truyền thống")
# Sơn La
good("ca-phe-arabica-son-la", "Cà phê Arabica", "Sơn La", "Sơn La", "son-la", DU, "ca-phe", "ca-phe",
     ["500g", "250g", "1kg"], "Cà phê Arabica trồng ở độ cao 1.000 m, rang mộc, hương trái cây")
good("man-say-moc-chau", "Mận hậu sấy dẻo", "Mộc Châu", "Sơn La", "son-la", TP, "che-bien", "say trai-cay",
     ["hộp 500g", "túi 250g"], "Mận hậu chín sấy dẻo, chua ngọt")
good("tra-o-long-moc-chau", "Trà Ô long", "Mộc Châu", "Sơn La", "son-la", DU, "tra", "tra",
     ["hộp 200g", "gói 100g"], "Trà ô long vò viên từ đồi chè Mộc Châu")
good("nhan-say-song-ma", "Long nhãn sấy", "Sông Mã", "Sơn La", "son-la", TP, "che-bien", "say trai-cay",
     ["500g", "1kg"], "Cùi nhãn sấy khô vàng nâu, ngọt thơm")
good("xoai-yen-chau", "Xoài tròn", "Yên Châu", "Sơn La", "son-la", TP, "nong-san", "trai-cay",
     ["thùng 5kg"], "Xoài tròn vỏ xanh, thịt vàng, thơm đậm")
good("trau-gac-bep-son-la", "Thịt trâu gác bếp", "Sơn La", "Sơn La", "son-la", TP, "che-bien", "gac-bep thit",
     ["500g", "250g", "1kg"], "Thịt trâu ướp mắc khén, hạt dổi, sấy trên gác bếp")
# Lào Cai (with Yên Bái)
good("tao-meo", "Táo mèo sấy khô", "Bát Xát", "Lào Cai", "lao-cai", TD, "duoc-lieu", "say",
     ["500g", "1kg"], "Quả sơn tra thái lát phơi khô, ngâm rượu hoặc hãm trà")
good("ruou-tao-meo", "Rượu táo mèo", "Mù Cang Chải", "Yên Bái", "lao-cai", DU, "co-con", "ruou",
     ["chai 500ml", "chai 750ml"], "Rượu ngâm quả táo mèo chín, màu hổ phách")
good("gao-seng-cu", "Gạo Séng Cù", "Mường Khương", "Lào Cai", "lao-cai", TP, "gao-ngu-coc", "gao",
     ["túi 5kg", "túi 2kg", "bao 10kg"], "Gạo Séng Cù hạt dài, dẻo thơm")
good("che-shan-tuyet-suoi-giang", "Chè Shan tuyết", "Suối Giàng", "Yên Bái", "lao-cai", DU, "tra", "tra che",
     ["gói 200g", "hộp 500g"], "Chè shan tuyết cổ thụ trên núi Suối Giàng")
good("que-van-yen", "Quế thanh", "Văn Yên", "Yên Bái", "lao-cai", TP, "gia-vi", "que gia-vi",
     ["500g", "1kg"], "Thanh quế cạo vỏ, tinh dầu cao, thơm cay")
good("tinh-dau-que", "Tinh dầu quế", "Văn Yên", "Yên Bái", "lao-cai", TD, "my-pham", "tinh-dau que",
     ["lọ 10ml", "lọ 50ml"], "Tinh dầu chưng cất từ vỏ và lá quế")
good("mang-kho-lao-cai", "Măng khô", "Sa Pa", "Lào Cai", "lao-cai", TP, "nong-san", "mang",
     ["500g", "1kg"], "Măng nứa rừng luộc, phơi khô")
# Thái Nguyên (with Bắc Kạn)
good("che-tan-cuong", "Chè Tân Cương", "Thái Nguyên", "Thái Nguyên", "thai-nguyen", DU, "tra", "tra che",
     ["gói 200g", "hộp 500g", "gói 100g"], "Chè búp một tôm hai lá sao chảo gang, hương cốm")
good("che-la-bang", "Chè La Bằng", "Đại Từ", "Thái Nguyên", "thai-nguyen", DU, "tra", "tra che",
     ["gói 200g", "hộp 300g"], "Chè xanh La Bằng vị chát dịu, hậu ngọt")
good("mien-dong-na-ri", "Miến dong", "Na Rì", "Bắc Kạn", "thai-nguyen", TP, "gao-ngu-coc", "mien",
     ["500g", "1kg"], "Miến dong Bắc Kạn sợi nhỏ dai")
good("gao-bao-thai", "Gạo bao thai", "Định Hóa", "Thái Nguyên", "thai-nguyen", TP, "gao-ngu-coc", "gao",
     ["túi 5kg", "bao 10kg"], "Gạo bao thai hạt nhỏ, cơm mềm")
good("banh-chung-bo-dau", "Bánh chưng", "Bờ Đậu", "Thái Nguyên", "thai-nguyen", TP, "che-bien", "banh",
     ["cặp 2 chiếc", "chiếc 1kg"], "Bánh chưng gói lá dong, nhân đậu xanh thịt lợn")
good("hong-say-bac-kan", "Hồng không hạt sấy", "Ba Bể", "Bắc Kạn", "thai-nguyen", TP, "che-bien", "say trai-cay",
     ["500g", "250g"], "Hồng không hạt Bắc Kạn sấy dẻo")
# Hà Nội
good("gom-bat-trang", "Bộ ấm chén gốm", "Bát Tràng", "Hà Nội", "ha-noi", LN, "noi-that", "gom",
     ["bộ 6 chén", "bộ 10 chén"], "Bộ ấm chén men rạn vẽ tay")
good("binh-gom-bat-trang", "Bình hoa gốm men lam", "Bát Tràng", "Hà Nội", "ha-noi", LN, "trang-tri", "gom",
     ["cao 30cm", "cao 45cm"], "Bình hoa gốm men lam vẽ tay")
good("lua-van-phuc", "Khăn lụa tơ tằm", "Vạn Phúc", "Hà Nội", "ha-noi", VM, "vai-may-mac", "lua",
     ["khổ 180cm", "khổ 90cm"], "Khăn lụa dệt tay từ tơ tằm")
good("com-lang-vong", "Cốm", "làng Vòng", "Hà Nội", "ha-noi", TP, "che-bien", "com",
     ["500g", "1kg"], "Cốm lúa nếp non giã tay, gói lá sen")
good("tra-sen-tay-ho", "Trà sen", "Tây Hồ", "Hà Nội", "ha-noi", DU, "tra", "tra sen",
     ["hộp 100g", "hộp 200g"], "Trà móc câu ướp gạo sen Tây Hồ")
good("non-la-chuong", "Nón lá", "làng Chuông", "Hà Nội", "ha-noi", VM, "thu-cong-my-nghe", "non-la",
     ["chiếc"], "Nón lá chuông khâu tay 16 vòng")
good("may-tre-phu-vinh", "Giỏ mây tre đan", "Phú Vinh", "Hà Nội", "ha-noi", LN, "noi-that", "may-tre",
     ["bộ 3 chiếc", "chiếc"], "Giỏ mây tre đan thủ công")
good("gio-uoc-le", "Giò lụa", "Ước Lễ", "Hà Nội", "ha-noi", TP, "che-bien", "gio-cha thit",
     ["1kg", "500g"], "Giò lụa giã tay từ thịt nạc vai, gói lá chuối")
# Nghệ An
good("cam-vinh", "Cam Vinh", "Nghệ An", "Nghệ An", "nghe-an", TP, "nong-san", "cam trai-cay",
     ["thùng 5kg", "thùng 10kg"], "Cam xã Đoài vỏ mỏng, ngọt thanh")
good("tuong-nam-dan", "Tương", "Nam Đàn", "Nghệ An", "nghe-an", TP, "gia-vi", "tuong gia-vi",
     ["chai 500ml", "can 2 lít"], "Tương ủ từ đậu tương và mốc gạo nếp")
good("nhut-thanh-chuong", "Nhút", "Thanh Chương", "Nghệ An", "nghe-an", TP, "che-bien", "dua-muoi",
     ["hũ 500g", "hũ 1kg"], "Nhút mít non muối chua")
good("muc-kho-cua-lo", "Mực khô", "Cửa Lò", "Nghệ An", "nghe-an", TP, "thuy-hai-san", "hai-san kho-hai-san muc",
     ["500g", "1kg", "250g"], "Mực câu phơi khô một nắng")
good("tra-xanh-thanh-chuong", "Chè xanh", "Thanh Chương", "Nghệ An", "nghe-an", DU, "tra", "tra che",
     ["gói 500g", "gói 200g"], "Chè xanh đồi Thanh Chương sao khô")
# Huế
good("me-xung", "Mè xửng", "Huế", "Thừa Thiên Huế", "hue", TP, "che-bien", "keo",
     ["hộp 250g", "hộp 500g"], "Kẹo mè xửng dẻo, phủ mè rang")
good("tom-chua-hue", "Tôm chua", "Huế", "Thừa Thiên Huế", "hue", TP, "che-bien", "mam hai-san",
     ["hũ 500g", "hũ 250g"], "Tôm đất ủ chua với riềng, tỏi, ớt")
good("mam-ruoc-hue", "Mắm ruốc", "Huế", "Huế", "hue", TP, "gia-vi", "mam gia-vi",
     ["hũ 500g", "hũ 1kg"], "Mắm ruốc ủ chượp, màu tím hồng")
good("tra-cung-dinh", "Trà cung đình", "Huế", "Huế", "hue", DU, "tra", "tra thao-moc",
     ["hộp 300g", "túi 500g"], "Trà thảo mộc phối từ hoa cúc, cỏ ngọt, táo đỏ, la hán")
good("non-la-hue", "Nón bài thơ", "Huế", "Thừa Thiên Huế", "hue", VM, "thu-cong-my-nghe", "non-la",
     ["chiếc"], "Nón lá lồng tranh và thơ, khâu tay")
good("sen-say-hue", "Hạt sen sấy", "Huế", "Huế", "hue", TP, "nong-san", "sen",
     ["500g", "1kg"], "Hạt sen hồ Tịnh Tâm tách tim, sấy khô")
# Quảng Nam (now Đà Nẵng)
good("sam-ngoc-linh", "Sâm Ngọc Linh", "Nam Trà My", "Quảng Nam", "da-nang", TD, "duoc-lieu", "sam",
     ["củ 5 năm tuổi", "hộp 100g"], "Sâm Ngọc Linh trồng dưới tán rừng, nhiều năm tuổi")
good("mi-quang", "Mì Quảng khô", "Quảng Nam", "Quảng Nam", "da-nang", TP, "gao-ngu-coc", "mi",
     ["gói 500g", "thùng 10 gói"], "Sợi mì Quảng làm từ gạo, phơi khô")
good("que-tra-my", "Quế Trà My", "Trà My", "Quảng Nam", "da-nang", TP, "gia-vi", "que gia-vi",
     ["500g", "1kg"], "Vỏ quế Trà My dày, cay nồng")
good("ruou-hong-dao", "Rượu Hồng Đào", "Hội An", "Quảng Nam", "da-nang", DU, "co-con", "ruou",
     ["chai 500ml", "chai 750ml"], "Rượu nếp lên men với quả hồng đào")
good("den-long-hoi-an", "Đèn lồng lụa", "Hội An", "Quảng Nam", "da-nang", LN, "trang-tri", "den-long",
     ["đường kính 30cm", "đường kính 40cm"], "Đèn lồng khung tre bọc lụa, gấp gọn")
good("gom-thanh-ha", "Bình gốm Thanh Hà", "Hội An", "Quảng Nam", "da-nang", LN, "trang-tri", "gom",
     ["cao 25cm"], "Gốm đất nung làng Thanh Hà")
# Lâm Đồng (with Đắk Nông, Bình Thuận)
good("tra-atiso", "Trà atiso túi lọc", "Đà Lạt", "Lâm Đồng", "lam-dong", DU, "tra", "tra atiso",
     ["hộp 100 túi", "hộp 50 túi"], "Trà atiso từ bông, thân, rễ atiso Đà Lạt")
good("cao-atiso", "Cao atiso", "Đà Lạt", "Lâm Đồng", "lam-dong", TD, "thuc-pham-chuc-nang", "atiso",
     ["hũ 200g", "hũ 500g"], "Cao atiso đặc nấu từ lá và bông atiso")
good("mut-dau-tay", "Mứt dâu tây", "Đà Lạt", "Lâm Đồng", "lam-dong", TP, "che-bien", "mut trai-cay",
     ["hũ 250g", "hũ 500g"], "Dâu tây Đà Lạt sên đường, giữ nguyên quả")
good("hong-treo-gio", "Hồng treo gió", "Đà Lạt", "Lâm Đồng", "lam-dong", TP, "che-bien", "say trai-cay",
     ["500g", "1kg"], "Hồng nguyên trái phơi gió kiểu Nhật, dẻo ngọt")
good("ca-phe-cau-dat", "Cà phê Arabica", "Cầu Đất", "Lâm Đồng", "lam-dong", DU, "ca-phe", "ca-phe",
     ["500g", "250g"], "Cà phê Arabica Cầu Đất rang vừa, chua thanh")
good("tra-o-long-bao-loc", "Trà Ô long", "Bảo Lộc", "Lâm Đồng", "lam-dong", DU, "tra", "tra",
     ["hộp 200g", "gói 500g"], "Trà ô long Bảo Lộc vò viên, hương hoa")
good("mac-ca", "Hạt mắc ca", "Đắk Nông", "Đắk Nông", "lam-dong", TP, "nong-san", "hat",
     ["500g", "1kg"], "Mắc ca nứt vỏ sấy nứt, béo bùi")
good("nuoc-mam-phan-thiet", "Nước mắm", "Phan Thiết", "Bình Thuận", "lam-dong", TP, "gia-vi", "nuoc-mam",
     ["chai 500ml", "can 2 lít"], "Nước mắm cá cơm Phan Thiết, độ đạm 35 độ")
good("thanh-long-say", "Thanh long sấy dẻo", "Bình Thuận", "Bình Thuận", "lam-dong", TP, "che-bien", "say trai-cay",
     ["túi 250g", "hộp 500g"], "Thanh long ruột đỏ sấy dẻo")
# Đắk Lắk (with Phú Yên)
good("ca-phe-bmt", "Cà phê Robusta rang xay", "Buôn Ma Thuột", "Đắk Lắk", "dak-lak", DU, "ca-phe", "ca-phe",
     ["500g", "250g", "1kg"], "Cà phê Robusta rang mộc xay pha phin, đậm đắng")
good("ca-phe-hat-bmt", "Cà phê hạt rang", "Buôn Ma Thuột", "Đắk Lắk", "dak-lak", DU, "ca-phe", "ca-phe",
     ["500g", "1kg"], "Hạt cà phê Robusta rang nguyên hạt cho máy pha")
good("mat-ong-ca-phe", "Mật ong hoa cà phê", "Đắk Lắk", "Đắk Lắk", "dak-lak", TP, "mat-ong", "mat-ong",
     ["500ml", "1 lít"], "Mật ong từ hoa cà phê nở tháng ba")
good("tieu-dak-lak", "Hạt tiêu đen", "Đắk Lắk", "Đắk Lắk", "dak-lak", TP, "gia-vi", "tieu gia-vi",
     ["500g", "250g"], "Tiêu đen hạt chắc, cay thơm")
good("sau-rieng-say", "Sầu riêng sấy", "Krông Pắc", "Đắk Lắk", "dak-lak", TP, "che-bien", "say trai-cay",
     ["hộp 200g", "túi 500g"], "Sầu riêng Ri6 sấy thăng hoa giòn")
good("ca-cao-dak-lak", "Bột ca cao nguyên chất", "Đắk Lắk", "Đắk Lắk", "dak-lak", DU, "ca-phe", "ca-cao",
     ["500g", "250g"], "Bột ca cao lên men, không đường")
good("ca-ngu-phu-yen", "Cá ngừ đại dương một nắng", "Phú Yên", "Phú Yên", "dak-lak", TP, "thuy-hai-san", "hai-san",
     ["500g", "1kg"], "Phi lê cá ngừ đại dương phơi một nắng")
# Bến Tre (now Vĩnh Long)
good("keo-dua", "Kẹo dừa", "Bến Tre", "Bến Tre", "vinh-long", TP, "che-bien", "keo dua",
     ["hộp 400g", "túi 500g", "hộp 250g"], "Kẹo dừa sáp nấu từ nước cốt dừa và mạch nha")
good("keo-dua-sau-rieng", "Kẹo dừa sầu riêng", "Bến Tre", "Bến Tre", "vinh-long", TP, "che-bien", "keo dua",
     ["hộp 400g"], "Kẹo dừa vị sầu riêng, dẻo thơm")
good("banh-trang-dua", "Bánh tráng dừa nướng", "Tam Quan", "Bình Định", "gia-lai", TP, "che-bien", "banh dua",
     ["gói 10 cái", "gói 20 cái"], "Bánh tráng nướng với nước cốt dừa, mè")
good("dau-dua", "Dầu dừa ép lạnh", "Bến Tre", "Bến Tre", "vinh-long", TD, "my-pham", "dua",
     ["chai 250ml", "chai 500ml"], "Dầu dừa ép lạnh nguyên chất, dưỡng da và tóc")
good("banh-phong-son-doc", "Bánh phồng", "Sơn Đốc", "Bến Tre", "vinh-long", TP, "che-bien", "banh",
     ["gói 10 cái", "gói 500g"], "Bánh phồng nếp nướng hoặc chiên")
good("gao-dua", "Gáo dừa khắc", "Bến Tre", "Vĩnh Long", "vinh-long", LN, "luu-niem", "dua thu-cong",
     ["bộ 2 chiếc", "chiếc"], "Gáo dừa mài bóng, khắc hoa văn")
good("buoi-da-xanh", "Bưởi da xanh", "Chợ Lách", "Bến Tre", "vinh-long", TP, "nong-san", "trai-cay",
     ["thùng 2 trái", "thùng 4 trái"], "Bưởi da xanh ruột hồng, múi ráo")
# Cần Thơ (with Sóc Trăng, Hậu Giang)
good("banh-pia", "Bánh pía", "Sóc Trăng", "Sóc Trăng", "can-tho", TP, "che-bien", "banh",
     ["hộp 4 cái", "hộp 500g"], "Bánh pía nhân đậu xanh sầu riêng trứng muối")
good("gao-st25", "Gạo ST25", "Sóc Trăng", "Sóc Trăng", "can-tho", TP, "gao-ngu-coc", "gao",
     ["túi 5kg", "túi 2kg", "bao 10kg"], "Gạo ST25 hạt dài, dẻo thơm mùi lá dứa")
good("lap-xuong", "Lạp xưởng tươi", "Sóc Trăng", "Sóc Trăng", "can-tho", TP, "che-bien", "thit",
     ["500g", "1kg"], "Lạp xưởng thịt heo, mỡ, rượu mai quế lộ")
good("mut-khom", "Mứt khóm", "Cầu Đúc", "Hậu Giang", "can-tho", TP, "che-bien", "mut trai-cay",
     ["hộp 250g", "hộp 500g"], "Khóm Cầu Đúc sên đường dẻo")
good("banh-trang-thuan-hung", "Bánh tráng", "Thuận Hưng", "Cần Thơ", "can-tho", TP, "che-bien", "banh",
     ["gói 500g", "xấp 20 lá"], "Bánh tráng gạo phơi sương")
good("cha-ca-thac-lac", "Chả cá thác lác", "Hậu Giang", "Hậu Giang", "can-tho", TP, "thuy-hai-san", "cha hai-san",
     ["500g", "1kg"], "Chả cá thác lác quết dẻo, đông lạnh")
# An Giang (with Kiên Giang)
good("duong-thot-not", "Đường thốt nốt", "Tri Tôn", "An Giang", "an-giang", TP, "gia-vi", "duong",
     ["túi 500g", "hũ 1kg"], "Đường nấu từ nước hoa thốt nốt")
good("mam-thai", "Mắm thái", "Châu Đốc", "An Giang", "an-giang", TP, "che-bien", "mam",
     ["hũ 500g", "hũ 1kg"], "Mắm cá lóc trộn đu đủ thái sợi")
good("mam-ca-linh", "Mắm cá linh", "Châu Đốc", "An Giang", "an-giang", TP, "che-bien", "mam",
     ["hũ 500g"], "Mắm cá linh mùa nước nổi")
good("kho-ca-loc", "Khô cá lóc", "An Giang", "An Giang", "an-giang", TP, "thuy-hai-san", "kho-ca",
     ["500g", "1kg"], "Cá lóc đồng phơi một nắng")
good("nuoc-mam-phu-quoc", "Nước mắm", "Phú Quốc", "Kiên Giang", "an-giang", TP, "gia-vi", "nuoc-mam",
     ["chai 500ml", "chai 1 lít"], "Nước mắm cá cơm Phú Quốc ủ thùng gỗ, 40 độ đạm")
good("tieu-phu-quoc", "Tiêu", "Phú Quốc", "Kiên Giang", "an-giang", TP, "gia-vi", "tieu gia-vi",
     ["hũ 200g", "500g"], "Tiêu đen Phú Quốc hạt to, cay nồng")
good("ruou-sim", "Rượu sim", "Phú Quốc", "Kiên Giang", "an-giang", DU, "co-con", "ruou",
     ["chai 500ml", "chai 750ml"], "Rượu ngâm trái sim rừng chín")
# Cà Mau (with Bạc Liêu)
good("mat-ong-u-minh", "Mật ong rừng", "U Minh", "Cà Mau", "ca-mau", TP, "mat-ong", "mat-ong",
     ["500ml", "1 lít"], "Mật ong rừng tràm U Minh, màu hổ phách")
good("tom-kho-ca-mau", "Tôm khô", "Rạch Gốc", "Cà Mau", "ca-mau", TP, "thuy-hai-san", "hai-san kho-hai-san",
     ["500g", "250g", "1kg"], "Tôm đất luộc phơi khô, bóc vỏ")
good("mam-ba-khia", "Mắm ba khía", "Rạch Gốc", "Cà Mau", "ca-mau", TP, "che-bien", "mam hai-san",
     ["hũ 500g", "hũ 1kg"], "Ba khía muối trộn tỏi ớt đường")
good("kho-ca-bong-tuong", "Khô cá bống tượng", "Cà Mau", "Cà Mau", "ca-mau", TP, "thuy-hai-san", "kho-ca",
     ["500g"], "Khô cá bống tượng một nắng, thịt ngọt")
good("muoi-tom-bac-lieu", "Muối tôm", "Bạc Liêu", "Bạc Liêu", "ca-mau", TP, "gia-vi", "gia-vi",
     ["hũ 200g", "hũ 500g"], "Muối hột rang với tôm khô và ớt")
# Homographs and near names elsewhere
good("mam-go", "Mâm gỗ sơn mài", "Hạ Thái", "Hà Nội", "ha-noi", LN, "noi-that", "son-mai",
     ["đường kính 40cm", "đường kính 50cm"], "Mâm tròn gỗ vẽ sơn mài, dùng bày mâm ngũ quả")
good("mam-dau-nanh", "Mầm đậu nành nguyên xơ", "Hưng Yên", "Hưng Yên", "hung-yen", TD, "thuc-pham-chuc-nang",
     "mam-dau", ["hộp 500g"], "Bột mầm đậu nành rang xay nguyên xơ")
good("dua-say", "Dứa sấy dẻo", "Đồng Giao", "Ninh Bình", "ninh-binh", TP, "che-bien", "say trai-cay",
     ["túi 250g", "hộp 500g"], "Dứa Queen Đồng Giao sấy dẻo, chua ngọt")
good("dua-luoi", "Dưa lưới", "Đồng Tháp", "Đồng Tháp", "dong-thap", TP, "nong-san", "trai-cay",
     ["thùng 4 trái"], "Dưa lưới ruột cam, giòn ngọt")
good("nam-linh-chi", "Nấm linh chi đỏ", "Ba Vì", "Hà Nội", "ha-noi", TD, "duoc-lieu", "nam",
     ["hộp 500g", "túi 1kg"], "Nấm linh chi thái lát sấy khô")
good("nam-huong", "Nấm hương rừng", "Bắc Kạn", "Bắc Kạn", "thai-nguyen", TP, "nong-san", "nam",
     ["500g", "250g"], "Nấm hương rừng mũ dày, thơm")
good("ca-tra-kho", "Khô cá tra phồng", "Châu Đốc", "An Giang", "an-giang", TP, "thuy-hai-san", "kho-ca",
     ["500g", "1kg"], "Cá tra xẻ bướm phơi khô, chiên phồng")
good("tuong-go", "Tượng gỗ Phật Di Lặc", "Đồng Kỵ", "Bắc Ninh", "bac-ninh", LN, "trang-tri", "go",
     ["cao 30cm", "cao 50cm"], "Tượng gỗ hương chạm tay")
good("mat-mia", "Mật mía", "Quảng Ngãi", "Quảng Ngãi", "quang-ngai", TP, "gia-vi", "duong",
     ["chai 500ml", "can 2 lít"], "Mật mía nấu thủ công từ nước mía")
good("lua-bao-loc", "Khăn lụa tơ tằm", "Bảo Lộc", "Lâm Đồng", "lam-dong", VM, "vai-may-mac", "lua",
     ["khổ 180cm"], "Khăn lụa tơ tằm Bảo Lộc in hoa")
good("che-sen-hue", "Chè hạt sen", "Huế", "Huế", "hue", TP, "che-bien", "sen",
     ["hộp 6 hũ"], "Chè hạt sen long nhãn nấu sẵn, đóng hũ")
good("trau-kho-ha-giang", "Thịt trâu gác bếp", "Hà Giang", "Hà Giang", "tuyen-quang", TP, "che-bien",
     "gac-bep thit", ["500g", "1kg"], "Thịt trâu hun khói gác bếp vùng cao")
good("banh-dau-xanh-hai-duong", "Bánh đậu xanh", "Hải Dương", "Hải Dương", "hai-phong", TP, "che-bien", "banh",
     ["hộp 250g", "hộp 420g"], "Bánh đậu xanh Rồng Vàng mịn, béo")
good("vai-tho-cam", "Túi thổ cẩm", "Sa Pa", "Lào Cai", "lao-cai", VM, "thu-cong-my-nghe", "tho-cam",
     ["chiếc"], "Túi vải lanh nhuộm chàm thêu tay của người Mông")

PEOPLE = ["Hoa", "Lan", "Tuấn", "Sáu", "Mai", "Hùng", "Thảo", "Bảy Hiền", "Minh Châu", "Phúc", "Ngọc", "An Khang",
          "Tư Liên", "Quang", "Hạnh", "Đức", "Yến", "Kim", "Tâm", "Vy"]
BRANDS = ["Sao Việt", "Nông Sản Xanh", "Hương Quê", "Việt Phát", "Đất Lành", "Tâm An", "Hồng Phát", "Phú Gia"]
# Resellers: they list goods of their region from their own province.
RESELLERS = [
    ("Đặc sản Tây Bắc Food", "Hà Nội", {"tuyen-quang", "son-la", "lao-cai"}),
    ("Quà Quê Ba Miền", "TP. Hồ Chí Minh", {"quang-ninh", "hue", "da-nang", "vinh-long", "can-tho", "dak-lak"}),
    ("Chợ Quê Online", "Đà Nẵng", {"hue", "da-nang", "lam-dong", "dak-lak", "nghe-an"}),
    ("Đặc sản Miền Tây 9 Rồng", "Cần Thơ", {"vinh-long", "can-tho", "an-giang", "ca-mau"}),
    ("Gian hàng OCOP Thủ Đô", "Hà Nội", {"ha-noi", "thai-nguyen", "quang-ninh", "tuyen-quang"}),
]


def shops_for(rng, g, i):
    """The makers of a good (1–3) in its place, named as Vietnamese shops name themselves."""
    short = g["name"].split()[0] + " " + g["name"].split()[1] if len(g["name"].split()) > 1 else g["name"]
    pool = [
        f"HTX {g['name']} {g['place']}",
        f"Cơ sở {short} {rng.choice(PEOPLE)}",
        f"Công ty TNHH {rng.choice(BRANDS)} {g['place']}",
        f"Hộ kinh doanh {rng.choice(PEOPLE)} {g['place']}",
    ]
    n = 1 + (i % 3)
    return pool[:1] + rng.sample(pool[1:], n - 1)


def listing_names(rng, g, pack, gift, variant):
    base, place = g["name"], g["place"]
    placed = base if fold(place).lower() in fold(base).lower() else f"{base} {place}"
    if gift:
        return rng.choice([f"Hộp quà {placed}", f"Set quà Tết {base} {place}", f"{placed} hộp quà biếu"])
    forms = [f"{placed} {pack}", f"{base} {pack}", f"{placed} loại 1 - {pack}", f"{placed} ({pack})",
             f"{placed} đặc biệt {pack}", f"{placed} OCOP {pack}"]
    return forms[variant % len(forms)]


def build_catalogue():
    rng = random.Random(17)
    rows = []
    slugs = {}
    for i, g in enumerate(G):
        makers = shops_for(rng, g, i)
        offers = []
        for m, shop in enumerate(makers):
            packs = g["packs"][: 1 + ((i + m) % len(g["packs"]))] if m else g["packs"]
            for k, pack in enumerate(packs):
                offers.append((shop, g["province"], pack, False, True, m + k))
            if m == 0 and g["cat"] in (TP, DU) and i % 5 != 4:
                offers.append((shop, g["province"], g["packs"][0], True, True, 0))
        for r, (name, prov, codes) in enumerate(RESELLERS):
            if g["code"] in codes and (i + r) % 2 == 0:
                offers.append((name, prov, g["packs"][0], False, False, i + r))
        for shop, prov, pack, gift, maker, variant in offers:
            name = listing_names(rng, g, pack, gift, variant)
            slug = slugify(name)
            slugs[slug] = slugs.get(slug, 0) + 1
            if slugs[slug] > 1:
                slug = f"{slug}-{slugs[slug]}"
            desc = f"{g['desc']}. Quy cách: {pack}. Sản phẩm OCOP của {shop}, {g['place']}, {g['province']}."
            if gift:
                desc = f"Hộp quà gồm {g['name'].lower()} {g['place']} đóng hộp giấy, kèm túi xách. {desc}"
            rows.append(dict(
                slug=slug, name=name, description=desc, category=g["cat"], subcategory=g["sub"], province=prov,
                shop=slugify(shop), shop_name=shop, stars=rng.choice([3, 3, 4, 4, 4, 5]),
                price_vnd=rng.randrange(40, 900) * 1000, stock=rng.choice([0, 12, 40, 150, 300, 800]),
                sales=rng.randrange(0, 1500), canonical=f"{g['key']}",
                # For the judgments only; not written to the CSV.
                _good=g, _pack=pack, _gift=gift, _maker=maker,
            ))
    return rows


def matches(row, selector):
    g = row["_good"]
    for cond in selector.split():
        key, _, values = cond.partition("=")
        values = values.split("/")
        have = {
            "good": {g["key"]}, "tag": g["tags"], "prov": {g["code"]}, "shop": {row["shop"]},
            "pack": {row["_pack"].split()[-1] if row["_pack"][0].isdigit() or " " not in row["_pack"] else row["_pack"]},
            "gift": {"y" if row["_gift"] else "n"}, "maker": {"y" if row["_maker"] else "n"},
            "cat": {g["cat"]}, "sub": {g["sub"]},
        }.get(key)
        if have is None:
            raise SystemExit(f"unknown selector key {key!r} in {selector!r}")
        if key == "pack":
            have = {row["_pack"], *row["_pack"].split()}
        if not have & set(values):
            return False
    return True


def build_judgments(rows):
    out = ["# Held-back relevance set (issue 17): written by hand in queries.txt before any result was",
           "# looked at, expanded over catalogue.csv by scripts/gen-heldout-relevance.py. Grades: 2 = what",
           "# the shopper asked for, 1 = related, a shopper would accept it; unlisted = 0. Do not tune on it.",
           'scale = "0-2"', ""]
    count = 0
    for n, line in enumerate((HERE / "queries.txt").read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = [p.strip() for p in line.split("|")]
        kind, q, sections = parts[0], parts[1], parts[2:]
        grades = {}
        for section in sections:
            grade, _, selectors = section.partition(":")
            grade = int(grade)
            for selector in selectors.split(";"):
                selector = selector.strip()
                if not selector:
                    continue
                hit = [r for r in rows if matches(r, selector)]
                if not hit:
                    raise SystemExit(f"queries.txt:{n}: {selector!r} matches nothing")
                for r in hit:
                    grades[r["slug"]] = max(grades.get(r["slug"], 0), grade)
        if not any(v == 2 for v in grades.values()) and "kind=none-expected" not in line:
            raise SystemExit(f"queries.txt:{n}: no listing graded 2")
        items = sorted(grades.items(), key=lambda kv: (-kv[1], kv[0]))
        q_esc = q.replace("\\", "\\\\").replace('"', '\\"')
        out.append("[[query]]")
        out.append(f'q = "{q_esc}"')
        out.append(f'kind = "{kind}"')
        out.append("grades = { " + ", ".join(f'"{s}" = {v}' for s, v in items) + " }")
        out.append("")
        count += 1
    return "\n".join(out), count


def main():
    rows = build_catalogue()
    buf = io.StringIO()
    fields = ["slug", "name", "description", "category", "subcategory", "province", "shop", "shop_name", "stars",
              "price_vnd", "stock", "sales", "canonical"]
    w = csv.DictWriter(buf, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    judgments, count = build_judgments(rows)
    files = {"catalogue.csv": buf.getvalue(), "judgments.toml": judgments}
    if "--check" in sys.argv:
        stale = [f for f, text in files.items() if (HERE / f).read_text(encoding="utf-8") != text]
        if stale:
            raise SystemExit(f"out of date: {stale}; run scripts/gen-heldout-relevance.py")
        return
    for f, text in files.items():
        (HERE / f).write_text(text, encoding="utf-8")
    print(f"{len(rows)} listings, {len({r['shop'] for r in rows})} shops, {count} queries", file=sys.stderr)


if __name__ == "__main__":
    main()
