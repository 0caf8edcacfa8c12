//! What a reviewer types: stars as JSON sends them (`5`) or as a form does (`"5"`), and the
//! text, kept NFC with its line breaks and bounded.

use ocop_core::FieldErrors;
use serde::{Deserialize, Serialize};

pub const MAX_BODY: usize = 2000;
pub const MAX_REPLY: usize = 1000;
pub const MAX_REASON: usize = 500;

/// Stars as sent: a number, or text from a form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Stars {
    Number(i64),
    Text(String),
    #[default]
    Missing,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct ReviewInput {
    pub stars: Stars,
    pub body: String,
}

/// A review that passed the checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub stars: i16,
    pub body: String,
}

impl ReviewInput {
    /// # Errors
    /// Every problem at once, by field (`stars`, `body`).
    pub fn check(&self) -> Result<Checked, ocop_core::Error> {
        let mut errors = FieldErrors::new();
        let stars = match &self.stars {
            Stars::Number(n) => Some(*n),
            Stars::Text(t) if !t.trim().is_empty() => t.trim().parse::<i64>().ok(),
            _ => None,
        };
        let stars = match stars {
            Some(n @ 1..=5) => i16::try_from(n).unwrap_or(5),
            _ => {
                errors.add("stars", "Chọn từ 1 đến 5 sao");
                0
            }
        };
        let body = text(&self.body);
        if body.chars().count() > MAX_BODY {
            errors.add("body", format!("Tối đa {MAX_BODY} ký tự"));
        }
        errors.into_result()?;
        Ok(Checked { stars, body })
    }
}

/// NFC, trimmed, control characters dropped but line breaks kept (at most two in a row).
pub fn text(raw: &str) -> String {
    ocop_core::text::clean_block(raw)
}

/// Words a public review may not carry as written (whole words, diacritics as typed, so
/// "lớn" is not "lồn"): they send it to an admin, who decides.
const BANNED: [&str; 16] =
    ["lồn", "cặc", "buồi", "địt", "đụ", "đéo", "đĩ", "vcl", "vkl", "vl", "dm", "đm", "dcm", "đcm", "clgt", "cmm"];

/// Why a text must wait for a moderator, if it must: `link`, `phone` or `word`.
pub fn hold_reason(text: &str) -> Option<&'static str> {
    if let Some(kind) = ocop_core::contact::first(text) {
        return Some(kind.as_str());
    }
    let lower = text.to_lowercase();
    lower.split(|c: char| !c.is_alphanumeric()).any(|word| BANNED.contains(&word)).then_some("word")
}

#[cfg(test)]
mod tests {
    use super::{ReviewInput, Stars, hold_reason, text};

    #[test]
    fn stars_come_as_numbers_or_text_and_only_one_to_five() {
        let ok = ReviewInput { stars: Stars::Text(" 4 ".into()), body: "Ngon".into() }.check();
        assert!(matches!(ok, Ok(ref c) if c.stars == 4), "{ok:?}");
        for stars in [Stars::Number(0), Stars::Number(6), Stars::Text("năm".into()), Stars::Missing] {
            let err = ReviewInput { stars, body: String::new() }.check();
            assert!(err.is_err() && format!("{err:?}").contains("stars"), "{err:?}");
        }
    }

    #[test]
    fn text_keeps_line_breaks_and_drops_controls() {
        assert_eq!(text("  Trà thơm\r\n\r\n\r\n\r\nGiao nhanh\u{0007} "), "Trà thơm\n\nGiao nhanh");
    }

    #[test]
    fn links_phones_and_banned_words_wait_for_a_moderator() {
        assert_eq!(hold_reason("Mua rẻ hơn ở shopee.vn/abc"), Some("link"));
        assert_eq!(hold_reason("Liên hệ 0912 345 678"), Some("phone"));
        assert_eq!(hold_reason("Hàng như đéo"), Some("word"));
        assert_eq!(hold_reason("Hũ lớn, vị đậm, giao 2 ngày. Giá 125.000 ₫"), None);
    }
}
