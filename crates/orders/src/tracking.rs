//! Which carrier a tracking code belongs to, and the carrier's own public page for it.
//!
//! Shops type the carrier's name freely ("Viettel Post", "GHTK", "giao hàng nhanh") and
//! paste the code from the label. The name decides when it is one we know; otherwise the
//! code's shape does, and only when the shape belongs to one carrier alone. Shapes:
//!
//! - **VNPost**: the UPU S10 format, two letters, eight digits, a check digit, `VN`
//!   (`EB123456785VN`); the check digit must be right.
//! - **GHTK**: `S` and digits, then dot-separated parts (`S21874563.MB1.A12.123456789`).
//! - **J&T Express**: twelve digits starting with 8 (`840012345678`).
//! - **Viettel Post**: `VTP` and digits, or nine to thirteen digits (not J&T's shape).
//! - **GHN**: six to ten letters and digits starting with a letter, at least one more letter
//!   (`GYCYQNYM`, `LPG8FX`), only with the carrier's name: alone the shape is too loose.
//!
//! Nothing here fetches anything: the buyer follows a plain link.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Carrier {
    Ghn,
    Ghtk,
    ViettelPost,
    VnPost,
    Jt,
}

/// A link to the carrier's tracking page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrackingLink {
    pub carrier: Carrier,
    /// The carrier's name as people write it.
    pub carrier_name: &'static str,
    pub code: String,
    pub url: String,
}

impl Carrier {
    pub fn name(self) -> &'static str {
        match self {
            Carrier::Ghn => "GHN",
            Carrier::Ghtk => "GHTK",
            Carrier::ViettelPost => "Viettel Post",
            Carrier::VnPost => "VNPost",
            Carrier::Jt => "J&T Express",
        }
    }

    /// The carrier a shop meant by `name`, if it is one of the five.
    pub fn from_name(name: &str) -> Option<Self> {
        let folded: String =
            ocop_core::text::fold(name).chars().filter(|c| c.is_ascii_alphanumeric() || *c == '&').collect();
        match folded.as_str() {
            "ghn" | "giaohangnhanh" | "ghnexpress" => Some(Carrier::Ghn),
            "ghtk" | "giaohangtietkiem" => Some(Carrier::Ghtk),
            "viettelpost" | "vtp" | "viettel" | "viettelpostvn" => Some(Carrier::ViettelPost),
            "vnpost" | "vietnampost" | "buudien" | "buudienvietnam" | "ems" | "vnpostems" => Some(Carrier::VnPost),
            "j&t" | "jt" | "j&texpress" | "jtexpress" | "jnt" => Some(Carrier::Jt),
            _ => None,
        }
    }

    /// Whether `code` (trimmed, upper case) has this carrier's shape.
    pub fn fits(self, code: &str) -> bool {
        match self {
            Carrier::VnPost => is_s10(code),
            Carrier::Ghtk => is_ghtk(code),
            Carrier::Jt => is_jt(code),
            Carrier::ViettelPost => is_viettel(code),
            Carrier::Ghn => is_ghn(code),
        }
    }

    fn url(self, code: &str) -> String {
        // Codes are checked to be letters, digits and dots, so nothing needs escaping.
        match self {
            Carrier::Ghn => format!("https://donhang.ghn.vn/?order_code={code}"),
            Carrier::Ghtk => format!("https://i.ghtk.vn/{code}"),
            Carrier::ViettelPost => format!("https://viettelpost.com.vn/tra-cuu-hanh-trinh-don/?key={code}"),
            Carrier::VnPost => format!("https://vnpost.vn/vi-vn/dinh-vi/buu-pham?key={code}"),
            Carrier::Jt => format!("https://jtexpress.vn/vi/tracking?type=track&billcode={code}"),
        }
    }
}

/// The carrier's tracking page for `code`, when the code is recognised: by the shop's
/// carrier name if it names one of the five and the code fits it, else by the code's shape
/// when only one carrier uses it.
pub fn link(carrier_name: Option<&str>, code: &str) -> Option<TrackingLink> {
    let code: String = code.trim().to_ascii_uppercase();
    if code.is_empty() || code.len() > 40 || !plain(&code) {
        return None;
    }
    let carrier = match carrier_name.and_then(Carrier::from_name) {
        Some(named) => Some(named).filter(|c| c.fits(&code)),
        None => recognise(&code),
    }?;
    Some(TrackingLink { carrier, carrier_name: carrier.name(), url: carrier.url(&code), code })
}

/// The one carrier whose shape `code` has (GHN's shape is left out: too loose alone).
pub fn recognise(code: &str) -> Option<Carrier> {
    let code = code.trim().to_ascii_uppercase();
    if !plain(&code) {
        return None;
    }
    [Carrier::VnPost, Carrier::Ghtk, Carrier::Jt, Carrier::ViettelPost].into_iter().find(|c| c.fits(&code))
}

/// ASCII letters, digits and dots only: every shape below is made of them.
fn plain(code: &str) -> bool {
    code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.')
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// UPU S10: `AA` + 8 digits + check digit + `VN`, check digit by weights 8 6 4 2 3 5 9 7.
fn is_s10(code: &str) -> bool {
    if !code.is_ascii() {
        return false;
    }
    let b = code.as_bytes();
    if b.len() != 13 || !b[..2].iter().all(u8::is_ascii_uppercase) || &code[11..] != "VN" || !all_digits(&code[2..11]) {
        return false;
    }
    let sum: u32 = b[2..10].iter().zip([8, 6, 4, 2, 3, 5, 9, 7]).map(|(d, w)| u32::from(d - b'0') * w).sum();
    let check = match 11 - sum % 11 {
        10 => 0,
        11 => 5,
        n => n,
    };
    u32::from(b[10] - b'0') == check
}

fn is_ghtk(code: &str) -> bool {
    let mut parts = code.split('.');
    let Some(head) = parts.next() else { return false };
    let head_ok = head.len() >= 6 && head.len() <= 12 && head.starts_with('S') && all_digits(&head[1..]);
    let rest: Vec<&str> = parts.collect();
    head_ok
        && !rest.is_empty()
        && rest.iter().all(|p| !p.is_empty() && p.len() <= 12 && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

fn is_jt(code: &str) -> bool {
    code.len() == 12 && code.starts_with('8') && all_digits(code)
}

fn is_viettel(code: &str) -> bool {
    if let Some(rest) = code.strip_prefix("VTP") {
        return (6..=14).contains(&rest.len()) && all_digits(rest);
    }
    (9..=13).contains(&code.len()) && all_digits(code) && !is_jt(code)
}

fn is_ghn(code: &str) -> bool {
    (6..=10).contains(&code.len())
        && code.as_bytes()[0].is_ascii_uppercase()
        && code.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        && code.bytes().skip(1).any(|b| b.is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    #![expect(clippy::unwrap_used, reason = "tests")]
    use super::*;

    #[test]
    fn vnpost_codes_are_upu_s10_with_a_right_check_digit() {
        // 47312482 → weights give 5 (the UPU's own worked example).
        let found = link(None, "rr473124829vn").unwrap();
        assert_eq!(found.carrier, Carrier::VnPost);
        assert_eq!(found.code, "RR473124829VN");
        assert!(found.url.starts_with("https://vnpost.vn/") && found.url.ends_with("RR473124829VN"));
        assert_eq!(link(None, "RR473124828VN"), None, "a wrong check digit is not recognised");
        assert_eq!(link(Some("VNPost"), "RR47312482VN"), None, "too short");
        assert_eq!(link(Some("Bưu điện"), "EE473124829VN").unwrap().carrier, Carrier::VnPost);
    }

    #[test]
    fn ghtk_codes_are_s_digits_and_dotted_parts() {
        let found = link(None, "S21874563.MB1.A12.123456789").unwrap();
        assert_eq!(found.carrier, Carrier::Ghtk);
        assert_eq!(found.url, "https://i.ghtk.vn/S21874563.MB1.A12.123456789");
        assert_eq!(link(Some("Giao hàng tiết kiệm"), "S21874563.123456789").unwrap().carrier, Carrier::Ghtk);
        assert_eq!(link(Some("GHTK"), "S21874563"), None, "the label code has parts after dots");
        assert_eq!(link(None, "S2187.MB1"), None);
    }

    #[test]
    fn jt_codes_are_twelve_digits_starting_with_8() {
        let found = link(None, "840012345678").unwrap();
        assert_eq!(found.carrier, Carrier::Jt);
        assert!(found.url.contains("billcode=840012345678"));
        assert_eq!(link(Some("J&T Express"), "840012345678").unwrap().carrier_name, "J&T Express");
        assert_eq!(link(Some("J&T"), "74001234567"), None);
    }

    #[test]
    fn viettel_post_codes_are_vtp_or_nine_to_thirteen_digits() {
        let found = link(Some("Viettel Post"), "VTP2611260001").unwrap();
        assert_eq!(found.carrier, Carrier::ViettelPost);
        assert_eq!(found.url, "https://viettelpost.com.vn/tra-cuu-hanh-trinh-don/?key=VTP2611260001");
        assert_eq!(recognise("1234567890123"), Some(Carrier::ViettelPost));
        assert_eq!(recognise("840012345678"), Some(Carrier::Jt), "J&T's shape wins over the looser one");
        assert_eq!(link(Some("viettel post"), "12345"), None);
    }

    #[test]
    fn ghn_codes_need_the_carrier_name() {
        let found = link(Some("Giao Hàng Nhanh"), "gycyqnym").unwrap();
        assert_eq!(found.carrier, Carrier::Ghn);
        assert_eq!(found.url, "https://donhang.ghn.vn/?order_code=GYCYQNYM");
        assert_eq!(link(Some("GHN"), "LPG8FX").unwrap().carrier, Carrier::Ghn);
        assert_eq!(link(None, "GYCYQNYM"), None, "alone the shape is too loose");
        assert_eq!(link(Some("GHN"), "12345678"), None, "GHN codes start with a letter");
    }

    #[test]
    fn unknown_carriers_and_odd_codes_get_no_link() {
        assert_eq!(link(Some("Xe khách Hoàng Long"), "HL-0001"), None);
        assert_eq!(link(Some("GHN"), "GY<script>"), None);
        assert_eq!(link(None, ""), None);
        assert_eq!(link(Some("Viettel Post"), "VTP 2611260001"), None, "a space is not part of a code");
    }
}
