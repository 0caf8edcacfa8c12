//! From what a shopper typed to a tantivy query: the same pipeline as the index (NFC,
//! lower case, syllables, folding), exact beating folded beating fuzzy, name beating meta
//! beating description, and a prefix on the last syllable for half-typed words.

use ocop_core::text::{fold, nfc};
use tantivy::Term;
use tantivy::query::{AllQuery, BooleanQuery, BoostQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::IndexRecordOption;

use crate::document::Fields;
use crate::filters::Filter;
use crate::near::TermNear;
use crate::places::Place;
use crate::term::{Scoring, TermClause};
use crate::types::SearchParams;
use crate::walk::WalkClause;
use crate::words::WordsQuery;

pub const MAX_QUERY_CHARS: usize = 200;
const MAX_TOKENS: usize = 12;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum QueryError {
    #[error("q: tối đa {MAX_QUERY_CHARS} ký tự")]
    TooLong,
}

/// Lower-cased NFC syllables of `text` with one tone placement (hòa → hoà), control
/// characters and stray marks dropped: the same for the index and for queries.
pub fn syllables(text: &str) -> Vec<String> {
    all_syllables(text).into_iter().take(MAX_TOKENS).collect()
}

pub(crate) fn all_syllables(text: &str) -> Vec<String> {
    nfc(text)
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(ocop_core::text::normalize_tone_placement)
        .collect()
}

/// Spellings a shopper may have meant: the usual slips between initials (ch/tr, s/x,
/// d/gi/r, l/n) and finals (n/ng, c/t) across regional accents, on a folded word or on one
/// with its marks (which keeps them: "trà" may be "chà", not "chả"). Hỏi/ngã need nothing:
/// they fold alike.
pub fn confusions(word: &str) -> Vec<String> {
    let vowel = |c: char| fold(c.encode_utf8(&mut [0; 4])).starts_with(|f: char| "aeiouy".contains(f));
    const INITIALS: [(&str, &str); 9] = [
        ("ch", "tr"),
        ("tr", "ch"),
        ("s", "x"),
        ("x", "s"),
        ("gi", "d"),
        ("d", "gi"),
        ("r", "d"),
        ("d", "r"),
        ("l", "n"),
    ];
    const FINALS: [(&str, &str); 4] = [("ng", "n"), ("n", "ng"), ("c", "t"), ("t", "c")];
    let mut out = Vec::new();
    if word.chars().count() < 2 {
        return out;
    }
    for (from, to) in INITIALS {
        if let Some(rest) = word.strip_prefix(from)
            && !(from == "d" && rest.starts_with('d'))
            && rest.starts_with(vowel)
        {
            out.push(format!("{to}{rest}"));
        }
    }
    for (from, to) in FINALS {
        if let Some(stem) = word.strip_suffix(from)
            && stem.ends_with(vowel)
            && !(from == "n" && word.ends_with("ng"))
        {
            out.push(format!("{stem}{to}"));
        }
    }
    out.retain(|v| v != word);
    out.dedup();
    out
}

pub(crate) fn term(field: tantivy::schema::Field, text: &str, boost: f32) -> (Occur, Box<dyn Query>) {
    (Occur::Should, term_on(Term::from_field_text(field, text), boost))
}

fn term_on(term: Term, boost: f32) -> Box<dyn Query> {
    Box::new(TermClause::new(term, Scoring::Bm25 { boost }))
}

/// Words that say what the whole catalogue is ("OCOP", "đặc sản", "quà") carry no
/// meaning in a query, and "N sao" asks for at least N stars. Returns the words left, the
/// stars, and the catalogue words dropped (kept as text when nothing else was typed).
pub fn intents(tokens: Vec<String>) -> (Vec<String>, Option<u8>, Vec<String>) {
    let mut stars = None;
    let mut kept = Vec::with_capacity(tokens.len());
    let mut dropped = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let word = tokens[i].as_str();
        let next = tokens.get(i + 1).map(String::as_str);
        match (word, next) {
            ("3" | "4" | "5", Some("sao")) => {
                stars = word.parse().ok();
                i += 2;
                continue;
            }
            ("đặc" | "dac", Some("sản" | "san")) | ("quà" | "qua", Some("tặng" | "tang")) | ("sản", Some("phẩm")) =>
            {
                dropped.extend_from_slice(&tokens[i..i + 2]);
                i += 2;
                continue;
            }
            ("ocop" | "quà" | "biếu", _) => dropped.push(tokens[i].clone()),
            _ => kept.push(tokens[i].clone()),
        }
        i += 1;
    }
    (kept, stars, dropped)
}

/// What a query asks for once parsed: the words to match, a stars floor, places, and
/// words that only add to a listing's score (pack sizes, units, function words).
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    pub words: Vec<String>,
    pub stars: Option<u8>,
    pub places: Vec<Place>,
    /// Kinds of good asked for by what they are ("trái cây", "hải sản"): each one word
    /// that listings of that kind match ([`crate::kinds`]).
    pub kinds: Vec<crate::kinds::Asked>,
    /// Pack sizes and units ("500ml", "chai 1 lít", "túi 5kg", "hộp 6 cái") and function
    /// words ("từ", "có", "để"): a listing with them ranks higher, one without them is not
    /// left out.
    pub extra: Vec<String>,
}

/// Units a number is followed by in a pack size or a strength ("1 lít", "40 độ").
const UNITS: [&str; 12] = ["g", "gr", "gam", "kg", "ml", "l", "lit", "cm", "mm", "do", "ky", "lang"];
/// What goods are counted in ("20 gói", "6 chén", "4 trái").
const COUNTERS: [&str; 14] =
    ["goi", "cai", "chiec", "trai", "qua", "tui", "hu", "chen", "la", "vien", "hop", "chai", "lo", "cu"];
/// Containers, when a size or count follows ("chai 500ml", "túi 5kg", "bộ 6 chén").
const CONTAINERS: [&str; 18] = [
    "chai", "hu", "hop", "goi", "tui", "bao", "thung", "can", "lo", "binh", "lon", "vi", "xap", "cap", "set", "combo",
    "bo", "khay",
];
/// Words that carry no product meaning in a described query, with their diacritics (folded
/// they are product words too: "lam" is men lam, "cho" chợ, "co" cỏ).
const FUNCTION_WORDS: [&str; 26] = [
    "từ", "trên", "có", "và", "để", "làm", "cho", "của", "với", "các", "những", "được", "là", "ở", "tại", "mua", "cần",
    "tìm", "loại", "ngon", "thật", "rất", "nhất", "dùng", "hàng", "sẵn",
];

/// Words that praise a good rather than say what it is ("nguyên chất", "thượng hạng"): a
/// listing saying them ranks higher, one that does not is still what was asked for. With
/// their diacritics, as typed, or bare (none is a product word).
/// Who a gift is for ("người lớn tuổi", "bố mẹ", "sếp") and when or how a good is enjoyed
/// ("lai rai", "ăn kèm", "buổi sáng", "đãi khách") count the same way.
#[rustfmt::skip]
const PRAISE: [&str; 53] = [
    "nguyên chất", "thượng hạng", "cao cấp", "chính gốc", "chính hãng", "chất lượng", "hảo hạng", "hữu cơ",
    "tự nhiên", "thiên nhiên", "tươi ngon", "giá rẻ", "giá tốt", "uy tín", "an toàn", "chuẩn vị", "đúng vị",
    "chính hiệu", "loại một", "loại ngon", "hàng tuyển", "thơm ngon", "người lớn tuổi", "người cao tuổi", "người già",
    "bố mẹ", "ba mẹ", "cha mẹ", "ông bà", "sếp", "đối tác", "bạn bè", "người thân", "thầy cô", "đồng nghiệp", "trẻ em",
    "em bé", "gia đình", "lai rai", "nhâm nhi", "ăn kèm", "uống kèm", "trà chiều", "buổi sáng", "buổi chiều",
    "buổi tối", "hằng ngày", "hàng ngày", "mỗi ngày", "với bia", "nhậu", "đãi khách", "tiếp khách",
];

fn praise() -> &'static crate::kinds::Phrases<()> {
    static PHRASES: std::sync::OnceLock<crate::kinds::Phrases<()>> = std::sync::OnceLock::new();
    PHRASES.get_or_init(|| crate::kinds::Phrases::new(PRAISE.map(|p| ((), p))))
}

fn is_size(folded: &str) -> bool {
    let digits = folded.find(|c: char| !c.is_ascii_digit() && c != '.' && c != ',').unwrap_or(folded.len());
    digits > 0 && digits < folded.len() && UNITS.contains(&&folded[digits..])
}

fn is_number(folded: &str) -> bool {
    !folded.is_empty() && folded.chars().all(|c| c.is_ascii_digit())
}

/// Splits pack sizes, units and function words off the words of a query.
pub fn sizes_and_function_words(tokens: Vec<String>) -> (Vec<String>, Vec<String>) {
    let folded: Vec<String> = tokens.iter().map(|t| fold(t)).collect();
    let mut extra = vec![false; tokens.len()];
    for (i, word) in folded.iter().enumerate() {
        let next = folded.get(i + 1).map(String::as_str);
        if is_size(word) {
            extra[i] = true;
        } else if is_number(word) && next.is_some_and(|n| UNITS.contains(&n) || COUNTERS.contains(&n)) {
            extra[i] = true;
            extra[i + 1] = true;
        }
    }
    for (i, (word, token)) in folded.iter().zip(&tokens).enumerate() {
        let next = folded.get(i + 1).map(String::as_str);
        if CONTAINERS.contains(&word.as_str()) && next.is_some_and(|n| is_size(n) || is_number(n)) {
            extra[i] = true;
        }
        if FUNCTION_WORDS.contains(&token.as_str()) {
            extra[i] = true;
        }
        if let Some(((), n)) = praise().at(&tokens, &folded, i) {
            extra[i..i + n].fill(true);
        }
    }
    // What a good is not ("không pha đường", "không chất bảo quản") is seldom written in
    // its name: from "không" on, words only add to the score.
    if let Some(at) = tokens.iter().position(|t| t == "không").filter(|at| *at > 0) {
        extra[at..].fill(true);
    }
    let (mut words, mut rest) = (Vec::new(), Vec::new());
    for (token, is_extra) in tokens.into_iter().zip(extra) {
        if is_extra { rest.push(token) } else { words.push(token) }
    }
    (words, rest)
}

/// The query as the index reads it: everything [`parse`] (and so a search) makes of `q`
/// depends on this alone, so two queries alike here get the same answer.
pub fn normalized(q: &str) -> String {
    syllables(q).join(" ")
}

pub fn parse(q: &str) -> Parsed {
    let (kept, stars, dropped) = intents(syllables(q));
    let (words, places) = crate::places::extract(&kept);
    let (words, kinds) = crate::kinds::extract(&words);
    let (mut words, mut extra) = sizes_and_function_words(words);
    if words.is_empty() && kinds.is_empty() {
        // A size or a function word alone is what was asked for.
        words = std::mem::take(&mut extra);
    }
    if words.is_empty() && kinds.is_empty() && places.is_empty() && stars.is_none() {
        // "quà" alone is a word to look for, not an intent.
        words = dropped;
    } else {
        // A gift box ("Hộp quà …", "Set quà Tết …") is what "quà" asks for first.
        extra.extend(dropped.into_iter().filter(|w| matches!(fold(w).as_str(), "qua" | "tang" | "bieu")));
    }
    Parsed { words, stars, places, kinds, extra }
}

impl Parsed {
    /// The words a listing is asked to match: typed words and kinds asked for.
    pub fn word_count(&self) -> usize {
        self.words.len() + self.kinds.len()
    }
}

/// The stars a query asks for in words ("OCOP 4 sao").
pub fn stars_asked(q: &str) -> Option<u8> {
    parse(q).stars
}

/// A Telex/VNI reading of `word`, when it decodes to something with a vowel ("st25" is
/// a rice, not VNI).
pub(crate) fn decoded(word: &str) -> Option<String> {
    ocop_core::telex::decode(word).filter(|d| fold(d).chars().any(|c| "aeiouy".contains(c)))
}

/// Names with a word starting with `folded`: one term of the prefix field when the
/// prefix is short enough to be indexed there, else the term dictionary walked. Either way
/// every match scores `score`.
pub(crate) fn name_prefix(f: &Fields, folded: &str, score: f32) -> Box<dyn Query> {
    if folded.chars().count() <= crate::document::MAX_PREFIX_CHARS {
        Box::new(TermClause::new(Term::from_field_text(f.name_prefixes, folded), Scoring::Constant(score)))
    } else {
        Box::new(WalkClause::prefix(Term::from_field_text(f.name_folded, folded), score))
    }
}

type Clauses = Vec<Box<dyn Query>>;

/// One typed word against the name, meta and description fields (the description only in
/// short queries): any one clause matching means the word matched. Near spellings (the
/// usual slips, a letter off) come apart: [`words_query_with`] decides whether they match
/// the word or only add to the score.
fn word_query(f: &Fields, exact: &str, is_last: bool, with_description: bool, described: bool) -> (Clauses, Clauses) {
    let folded = fold(exact);
    // A shopper who typed the diacritics meant them: a folded-only match (mâm for mắm)
    // counts for less than when the word was typed bare.
    let folded_boost = if folded == exact { 2.0 } else { 1.2 };
    let in_name = TermClause::new(Term::from_field_text(f.name_folded, &folded), Scoring::Bm25 { boost: folded_boost });
    // A letter off: in a described query only adding to the score, else matching the word
    // too, read with the word itself ([`crate::near`]).
    let walk = (folded.chars().count() >= 4).then(|| WalkClause::near(in_name.term().clone(), 1, 2.5));
    let (in_name, walk): (Box<dyn Query>, _) = match walk {
        Some(walk) if !described => (Box::new(TermNear::new(in_name, walk)), None),
        walk => (Box::new(in_name), walk),
    };
    let mut one: Vec<(Occur, Box<dyn Query>)> =
        vec![term(f.name_exact, exact, 3.0), (Occur::Should, in_name), term(f.meta_folded, &folded, 1.0)];
    if with_description {
        one.push(term(f.desc_folded, &folded, 0.3));
    }
    // Typed with the input method off (Telex or VNI): the decoded word counts as well.
    if let Some(decoded) = decoded(exact) {
        let decoded_folded = fold(&decoded);
        one.push(term(f.name_exact, &decoded, 3.0));
        one.push(term(f.name_folded, &decoded_folded, 2.0));
        one.push(term(f.meta_folded, &decoded_folded, 1.0));
        if is_last {
            one.push((Occur::Should, name_prefix(f, &decoded_folded, 0.8)));
        }
    }
    // A slip of an initial or a final keeps the tone typed: with marks, the near spellings
    // are looked for as written.
    let (slips, slip_field) =
        if folded == exact { (confusions(&folded), f.name_folded) } else { (confusions(exact), f.name_exact) };
    let mut near: Clauses = slips.iter().map(|v| term(slip_field, v, 1.4).1).collect();
    near.extend(walk.map(|w| -> Box<dyn Query> { Box::new(w) }));
    // Two syllables typed as one ("nuocmam", "banhpia", "halong"): neighbours in a name.
    if folded.chars().count() >= 4 && !ocop_core::telex::is_syllable(&folded) {
        one.push(term(f.name_bigrams, &folded, 2.5));
    }
    if is_last {
        one.push((Occur::Should, name_prefix(f, &folded, 0.8)));
    }
    (one.into_iter().map(|(_, q)| q).collect(), near)
}

/// A kind asked for: listings of that kind, or saying what was typed in their name ("Trà
/// thảo mộc …") or in their shop's or group's name ("HTX Hải sản …").
fn kind_query(f: &Fields, kind: &crate::kinds::Asked) -> Clauses {
    let all = |terms: Vec<Term>| -> Box<dyn Query> {
        match <[Term; 1]>::try_from(terms) {
            Ok([one]) => term_on(one, 1.0),
            Err(terms) => {
                Box::new(BooleanQuery::new(terms.into_iter().map(|t| (Occur::Must, term_on(t, 1.0))).collect()))
            }
        }
    };
    let named: Vec<Term> = if kind.typed.len() == 1 {
        vec![Term::from_field_text(f.name_folded, &fold(&kind.typed[0]))]
    } else {
        crate::document::bigrams(&kind.typed).iter().map(|b| Term::from_field_text(f.name_bigrams, b)).collect()
    };
    let in_meta = kind.typed.iter().map(|w| Term::from_field_text(f.meta_folded, &fold(w))).collect();
    vec![term(f.kinds, kind.key, KIND_BOOST).1, all(named), all(in_meta)]
}

/// How much more a listing naming what a described query starts with weighs, loosened
/// ([`Required::Head`]), than one with half of its words.
const HEAD_BOOST: f32 = 2.0;

/// From this many words a query describes what is wanted, and a word found only by a near
/// spelling (a slip between initials or finals, a letter off) does not count as found; it
/// still adds to the score of what matches anyway ("rượu … cho nam giới" is not "Nước mắm
/// Nam Ô"). The most-words rule still lets one word of three go unmatched.
pub(crate) const DESCRIBED_WORDS: usize = 4;

/// What being of a kind asked for ("trái cây") weighs: a word found in the name. Scored
/// like a word (BM25), so a rarer kind counts for more, and a listing of one kind ranks
/// above one that is also of several others (measured on the development set's category
/// queries, kinds alone: 0.851 against 0.848 for a flat score).
const KIND_BOOST: f32 = 3.0;

/// What a place in a good's name ([`crate::origin`]) adds when that place was asked for:
/// less when what was asked is smaller than the province (a good from elsewhere in Lâm
/// Đồng is not a gift from Đà Lạt; one naming Đà Lạt scores through its name).
const ORIGIN_BOOST: f32 = 1.5;
const NARROW_ORIGIN_BOOST: f32 = 1.0;
/// A good named after a place, sold by a shop in the province asked for: a good from
/// elsewhere that a shop there resells still shows, behind the province's own.
const SOLD_THERE_NAMED: f32 = 0.25;
/// What a good the name says nothing of adds for being sold by a shop in the province
/// asked for, on top of [`SOLD_THERE_NAMED`]: a good of the shop's own, unless the good
/// is at home elsewhere ([`crate::home`]).
pub(crate) const SOLD_THERE_OWN: f32 = 1.0 - SOLD_THERE_NAMED;

/// Listings from any of the places named, or naming one: from the province (current
/// code), ranked higher when the seller wrote that very name or the listing's name says it.
fn places_query(f: &Fields, places: &[Place]) -> Box<dyn Query> {
    let mut any: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for place in places {
        for code in &place.provinces {
            let mut exact = |field, text: &str, score: f32| {
                let q = TermClause::new(Term::from_field_text(field, text), Scoring::Constant(score));
                any.push((Occur::Should, Box::new(q)));
            };
            // Sold by a shop there: its own good (no place in its name) counts fully, one
            // whose name says where it is from counts through that.
            exact(f.province, code, SOLD_THERE_NAMED);
            exact(f.origin, &crate::origin::sold_in(code), SOLD_THERE_OWN);
            // A good whose name says it is from there, whoever sells it.
            exact(f.origin, code, if place.narrow { NARROW_ORIGIN_BOOST } else { ORIGIN_BOOST });
        }
        let all_words = |field, boost: f32| -> (Occur, Box<dyn Query>) {
            let words: Vec<(Occur, Box<dyn Query>)> = place
                .words
                .iter()
                .map(|w| -> (Occur, Box<dyn Query>) {
                    let q = TermQuery::new(Term::from_field_text(field, &fold(w)), IndexRecordOption::WithFreqs);
                    (Occur::Must, Box::new(q))
                })
                .collect();
            (Occur::Should, Box::new(BoostQuery::new(Box::new(BooleanQuery::new(words)), boost)))
        };
        any.push(all_words(f.name_folded, 1.0));
        any.push(all_words(f.place_folded, 0.5));
    }
    Box::new(BooleanQuery::new(any))
}

/// [`places_query`] as a filter, known by the places it was built from.
pub(crate) fn places_filter(f: &Fields, places: &[Place]) -> Filter {
    Filter::scored(places_query(f, places), format!("{places:?}"))
}

/// The query; `loose` asks for any one of the words (for "did you mean" on no results).
///
/// # Errors
/// [`QueryError::TooLong`] for more than [`MAX_QUERY_CHARS`] characters.
pub fn build_with(f: &Fields, params: &SearchParams, loose: bool) -> Result<Box<dyn Query>, QueryError> {
    if params.q.chars().count() > MAX_QUERY_CHARS {
        return Err(QueryError::TooLong);
    }
    Ok(build_parsed(f, params, &parse(&params.q), loose))
}

/// How many of a query's words a listing must match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Required {
    /// Most of them: two of three, three of four…
    Most,
    /// Half of them, descriptions included: a long query that found nothing otherwise.
    Half,
    /// Any one ("did you mean" on no results).
    Any,
    /// The first this many words, which name what is wanted ("cà phê" in "cà phê pha phin
    /// đậm đà uống buổi sáng"), and any one of the others, descriptions included; or half
    /// of the words, ranked after.
    Head(usize),
}

/// The typed words of `parsed`, if any: most must match (any one when `loose`);
/// neighbours typed together and found together add to the score.
#[cfg(test)]
pub(crate) fn words_query(f: &Fields, parsed: &Parsed, loose: bool) -> Option<WordsQuery> {
    words_query_with(f, parsed, if loose { Required::Any } else { Required::Most })
}

/// The typed words of `parsed`, if any, `required` of them to match; neighbours typed
/// together and found together add to the score.
pub(crate) fn words_query_with(f: &Fields, parsed: &Parsed, required: Required) -> Option<WordsQuery> {
    let tokens = &parsed.words;
    let last = tokens.len().saturating_sub(1);
    // Three words or more say what is wanted without the descriptions, whose common words
    // ("nước", "liệu") would make most of the catalogue candidates (measured: no loss on
    // the relevance sets, a tenth of the matching work).
    let with_description = parsed.word_count() < 3 || matches!(required, Required::Half | Required::Head(_));
    let described = parsed.word_count() >= DESCRIBED_WORDS;
    let mut near: Clauses = Vec::new();
    let mut words: Vec<Vec<Box<dyn Query>>> = tokens
        .iter()
        .enumerate()
        .map(|(i, exact)| {
            let (mut clauses, mut spelt_near) = word_query(f, exact, i == last, with_description, described);
            if described {
                near.append(&mut spelt_near)
            } else {
                clauses.append(&mut spelt_near)
            }
            clauses
        })
        .collect();
    let mut bigrams: Vec<Box<dyn Query>> = Vec::new();
    // Words typed next to each other and found next to each other rank higher; the last
    // pair also as a prefix ("kẹo d" → kẹo dừa before kẹo cu đơ).
    let mut readings = vec![tokens.clone()];
    let decoded_tokens: Vec<String> = tokens.iter().map(|t| decoded(t).unwrap_or_else(|| t.clone())).collect();
    if decoded_tokens != *tokens {
        readings.push(decoded_tokens);
    }
    for reading in &readings {
        let pairs = crate::document::bigrams(reading);
        // Neighbours typed the other way round ("vàng hoa trà") still stand together in the
        // name: less than in order, more than apart.
        let reversed: Vec<String> = reading.iter().rev().cloned().collect();
        for pair in crate::document::bigrams(&reversed) {
            if !pairs.contains(&pair) {
                bigrams.push(term(f.name_bigrams, &pair, 1.0).1);
            }
        }
        for (i, pair) in pairs.iter().enumerate() {
            bigrams.push(term(f.name_bigrams, pair, 1.5).1);
            if i + 1 == pairs.len() {
                bigrams.push(Box::new(WalkClause::prefix(Term::from_field_text(f.name_bigrams, pair), 1.0)));
            }
        }
    }
    // One word typed in two ("st 25", "mac ca"): a name that has it whole has both. Not
    // when whole it is a syllable: "chả m" is chả and a word starting with m, not chạm.
    for (i, whole) in crate::document::bigrams(tokens).iter().enumerate() {
        if !ocop_core::telex::is_syllable(whole) {
            let whole = term(f.name_folded, whole, 2.5).1;
            words[i].push(whole.box_clone());
            words[i + 1].push(whole);
        }
    }
    // A kind asked for counts as one word, found in the listings of that kind.
    words.extend(parsed.kinds.iter().map(|kind| kind_query(f, kind)));
    if words.is_empty() {
        return None;
    }
    // Sizes and function words add to the score of a listing that has them.
    let mut optional = bigrams;
    optional.append(&mut near);
    for (i, word) in parsed.extra.iter().enumerate() {
        let folded = fold(word);
        optional.push(term(f.name_folded, &folded, 1.0).1);
        // "500 ml" typed apart is "500ml" in a name.
        if is_number(&folded)
            && let Some(unit) = parsed.extra.get(i + 1).map(|u| fold(u)).filter(|u| UNITS.contains(&u.as_str()))
        {
            optional.push(term(f.name_folded, &format!("{folded}{unit}"), 1.5).1);
        }
    }
    // Most of what was typed must match (two of three words, three of four…), so one
    // common word alone does not flood the results, yet one stray word does not empty them.
    let n = words.len();
    let required = match required {
        Required::Most => (n - n / 3).max(1),
        // Head: the half query, from which build_required derives the headed one.
        Required::Half | Required::Head(_) => n.div_ceil(2),
        Required::Any => 1,
    };
    Some(WordsQuery::new(words, optional, required))
}

/// The query for `params` whose text was already parsed into `parsed`.
pub fn build_parsed(f: &Fields, params: &SearchParams, parsed: &Parsed, loose: bool) -> Box<dyn Query> {
    build_required(f, params, parsed, if loose { Required::Any } else { Required::Most })
}

/// [`build_parsed`] with how many words must match.
pub fn build_required(f: &Fields, params: &SearchParams, parsed: &Parsed, required: Required) -> Box<dyn Query> {
    let filters = filters(f, params, parsed.stars, &parsed.places);
    // What the words' query does not score itself.
    let mut around: Vec<Box<dyn Query>> = price_range(f, params).into_iter().collect();
    let words: Box<dyn Query> = match (words_query_with(f, parsed, required), required) {
        // What names the good asked for and one more word, first; then what has half of the
        // words. Both pass the places asked for; the query around adds their score once.
        (Some(words), Required::Head(head)) => {
            around.extend(filters.iter().filter(|q| matches!(q, Filter::Scored(_))).map(Filter::query));
            let passed: Vec<Filter> = filters.iter().map(Filter::passed).collect();
            let first = BoostQuery::new(Box::new(words.headed(head).within(passed.clone())), HEAD_BOOST);
            Box::new(BooleanQuery::new(vec![
                (Occur::Should, Box::new(first)),
                (Occur::Should, Box::new(words.within(passed))),
            ]))
        }
        (Some(words), _) => Box::new(words.within(filters)),
        // A search by place, group or stars alone: every listing passing them.
        (None, _) if !filters.is_empty() => Box::new(WordsQuery::none().within(filters)),
        (None, _) if around.is_empty() => return Box::new(AllQuery),
        (None, _) => return Box::new(BooleanQuery::new(around.into_iter().map(|q| (Occur::Must, q)).collect())),
    };
    if around.is_empty() {
        return words;
    }
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, words)];
    clauses.extend(around.into_iter().map(|q| (Occur::Must, q)));
    Box::new(BooleanQuery::new(clauses))
}

/// What every match must pass besides its words: the places typed, the filters chosen, the
/// stars typed or chosen.
pub(crate) fn filters(f: &Fields, params: &SearchParams, asked_stars: Option<u8>, places: &[Place]) -> Vec<Filter> {
    let mut filters: Vec<Filter> = Vec::new();
    if !places.is_empty() {
        filters.push(places_filter(f, places));
    }
    let mut filter = |field, value: &Option<String>| {
        if let Some(v) = value.as_deref().filter(|v| !v.is_empty()) {
            filters.push(Filter::term(field, v));
        }
    };
    filter(f.category, &params.category);
    filter(f.province, &params.province);
    filter(f.shop, &params.shop);
    if let Some(stars) = params.min_stars.or(asked_stars) {
        filters.push(Filter::Stars(crate::stars::AtLeastStars::new(f.stars, stars)));
    }
    filters
}

/// The price range chosen, if any. It scans its column: asked of the words' matches, never
/// of every listing.
pub(crate) fn price_range(f: &Fields, params: &SearchParams) -> Option<Box<dyn Query>> {
    if params.min_price.is_none() && params.max_price.is_none() {
        return None;
    }
    let bound = |v: Option<i64>| {
        v.map_or(std::ops::Bound::Unbounded, |p| std::ops::Bound::Included(Term::from_field_i64(f.price, p)))
    };
    Some(Box::new(RangeQuery::new(bound(params.min_price), bound(params.max_price))))
}

#[cfg(test)]
mod tests {
    use super::{confusions, intents, syllables};

    /// The prefix field finds exactly what walking the dictionary of folded name words
    /// finds, for every prefix of every word in the development catalogue.
    #[test]
    fn the_prefix_field_matches_what_a_prefix_walk_of_the_name_words_matches() {
        #![expect(clippy::unwrap_used, reason = "tests fail loudly")]
        use std::collections::BTreeSet;

        use tantivy::collector::DocSetCollector;
        use tantivy::query::FuzzyTermQuery;

        let (catalogue, _) = crate::eval::dev_set().unwrap();
        let index = crate::eval::index_catalogue(&catalogue).unwrap();
        let searcher = index.searcher();
        let f = crate::document::schema().1;
        let mut prefixes = BTreeSet::new();
        for l in &catalogue.listings {
            // Worked out here apart from the indexing code, so a slip there shows.
            for word in ocop_core::text::fold(&l.name).to_lowercase().split(|c: char| !c.is_alphanumeric()) {
                let chars: Vec<char> = word.chars().collect();
                prefixes.extend((1..=chars.len()).map(|n| chars[..n].iter().collect::<String>()));
            }
        }
        assert!(prefixes.len() > 300, "{}", prefixes.len());
        for p in prefixes.iter().chain(&["zzz".to_owned(), "nuocmam".to_owned()]) {
            let walk = FuzzyTermQuery::new_prefix(tantivy::Term::from_field_text(f.name_folded, p), 0, true);
            let expected = searcher.search(&walk, &DocSetCollector).unwrap();
            let found = searcher.search(super::name_prefix(&f, p, 1.0).as_ref(), &DocSetCollector).unwrap();
            assert_eq!(found, expected, "{p}");
        }
    }

    /// The development set's first listing renamed `name`, sold by a shop in `province`,
    /// without a description, sales or rating to tip the order.
    #[expect(clippy::unwrap_used, reason = "tests fail loudly")]
    fn listing(id: i64, name: &str, province: &str) -> crate::document::Listing {
        let (catalogue, _) = crate::eval::dev_set().unwrap();
        crate::document::Listing {
            id,
            slug: format!("l-{id}"),
            sku: format!("S-{id}"),
            name: name.to_owned(),
            description: String::new(),
            province_code: province.to_owned(),
            province_input: String::new(),
            sales: 0,
            rating: 0,
            ..catalogue.listings[0].clone()
        }
    }

    #[expect(clippy::unwrap_used, reason = "tests fail loudly")]
    fn index_of(listings: &[crate::document::Listing]) -> crate::SearchIndex {
        let index = crate::SearchIndex::in_memory().unwrap();
        index.replace_all(listings).unwrap();
        index
    }

    /// What the first page of `q` shows, in order.
    #[expect(clippy::unwrap_used, reason = "tests fail loudly")]
    fn slugs(index: &crate::SearchIndex, q: &str) -> Vec<String> {
        let params = crate::SearchParams { q: q.into(), page: 1, per_page: 10, ..Default::default() };
        index.search(&params).unwrap().hits.into_iter().map(|h| h.slug).collect()
    }

    /// A long query whose full matches do not fill the page goes on with listings matching
    /// half its words, after every full match and said to be partial from there; a page
    /// further on holds only the partial ones; two words never fill with one.
    #[test]
    #[expect(clippy::unwrap_used, reason = "tests fail loudly")]
    fn few_full_matches_of_a_long_query_are_followed_by_partial_ones() {
        let index = index_of(&[
            listing(1, "Mật ong rừng nguyên sáp U Minh", "ha-noi"),
            listing(2, "Mật ong rừng", "ha-noi"),
            listing(3, "Nấm rừng sấy", "ha-noi"),
            listing(4, "Mật ong rừng tràm", "ha-noi"),
        ]);
        let search = |q: &str, page: usize, per_page: usize| {
            index.search(&crate::SearchParams { q: q.into(), page, per_page, ..Default::default() }).unwrap()
        };
        let slugs = |r: &crate::Results| r.hits.iter().map(|h| h.slug.clone()).collect::<Vec<_>>();
        // Four of five words: only the first; half of them: two more; "rừng" alone: not.
        let all = search("mật ong rừng nguyên sáp", 1, 10);
        assert_eq!((all.hits.len(), all.total, all.partial_from, all.partial), (3, 3, Some(1), false));
        assert_eq!(slugs(&all)[0], "l-1");
        assert!(!slugs(&all).contains(&"l-3".to_owned()));
        // Pages of two: the full match and one partial, then the other partial alone.
        let (one, two) = (search("mật ong rừng nguyên sáp", 1, 2), search("mật ong rừng nguyên sáp", 2, 2));
        assert_eq!((one.partial_from, two.partial_from, two.total), (Some(1), Some(0), 3));
        assert_eq!([slugs(&one), slugs(&two)].concat(), slugs(&all));
        // A page the full matches fill is left as it is.
        assert_eq!(search("mật ong rừng nguyên sáp", 1, 1).partial_from, None);
        // Two words are not filled with listings matching one of them.
        let pair = search("ong rừng", 1, 10);
        assert_eq!((pair.total, pair.partial_from), (3, None));
    }

    /// A search that finds fewer goods than a page goes on, after all of them, with their
    /// kin: the same good from elsewhere first, then goods sharing its first syllable if
    /// they are food like it; never a look-alike ("mâm" for "mắm") nor another trade's good
    /// ("cà vạt" for "cà phê"). Kin fill the first page only and are not counted.
    #[test]
    #[expect(clippy::unwrap_used, reason = "tests fail loudly")]
    fn few_matches_are_followed_by_their_kin() {
        let of = |id, name: &str, group: &str| crate::document::Listing {
            category: group.to_owned(),
            subcategory: None,
            ..listing(id, name, "ha-noi")
        };
        let index = index_of(&[
            of(1, "Nước mắm Phú Quốc 40 độ đạm", "thuc-pham"),
            of(2, "Hộp quà Nước mắm Cái Rồng", "thuc-pham"),
            of(3, "Nước cốt dừa", "thuc-pham"),
            of(4, "Nước ép táo mèo", "do-uong"),
            of(5, "Mâm đồng chạm khắc", "luu-niem-noi-that-trang-tri"),
            of(6, "Cà phê Arabica Cầu Đất", "do-uong"),
            of(7, "Cà phê Robusta", "do-uong"),
            of(8, "Cà vạt lụa tơ tằm", "vai-may-mac"),
            of(9, "Mắm tôm Hậu Lộc", "thuc-pham"),
            of(10, "Mắm ruốc Huế", "thuc-pham"),
        ]);
        let search = |q: &str, page: usize, per_page: usize| {
            index.search(&crate::SearchParams { q: q.into(), page, per_page, ..Default::default() }).unwrap()
        };
        let slugs = |r: &crate::Results| r.hits.iter().map(|h| h.slug.clone()).collect::<Vec<_>>();
        let sauce = search("nước mắm Phú Quốc", 1, 10);
        assert_eq!(slugs(&sauce)[..2], ["l-1", "l-2"], "{:?}", slugs(&sauce));
        let mut rest = slugs(&sauce)[2..].to_vec();
        rest.sort();
        assert_eq!(rest, ["l-3", "l-4"]);
        assert_eq!((sauce.total, sauce.partial_from, sauce.kin_from, sauce.partial), (1, Some(1), Some(1), false));
        // Only as many as fill the first page; no page after it.
        let two = search("nước mắm Phú Quốc", 1, 2);
        assert_eq!((slugs(&two), two.kin_from), (vec!["l-1".to_owned(), "l-2".to_owned()], Some(1)));
        assert!(search("nước mắm Phú Quốc", 2, 2).hits.is_empty());
        assert_eq!(search("nước mắm Phú Quốc", 1, 1).kin_from, None);
        assert_eq!(slugs(&search("mắm tôm", 1, 10)), ["l-9", "l-10"]);
        // Both coffees match; no tie of another trade follows them.
        let coffee = search("cà phê arabica", 1, 10);
        assert_eq!((slugs(&coffee), coffee.partial_from), (vec!["l-6".to_owned(), "l-7".to_owned()], None));
        // A filter chosen holds for the kin too.
        let drinks = crate::SearchParams {
            q: "nước mắm Phú Quốc".into(),
            category: Some("do-uong".into()),
            per_page: 10,
            ..Default::default()
        };
        assert_eq!(index.search(&drinks).unwrap().total, 0);
    }

    /// Two words standing together in a name, typed the other way round, rank that name
    /// above one where they stand apart.
    #[test]
    fn neighbours_typed_in_another_order_rank_above_words_apart() {
        let index = index_of(&[
            listing(1, "Hoa cúc vàng sấy", "ha-noi"),
            listing(2, "Trà hoa vàng rừng Ba Chẽ loại một", "ha-noi"),
        ]);
        assert_eq!(slugs(&index, "vàng hoa"), ["l-2", "l-1"]);
    }

    /// A good whose name says where it is from ranks first for that place, whichever shop
    /// sells it; a shop there reselling a good from elsewhere still counts, behind it.
    #[test]
    fn a_place_asked_for_finds_goods_named_after_places_in_it() {
        let index = index_of(&[
            listing(1, "Nước mắm Phú Quốc", "tuyen-quang"),
            listing(2, "Mật ong bạc hà Mèo Vạc", "ha-noi"),
            listing(3, "Mật ong rừng", "ha-noi"),
            listing(4, "Chè Shan tuyết cổ thụ Hà Giang", "tuyen-quang"),
        ]);
        let search = |q: &str| slugs(&index, q);
        assert_eq!(search("đặc sản Tuyên Quang"), ["l-4", "l-2", "l-1"]);
        let found = search("đặc sản Hà Giang");
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!(found[0], "l-4", "named after the very place asked for");
        assert_eq!(found.last().map(String::as_str), Some("l-1"), "only sold there: {found:?}");
        // Its kin from elsewhere follow the one good from there.
        assert_eq!(search("mật ong Tuyên Quang"), ["l-2", "l-3"]);
    }

    /// A good whose name says nothing of where it is from, resold by a shop in the place
    /// asked for while most of its listings come from elsewhere, follows that place's own
    /// goods; a good only that place's shops sell stays with them.
    #[test]
    fn a_good_at_home_elsewhere_ranks_after_the_places_own() {
        let index = index_of(&[
            listing(1, "Chè Shan tuyết hộp 100g", "ha-noi"),
            listing(2, "Chè Shan tuyết Hà Giang gói 200g", "tuyen-quang"),
            listing(3, "Chè Shan tuyết hộp 100g", "tuyen-quang"),
            listing(4, "Chè Shan tuyết túi 500g", "tuyen-quang"),
            listing(5, "Bánh cốm nhân đậu xanh", "ha-noi"),
            listing(6, "Bánh cốm nhân đậu xanh hộp 6 cái", "ha-noi"),
        ]);
        let found = slugs(&index, "đặc sản Hà Nội");
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!(found.last().map(String::as_str), Some("l-1"), "{found:?}");
        // Where the good is at home, the shop's unnamed listings count as its own.
        assert!(slugs(&index, "đặc sản Tuyên Quang").starts_with(&["l-2".to_owned()]));
        let tea = slugs(&index, "chè Tuyên Quang");
        assert_eq!(tea.len(), 4, "{tea:?}");
        assert_eq!(tea[3], "l-1", "the same good from elsewhere comes last: {tea:?}");
    }

    /// In a query of four words or more, a word found only by a near spelling ("trang" for
    /// Trần) does not count as found; in a short one it does.
    #[test]
    fn a_described_query_does_not_count_near_spellings_as_found_words() {
        let index = index_of(&[
            listing(1, "Tranh sơn mài trang hoàng phòng khách", "ha-noi"),
            listing(2, "Tour nhà Trần phòng nghỉ khách lẻ", "ha-noi"),
        ]);
        let search = |q: &str| slugs(&index, q);
        // The tour matches two words of four: it follows as a partial match, not a full one.
        // ("trang trí" would be one word: a kind of good, crate::kinds.)
        let params = crate::SearchParams { q: "trang hoàng phòng khách".into(), per_page: 10, ..Default::default() };
        let described = index.search(&params).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(described.partial_from, Some(1));
        assert_eq!(search("trang hoàng phòng khách"), ["l-1", "l-2"]);
        assert_eq!(search("trang khách"), ["l-1", "l-2"], "two words: a slip still finds");
    }

    #[test]
    fn sizes_units_and_function_words_only_add_to_the_score() {
        let parsed = super::parse("mật ong bạc hà Hà Giang chai 500 ml");
        assert_eq!(parsed.words, syllables("mật ong bạc hà"));
        assert_eq!(parsed.extra, syllables("chai 500 ml"));
        let parsed = super::parse("gạo ST25 túi 5kg");
        assert_eq!((parsed.words, parsed.extra), (syllables("gạo st25"), syllables("túi 5kg")));
        let parsed = super::parse("kẹo làm từ nước cốt dừa");
        assert_eq!((parsed.words, parsed.extra), (syllables("kẹo nước cốt dừa"), syllables("làm từ")));
        // Without a size after them, containers are name words ("trà túi lọc"), and so is
        // a function word typed bare ("men lam").
        assert_eq!(super::parse("trà túi lọc").words, syllables("trà túi lọc"));
        assert_eq!(super::parse("bình gốm men lam").words, syllables("bình gốm men lam"));
        assert_eq!(super::parse("500ml").words, syllables("500ml"), "alone it is what was asked");
        assert_eq!(super::parse("gạo st 25").words, syllables("gạo st 25"));
    }

    #[test]
    fn common_spelling_slips_are_tried() {
        assert!(confusions("soi").contains(&"xoi".to_owned()));
        assert!(confusions("cha").contains(&"tra".to_owned()));
        assert!(confusions("dau").contains(&"giau".to_owned()));
        assert!(confusions("lam").contains(&"nam".to_owned()));
        assert!(confusions("ban").contains(&"bang".to_owned()));
        assert!(confusions("bang").contains(&"ban".to_owned()));
        assert!(confusions("mat").contains(&"mac".to_owned()));
        assert!(confusions("x").is_empty());
        assert_eq!(confusions("trà"), ["chà"], "marks are kept");
        assert!(confusions("sôi").contains(&"xôi".to_owned()) && confusions("trần").contains(&"trầng".to_owned()));
    }

    #[test]
    fn star_words_become_a_filter_and_catalogue_words_drop_out() {
        let (words, stars, _) = intents(syllables("OCOP 4 sao trà"));
        assert_eq!((words, stars), (vec!["trà".to_owned()], Some(4)));
        let (words, stars, dropped) = intents(syllables("đặc sản Quảng Ninh"));
        assert_eq!((words, stars), (vec!["quảng".to_owned(), "ninh".to_owned()], None));
        assert_eq!(dropped, vec!["đặc".to_owned(), "sản".to_owned()]);
        let parsed = super::parse("quà Hạ Long");
        assert!(parsed.words.is_empty());
        assert_eq!(parsed.places[0].provinces, vec!["quang-ninh"]);
        assert_eq!(super::parse("quà").words, vec!["quà".to_owned()], "alone it is a word");
        // Beside other words it still favours gift boxes.
        assert_eq!(super::parse("quà tặng Hạ Long").extra, syllables("quà tặng"));
        assert!(super::parse("OCOP đặc sản chè").extra.is_empty());
    }

    /// "quà" beside a good asks for its gift box first, and leaves nothing out. (Beside a
    /// place alone it is not used: measured worse on both sets' place queries.)
    #[test]
    fn a_gift_asked_for_ranks_gift_boxes_first() {
        let index = index_of(&[
            listing(1, "Chả mực Hạ Long 500g", "quang-ninh"),
            listing(2, "Hộp quà chả mực Hạ Long", "quang-ninh"),
        ]);
        assert_eq!(slugs(&index, "chả mực quà tặng"), ["l-2", "l-1"]);
        assert_eq!(slugs(&index, "quà chả mực"), ["l-2", "l-1"]);
        assert_eq!(slugs(&index, "chả mực"), ["l-1", "l-2"], "without it, the plain good first");
    }

    /// Praise, who a gift is for and what a good is not only add to the score.
    #[test]
    fn praise_recipients_and_negations_only_add_to_the_score() {
        let parsed = super::parse("mật ong rừng nguyên chất không pha đường");
        assert_eq!((parsed.words, parsed.extra), (syllables("mật ong rừng"), syllables("nguyên chất không pha đường")));
        let parsed = super::parse("trà biếu người lớn tuổi loại thượng hạng");
        assert_eq!(parsed.words, syllables("trà"));
        assert_eq!(super::parse("không").words, syllables("không"), "alone it is what was asked");
        let parsed = super::parse("bánh ăn kèm trà chiều");
        assert_eq!((parsed.words, parsed.extra), (syllables("bánh"), syllables("ăn kèm trà chiều")));
    }

    /// A described query that few listings match goes on with what names the good it starts
    /// with, before what only shares half of its words.
    #[test]
    fn a_described_query_goes_on_with_what_it_names_first() {
        let described = |id, name: &str, description: &str| crate::document::Listing {
            description: description.to_owned(),
            ..listing(id, name, "dak-lak")
        };
        let index = index_of(&[
            described(1, "Cà phê phin giấy", "Pha nhanh mỗi sáng."),
            described(2, "Nước mắm cá cơm", "Đậm đà, pha nước chấm cho bữa sáng, buổi trưa."),
            described(3, "Cà phê hạt rang mộc", "Hạt rang mộc."),
        ]);
        // Nothing has most of the eight words; the coffees have "cà phê" and one more (three
        // words of eight, under half), the fish sauce half of them.
        let found = slugs(&index, "cà phê rang xay đậm đà bữa sáng");
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!(found[2], "l-2", "{found:?}");
    }

    /// Two syllables typed as one, or one word typed in two, still find the name.
    #[test]
    fn words_typed_together_or_apart_are_found() {
        let index = index_of(&[
            listing(1, "Nước mắm Cái Rồng", "quang-ninh"),
            listing(2, "Gạo ST25 Sóc Trăng", "soc-trang"),
            listing(3, "Mâm đồng chạm hoa văn", "bac-ninh"),
            listing(4, "Chả mực Hạ Long", "quang-ninh"),
        ]);
        assert_eq!(slugs(&index, "nuocmam"), ["l-1"]);
        assert_eq!(slugs(&index, "gao st 25"), ["l-2"]);
        // Whole, "cham" is a syllable: "chả m" is chả and a word starting with m.
        assert_eq!(slugs(&index, "chả m"), ["l-4"]);
    }

    #[test]
    fn syllables_are_nfc_lower_case_and_drop_marks_and_controls() {
        assert_eq!(syllables("Nước MẮM  Cái-Rồng\u{7}"), vec!["nước", "mắm", "cái", "rồng"]);
        assert_eq!(syllables("mie\u{302}\u{301}n dong"), vec!["miến", "dong"]);
        assert_eq!(syllables("\u{301}\u{301} ?!"), Vec::<String>::new());
        assert_eq!(syllables("Trà Hòa Bình"), vec!["trà", "hoà", "bình"]);
    }
}
