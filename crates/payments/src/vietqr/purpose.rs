//! The transfer purpose ("nội dung chuyển khoản"). Banks pass on only plain ASCII and cut
//! long texts, so the order code is folded and trimmed before it goes into the QR, and a
//! statement line is matched on letters and digits alone (some banks drop the hyphens).

use unicode_normalization::{UnicodeNormalization as _, char::is_combining_mark};

/// NAPAS allows at most 25 characters in field 62-08.
pub const MAX_PURPOSE_CHARS: usize = 25;

/// The purpose a QR carries for `text`: diacritics removed (đ → d), anything but ASCII
/// letters, digits, spaces and hyphens turned into spaces, spaces collapsed, at most 25
/// characters.
pub fn sanitise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.nfd().filter(|c| !is_combining_mark(*c)) {
        let c = match c {
            'đ' => 'd',
            'Đ' => 'D',
            c if c.is_ascii_alphanumeric() || c == '-' => c,
            _ => ' ',
        };
        if c != ' ' || !(out.is_empty() || out.ends_with(' ')) {
            out.push(c);
        }
    }
    let mut out: String = out.trim_end().chars().take(MAX_PURPOSE_CHARS).collect();
    out.truncate(out.trim_end().len());
    out
}

/// Diacritics removed (đ → d), anything else outside printable ASCII made a space.
pub fn fold_ascii(text: &str) -> String {
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            c if c.is_ascii_graphic() => c,
            _ => ' ',
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_diacritics_and_drops_symbols() {
        assert_eq!(sanitise("Ủng hộ  lũ lụt!"), "Ung ho lu lut");
        assert_eq!(sanitise("Đơn OCOP-261126-7K3F"), "Don OCOP-261126-7K3F");
        assert_eq!(sanitise("  #OCOP-261126-7K3F  "), "OCOP-261126-7K3F");
    }

    #[test]
    fn keeps_at_most_25_characters() {
        let long = sanitise("thanh toan don hang OCOP-261126-7K3F");
        assert_eq!(long, "thanh toan don hang OCOP-");
        assert_eq!(sanitise("aaaaaaaaaaaaaaaaaaaaaaaa bbb"), "aaaaaaaaaaaaaaaaaaaaaaaa");
    }
}
