//! Who makes OCOP goods, and the identity papers each kind must show before selling.

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProducerType {
    DoanhNghiep,
    HopTacXa,
    ToHopTac,
    HoKinhDoanh,
}

impl ProducerType {
    pub const ALL: [ProducerType; 4] =
        [ProducerType::DoanhNghiep, ProducerType::HopTacXa, ProducerType::ToHopTac, ProducerType::HoKinhDoanh];

    pub fn code(self) -> &'static str {
        match self {
            ProducerType::DoanhNghiep => "doanh_nghiep",
            ProducerType::HopTacXa => "hop_tac_xa",
            ProducerType::ToHopTac => "to_hop_tac",
            ProducerType::HoKinhDoanh => "ho_kinh_doanh",
        }
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            ProducerType::DoanhNghiep => "Doanh nghiệp",
            ProducerType::HopTacXa => "Hợp tác xã",
            ProducerType::ToHopTac => "Tổ hợp tác",
            ProducerType::HoKinhDoanh => "Hộ kinh doanh",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.code() == code)
    }
}

/// A Vietnamese tax code: 10 digits, or 13 as 10 + a 3-digit branch suffix
/// (`0101234567-001` or `0101234567001`). Returns the canonical form.
pub fn parse_tax_code(raw: &str) -> Option<String> {
    let compact: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    let (main, branch) = match compact.split_once('-') {
        Some((main, branch)) => (main.to_owned(), Some(branch.to_owned())),
        None if compact.len() == 13 => (compact[..10].to_owned(), Some(compact[10..].to_owned())),
        None => (compact, None),
    };
    let digits = |s: &str, n: usize| s.len() == n && s.chars().all(|c| c.is_ascii_digit());
    match branch {
        None if digits(&main, 10) => Some(main),
        Some(b) if digits(&main, 10) && digits(&b, 3) => Some(format!("{main}-{b}")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::parse_tax_code;

    #[test]
    fn tax_codes_have_10_or_13_digits() {
        assert_eq!(parse_tax_code("5701234567").as_deref(), Some("5701234567"));
        assert_eq!(parse_tax_code("5701234567-001").as_deref(), Some("5701234567-001"));
        assert_eq!(parse_tax_code("5701234567001").as_deref(), Some("5701234567-001"));
        for bad in ["", "123", "57012345678", "570123456a", "5701234567-01", "5701234567-0011"] {
            assert_eq!(parse_tax_code(bad), None, "{bad}");
        }
    }
}
