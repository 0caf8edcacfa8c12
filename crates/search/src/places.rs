//! Places named in a query ("gạo Tây Nguyên", "quà Hạ Long", "đặc sản Hà Giang"): a
//! current or former province, a region, or a well-known destination where shoppers buy
//! gifts. A place narrows the search to listings from there (or naming it) instead of
//! being words every listing must contain.

use ocop_core::provinces::{self, PROVINCES, Region};
use ocop_core::text::fold;

/// Common names for regions beside the official ones.
const REGION_ALIASES: [(&str, Region); 7] = [
    ("mien tay", Region::DongBangSongCuuLong),
    ("mien tay nam bo", Region::DongBangSongCuuLong),
    ("tay nam bo", Region::DongBangSongCuuLong),
    ("song cuu long", Region::DongBangSongCuuLong),
    ("dong bang song hong", Region::DongBangSongHong),
    ("nam trung bo", Region::DuyenHaiNamTrungBo),
    ("mien dong nam bo", Region::DongNamBo),
];

/// Towns and sights people name instead of their province, with the current province.
pub(crate) const DESTINATIONS: [(&str, &str); 15] = [
    ("ha long", "quang-ninh"),
    ("van don", "quang-ninh"),
    ("mong cai", "quang-ninh"),
    ("sa pa", "lao-cai"),
    ("sapa", "lao-cai"),
    ("da lat", "lam-dong"),
    ("phan thiet", "lam-dong"),
    ("mui ne", "lam-dong"),
    ("hoi an", "da-nang"),
    ("phu quoc", "an-giang"),
    ("chau doc", "an-giang"),
    ("nha trang", "khanh-hoa"),
    ("buon ma thuot", "dak-lak"),
    ("moc chau", "son-la"),
    ("vung tau", "ho-chi-minh"),
];

/// A place found in a query: the query words that named it (as typed) and the current
/// provinces it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub words: Vec<String>,
    pub provinces: Vec<&'static str>,
    /// Smaller than the provinces it is in: a destination, or a former province merged into
    /// a larger one ("Hà Giang" in Tuyên Quang, "Đà Lạt" in Lâm Đồng).
    pub narrow: bool,
}

/// Region names folded, official ones and aliases: computed once.
fn region_keys() -> &'static [(String, Region)] {
    static KEYS: std::sync::LazyLock<Vec<(String, Region)>> = std::sync::LazyLock::new(|| {
        let mut keys = Vec::new();
        for region in Region::ALL {
            keys.push((fold(region.name()), region));
            keys.extend(
                REGION_ALIASES.iter().filter(|(_, r)| *r == region).map(|(alias, r)| ((*alias).to_owned(), *r)),
            );
        }
        keys
    });
    &KEYS
}

/// The provinces `span` names, and whether it is narrower than them ([`Place::narrow`]).
fn lookup(span: &str) -> Option<(Vec<&'static str>, bool)> {
    let key = fold(span);
    if let Some((_, region)) = region_keys().iter().find(|(k, _)| *k == key) {
        return Some((PROVINCES.iter().filter(|p| p.region == *region).map(|p| p.code).collect(), false));
    }
    if let Some(&(_, code)) = DESTINATIONS.iter().find(|(name, _)| *name == key) {
        return Some((vec![code], true));
    }
    // One syllable alone is too often a product word; only the short forms people type
    // for the two big cities and Huế stand alone.
    if !key.contains(' ') && !matches!(key.as_str(), "hue" | "hcm" | "hn" | "saigon" | "hcmc") {
        return None;
    }
    let province = provinces::find(span)?;
    // A former province typed, now part of a larger one (not the current name, nor a short form).
    let merged =
        province.former.len() > 1 && fold(province.name) != key && province.former.iter().any(|name| fold(name) == key);
    Some((vec![province.code], merged))
}

/// Splits `tokens` into the words left and the places named, longest names first.
pub fn extract(tokens: &[String]) -> (Vec<String>, Vec<Place>) {
    let mut places = Vec::new();
    let rest = longest_names(tokens, |words| {
        let (provinces, narrow) = lookup(&words.join(" "))?;
        places.push(Place { words: words.to_vec(), provinces, narrow });
        Some(())
    });
    (rest, places)
}

/// Walks `words` left to right, offering `name` the longest run first (four words down to
/// one) at each step; a run it takes is skipped. Returns the words no run took.
pub(crate) fn longest_names(words: &[String], mut name: impl FnMut(&[String]) -> Option<()>) -> Vec<String> {
    let mut rest = Vec::with_capacity(words.len());
    let mut i = 0;
    'scan: while i < words.len() {
        for len in (1..=4).rev() {
            if let Some(run) = words.get(i..i + len)
                && name(run).is_some()
            {
                i += len;
                continue 'scan;
            }
        }
        rest.push(words[i].clone());
        i += 1;
    }
    rest
}

#[cfg(test)]
mod tests {
    use super::extract;

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn provinces_regions_and_destinations_are_recognised() {
        let (rest, places) = extract(&words("gạo tây nguyên"));
        assert_eq!(rest, words("gạo"));
        assert!(places[0].provinces.contains(&"dak-lak") && places[0].provinces.contains(&"gia-lai"));
        let (rest, places) = extract(&words("quà hạ long"));
        assert_eq!((rest, places[0].provinces.clone()), (words("quà"), vec!["quang-ninh"]));
        let (_, places) = extract(&words("đặc sản bến tre"));
        assert_eq!(places[0].provinces, vec!["vinh-long"], "a former province");
        let (_, places) = extract(&words("dac san mien tay"));
        assert!(places[0].provinces.contains(&"can-tho"));
    }

    #[test]
    fn destinations_and_merged_provinces_are_narrower_than_their_province() {
        let narrow = |q: &str| extract(&words(q)).1[0].narrow;
        assert!(narrow("đà lạt") && narrow("hà giang") && narrow("bến tre"));
        assert!(!narrow("lâm đồng") && !narrow("tuyên quang") && !narrow("thừa thiên huế") && !narrow("tây nguyên"));
    }

    #[test]
    fn product_words_are_not_places() {
        for q in ["nước mắm", "nấm", "năm", "trà hoa vàng", "long nhãn", "nam"] {
            let (rest, places) = extract(&words(q));
            assert!(places.is_empty(), "{q}");
            assert_eq!(rest, words(q));
        }
    }
}
