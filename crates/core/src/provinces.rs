//! Vietnam's 34 provinces and cities since 1 July 2025, each with the former provinces
//! merged into it. People, certificates and carriers still use the 63 former names, so
//! every former name maps to its current province; callers keep what the person typed.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::text::fold;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Region {
    TayBac,
    DongBac,
    DongBangSongHong,
    BacTrungBo,
    DuyenHaiNamTrungBo,
    TayNguyen,
    DongNamBo,
    DongBangSongCuuLong,
}

impl Region {
    pub const ALL: [Region; 8] = [
        Region::TayBac,
        Region::DongBac,
        Region::DongBangSongHong,
        Region::BacTrungBo,
        Region::DuyenHaiNamTrungBo,
        Region::TayNguyen,
        Region::DongNamBo,
        Region::DongBangSongCuuLong,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Region::TayBac => "Tây Bắc",
            Region::DongBac => "Đông Bắc",
            Region::DongBangSongHong => "Đồng bằng sông Hồng",
            Region::BacTrungBo => "Bắc Trung Bộ",
            Region::DuyenHaiNamTrungBo => "Duyên hải Nam Trung Bộ",
            Region::TayNguyen => "Tây Nguyên",
            Region::DongNamBo => "Đông Nam Bộ",
            Region::DongBangSongCuuLong => "Đồng bằng sông Cửu Long",
        }
    }
}

#[derive(Debug, PartialEq, Eq, serde::Serialize)]
pub struct Province {
    /// Stable code: the folded current name, e.g. `quang-ninh`, `ho-chi-minh`.
    pub code: &'static str,
    /// Current name, e.g. "Quảng Ninh", "Thành phố Hồ Chí Minh" shown as "TP. Hồ Chí Minh".
    pub name: &'static str,
    pub is_city: bool,
    pub region: Region,
    /// The former provinces merged into this one (its own former self included when it
    /// merged; empty when unchanged).
    pub former: &'static [&'static str],
}

macro_rules! p {
    ($code:literal, $name:literal, $city:literal, $region:ident, [$($f:literal),*]) => {
        Province { code: $code, name: $name, is_city: $city, region: Region::$region, former: &[$($f),*] }
    };
}

pub const PROVINCES: [Province; 34] = [
    p!("ha-noi", "Hà Nội", true, DongBangSongHong, []),
    p!("hue", "Huế", true, BacTrungBo, ["Thừa Thiên Huế"]),
    p!("lai-chau", "Lai Châu", false, TayBac, []),
    p!("dien-bien", "Điện Biên", false, TayBac, []),
    p!("son-la", "Sơn La", false, TayBac, []),
    p!("lang-son", "Lạng Sơn", false, DongBac, []),
    p!("quang-ninh", "Quảng Ninh", false, DongBac, []),
    p!("thanh-hoa", "Thanh Hóa", false, BacTrungBo, []),
    p!("nghe-an", "Nghệ An", false, BacTrungBo, []),
    p!("ha-tinh", "Hà Tĩnh", false, BacTrungBo, []),
    p!("cao-bang", "Cao Bằng", false, DongBac, []),
    p!("tuyen-quang", "Tuyên Quang", false, DongBac, ["Tuyên Quang", "Hà Giang"]),
    p!("lao-cai", "Lào Cai", false, TayBac, ["Lào Cai", "Yên Bái"]),
    p!("thai-nguyen", "Thái Nguyên", false, DongBac, ["Thái Nguyên", "Bắc Kạn"]),
    p!("phu-tho", "Phú Thọ", false, DongBac, ["Phú Thọ", "Vĩnh Phúc", "Hòa Bình"]),
    p!("bac-ninh", "Bắc Ninh", false, DongBangSongHong, ["Bắc Ninh", "Bắc Giang"]),
    p!("hung-yen", "Hưng Yên", false, DongBangSongHong, ["Hưng Yên", "Thái Bình"]),
    p!("hai-phong", "Hải Phòng", true, DongBangSongHong, ["Hải Phòng", "Hải Dương"]),
    p!("ninh-binh", "Ninh Bình", false, DongBangSongHong, ["Ninh Bình", "Hà Nam", "Nam Định"]),
    p!("quang-tri", "Quảng Trị", false, BacTrungBo, ["Quảng Trị", "Quảng Bình"]),
    p!("da-nang", "Đà Nẵng", true, DuyenHaiNamTrungBo, ["Đà Nẵng", "Quảng Nam"]),
    p!("quang-ngai", "Quảng Ngãi", false, DuyenHaiNamTrungBo, ["Quảng Ngãi", "Kon Tum"]),
    p!("gia-lai", "Gia Lai", false, TayNguyen, ["Gia Lai", "Bình Định"]),
    p!("khanh-hoa", "Khánh Hòa", false, DuyenHaiNamTrungBo, ["Khánh Hòa", "Ninh Thuận"]),
    p!("lam-dong", "Lâm Đồng", false, TayNguyen, ["Lâm Đồng", "Đắk Nông", "Bình Thuận"]),
    p!("dak-lak", "Đắk Lắk", false, TayNguyen, ["Đắk Lắk", "Phú Yên"]),
    p!("ho-chi-minh", "TP. Hồ Chí Minh", true, DongNamBo, ["TP. Hồ Chí Minh", "Bình Dương", "Bà Rịa – Vũng Tàu"]),
    p!("dong-nai", "Đồng Nai", false, DongNamBo, ["Đồng Nai", "Bình Phước"]),
    p!("tay-ninh", "Tây Ninh", false, DongNamBo, ["Tây Ninh", "Long An"]),
    p!("can-tho", "Cần Thơ", true, DongBangSongCuuLong, ["Cần Thơ", "Sóc Trăng", "Hậu Giang"]),
    p!("vinh-long", "Vĩnh Long", false, DongBangSongCuuLong, ["Vĩnh Long", "Bến Tre", "Trà Vinh"]),
    p!("dong-thap", "Đồng Tháp", false, DongBangSongCuuLong, ["Đồng Tháp", "Tiền Giang"]),
    p!("ca-mau", "Cà Mau", false, DongBangSongCuuLong, ["Cà Mau", "Bạc Liêu"]),
    p!("an-giang", "An Giang", false, DongBangSongCuuLong, ["An Giang", "Kiên Giang"]),
];

/// Folded, without administrative prefixes or punctuation: "Tỉnh Hà Giang" → "ha giang",
/// "TP.HCM" → "hcm", "Bà Rịa - Vũng Tàu" → "ba ria vung tau", "Hoà Bình" → "hoa binh".
fn key(raw: &str) -> String {
    let folded = fold(raw);
    let spaced: String = folded.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect();
    let mut words: Vec<&str> = spaced.split_whitespace().collect();
    loop {
        match words.as_slice() {
            ["tinh", ..] | ["tp", ..] => {
                words.remove(0);
            }
            ["thanh", "pho", ..] => {
                words.drain(..2);
            }
            _ => break,
        }
    }
    words.join(" ")
}

/// Common short forms people type for the two largest cities.
const ALIASES: [(&str, &str); 6] = [
    ("hcm", "ho-chi-minh"),
    ("hcmc", "ho-chi-minh"),
    ("sai gon", "ho-chi-minh"),
    ("saigon", "ho-chi-minh"),
    ("hn", "ha-noi"),
    ("thua thien hue", "hue"),
];

/// The current province for a code, a current name or a former name, typed any way
/// (with or without diacritics, "tỉnh"/"thành phố" prefixes, hyphens or spaces).
pub fn find(input: &str) -> Option<&'static Province> {
    let k = key(input);
    if k.is_empty() {
        return None;
    }
    let by_code = k.replace(' ', "-");
    if let Some(&(_, code)) = ALIASES.iter().find(|(alias, _)| *alias == k) {
        return by_code_exact(code);
    }
    // The first province that answers to the code or to the name.
    let code_at = PROVINCES.iter().position(|p| p.code == by_code);
    let name_at = by_name_key().get(&k).copied();
    let at = match (code_at, name_at) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    at.and_then(|i| PROVINCES.get(i))
}

/// Each current and former name's [`key`], with the position of the first province that
/// answers to it: computed once, as search asks for places on every query.
fn by_name_key() -> &'static HashMap<String, usize> {
    static KEYS: LazyLock<HashMap<String, usize>> = LazyLock::new(|| {
        let mut keys = HashMap::new();
        for (i, p) in PROVINCES.iter().enumerate() {
            for name in names(p) {
                keys.entry(key(name)).or_insert(i);
            }
        }
        keys
    });
    &KEYS
}

pub fn by_code_exact(code: &str) -> Option<&'static Province> {
    PROVINCES.iter().find(|p| p.code == code)
}

/// Every name a province answers to: current, former ones.
pub fn names(p: &Province) -> impl Iterator<Item = &'static str> {
    std::iter::once(p.name).chain(p.former.iter().copied())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn there_are_34_current_and_63_former_provinces() {
        assert_eq!(PROVINCES.len(), 34);
        let unchanged = PROVINCES.iter().filter(|p| p.former.is_empty()).count();
        let merged: usize = PROVINCES.iter().map(|p| p.former.len()).sum();
        // Huế is counted once, through its former name "Thừa Thiên Huế".
        assert_eq!(unchanged + merged, 63);
        let mut codes: Vec<&str> = PROVINCES.iter().map(|p| p.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), 34);
    }

    #[test]
    fn former_names_map_to_their_current_province() {
        for (former, current) in [
            ("Hà Giang", "tuyen-quang"),
            ("tỉnh Yên Bái", "lao-cai"),
            ("Hoà Bình", "phu-tho"),
            ("hoa binh", "phu-tho"),
            ("Bà Rịa - Vũng Tàu", "ho-chi-minh"),
            ("Bình Dương", "ho-chi-minh"),
            ("Kon Tum", "quang-ngai"),
            ("Quảng Nam", "da-nang"),
            ("Nam Định", "ninh-binh"),
            ("Hà Nam", "ninh-binh"),
            ("Kiên Giang", "an-giang"),
            ("Thừa Thiên Huế", "hue"),
            ("Đắk Nông", "lam-dong"),
            ("Đăk Nông", "lam-dong"),
        ] {
            assert_eq!(find(former).map(|p| p.code), Some(current), "{former}");
        }
    }

    #[test]
    fn current_names_codes_and_short_forms_are_found() {
        assert_eq!(find("Quảng Ninh").map(|p| p.code), Some("quang-ninh"));
        assert_eq!(find("quang-ninh").map(|p| p.code), Some("quang-ninh"));
        assert_eq!(find("Thành phố Hồ Chí Minh").map(|p| p.code), Some("ho-chi-minh"));
        assert_eq!(find("TP.HCM").map(|p| p.code), Some("ho-chi-minh"));
        assert_eq!(find("Sài Gòn").map(|p| p.code), Some("ho-chi-minh"));
        assert_eq!(find("TP Hà Nội").map(|p| p.code), Some("ha-noi"));
        assert_eq!(find("Atlantis"), None);
        assert_eq!(find(""), None);
    }

    #[test]
    fn every_former_name_is_found() {
        for p in &PROVINCES {
            for former in p.former {
                assert_eq!(find(former).map(|x| x.code), Some(p.code), "{former}");
            }
        }
    }
}
