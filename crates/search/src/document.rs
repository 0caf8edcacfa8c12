//! The index schema and how a live listing becomes a document.

use std::collections::HashMap;

use ocop_core::provinces;
use ocop_core::text::fold;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::{TantivyDocument, doc};

/// Bumped whenever the schema, the analysis or the index settings change, so old indexes
/// are rebuilt.
pub const SCHEMA_VERSION: u32 = 13;

/// Words with their frequencies but no positions: no query here asks where a word stands
/// (neighbours are matched through the bigram field), and positions cost a quarter of the
/// build.
fn words() -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default().set_tokenizer("default").set_index_option(IndexRecordOption::WithFreqs),
    )
}

/// Prefixes up to this many characters are indexed ([`Fields::name_prefixes`]); a longer
/// one typed is looked up in the term dictionary instead. Vietnamese syllables have at most
/// seven letters.
pub const MAX_PREFIX_CHARS: usize = 10;

/// Which documents have a term, nothing more ([`Fields::name_prefixes`], [`Fields::heads`]).
fn presence() -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default().set_tokenizer("default").set_index_option(IndexRecordOption::Basic),
    )
}

/// Every prefix (1 to [`MAX_PREFIX_CHARS`] characters) of each word of `folded` as the
/// "default" tokenizer cuts and lower-cases it for [`Fields::name_folded`], words it drops
/// (40 bytes or more) left out too: a prefix found here is one the dictionary has.
pub fn prefixes_of(folded: &str) -> String {
    let mut out = String::new();
    for word in folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty() && w.len() < 40) {
        let word = word.to_lowercase();
        for (n, (at, c)) in word.char_indices().enumerate().take(MAX_PREFIX_CHARS) {
            if n > 0 || !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&word[..at + c.len_utf8()]);
        }
    }
    out
}

/// Folded neighbouring syllables glued together.
pub fn bigrams(syllables: &[String]) -> Vec<String> {
    syllables.windows(2).map(|w| format!("{}{}", fold(&w[0]), fold(&w[1]))).collect()
}

#[derive(Clone, Copy)]
pub struct Fields {
    pub id: Field,
    pub slug: Field,
    pub sku: Field,
    pub name: Field,
    pub shop_name: Field,
    pub thumb: Field,
    /// Lower-cased NFC syllables: an exact (diacritics-true) match.
    pub name_exact: Field,
    /// Folded syllables (no diacritics, đ→d).
    pub name_folded: Field,
    /// Folded neighbouring syllables glued ("trahoa hoavang"), so words typed together
    /// rank listings that have them together.
    pub name_bigrams: Field,
    /// Every prefix of each folded syllable ("nuoc" → n nu nuo nuoc): a half-typed last word
    /// is one term's postings, not a walk of the term dictionary into a bitset per query.
    pub name_prefixes: Field,
    /// Group, subcategory, province (current and former names), region, shop — folded.
    pub meta_folded: Field,
    pub desc_folded: Field,
    /// The kinds of good a listing is ([`crate::kinds`]: "traicay", "haisan"…), asked for
    /// by what a good is rather than its name ("trái cây", "hải sản").
    pub kinds: Field,
    /// What the name says the good is ([`crate::kinds::heads`]: "nước", "nướcmắm"): a page
    /// a search's few matches do not fill goes on with their kin.
    pub heads: Field,
    /// The province as the seller wrote it (often a former name, "Hà Giang"), folded: a
    /// place named in a query ranks listings from exactly there first.
    pub place_folded: Field,
    /// Province codes of the places the name says the good is from ([`crate::origin`]),
    /// whichever shop sells it; when the name names none, the shop's province as
    /// [`crate::origin::sold_in`].
    pub origin: Field,
    pub category: Field,
    pub province: Field,
    pub shop: Field,
    pub stars: Field,
    pub price: Field,
    pub in_stock: Field,
    pub approved_at: Field,
    pub sales: Field,
    /// The rating score (`ocop_reviews::rating::score`): 0 without reviews.
    pub rating: Field,
    /// Hashes of the good a listing copies (name without sizes and packs) and of its shop,
    /// so ranking can diversify from fast fields without reading stored documents.
    pub copy_hash: Field,
    pub shop_hash: Field,
    /// The good whatever place its name says ([`copy_key`] of the name without places), and
    /// the province the name says it is from (0 when it says none): where most of a good's
    /// listings come from is its home ([`crate::home`]).
    pub good_hash: Field,
    pub named_from: Field,
}

/// A stable-within-a-build hash; an index on disk records a check value of it and is rebuilt
/// when another build hashes differently.
pub fn hash(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

pub fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let fields = Fields {
        id: b.add_u64_field("id", INDEXED | STORED | FAST),
        slug: b.add_text_field("slug", STRING | STORED),
        sku: b.add_text_field("sku", STRING | STORED),
        name: b.add_text_field("name", STORED),
        shop_name: b.add_text_field("shop_name", STORED),
        thumb: b.add_text_field("thumb", STORED),
        name_exact: b.add_text_field("name_exact", words()),
        name_folded: b.add_text_field("name_folded", words()),
        name_bigrams: b.add_text_field("name_bigrams", words()),
        name_prefixes: b.add_text_field("name_prefixes", presence()),
        meta_folded: b.add_text_field("meta_folded", words()),
        desc_folded: b.add_text_field("desc_folded", words()),
        kinds: b.add_text_field("kinds", words()),
        heads: b.add_text_field("heads", presence()),
        place_folded: b.add_text_field("place_folded", words()),
        origin: b.add_text_field("origin", STRING),
        category: b.add_text_field("category", STRING | STORED | FAST),
        province: b.add_text_field("province", STRING | STORED | FAST),
        shop: b.add_text_field("shop", STRING | STORED | FAST),
        stars: b.add_u64_field("stars", INDEXED | STORED | FAST),
        price: b.add_i64_field("price", INDEXED | STORED | FAST),
        in_stock: b.add_u64_field("in_stock", INDEXED | STORED | FAST),
        approved_at: b.add_i64_field("approved_at", FAST),
        sales: b.add_i64_field("sales", FAST),
        rating: b.add_i64_field("rating", FAST),
        copy_hash: b.add_u64_field("copy_hash", FAST),
        shop_hash: b.add_u64_field("shop_hash", FAST),
        good_hash: b.add_u64_field("good_hash", FAST),
        named_from: b.add_u64_field("named_from", FAST),
    };
    (b.build(), fields)
}

/// What the index needs of a live listing.
#[derive(Debug, Clone)]
pub struct Listing {
    pub id: i64,
    pub slug: String,
    pub sku: String,
    pub name: String,
    pub description: String,
    pub category: String,
    pub subcategory: Option<String>,
    pub province_code: String,
    pub province_input: String,
    pub shop_slug: String,
    pub shop_name: String,
    pub stars: Option<i16>,
    pub price_vnd: i64,
    pub in_stock: bool,
    pub thumb: Option<String>,
    pub approved_at: i64,
    pub sales: i64,
    /// The rating score, 0 without reviews.
    pub rating: i64,
}

/// Turns listings into documents. Many listings share their group, province and shop, so
/// the folded meta text is worked out once for each such combination.
pub struct Documents {
    fields: Fields,
    meta: HashMap<u64, (MetaKey, String)>,
}

/// What the meta text is made of.
#[derive(PartialEq, Eq, Hash, Clone)]
struct MetaKey {
    category: String,
    subcategory: Option<String>,
    province_code: String,
    province_input: String,
    shop_name: String,
}

impl MetaKey {
    fn of(l: &Listing) -> Self {
        Self {
            category: l.category.clone(),
            subcategory: l.subcategory.clone(),
            province_code: l.province_code.clone(),
            province_input: l.province_input.clone(),
            shop_name: l.shop_name.clone(),
        }
    }

    fn matches(&self, l: &Listing) -> bool {
        self.category == l.category
            && self.subcategory == l.subcategory
            && self.province_code == l.province_code
            && self.province_input == l.province_input
            && self.shop_name == l.shop_name
    }

    /// The hash of a listing's key without building one.
    fn hash_of(l: &Listing) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::hash::DefaultHasher::new();
        (&l.category, &l.subcategory, &l.province_code, &l.province_input, &l.shop_name).hash(&mut h);
        h.finish()
    }
}

/// Group, subcategory, province (current and former names), region and shop, folded.
fn meta_text(l: &Listing) -> String {
    let group = ocop_catalog::group::by_code(&l.category);
    let mut meta = vec![l.category.replace('-', " "), l.shop_name.clone(), l.province_input.clone()];
    if let Some(g) = group {
        meta.push(g.name_vi.to_owned());
    }
    if let Some(sub) = l.subcategory.as_deref().and_then(|s| ocop_catalog::group::find_sub(&l.category, s)) {
        meta.push(sub.1.to_owned());
    }
    if let Some(p) = provinces::by_code_exact(&l.province_code) {
        meta.extend(provinces::names(p).map(str::to_owned));
        meta.push(p.region.name().to_owned());
    }
    fold(&meta.join(" "))
}

impl Documents {
    pub fn new(fields: Fields) -> Self {
        Self { fields, meta: HashMap::new() }
    }

    fn meta(&mut self, l: &Listing) -> String {
        let h = MetaKey::hash_of(l);
        if let Some((key, text)) = self.meta.get(&h)
            && key.matches(l)
        {
            return text.clone();
        }
        let text = meta_text(l);
        // A hash shared by another combination (never seen in practice) just replaces it.
        self.meta.insert(h, (MetaKey::of(l), text.clone()));
        text
    }

    pub fn make(&mut self, l: &Listing) -> TantivyDocument {
        let f = self.fields;
        let syllables = crate::query::all_syllables(&l.name);
        let meta = self.meta(l);
        let folded = fold(&l.name);
        let (named, unplaced) = crate::origin::named_and_rest(&syllables);
        // Sellers give the subcategory by code or by name.
        let subcategory =
            l.subcategory.as_deref().and_then(|s| ocop_catalog::group::find_sub(&l.category, s)).map(|sub| sub.0);
        let mut doc = doc!(
            f.id => u64::try_from(l.id).unwrap_or(0),
            f.slug => l.slug.clone(),
            f.sku => l.sku.clone(),
            f.name => l.name.clone(),
            f.shop_name => l.shop_name.clone(),
            f.thumb => l.thumb.clone().unwrap_or_default(),
            f.name_exact => syllables.join(" "),
            f.name_prefixes => prefixes_of(&folded),
            f.name_folded => folded,
            f.name_bigrams => bigrams(&syllables).join(" "),
            f.meta_folded => meta,
            f.desc_folded => fold(&l.description),
            f.kinds => crate::kinds::of_listing(&syllables, &l.category, subcategory).join(" "),
            f.heads => crate::kinds::heads(&syllables).join(" "),
            f.place_folded => fold(&l.province_input),
            f.category => l.category.clone(),
            f.province => l.province_code.clone(),
            f.shop => l.shop_slug.clone(),
            f.stars => u64::try_from(l.stars.unwrap_or(0)).unwrap_or(0),
            f.price => l.price_vnd,
            f.in_stock => u64::from(l.in_stock),
            f.approved_at => l.approved_at,
            f.sales => l.sales,
            f.rating => l.rating,
            f.copy_hash => hash(&copy_key(&l.name)),
            f.shop_hash => hash(&l.shop_slug),
            f.good_hash => hash(&copy_key(&unplaced.join(" "))),
            f.named_from => named.first().map_or(0, |code| hash(code)),
        );
        if named.is_empty() {
            doc.add_text(f.origin, crate::origin::sold_in(&l.province_code));
        }
        for code in named {
            doc.add_text(f.origin, code);
        }
        doc
    }
}

/// What makes two listings the same good: the folded name without sizes, counts and
/// packaging words ("Miến dong Bình Liêu 500 g", "… hộp 3 gói" → "mien dong binh lieu").
pub(crate) fn copy_key(name: &str) -> String {
    const PACKING: [&str; 22] = [
        "g", "gr", "kg", "ml", "l", "lit", "hop", "goi", "tui", "chai", "hu", "bao", "lon", "binh", "combo", "set",
        "loai", "x", "qua", "tang", "cai", "thung",
    ];
    let folded = fold(name);
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !w.chars().any(|c| c.is_ascii_digit()) && !PACKING.contains(w))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    #![expect(clippy::unwrap_used, reason = "tests fail loudly")]

    use super::*;

    /// The meta text worked out once per group, province and shop is the one each listing
    /// would get on its own.
    #[test]
    fn shared_meta_text_is_each_listings_own() {
        let (catalogue, _) = crate::eval::dev_set().unwrap();
        let mut documents = Documents::new(schema().1);
        for l in catalogue.listings.iter().chain(&catalogue.listings) {
            assert_eq!(documents.meta(l), meta_text(l), "{}", l.slug);
        }
        assert!(documents.meta.len() < catalogue.listings.len());
    }

    #[test]
    fn prefixes_are_those_of_each_folded_word_up_to_the_limit() {
        assert_eq!(prefixes_of("nuoc mam"), "n nu nuo nuoc m ma mam");
        assert_eq!(prefixes_of("ST25, hop-2kg"), "s st st2 st25 h ho hop 2 2k 2kg");
        assert_eq!(prefixes_of("abcdefghijkl"), "a ab abc abcd abcde abcdef abcdefg abcdefgh abcdefghi abcdefghij");
        assert_eq!(prefixes_of(&"x".repeat(40)), "");
        assert_eq!(prefixes_of(" -- "), "");
    }
}
