//! Order codes a person can read over the phone: `OCOP-261126-7K3F`.

use chrono::{DateTime, FixedOffset, Utc};
use rand::Rng as _;

/// No 0/O, 1/I/L, U: nothing to confuse when read aloud or handwritten.
const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Vietnam's offset: an order placed at 23:30 in Hà Nội carries that day's date.
pub fn vietnam_offset() -> FixedOffset {
    ocop_core::time::vn_offset()
}

/// A fresh code for an order placed at `at`; the caller checks it is free.
pub fn generate(at: DateTime<Utc>, random_chars: usize) -> String {
    with_prefix("OCOP", at, random_chars)
}

/// The same shape under another prefix (`BH` for booth receipts).
pub fn with_prefix(prefix: &str, at: DateTime<Utc>, random_chars: usize) -> String {
    let date = at.with_timezone(&vietnam_offset()).format("%y%m%d");
    let mut rng = rand::rng();
    let suffix: String = (0..random_chars).map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())])).collect();
    format!("{prefix}-{date}-{suffix}")
}

/// Whether `s` looks like an order code (for search boxes that take a code or a phone).
pub fn looks_like_code(s: &str) -> bool {
    let s = s.trim().to_ascii_uppercase();
    s.starts_with("OCOP-") && s.len() >= 16 && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone as _;

    #[test]
    fn code_carries_the_vietnamese_date() {
        // 26 Nov 2026 18:00 UTC is already 27 Nov in Hà Nội.
        let at = Utc.with_ymd_and_hms(2026, 11, 26, 18, 0, 0).single().unwrap_or_default();
        let code = generate(at, 4);
        assert!(code.starts_with("OCOP-261127-"), "{code}");
        assert_eq!(code.len(), "OCOP-261127-7K3F".len());
        assert!(looks_like_code(&code));
        assert!(!looks_like_code("0912345678"));
    }
}
