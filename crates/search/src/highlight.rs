//! The words of a name that matched the query, wrapped in `<mark>`, the rest
//! HTML-escaped: safe to put into a page as it is.

use ocop_core::text::{fold, normalize_tone_placement};

use crate::query::{Parsed, confusions, decoded};

fn escape(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

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

/// `name` with the syllables matching `q` marked; `None` when nothing matched.
#[cfg(test)]
pub fn highlight(name: &str, parsed: &Parsed) -> Option<String> {
    mark(name, &wanted(parsed))
}

/// `name` with the syllables `wanted` marked; `None` when nothing matched.
pub fn mark(name: &str, wanted: &Wanted) -> Option<String> {
    if wanted.folded.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(name.len() + 16);
    let mut open = false;
    let mut any = false;
    // Runs of letters/digits are syllables; what lies between them stays as it is, and
    // only white space between two marked syllables stays inside one mark.
    let mut rest = name;
    let mut pending_gap = String::new();
    while !rest.is_empty() {
        let gap_len = rest.find(char::is_alphanumeric).unwrap_or(rest.len());
        let (gap, after) = rest.split_at(gap_len);
        let word_len = after.find(|c: char| !c.is_alphanumeric()).unwrap_or(after.len());
        let (word, after) = after.split_at(word_len);
        rest = after;
        pending_gap.push_str(gap);
        if word.is_empty() {
            break;
        }
        let folded = fold(&normalize_tone_placement(&word.to_lowercase()));
        let hit = wanted.folded.contains(&folded)
            || wanted.prefix.as_deref().is_some_and(|p| !p.is_empty() && folded.starts_with(p));
        if hit {
            any = true;
            if open && pending_gap.chars().all(char::is_whitespace) {
                escape(&pending_gap, &mut out);
            } else {
                if open {
                    out.push_str("</mark>");
                }
                escape(&pending_gap, &mut out);
                out.push_str("<mark>");
                open = true;
            }
        } else {
            if open {
                out.push_str("</mark>");
                open = false;
            }
            escape(&pending_gap, &mut out);
        }
        pending_gap.clear();
        escape(word, &mut out);
    }
    if open {
        out.push_str("</mark>");
    }
    escape(&pending_gap, &mut out);
    any.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::highlight;
    use crate::query::parse;

    fn mark(name: &str, q: &str) -> Option<String> {
        highlight(name, &parse(q))
    }

    #[test]
    fn matched_words_are_marked_however_they_were_typed() {
        assert_eq!(mark("Nước mắm Cái Rồng", "nuoc mam").as_deref(), Some("<mark>Nước mắm</mark> Cái Rồng"));
        assert_eq!(mark("Nước mắm Cái Rồng", "nuwowcs mawms").as_deref(), Some("<mark>Nước mắm</mark> Cái Rồng"));
        assert_eq!(mark("Miến dong Bình Liêu", "miến d").as_deref(), Some("<mark>Miến dong</mark> Bình Liêu"));
        assert_eq!(mark("Chả mực Hạ Long", "quà Hạ Long").as_deref(), Some("Chả mực <mark>Hạ Long</mark>"));
        assert_eq!(mark("Trà hoa vàng", "cà phê"), None);
    }

    #[test]
    fn everything_else_is_escaped() {
        assert_eq!(
            mark("Trà <b>\"ngon\"</b> & rẻ", "trà").as_deref(),
            Some("<mark>Trà</mark> &lt;b&gt;&quot;ngon&quot;&lt;/b&gt; &amp; rẻ")
        );
        assert_eq!(mark("<script>", "script").as_deref(), Some("&lt;<mark>script</mark>&gt;"));
    }
}
