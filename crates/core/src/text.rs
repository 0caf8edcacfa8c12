//! Vietnamese text: stored NFC; folded (no diacritics, đ→d, lower case) for slugs and
//! matching.

use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};

/// Unicode NFC, the form every stored string takes (input may arrive decomposed).
pub fn nfc(s: &str) -> String {
    // Most text is NFC already; the quick check spares the recomposition.
    if unicode_normalization::is_nfc_quick(s.chars()) == unicode_normalization::IsNormalized::Yes {
        return s.to_owned();
    }
    s.nfc().collect()
}

/// Lower case without diacritics; `đ`/`Đ` become `d`, which NFD alone does not do.
pub fn fold(s: &str) -> String {
    // Search folds every listing and every query: ASCII and the Latin letters Vietnamese
    // uses go through a table, anything else through the general path below. Per character
    // is the same as per string here: NFD only reorders combining marks, which are dropped.
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        match latin_fold(c) {
            Some(LatinFold::Letter(b)) => out.push(char::from(b)),
            Some(LatinFold::Mark) => {}
            None => return fold_general(s),
        }
    }
    out
}

fn fold_general(s: &str) -> String {
    strip_marks(s).chars().flat_map(char::to_lowercase).collect()
}

/// Diacritics removed and `đ`/`Đ` made `d`/`D`, the case kept: "Đơn hàng" → "Don hang".
/// [`fold`] is this in lower case; [`fold_ascii`] and the VietQR purpose build on it.
pub fn strip_marks(s: &str) -> String {
    s.nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            _ => c,
        })
        .collect()
}

/// [`strip_marks`], then anything outside printable ASCII made a space: what banks and
/// payment gateways accept in a name or a transfer's content.
pub fn fold_ascii(s: &str) -> String {
    strip_marks(s).chars().map(|c| if c.is_ascii_graphic() { c } else { ' ' }).collect()
}

/// What [`fold`] makes of one Latin letter or combining mark.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum LatinFold {
    /// An ASCII letter (lower case).
    Letter(u8),
    /// A combining mark: dropped.
    Mark,
}

/// Latin-1 Supplement to Latin Extended-B, the combining diacritics, and Latin Extended
/// Additional (ạ…ỹ): every Vietnamese letter.
const LATIN_RANGES: [(u32, u32); 3] = [(0x00C0, 0x024F), (0x0300, 0x036F), (0x1E00, 0x1EFF)];

fn latin_fold(c: char) -> Option<LatinFold> {
    // 0: not in the table (the general path decides), 1: a mark, else the ASCII letter.
    static TABLE: std::sync::LazyLock<Vec<u8>> = std::sync::LazyLock::new(|| {
        let mut table = Vec::new();
        for (lo, hi) in LATIN_RANGES {
            table.extend((lo..=hi).map(|u| char::from_u32(u).map_or(0, latin_fold_slow)));
        }
        table
    });
    let u = u32::from(c);
    let mut offset = 0;
    for (lo, hi) in LATIN_RANGES {
        if (lo..=hi).contains(&u) {
            let i = usize::try_from(offset + u - lo).ok()?;
            return match TABLE.get(i).copied()? {
                0 => None,
                1 => Some(LatinFold::Mark),
                b => Some(LatinFold::Letter(b)),
            };
        }
        offset += hi - lo + 1;
    }
    None
}

/// The table entry for `c`: kept only when `c` decomposes into marks and at most one
/// ASCII letter (or is đ/Đ), so the table can never disagree with [`fold_general`].
fn latin_fold_slow(c: char) -> u8 {
    let mut parts = Vec::new();
    unicode_normalization::char::decompose_canonical(c, |d| parts.push(d));
    if !parts.iter().all(|d| d.is_ascii() || is_combining_mark(*d) || matches!(d, 'đ' | 'Đ')) {
        return 0;
    }
    match fold_general(&c.to_string()).as_bytes() {
        [] => 1,
        [b] if b.is_ascii_lowercase() => *b,
        _ => 0,
    }
}

/// A URL slug: folded, ASCII letters and digits joined by single hyphens.
/// "Mật ong rừng Ba Chẽ" → `mat-ong-rung-ba-che`.
pub fn slugify(s: &str) -> String {
    let mut slug = String::with_capacity(s.len());
    for c in fold(s).chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

/// The slug a new name starts from: [`slugify`] cut to `max_chars`, or `fallback` when
/// the name has no letters or digits.
pub fn slug_base(name: &str, fallback: &str, max_chars: usize) -> String {
    let s = slugify(name);
    if s.is_empty() { fallback.to_owned() } else { s.chars().take(max_chars).collect() }
}

/// `base` if free, else the first free of `base-2`, `base-3`, ….
pub fn first_free_slug(base: String, is_free: impl Fn(&str) -> bool) -> String {
    if is_free(&base) {
        return base;
    }
    (2..).map(|n| format!("{base}-{n}")).find(|s| is_free(s)).unwrap_or(base)
}

/// Trimmed NFC with runs of white space collapsed and control characters removed: what a
/// name typed into a form should be stored as.
pub fn clean_line(s: &str) -> String {
    let normalized = nfc(s);
    let mut out = String::with_capacity(normalized.len());
    for word in normalized.split(|c: char| c.is_whitespace() || c.is_control()) {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Trimmed NFC with control characters dropped but line breaks kept (at most two in a row):
/// what a paragraph typed into a form (a review, a message) should be stored as.
pub fn clean_block(raw: &str) -> String {
    let normalized = nfc(raw.trim()).replace("\r\n", "\n");
    let mut out = String::with_capacity(normalized.len());
    let mut breaks = 0;
    for c in normalized.chars() {
        if c == '\n' {
            breaks += 1;
            if breaks <= 2 {
                out.push(c);
            }
        } else if !c.is_control() {
            breaks = 0;
            out.push(c);
        }
    }
    out
}

/// One tone placement for the open syllables written two ways, "oa", "oe", "uy" without a
/// final consonant: the tone goes on the second vowel (hòa → hoà, khỏe → khoẻ, thúy → thuý),
/// as the 2018 rules and most keyboards do. Other words are unchanged.
pub fn normalize_tone_placement(word: &str) -> String {
    // Only a word ending in a plain a, e or y can have its tone moved (see below).
    if !word.ends_with(['a', 'e', 'y', 'A', 'E', 'Y']) {
        return nfc(word);
    }
    let decomposed: Vec<char> = word.nfd().collect();
    let is_tone = |c: char| TONES.contains(&c);
    // Find [o|u] + tone + [a|e|y] at the end of the word (ignoring other marks after the vowel).
    let n = decomposed.len();
    if n >= 3 {
        for i in 0..n - 2 {
            let (first, tone, second) =
                (decomposed[i].to_ascii_lowercase(), decomposed[i + 1], decomposed[i + 2].to_ascii_lowercase());
            let pair = matches!((first, second), ('o', 'a') | ('o', 'e') | ('u', 'y'));
            // "qu" + y is the consonant qu, not the vowel pair uy.
            let after_q = i > 0 && decomposed[i - 1].eq_ignore_ascii_case(&'q');
            if pair && is_tone(tone) && i + 3 == n && !after_q {
                let mut out: Vec<char> = decomposed.clone();
                out.remove(i + 1);
                out.push(tone);
                return out.into_iter().collect::<String>().nfc().collect();
            }
        }
    }
    nfc(word)
}

/// The Vietnamese alphabet in dictionary order; other characters sort after it.
const ALPHABET: [char; 29] = [
    'a', 'ă', 'â', 'b', 'c', 'd', 'đ', 'e', 'ê', 'g', 'h', 'i', 'k', 'l', 'm', 'n', 'o', 'ô', 'ơ', 'p', 'q', 'r', 's',
    't', 'u', 'ư', 'v', 'x', 'y',
];
/// Tone marks in dictionary order: none, huyền, hỏi, ngã, sắc, nặng.
const TONES: [char; 5] = ['\u{300}', '\u{309}', '\u{303}', '\u{301}', '\u{323}'];

/// Two lower-case ASCII letters per rank, starting at "ba" so that "aa" can separate the
/// letters from the tones and sort below every letter.
fn rank_token(rank: usize, out: &mut String) {
    let rank = u8::try_from(rank.min(25 * 26 - 1)).unwrap_or(u8::MAX) as usize;
    out.push(char::from(b'b' + u8::try_from(rank / 26).unwrap_or(0)));
    out.push(char::from(b'a' + u8::try_from(rank % 26).unwrap_or(0)));
}

/// A sort key that orders Vietnamese names as a dictionary does (a ă â b c d đ e ê …,
/// letters first, then tones), compared bytewise. Lower-case ASCII only, so a database
/// orders it the same under any collation.
pub fn vn_sort_key(s: &str) -> String {
    let mut letters = String::new();
    let mut tones = String::new();
    for word in nfc(s).to_lowercase().split_whitespace() {
        for c in word.chars() {
            // Split a precomposed letter into its base (with its vowel mark) and its tone.
            let decomposed: Vec<char> = c.nfd().collect();
            let tone = decomposed.iter().find_map(|m| TONES.iter().position(|t| t == m));
            let base: String = decomposed.iter().filter(|m| !TONES.contains(m)).collect::<String>().nfc().collect();
            let base = base.chars().next().unwrap_or(c);
            if !base.is_alphanumeric() {
                continue;
            }
            let rank = ALPHABET.iter().position(|a| *a == base).map_or_else(
                || if base.is_ascii_digit() { 40 + (base as usize - '0' as usize) } else { 60 + (base as usize % 500) },
                |i| i + 1,
            );
            rank_token(rank, &mut letters);
            rank_token(tone.map_or(0, |t| t + 1), &mut tones);
        }
        // A word boundary sorts before any letter: "an ba" < "anh".
        letters.push_str("ba");
    }
    letters.push_str("aa");
    letters.push_str(&tones);
    letters
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_fold_with_and_without_the_case() {
        assert_eq!(strip_marks("Đơn hàng Ủng hộ"), "Don hang Ung ho");
        assert_eq!(fold_ascii("Đặc sản\tBa Chẽ – 5★"), "Dac san Ba Che   5 ");
        for s in ["Mật ong rừng Ba Chẽ", "ĐẶC SẢN", "İstanbul", "x\u{301}y"] {
            assert_eq!(fold(s), strip_marks(s).to_lowercase(), "{s}");
        }
    }

    #[test]
    fn slugs_fold_vietnamese() {
        assert_eq!(slugify("Mật ong rừng Ba Chẽ"), "mat-ong-rung-ba-che");
        assert_eq!(slugify("  Đặc sản -- Quảng Ninh!  "), "dac-san-quang-ninh");
        assert_eq!(slugify("Chả mực Hạ Long 500g"), "cha-muc-ha-long-500g");
    }

    #[test]
    fn slugs_take_the_first_free_number() {
        assert_eq!(slug_base("!!!", "san-pham", 10), "san-pham");
        assert_eq!(slug_base("Mật ong rừng Ba Chẽ", "x", 8), "mat-ong-");
        let taken = ["tra", "tra-2"];
        assert_eq!(first_free_slug("tra".into(), |s| !taken.contains(&s)), "tra-3");
        assert_eq!(first_free_slug("che".into(), |s| !taken.contains(&s)), "che");
    }

    #[test]
    fn the_fast_fold_agrees_with_the_general_one_on_every_character() {
        for c in (0..=0x10FFFF_u32).filter_map(char::from_u32) {
            let one = c.to_string();
            assert_eq!(fold(&one), fold_general(&one), "U+{:04X}", u32::from(c));
            let mixed = format!("Ả{c}\u{301}b{c}");
            assert_eq!(fold(&mixed), fold_general(&mixed), "U+{:04X} in a word", u32::from(c));
        }
        // normalize_tone_placement skips words not ending in a plain a/e/y: no other
        // character decomposes to end in one.
        for c in (0..=0x10FFFF_u32).filter_map(char::from_u32) {
            let ends = c.to_string().nfd().last().is_some_and(|d| "aeyAEY".contains(d));
            assert_eq!(ends, "aeyAEY".contains(c), "U+{:04X}", u32::from(c));
        }
        for s in ["Mật ong rừng Ba Chẽ", "ĐẶC SẢN", "Mie\u{0302}\u{0301}n", "İstanbul ǅ ﬁ Ω", "trà\u{0323}"]
        {
            assert_eq!(fold(s), fold_general(s), "{s}");
        }
    }

    #[test]
    fn nfd_input_becomes_nfc() {
        let decomposed = "Mie\u{0302}\u{0301}n dong";
        assert_eq!(nfc(decomposed), "Miến dong");
        assert_eq!(fold(decomposed), "mien dong");
    }

    #[test]
    fn tone_placement_is_made_consistent() {
        assert_eq!(normalize_tone_placement("hòa"), "hoà");
        assert_eq!(normalize_tone_placement("Hòa"), "Hoà");
        assert_eq!(normalize_tone_placement("khỏe"), "khoẻ");
        assert_eq!(normalize_tone_placement("thúy"), "thuý");
        assert_eq!(normalize_tone_placement("hoà"), "hoà");
        assert_eq!(normalize_tone_placement("hoàn"), "hoàn", "a final consonant keeps it");
        assert_eq!(normalize_tone_placement("quý"), "quý");
        assert_eq!(normalize_tone_placement("của"), "của");
    }

    #[test]
    fn vietnamese_dictionary_order() {
        let mut words = vec![
            "đường",
            "ăn",
            "bánh",
            "an",
            "dừa",
            "ân",
            "Ấm",
            "ê",
            "em",
            "mắm",
            "mâm",
            "mầm",
            "ma",
            "anh",
            "an bình",
        ];
        words.sort_by_key(|w| vn_sort_key(w));
        assert_eq!(
            words,
            vec![
                "an",
                "an bình",
                "anh",
                "ăn",
                "Ấm",
                "ân",
                "bánh",
                "dừa",
                "đường",
                "em",
                "ê",
                "ma",
                "mắm",
                "mâm",
                "mầm"
            ]
        );
        assert!(vn_sort_key("mắm").bytes().all(|b| b.is_ascii_lowercase()));
    }

    #[test]
    fn clean_line_collapses_space_and_drops_controls() {
        assert_eq!(clean_line("  Nguyễn \t Văn\u{0007}  An \n"), "Nguyễn Văn An");
    }
}
