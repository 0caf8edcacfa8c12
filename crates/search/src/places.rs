//! Places named in a query ("gạo Tây Nguyên", "quà Hạ Long", "đặc sản Hà Giang"): a
//! current or former province, a region, or a well-known destination where shoppers buy
//! gifts. A place narrows the search to listings from there (or naming it) instead of
//! being words every listing must contain.

use ocop_core::provinces::{self, PROVINCES, Region};
use ocop_core::text::fold;

/// What people call parts of the country beside the official regions, written with their
/// diacritics: a name typed with marks must have these ("miến" is not "miền"), one typed
/// bare may be any of them. "Miền Đông" is left out: typed bare it is "miến dong".
const REGION_ALIASES: [(&str, &[Region]); 17] = {
    use Region::*;
    [
        ("miền tây", &[DongBangSongCuuLong]),
        ("miền tây nam bộ", &[DongBangSongCuuLong]),
        ("tây nam bộ", &[DongBangSongCuuLong]),
        ("sông cửu long", &[DongBangSongCuuLong]),
        ("đồng bằng sông hồng", &[DongBangSongHong]),
        ("đồng bằng bắc bộ", &[DongBangSongHong]),
        ("nam trung bộ", &[DuyenHaiNamTrungBo]),
        ("miền đông nam bộ", &[DongNamBo]),
        ("miền bắc", &[TayBac, DongBac, DongBangSongHong]),
        ("bắc bộ", &[TayBac, DongBac, DongBangSongHong]),
        ("miền núi phía bắc", &[TayBac, DongBac]),
        ("tây bắc bộ", &[TayBac]),
        ("đông bắc bộ", &[DongBac]),
        ("miền trung", &[BacTrungBo, DuyenHaiNamTrungBo]),
        ("trung bộ", &[BacTrungBo, DuyenHaiNamTrungBo]),
        ("miền nam", &[DongNamBo, DongBangSongCuuLong]),
        ("nam bộ", &[DongNamBo, DongBangSongCuuLong]),
    ]
};

/// Whether `typed` (lower-case syllables) is `name`: syllable by syllable the same, or
/// typed bare and the same once `name` is folded.
fn typed_as(typed: &[String], name: &str) -> bool {
    let name: Vec<&str> = name.split(' ').collect();
    typed.len() == name.len() && typed.iter().zip(&name).all(|(t, n)| t == n || (fold(t) == *t && fold(n) == *t))
}

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

/// Official region names folded: computed once.
fn region_keys() -> &'static [(String, Region)] {
    static KEYS: std::sync::LazyLock<Vec<(String, Region)>> =
        std::sync::LazyLock::new(|| Region::ALL.iter().map(|r| (fold(r.name()), *r)).collect());
    &KEYS
}

/// The provinces in `regions`.
fn provinces_in(regions: &[Region]) -> Vec<&'static str> {
    PROVINCES.iter().filter(|p| regions.contains(&p.region)).map(|p| p.code).collect()
}

/// The provinces `span` names, and whether it is narrower than them ([`Place::narrow`]).
fn lookup(words: &[String]) -> Option<(Vec<&'static str>, bool)> {
    let span = words.join(" ");
    let key = fold(&span);
    if let Some((_, region)) = region_keys().iter().find(|(k, _)| *k == key) {
        return Some((provinces_in(&[*region]), false));
    }
    if let Some((_, regions)) = REGION_ALIASES.iter().find(|(name, _)| typed_as(words, name)) {
        return Some((provinces_in(regions), false));
    }
    if let Some(&(_, code)) = DESTINATIONS.iter().find(|(name, _)| *name == key) {
        return Some((vec![code], true));
    }
    // One syllable alone is too often a product word; only the short forms people type
    // for the two big cities and Huế stand alone.
    if !key.contains(' ') && !matches!(key.as_str(), "hue" | "hcm" | "hn" | "saigon" | "hcmc") {
        return None;
    }
    let province = provinces::find(&span)?;
    // A former province typed, now part of a larger one (not the current name, nor a short form).
    let merged =
        province.former.len() > 1 && fold(province.name) != key && province.former.iter().any(|name| fold(name) == key);
    Some((vec![province.code], merged))
}

/// Splits `tokens` into the words left and the places named, longest names first.
pub fn extract(tokens: &[String]) -> (Vec<String>, Vec<Place>) {
    let mut places = Vec::new();
    let rest = longest_names(tokens, |words| {
        let (provinces, narrow) = lookup(words)?;
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
    fn the_north_the_centre_and_the_south_span_their_regions() {
        let provinces = |q: &str| extract(&words(q)).1.first().map(|p| p.provinces.clone()).unwrap_or_default();
        let north = provinces("đặc sản miền bắc");
        assert!(north.contains(&"ha-noi") && north.contains(&"lao-cai") && north.contains(&"quang-ninh"));
        assert!(!north.contains(&"hue"));
        let centre = provinces("nước mắm miền trung");
        assert!(centre.contains(&"hue") && centre.contains(&"da-nang") && centre.contains(&"khanh-hoa"));
        assert!(!centre.contains(&"gia-lai"), "the Central Highlands are their own region");
        assert_eq!(provinces("quà mien nam"), provinces("quà nam bộ"));
        assert!(provinces("quà miền nam").contains(&"can-tho"));
        // A noodle typed with its marks is not a region; typed bare, "miến dong" stays food.
        let (rest, places) = extract(&words("miến bắc kạn"));
        assert_eq!((rest, places[0].provinces.clone()), (words("miến"), vec!["thai-nguyen"]));
        assert!(extract(&words("mien dong")).1.is_empty());
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
