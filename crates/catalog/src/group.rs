//! The six OCOP product groups, kept with the scheme's own codes and names.

use ocop_core::text::fold;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Group {
    pub code: &'static str,
    pub name_vi: &'static str,
    pub name_en: &'static str,
}

/// A subcategory within a group: `(code, Vietnamese name)`.
pub type Sub = (&'static str, &'static str);

/// The subcategories of each group, by group code.
pub const SUBCATEGORIES: [(&str, &[Sub]); 6] = [
    (
        "thuc-pham",
        &[
            ("nong-san", "Nông sản tươi, sơ chế"),
            ("gao-ngu-coc", "Gạo, ngũ cốc, miến"),
            ("che-bien", "Thực phẩm chế biến"),
            ("thuy-hai-san", "Thủy hải sản"),
            ("gia-vi", "Gia vị, nước mắm, nước chấm"),
            ("mat-ong", "Mật ong, sản phẩm từ ong"),
        ],
    ),
    ("do-uong", &[("tra", "Trà"), ("ca-phe", "Cà phê"), ("co-con", "Đồ uống có cồn"), ("khong-con", "Nước giải khát")]),
    (
        "thao-duoc",
        &[("duoc-lieu", "Dược liệu"), ("thuc-pham-chuc-nang", "Thực phẩm chức năng"), ("my-pham", "Mỹ phẩm thảo dược")],
    ),
    ("vai-may-mac", &[("thu-cong-my-nghe", "Thủ công mỹ nghệ"), ("vai-may-mac", "Vải, may mặc")]),
    (
        "luu-niem-noi-that-trang-tri",
        &[
            ("luu-niem", "Lưu niệm"),
            ("noi-that", "Nội thất"),
            ("trang-tri", "Trang trí"),
            ("sinh-vat-canh", "Sinh vật cảnh"),
        ],
    ),
    (
        "dich-vu-du-lich-nong-thon",
        &[("luu-tru", "Lưu trú cộng đồng"), ("trai-nghiem", "Tour, trải nghiệm"), ("diem-du-lich", "Điểm du lịch")],
    ),
];

/// The subcategories of a group.
pub fn subcategories(group_code: &str) -> &'static [Sub] {
    SUBCATEGORIES.iter().find(|(g, _)| *g == group_code).map_or(&[], |(_, subs)| subs)
}

/// A subcategory of `group_code` by its code or its name typed any way.
pub fn find_sub(group_code: &str, raw: &str) -> Option<&'static Sub> {
    let key = words(raw);
    subcategories(group_code).iter().find(|(code, name)| words(code) == key || words(name) == key)
}

pub const GROUPS: [Group; 6] = [
    Group { code: "thuc-pham", name_vi: "Thực phẩm", name_en: "Food" },
    Group { code: "do-uong", name_vi: "Đồ uống", name_en: "Beverages" },
    Group { code: "thao-duoc", name_vi: "Thảo dược", name_en: "Herbal products" },
    Group {
        code: "vai-may-mac", name_vi: "Thủ công mỹ nghệ, vải, may mặc", name_en: "Crafts, textiles, garments"
    },
    Group {
        code: "luu-niem-noi-that-trang-tri",
        name_vi: "Lưu niệm, nội thất, trang trí",
        name_en: "Souvenirs, furniture, decoration",
    },
    Group {
        code: "dich-vu-du-lich-nong-thon",
        name_vi: "Dịch vụ du lịch cộng đồng",
        name_en: "Community tourism services",
    },
];

/// Folded words only: "Lưu niệm & nội thất - trang trí" → "luu niem noi that trang tri".
fn words(raw: &str) -> String {
    fold(raw).split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

/// A group by its code or its Vietnamese name typed any way: any case, with or without
/// diacritics, `&`, `-` or `,` between the words. "Thảo dược (dược liệu)" is accepted too.
pub fn find(raw: &str) -> Option<&'static Group> {
    let key = words(raw);
    if key.is_empty() {
        return None;
    }
    GROUPS.iter().find(|g| {
        words(g.code) == key
            || words(g.name_vi) == key
            || (g.code == "thao-duoc" && (key == "thao duoc duoc lieu" || key == "duoc lieu"))
            || (g.code == "dich-vu-du-lich-nong-thon" && key == "dich vu du lich nong thon")
    })
}

pub fn by_code(code: &str) -> Option<&'static Group> {
    GROUPS.iter().find(|g| g.code == code)
}

#[cfg(test)]
mod tests {
    use super::find;

    #[test]
    fn groups_are_found_by_code_or_name_typed_any_way() {
        for (input, code) in [
            ("thuc-pham", "thuc-pham"),
            ("Thực phẩm", "thuc-pham"),
            ("THUC PHAM", "thuc-pham"),
            ("đồ uống", "do-uong"),
            ("Thủ công mỹ nghệ & vải - may mặc", "vai-may-mac"),
            ("thu cong my nghe, vai, may mac", "vai-may-mac"),
            ("Lưu niệm, nội thất, trang trí", "luu-niem-noi-that-trang-tri"),
            ("Dịch vụ du lịch cộng đồng", "dich-vu-du-lich-nong-thon"),
            ("Thảo dược (dược liệu)", "thao-duoc"),
        ] {
            assert_eq!(find(input).map(|g| g.code), Some(code), "{input}");
        }
        assert_eq!(find("điện tử"), None);
        assert_eq!(super::find_sub("do-uong", "Cà phê").map(|s| s.0), Some("ca-phe"));
        assert_eq!(super::find_sub("do-uong", "tra").map(|s| s.0), Some("tra"));
        assert_eq!(super::find_sub("thuc-pham", "Cà phê"), None, "a subcategory belongs to its group");
        assert_eq!(find(""), None);
    }
}
