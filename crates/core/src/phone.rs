//! Vietnamese phone numbers, stored in the national form `0xxxxxxxxx`.

/// Accepts `0912 345 678`, `+84 912.345.678`, `84912345678`; returns `0912345678`.
/// Mobile prefixes are 03, 05, 07, 08, 09; landlines are 02x with 11 digits in all.
pub fn parse_vn_phone(raw: &str) -> Option<String> {
    let digits: String = raw.chars().filter(|c| !matches!(c, ' ' | '.' | '-' | '(' | ')')).collect();
    let national = if let Some(rest) = digits.strip_prefix("+84") {
        format!("0{rest}")
    } else if digits.starts_with("84") && digits.len() == 11 {
        format!("0{}", &digits[2..])
    } else {
        digits
    };
    if !national.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let ok = match national.as_bytes() {
        [b'0', b'3' | b'5' | b'7' | b'8' | b'9', ..] => national.len() == 10,
        [b'0', b'2', ..] => national.len() == 11,
        _ => false,
    };
    ok.then_some(national)
}

#[cfg(test)]
mod tests {
    use super::parse_vn_phone;

    #[test]
    fn accepts_the_usual_ways_of_writing_a_number() {
        assert_eq!(parse_vn_phone("0912 345 678").as_deref(), Some("0912345678"));
        assert_eq!(parse_vn_phone("+84 912.345.678").as_deref(), Some("0912345678"));
        assert_eq!(parse_vn_phone("84912345678").as_deref(), Some("0912345678"));
        assert_eq!(parse_vn_phone("0203 3845 678").as_deref(), Some("02033845678"));
    }

    #[test]
    fn refuses_what_is_not_a_vietnamese_number() {
        for bad in ["", "12345", "0112345678", "09123456789", "09123a5678", "+1 415 555 0100"] {
            assert_eq!(parse_vn_phone(bad), None, "{bad}");
        }
    }
}
