//! Contact details inside free text: web links and Vietnamese phone numbers. Reviews that
//! carry them wait for a moderator, and messages mask them before an order exists, so that
//! payment stays on the platform (what marketplaces do).

use std::ops::Range;

/// What kind of contact detail was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Link,
    Phone,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Link => "link",
            Self::Phone => "phone",
        }
    }
}

/// Endings of host names people paste: generic and Vietnamese ones.
const DOMAIN_ENDINGS: [&str; 16] = [
    ".com", ".vn", ".net", ".org", ".info", ".biz", ".shop", ".store", ".online", ".site", ".xyz", ".me", ".io", ".ly",
    ".link", ".asia",
];

/// Each link and phone number in `text`, as byte ranges, in order.
pub fn find(text: &str) -> Vec<(Kind, Range<usize>)> {
    let mut found = links(text);
    found.extend(phones(text));
    found.sort_by_key(|(_, r)| r.start);
    found
}

/// The first kind of contact detail in `text`, if any.
pub fn first(text: &str) -> Option<Kind> {
    find(text).first().map(|(kind, _)| *kind)
}

/// `text` with every link and phone number replaced by `***`.
pub fn mask(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (_, range) in find(text) {
        if range.start < at {
            continue;
        }
        out.push_str(&text[at..range.start]);
        out.push_str("***");
        at = range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Words (split on white space) that look like a link: a scheme, `www.`, or a host name
/// with a known ending.
fn links(text: &str) -> Vec<(Kind, Range<usize>)> {
    let mut found = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        match (c.is_whitespace(), start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                let word = text[s..i].trim_matches(|c: char| !c.is_alphanumeric() && c != '/');
                if looks_like_link(&word.to_lowercase()) {
                    found.push((Kind::Link, s..i));
                }
                start = None;
            }
            _ => {}
        }
    }
    found
}

fn looks_like_link(word: &str) -> bool {
    if word.contains("://") || word.starts_with("www.") {
        return true;
    }
    let host = word.split('/').next().unwrap_or_default();
    DOMAIN_ENDINGS.iter().any(|ending| {
        host.strip_suffix(ending).or_else(|| host.find(&format!("{ending}.")).map(|at| &host[..at])).is_some_and(
            |name| !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.'),
        )
    })
}

/// Runs of 9 to 12 digits, single spaces, dots or hyphens allowed between them, that begin
/// like a Vietnamese number (`0…`, `84…`, `+84…`). Prices (`125.000`) are too short.
fn phones(text: &str) -> Vec<(Kind, Range<usize>)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let plus = bytes[i] == b'+' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
        if !(bytes[i].is_ascii_digit() || plus) || (i > 0 && bytes[i - 1].is_ascii_alphanumeric()) {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i + usize::from(plus);
        let mut digits = String::new();
        let mut j = end;
        while j < bytes.len() {
            if bytes[j].is_ascii_digit() {
                digits.push(char::from(bytes[j]));
                j += 1;
                end = j;
            } else if matches!(bytes[j], b' ' | b'.' | b'-') && bytes.get(j + 1).is_some_and(u8::is_ascii_digit) {
                j += 1;
            } else {
                break;
            }
        }
        let national = digits.starts_with('0') || digits.starts_with("84");
        if (9..=12).contains(&digits.len()) && national && !bytes.get(end).is_some_and(u8::is_ascii_alphanumeric) {
            found.push((Kind::Phone, start..end));
        }
        i = end.max(i + 1);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::{Kind, first, mask};

    #[test]
    fn phone_numbers_are_found_however_they_are_written() {
        for text in ["gọi 0912345678 nhé", "Zalo 0912 345 678", "sđt: 0912.345.678", "+84 912 345 678", "84912345678"]
        {
            assert_eq!(first(text), Some(Kind::Phone), "{text}");
        }
    }

    #[test]
    fn prices_quantities_and_dates_are_not_phone_numbers() {
        for text in [
            "Giá 125.000 ₫, mua 2 hộp",
            "1.250.000 đồng cho 10 hũ",
            "nhận hàng ngày 03/12/2026",
            "mã đơn OC-261203-ABCD",
            "hạn dùng 2027",
        ] {
            assert_eq!(first(text), None, "{text}");
        }
    }

    #[test]
    fn links_are_found_with_or_without_a_scheme() {
        for text in
            ["xem https://example.com/x", "www.trangtrai.vn", "mua ở shopee.vn/abc rẻ hơn", "vào (tra-ngon.com.vn)"]
        {
            assert_eq!(first(text), Some(Kind::Link), "{text}");
        }
        for text in ["Trà ngon, giao nhanh.", "Hũ 500g.Vị ngọt", "Đóng gói kỹ...rất thích"] {
            assert_eq!(first(text), None, "{text}");
        }
    }

    #[test]
    fn masking_hides_only_the_contact_details() {
        assert_eq!(mask("Gọi 0912 345 678 hoặc xem shopee.vn nhé"), "Gọi *** hoặc xem *** nhé");
        assert_eq!(mask("Giá 125.000 ₫"), "Giá 125.000 ₫");
    }
}
