//! The index schema and how a live listing becomes a document.

use ocop_core::provinces;
use ocop_core::text::fold;
use tantivy::schema::{FAST, Field, INDEXED, STORED, STRING, Schema, TEXT};
use tantivy::{TantivyDocument, doc};

/// Bumped whenever the schema, the analysis or the index settings change, so old indexes
/// are rebuilt.
pub const SCHEMA_VERSION: u32 = 5;

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
    /// Group, subcategory, province (current and former names), region, shop — folded.
    pub meta_folded: Field,
    pub desc_folded: Field,
    /// The province as the seller wrote it (often a former name, "Hà Giang"), folded: a
    /// place named in a query ranks listings from exactly there first.
    pub place_folded: Field,
    pub category: Field,
    pub province: Field,
    pub shop: Field,
    pub stars: Field,
    pub price: Field,
    pub in_stock: Field,
    pub approved_at: Field,
    pub sales: Field,
    /// Hashes of the good a listing copies (name without sizes and packs) and of its shop,
    /// so ranking can diversify from fast fields without reading stored documents.
    pub copy_hash: Field,
    pub shop_hash: Field,
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
        name_exact: b.add_text_field("name_exact", TEXT),
        name_folded: b.add_text_field("name_folded", TEXT),
        name_bigrams: b.add_text_field("name_bigrams", TEXT),
        meta_folded: b.add_text_field("meta_folded", TEXT),
        desc_folded: b.add_text_field("desc_folded", TEXT),
        place_folded: b.add_text_field("place_folded", TEXT),
        category: b.add_text_field("category", STRING | STORED | FAST),
        province: b.add_text_field("province", STRING | STORED | FAST),
        shop: b.add_text_field("shop", STRING | STORED | FAST),
        stars: b.add_u64_field("stars", INDEXED | STORED | FAST),
        price: b.add_i64_field("price", INDEXED | STORED | FAST),
        in_stock: b.add_u64_field("in_stock", INDEXED | STORED | FAST),
        approved_at: b.add_i64_field("approved_at", FAST),
        sales: b.add_i64_field("sales", FAST),
        copy_hash: b.add_u64_field("copy_hash", FAST),
        shop_hash: b.add_u64_field("shop_hash", FAST),
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
}

pub fn to_document(f: &Fields, l: &Listing) -> TantivyDocument {
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
    doc!(
        f.id => u64::try_from(l.id).unwrap_or(0),
        f.slug => l.slug.clone(),
        f.sku => l.sku.clone(),
        f.name => l.name.clone(),
        f.shop_name => l.shop_name.clone(),
        f.thumb => l.thumb.clone().unwrap_or_default(),
        f.name_exact => crate::query::all_syllables(&l.name).join(" "),
        f.name_folded => fold(&l.name),
        f.name_bigrams => bigrams(&crate::query::all_syllables(&l.name)).join(" "),
        f.meta_folded => fold(&meta.join(" ")),
        f.desc_folded => fold(&l.description),
        f.place_folded => fold(&l.province_input),
        f.category => l.category.clone(),
        f.province => l.province_code.clone(),
        f.shop => l.shop_slug.clone(),
        f.stars => u64::try_from(l.stars.unwrap_or(0)).unwrap_or(0),
        f.price => l.price_vnd,
        f.in_stock => u64::from(l.in_stock),
        f.approved_at => l.approved_at,
        f.sales => l.sales,
        f.copy_hash => hash(&crate::index::copy_key(&l.name)),
        f.shop_hash => hash(&l.shop_slug),
    )
}
