//! The transfer purpose ("nội dung chuyển khoản"). Banks pass on only plain ASCII and cut
//! long texts, so the order code is folded and trimmed before it goes into the QR, and a
//! statement line is matched on letters and digits alone (some banks drop the hyphens).

/// NAPAS allows at most 25 characters in field 62-08.
pub const MAX_PURPOSE_CHARS: usize = 25;

/// The purpose a QR carries for `text`: diacritics removed (đ → d, by
/// [`ocop_core::text::strip_marks`]), anything but ASCII letters, digits, spaces and hyphens
/// turned into spaces, spaces collapsed, at most 25 characters.
pub fn sanitise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in ocop_core::text::strip_marks(text).chars() {
        let c = if c.is_ascii_alphanumeric() || c == '-' { c } else { ' ' };
        if c != ' ' || !(out.is_empty() || out.ends_with(' ')) {
            out.push(c);
        }
    }
    let mut out: String = out.trim_end().chars().take(MAX_PURPOSE_CHARS).collect();
    out.truncate(out.trim_end().len());
    out
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
