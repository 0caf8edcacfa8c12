//! Vietnam's communes, wards and special zones since 1 July 2025: with no districts left,
//! an address is province → commune. 3,321 units in the 34 provinces of
//! [`crate::provinces`], each with the former communes merged whole into it, since people
//! still write the old names.
//!
//! The list is `data/communes.tsv`, made by `scripts/gen-communes.py` from the PyPI package
//! `vietnam-provinces` 2026.9.0 (Nguyễn Hồng Quân, GPL-3.0-or-later, compatible with this
//! project's AGPL-3.0-or-later; the data is the General Statistics Office's list and its
//! official old → new conversion table). It is parsed once, on first use.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use crate::provinces;
use crate::text::{fold, nfc, normalize_tone_placement};

/// Longest text [`find`] looks at; longer input is not a commune name.
pub const MAX_TYPED_CHARS: usize = 100;

/// The three kinds of unit under a province since 2025.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// Phường: an urban ward.
    Phuong,
    /// Xã: a rural commune.
    Xa,
    /// Đặc khu: a special zone (the island districts, e.g. Vân Đồn, Phú Quốc).
    DacKhu,
}

impl Kind {
    /// The word that starts the unit's name: "Phường", "Xã", "Đặc khu".
    pub fn name(self) -> &'static str {
        match self {
            Kind::Phuong => "Phường",
            Kind::Xa => "Xã",
            Kind::DacKhu => "Đặc khu",
        }
    }
}

#[derive(Debug, PartialEq, Eq, serde::Serialize)]
pub struct Commune {
    /// The province's code in [`crate::provinces::PROVINCES`], e.g. `quang-ninh`.
    pub province: &'static str,
    /// The General Statistics Office's code, e.g. 6673 for Phường Bãi Cháy.
    pub code: u32,
    /// The full current name with its kind, e.g. "Phường Bãi Cháy", "Đặc khu Vân Đồn".
    pub name: &'static str,
    pub kind: Kind,
    /// The former communes merged whole into this one, `;`-separated, as in the data file.
    #[serde(skip)]
    former: &'static str,
}

impl Commune {
    /// The name without its kind: "Phường Bãi Cháy" → "Bãi Cháy".
    pub fn short_name(&self) -> &'static str {
        self.name.strip_prefix(self.kind.name()).map_or(self.name, str::trim_start)
    }

    /// The pre-2025 communes merged whole into this one, with their former kind
    /// ("Thị trấn Cái Rồng" for Đặc khu Vân Đồn). A former commune split between several
    /// new ones is not listed, nor one whose name is ambiguous in its new province.
    pub fn former_names(&self) -> impl Iterator<Item = &'static str> + use<> {
        self.former.split(';').filter(|name| !name.is_empty())
    }
}

/// A commune [`lookup`] found, and the former name that led to it, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    pub commune: &'static Commune,
    /// The former commune's name when the typed text named it rather than the current one.
    pub former: Option<&'static str>,
}

/// Every commune, grouped by province.
pub fn all() -> &'static [Commune] {
    &DATA.communes
}

/// The communes of a province, given as its code or any name [`provinces::find`] knows
/// (so a former province works too); empty for an unknown province.
pub fn of_province(province: &str) -> &'static [Commune] {
    province_range(province).and_then(|range| DATA.communes.get(range)).unwrap_or(&[])
}

/// A commune by its General Statistics Office code.
pub fn by_code(code: u32) -> Option<&'static Commune> {
    DATA.by_code.get(&code).and_then(|&i| DATA.communes.get(i))
}

/// The current commune of `province` that `typed` names, loosely: any case, with or
/// without diacritics or the kind ("Bãi Cháy", "phuong bai chay", "P. Bãi Cháy",
/// "Phường Bãi Cháy"), or a former commune merged whole into it ("Thị trấn Cái Rồng" →
/// Đặc khu Vân Đồn). `None` when nothing matches or the text fits several communes
/// equally (the checkout then asks the person to pick from [`of_province`]).
pub fn find(province: &str, typed: &str) -> Option<&'static Commune> {
    lookup(province, typed).map(|m| m.commune)
}

/// [`find`], also telling which former name matched, so the checkout can show
/// "Phường Hùng Thắng is now Phường Bãi Cháy".
pub fn lookup(province: &str, typed: &str) -> Option<Match> {
    if typed.chars().count() > MAX_TYPED_CHARS {
        return None;
    }
    let code = province_code(province)?;
    let readings = readings(typed);
    if readings.is_empty() {
        return None;
    }
    let range = DATA.ranges.get(code)?.clone();
    let current = DATA.names.get(range.clone())?.iter().zip(range);
    if let Some(i) = best(current, &readings) {
        return DATA.communes.get(i).map(|commune| Match { commune, former: None });
    }
    let range = DATA.former_ranges.get(code)?.clone();
    let formers = DATA.former.get(range.clone())?.iter().zip(range);
    let f = best(formers.map(|(former, f)| (&former.key, f)), &readings)?;
    let former = DATA.former.get(f)?;
    DATA.communes.get(former.commune).map(|commune| Match { commune, former: Some(former.name) })
}

/// The kind word a name starts with, typed in full or short.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Prefix {
    Phuong,
    Xa,
    DacKhu,
    /// Thị trấn: a township, a kind that no longer exists but former names carry.
    ThiTran,
}

/// A name split into its kind and the rest, keyed two ways.
#[derive(Debug)]
struct Key {
    prefix: Option<Prefix>,
    /// Lower case with diacritics (one tone placement): "Văn Lăng" ≠ "Văn Lang".
    exact: String,
    /// Folded: no diacritics.
    folded: String,
}

#[derive(Debug)]
struct Former {
    commune: usize,
    name: &'static str,
    key: Key,
}

struct Data {
    communes: Vec<Commune>,
    /// Keys of `communes`, same order.
    names: Vec<Key>,
    ranges: HashMap<&'static str, Range<usize>>,
    former: Vec<Former>,
    former_ranges: HashMap<&'static str, Range<usize>>,
    by_code: HashMap<u32, usize>,
}

static DATA: LazyLock<Data> = LazyLock::new(|| parse(include_str!("../data/communes.tsv")));

fn parse(tsv: &'static str) -> Data {
    let mut data = Data {
        communes: Vec::with_capacity(3400),
        names: Vec::with_capacity(3400),
        ranges: HashMap::new(),
        former: Vec::with_capacity(6400),
        former_ranges: HashMap::new(),
        by_code: HashMap::new(),
    };
    for line in tsv.lines().filter(|line| !line.is_empty() && !line.starts_with('#')) {
        let mut fields = line.split('\t');
        let (Some(province), Some(code), Some(name)) = (fields.next(), fields.next(), fields.next()) else {
            continue;
        };
        let Ok(code) = code.parse::<u32>() else { continue };
        let name_key = key(name);
        let kind = match name_key.prefix {
            Some(Prefix::Phuong) => Kind::Phuong,
            Some(Prefix::DacKhu) => Kind::DacKhu,
            _ => Kind::Xa,
        };
        let former = fields.next().unwrap_or("");
        let i = data.communes.len();
        data.communes.push(Commune { province, code, name, kind, former });
        data.names.push(name_key);
        data.by_code.insert(code, i);
        data.ranges.entry(province).or_insert(i..i).end = i + 1;
        for old in former.split(';').filter(|old| !old.is_empty()) {
            let f = data.former.len();
            data.former.push(Former { commune: i, name: old, key: key(old) });
            data.former_ranges.entry(province).or_insert(f..f).end = f + 1;
        }
    }
    data
}

fn province_code(province: &str) -> Option<&'static str> {
    provinces::by_code_exact(province).or_else(|| provinces::find(province)).map(|p| p.code)
}

fn province_range(province: &str) -> Option<Range<usize>> {
    DATA.ranges.get(province_code(province)?).cloned()
}

/// Lower-case NFC words, split at anything but letters and digits.
fn words(s: &str) -> Vec<String> {
    nfc(s).to_lowercase().split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_owned).collect()
}

/// The kind a name starts with, if more words follow it. Only the kind's own spelling
/// counts ("phường", "phuong", "p"), so "Phương Sơn" stays a name.
fn split_prefix(words: &[String]) -> (Option<Prefix>, &[String]) {
    let (prefix, len) = match words {
        [a, b, ..] if matches!((a.as_str(), b.as_str()), ("đặc" | "dac", "khu")) => (Prefix::DacKhu, 2),
        [a, b, ..] if matches!((a.as_str(), b.as_str()), ("thị" | "thi", "trấn" | "tran")) => (Prefix::ThiTran, 2),
        [a, ..] => match a.as_str() {
            "phường" | "phuong" | "p" => (Prefix::Phuong, 1),
            "xã" | "xa" | "x" => (Prefix::Xa, 1),
            "đk" | "dk" => (Prefix::DacKhu, 1),
            "tt" => (Prefix::ThiTran, 1),
            _ => return (None, words),
        },
        [] => return (None, words),
    };
    match words.get(len..) {
        Some(rest) if !rest.is_empty() => (Some(prefix), rest),
        _ => (None, words),
    }
}

fn join_key(prefix: Option<Prefix>, words: &[String]) -> Key {
    let exact: Vec<String> = words.iter().map(|w| normalize_tone_placement(w)).collect();
    let folded: Vec<String> = words.iter().map(|w| fold(w)).collect();
    Key { prefix, exact: exact.join(" "), folded: folded.join(" ") }
}

/// A stored name's key: its kind, and the rest.
fn key(name: &str) -> Key {
    let words = words(name);
    let (prefix, rest) = split_prefix(&words);
    join_key(prefix, rest)
}

/// The ways to read typed text: without its leading kind word if it has one, and whole
/// (a name may start like a kind, e.g. unaccented "Xa Bang" for Xã Xà Bang).
fn readings(typed: &str) -> Vec<Key> {
    let words = words(typed);
    if words.is_empty() {
        return Vec::new();
    }
    let (prefix, rest) = split_prefix(&words);
    let mut readings = vec![join_key(prefix, rest)];
    if prefix.is_some() {
        readings.push(join_key(None, &words));
    }
    readings
}

/// The one candidate the readings name: first by exact key, then folded; among several,
/// the one of the typed kind. `None` when none or several fit.
fn best<'a>(candidates: impl Iterator<Item = (&'a Key, usize)> + Clone, readings: &[Key]) -> Option<usize> {
    let exact = |k: &Key, r: &Key| k.exact == r.exact;
    let folded = |k: &Key, r: &Key| k.folded == r.folded;
    for same in [&exact as &dyn Fn(&Key, &Key) -> bool, &folded] {
        let mut hits: Vec<usize> = Vec::new();
        let mut of_kind: Vec<usize> = Vec::new();
        for (candidate, i) in candidates.clone() {
            for reading in readings.iter().filter(|r| same(candidate, r)) {
                if !hits.contains(&i) {
                    hits.push(i);
                }
                let kind_fits = match (reading.prefix, candidate.prefix) {
                    (Some(typed), Some(own)) => typed == own,
                    _ => false,
                };
                if kind_fits && !of_kind.contains(&i) {
                    of_kind.push(i);
                }
            }
        }
        match (hits.as_slice(), of_kind.as_slice()) {
            ([only], _) | (_, [only]) => return Some(*only),
            ([], _) => {}
            _ => return None,
        }
    }
    None
}

#[cfg(test)]
#[expect(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn name(province: &str, typed: &str) -> Option<&'static str> {
        find(province, typed).map(|c| c.name)
    }

    #[test]
    fn the_whole_country_is_there() {
        assert_eq!(all().len(), 3321);
        assert_eq!(DATA.ranges.len(), 34);
        for p in &provinces::PROVINCES {
            assert!(!of_province(p.code).is_empty(), "{} has communes", p.code);
        }
        let count = |kind| all().iter().filter(|c| c.kind == kind).count();
        assert_eq!((count(Kind::Phuong), count(Kind::Xa), count(Kind::DacKhu)), (687, 2621, 13));
        assert!(all().iter().all(|c| c.name.starts_with(c.kind.name()) && key(c.name).prefix.is_some()));
        assert_eq!(DATA.by_code.len(), 3321, "codes are unique");
        for p in &provinces::PROVINCES {
            assert!(of_province(p.code).iter().all(|c| c.province == p.code), "{} is one block", p.code);
        }
        assert_eq!(provinces::PROVINCES.iter().map(|p| of_province(p.code).len()).sum::<usize>(), 3321);
        assert_eq!(DATA.former.len(), 6390);
        assert!(include_str!("../data/communes.tsv").len() < 300_000);
    }

    #[test]
    fn quang_ninh_wards_typed_any_way() {
        for typed in ["Bãi Cháy", "phuong bai chay", "P. Bãi Cháy", "Phường Bãi Cháy", "  BÃI  CHÁY ", "p.bai chay"]
        {
            assert_eq!(name("quang-ninh", typed), Some("Phường Bãi Cháy"), "{typed}");
        }
        assert_eq!(name("Quảng Ninh", "hạ long"), Some("Phường Hạ Long"));
        assert_eq!(name("quang-ninh", "Hồng Gai"), Some("Phường Hồng Gai"));
        assert_eq!(name("quang-ninh", "Van Don"), Some("Đặc khu Vân Đồn"));
        assert_eq!(name("quang-ninh", "đặc khu Vân Đồn"), Some("Đặc khu Vân Đồn"));
        assert_eq!(name("quang-ninh", "Xã Hạ Long"), Some("Phường Hạ Long"), "a wrong kind still finds the only one");
        let bai_chay = find("quang-ninh", "Bãi Cháy").unwrap();
        assert_eq!((bai_chay.code, bai_chay.short_name(), bai_chay.province), (6673, "Bãi Cháy", "quang-ninh"));
        assert_eq!(by_code(6673), Some(bai_chay));
    }

    #[test]
    fn ha_noi_and_other_provinces() {
        assert_eq!(name("ha-noi", "Phường Hoàn Kiếm"), Some("Phường Hoàn Kiếm"));
        assert_eq!(name("Hà Nội", "hoan kiem"), Some("Phường Hoàn Kiếm"));
        assert_eq!(name("hn", "P. Ba Đình"), Some("Phường Ba Đình"));
        assert_eq!(name("ho-chi-minh", "Sài Gòn"), Some("Phường Sài Gòn"));
        // A former province's name finds its current province.
        assert_eq!(name("Hà Giang", "Phường Hà Giang 1"), Some("Phường Hà Giang 1"));
    }

    #[test]
    fn every_commune_and_former_name_finds_its_commune() {
        for c in all() {
            assert_eq!(find(c.province, c.name), Some(c), "{}", c.name);
            assert_eq!(find(c.province, c.short_name()), Some(c), "{}", c.name);
            for former in c.former_names() {
                assert_eq!(lookup(c.province, former), Some(Match { commune: c, former: Some(former) }), "{former}");
            }
        }
    }

    #[test]
    fn decomposed_input_matches() {
        assert_eq!(name("quang-ninh", "Ba\u{0303}i Cha\u{0301}y"), Some("Phường Bãi Cháy"));
    }

    #[test]
    fn former_communes_map_to_the_current_one() {
        let m = lookup("quang-ninh", "Thị trấn Cái Rồng").unwrap();
        assert_eq!((m.commune.name, m.former), ("Đặc khu Vân Đồn", Some("Thị trấn Cái Rồng")));
        assert_eq!(name("quang-ninh", "cai rong"), Some("Đặc khu Vân Đồn"));
        assert_eq!(name("quang-ninh", "Phường Hùng Thắng"), Some("Phường Bãi Cháy"));
        assert_eq!(name("quang-ninh", "hong hai"), Some("Phường Hạ Long"));
        assert_eq!(name("ha-noi", "Hàng Bạc"), Some("Phường Hoàn Kiếm"));
        assert!(find("quang-ninh", "Phường Hạ Long").unwrap().former_names().any(|f| f == "Phường Hồng Hải"));
        assert_eq!(lookup("quang-ninh", "Bãi Cháy").unwrap().former, None);
    }

    #[test]
    fn diacritics_decide_between_names_that_fold_alike() {
        let both = |province: &str, a: &'static str, b: &'static str| {
            let same: Vec<_> = of_province(province).iter().filter(|c| c.name == a || c.name == b).collect();
            same.len() == 2
        };
        // Two communes of one province whose names differ only by diacritics.
        let (province, a, b) = all()
            .iter()
            .find_map(|c| {
                let k = key(c.name);
                of_province(c.province)
                    .iter()
                    .find(|o| o.code != c.code && key(o.name).folded == k.folded && key(o.name).exact != k.exact)
                    .map(|o| (c.province, c.name, o.name))
            })
            .unwrap();
        assert!(both(province, a, b));
        assert_eq!(name(province, a), Some(a));
        assert_eq!(name(province, b), Some(b));
        assert_eq!(name(province, &fold(a)), None, "unaccented, it could be either");
    }

    #[test]
    fn a_kind_word_inside_a_name_is_kept() {
        // "Phương" (not "Phường") starts some names: former Xã Phương Độ is in Phường Hà Giang 1.
        assert_eq!(name("tuyen-quang", "Phương Độ"), Some("Phường Hà Giang 1"));
        assert_eq!(name("Hà Giang", "Xã Phương Độ"), Some("Phường Hà Giang 1"));
    }

    #[test]
    fn unknown_input_finds_nothing() {
        assert_eq!(find("quang-ninh", ""), None);
        assert_eq!(find("quang-ninh", "  ., "), None);
        assert_eq!(find("quang-ninh", "Phường"), None);
        assert_eq!(find("quang-ninh", "Hoàn Kiếm"), None, "another province's ward");
        assert_eq!(find("atlantis", "Bãi Cháy"), None);
        assert_eq!(find("quang-ninh", &"Bãi Cháy ".repeat(20)), None);
        assert!(of_province("atlantis").is_empty());
        assert_eq!(by_code(0), None);
    }
}
