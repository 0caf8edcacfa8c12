//! Vietnamese text: stored NFC; folded (no diacritics, đ→d, lower case) for slugs and
//! matching.

use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};

/// Unicode NFC, the form every stored string takes (input may arrive decomposed).
pub fn nfc(s: &str) -> String {
    s.nfc().collect()
}

/// Lower case without diacritics; `đ`/`Đ` become `d`, which NFD alone does not do.
pub fn fold(s: &str) -> String {
    s.nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            _ => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_fold_vietnamese() {
        assert_eq!(slugify("Mật ong rừng Ba Chẽ"), "mat-ong-rung-ba-che");
        assert_eq!(slugify("  Đặc sản -- Quảng Ninh!  "), "dac-san-quang-ninh");
        assert_eq!(slugify("Chả mực Hạ Long 500g"), "cha-muc-ha-long-500g");
    }

    #[test]
    fn nfd_input_becomes_nfc() {
        let decomposed = "Mie\u{0302}\u{0301}n dong";
        assert_eq!(nfc(decomposed), "Miến dong");
        assert_eq!(fold(decomposed), "mien dong");
    }

    #[test]
    fn clean_line_collapses_space_and_drops_controls() {
        assert_eq!(clean_line("  Nguyễn \t Văn\u{0007}  An \n"), "Nguyễn Văn An");
    }
}
