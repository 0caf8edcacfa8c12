//! Where a good comes from, read off its name: "Mật ong bạc hà Mèo Vạc" is from Hà Giang
//! (now Tuyên Quang) whichever shop sells it. OCOP goods carry their place in their name, so
//! a shopper asking for "đặc sản Hà Giang" wants them before whatever a Hà Giang shop resells.
//! The places known: provinces (current and former names), well-known destinations, and
//! communes and former townships from [`ocop_core::communes`].

use std::collections::HashMap;
use std::sync::LazyLock;

use ocop_core::communes;
use ocop_core::provinces::{self, PROVINCES};
use ocop_core::text::fold;

/// What is indexed for a good whose name says nothing of where it is from: the province
/// of the shop selling it, told apart from a province a name says.
pub fn sold_in(province: &str) -> String {
    format!("sold:{province}")
}

/// A commune name found in this many provinces or more says nothing about where a good is
/// from ("Tân Phú", "Bình An").
const SHARED_BY: usize = 3;

/// Commune names that are also what goods are called: in a product's name they are the
/// good, not the place ("Thanh Long" is a dragon fruit before it is a commune).
const GOODS_WORDS: [&str; 13] = [
    "thot not",
    "thanh long",
    "hoa sen",
    "hong tra",
    "hoa hong",
    "kim ngan",
    "ngoc lan",
    "hoa mai",
    "tam that",
    "bach mai",
    "hong son",
    "ngu hanh",
    "thien huong",
];

/// Place names (syllables joined by one space) with the provinces they are in, as written
/// (lower case) and folded. A name written with its diacritics is looked up as written, so
/// "bạc hà" (mint) is not Bắc Hà; one typed bare is looked up folded.
struct Gazetteer {
    written: HashMap<String, Vec<&'static str>>,
    /// The same names folded: a bare name may be any of them.
    folded: HashMap<String, Vec<&'static str>>,
}

fn gazetteer() -> &'static Gazetteer {
    static PLACES: LazyLock<Gazetteer> = LazyLock::new(|| {
        let mut places: HashMap<String, Vec<&'static str>> = HashMap::new();
        let mut communes_named: HashMap<String, Vec<&'static str>> = HashMap::new();
        for c in communes::all() {
            let current = std::iter::once(c.short_name());
            let townships = c.former_names().filter_map(|n| n.strip_prefix("Thị trấn ").map(str::trim));
            for name in current.chain(townships) {
                let key = crate::query::normalized(name);
                let goods = GOODS_WORDS.contains(&fold(&key).as_str());
                if key.contains(' ') && !key.chars().any(|ch| ch.is_ascii_digit()) && !goods {
                    let at = communes_named.entry(key).or_default();
                    if !at.contains(&c.province) {
                        at.push(c.province);
                    }
                }
            }
        }
        places.extend(communes_named.into_iter().filter(|(_, at)| at.len() < SHARED_BY));
        // Provinces and destinations name exactly one province, whatever commune shares it.
        for p in &PROVINCES {
            for name in provinces::names(p) {
                places.insert(crate::query::normalized(name), vec![p.code]);
            }
        }
        let mut folded: HashMap<String, Vec<&'static str>> = HashMap::new();
        for (name, at) in &places {
            let all = folded.entry(fold(name)).or_default();
            for code in at {
                if !all.contains(code) {
                    all.push(code);
                }
            }
        }
        Gazetteer { written: places, folded }
    });
    &PLACES
}

/// The provinces that places named in `syllables` (a name's, as
/// [`crate::query::all_syllables`] cuts it) are in, longest names first, each once.
#[cfg(test)]
pub fn named_in(syllables: &[String]) -> Vec<&'static str> {
    named_and_rest(syllables).0
}

/// [`named_in`], and the syllables no place took: what the good is called wherever it is
/// from ("Chè Shan tuyết Hoàng Su Phì" → chè shan tuyết).
pub fn named_and_rest(syllables: &[String]) -> (Vec<&'static str>, Vec<String>) {
    let places = gazetteer();
    let mut found: Vec<&'static str> = Vec::new();
    let rest = crate::places::longest_names(syllables, |run| {
        let span = run.join(" ");
        let folded = fold(&span);
        let at = if folded == span { places.folded.get(&folded) } else { places.written.get(&span) };
        let at = at.map(Vec::as_slice).or_else(|| {
            // Destinations are known folded only.
            let (_, code) = crate::places::DESTINATIONS.iter().find(|(name, _)| *name == folded)?;
            Some(std::slice::from_ref(code))
        })?;
        for code in at {
            if !found.contains(code) {
                found.push(code);
            }
        }
        Some(())
    });
    (found, rest)
}

#[cfg(test)]
mod tests {
    fn named_in(name: &str) -> Vec<&'static str> {
        super::named_in(&crate::query::all_syllables(name))
    }

    #[test]
    fn provinces_communes_townships_and_destinations_in_a_name() {
        assert_eq!(named_in("Mật ong bạc hà Mèo Vạc"), ["tuyen-quang"]);
        assert_eq!(named_in("Chè Shan tuyết cổ thụ Hà Giang"), ["tuyen-quang"]);
        assert_eq!(named_in("Nước mắm Cái Rồng 500ml"), ["quang-ninh"], "a former township");
        assert_eq!(named_in("Chè Tân Cương đặc biệt"), ["thai-nguyen"]);
        assert_eq!(named_in("Mè xửng Huế"), ["hue"]);
        assert_eq!(named_in("Chả mực Hạ Long"), ["quang-ninh"]);
        assert_eq!(named_in("Kẹo dừa sữa Bến Tre"), ["vinh-long"], "a former province");
    }

    #[test]
    fn goods_and_words_shared_by_many_places_name_no_origin() {
        assert!(named_in("Thanh long ruột đỏ").is_empty());
        assert!(named_in("Trà hoa vàng túi lọc").is_empty());
        assert!(named_in("Mật ong rừng nguyên chất").is_empty());
        assert!(named_in("").is_empty());
    }
}
