//! The words of a name that matched the query, as byte ranges of the name; the gateway
//! draws them (`<mark>`, the rest escaped).

use ocop_core::text::fold;

use crate::query::{Parsed, confusions, decoded};

/// Folded forms a name syllable may take to count as matching one query word: worked out
/// once per query, then used on every hit.
pub struct Wanted {
    folded: Vec<String>,
    prefix: Option<String>,
}

pub fn wanted(parsed: &Parsed) -> Wanted {
    let mut folded = Vec::new();
    let mut prefix = None;
    let last = parsed.words.len().saturating_sub(1);
    for (i, word) in parsed.words.iter().enumerate() {
        let f = fold(word);
        folded.extend(confusions(&f));
        if let Some(d) = decoded(word) {
            let df = fold(&d);
            if i == last {
                prefix = Some(df.clone());
            }
            folded.push(df);
        } else if i == last {
            prefix = Some(f.clone());
        }
        folded.push(f);
    }
    for place in &parsed.places {
        folded.extend(place.words.iter().map(|w| fold(w)));
    }
    Wanted { folded, prefix }
}

/// The syllables of `name` matching `q`, as byte ranges; empty when nothing matched.
#[cfg(test)]
pub fn highlight(name: &str, parsed: &Parsed) -> Vec<(usize, usize)> {
    marks(name, &wanted(parsed))
}

/// The runs of `name` to mark as matching `wanted`: byte ranges, in order, each starting
/// and ending on a syllable; white space between two matching syllables stays inside one
/// run. Empty when nothing matched. Drawing them (HTML) is the caller's.
pub fn marks(name: &str, wanted: &Wanted) -> Vec<(usize, usize)> {
    let mut runs: Vec<(usize, usize)> = Vec::new();
    if wanted.folded.is_empty() {
        return runs;
    }
    // Runs of letters/digits are syllables; what lies between them stays as it is.
    let mut at = 0;
    let mut open: Option<(usize, usize)> = None;
    while at < name.len() {
        let rest = &name[at..];
        let gap_len = rest.find(is_letter_or_digit).unwrap_or(rest.len());
        let gap = &rest[..gap_len];
        let after = &rest[gap_len..];
        let word_len = after.find(|c: char| !is_letter_or_digit(c)).unwrap_or(after.len());
        let word = &after[..word_len];
        let start = at + gap_len;
        let end = start + word_len;
        at = end;
        if word.is_empty() {
            break;
        }
        // Folding lowers the case and drops every mark, wherever the tone was typed.
        let folded = fold(word);
        let hit = wanted.folded.contains(&folded)
            || wanted.prefix.as_deref().is_some_and(|p| !p.is_empty() && folded.starts_with(p));
        open = match (hit, open) {
            (true, Some((from, _))) if gap.chars().all(char::is_whitespace) => Some((from, end)),
            (true, previous) => {
                runs.extend(previous);
                Some((start, end))
            }
            (false, previous) => {
                runs.extend(previous);
                None
            }
        };
    }
    runs.extend(open);
    runs
}

/// `char::is_alphanumeric`, answered without its table for the Latin letters names are
/// written in (Vietnamese ones included), where the table lookup was a fifth of marking.
fn is_letter_or_digit(c: char) -> bool {
    match c {
        _ if c.is_ascii() => c.is_ascii_alphanumeric(),
        // Latin-1 letters, Latin Extended-A and -B (ơ, ư, đ), Latin Extended Additional
        // (ạ … ỹ): letters all, but for × and ÷.
        '\u{C0}'..='\u{24F}' | '\u{1E00}'..='\u{1EFF}' => c != '×' && c != '÷',
        _ => c.is_alphanumeric(),
    }
}

#[cfg(test)]
mod tests {
    use super::highlight;
    use crate::query::parse;

    /// The name with its runs in brackets, to read the tests.
    fn mark(name: &str, q: &str) -> Option<String> {
        let runs = highlight(name, &parse(q));
        if runs.is_empty() {
            return None;
        }
        let mut out = String::new();
        let mut at = 0;
        for (start, end) in runs {
            out.push_str(&name[at..start]);
            out.push('[');
            out.push_str(&name[start..end]);
            out.push(']');
            at = end;
        }
        out.push_str(&name[at..]);
        Some(out)
    }

    #[test]
    fn matched_words_are_marked_however_they_were_typed() {
        assert_eq!(mark("Nước mắm Cái Rồng", "nuoc mam").as_deref(), Some("[Nước mắm] Cái Rồng"));
        assert_eq!(mark("Nước mắm Cái Rồng", "nuwowcs mawms").as_deref(), Some("[Nước mắm] Cái Rồng"));
        assert_eq!(mark("Miến dong Bình Liêu", "miến d").as_deref(), Some("[Miến dong] Bình Liêu"));
        assert_eq!(mark("Chả mực Hạ Long", "quà Hạ Long").as_deref(), Some("Chả mực [Hạ Long]"));
        assert_eq!(mark("Trà hoa vàng", "cà phê"), None);
    }

    #[test]
    fn letters_and_digits_are_what_the_standard_library_says() {
        for c in (0..0x3000).filter_map(char::from_u32) {
            assert_eq!(super::is_letter_or_digit(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn runs_hold_syllables_only() {
        assert_eq!(mark("Trà <b>\"ngon\"</b> & rẻ", "trà").as_deref(), Some("[Trà] <b>\"ngon\"</b> & rẻ"));
        assert_eq!(mark("<script>", "script").as_deref(), Some("<[script]>"));
        assert_eq!(mark("Trà, chè", "trà chè").as_deref(), Some("[Trà], [chè]"));
    }
}
