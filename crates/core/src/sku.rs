//! A stock-keeping unit as vendors type it: `bar-hot-1`, `BAR-HOT-1` and ` Bar-Hot-1 ` are
//! one SKU. Every path that writes or looks one up goes through [`Sku::parse`], so the
//! stored form (upper case) and the form a lookup uses can never drift apart.

use std::fmt;

use crate::Error;

/// A checked SKU in its one stored form: 1–64 ASCII letters (upper case), digits, `.`, `_`, `-`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct Sku(String);

/// Why a text is not a SKU; the message names what to type instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SkuError {
    #[error("Cần mã SKU")]
    Empty,
    #[error("Mã SKU tối đa {max} ký tự", max = Sku::MAX_LEN)]
    TooLong,
    #[error("Mã SKU chỉ gồm chữ không dấu, số và dấu . _ - (tối đa 64 ký tự)")]
    BadCharacter,
}

impl Sku {
    pub const MAX_LEN: usize = 64;

    /// Trims, upper-cases and checks the characters. Upper case because that is what the
    /// catalogue has always stored; lower-case letters are the only ones folded.
    ///
    /// # Errors
    /// [`SkuError`] saying what is wrong.
    pub fn parse(raw: &str) -> Result<Self, SkuError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(SkuError::Empty);
        }
        if !trimmed.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')) {
            return Err(SkuError::BadCharacter);
        }
        // All ASCII from here, so bytes = characters.
        if trimmed.len() > Self::MAX_LEN {
            return Err(SkuError::TooLong);
        }
        Ok(Self(trimmed.to_ascii_uppercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for Sku {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Sku {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl From<Sku> for String {
    fn from(sku: Sku) -> Self {
        sku.0
    }
}

impl From<Sku> for sea_orm::Value {
    fn from(sku: Sku) -> Self {
        sku.0.into()
    }
}

impl From<&Sku> for sea_orm::Value {
    fn from(sku: &Sku) -> Self {
        sku.0.clone().into()
    }
}

/// A bad SKU in a request is a 422 on the field `sku`.
impl From<SkuError> for Error {
    fn from(e: SkuError) -> Self {
        Error::invalid("sku", e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::{Sku, SkuError};

    #[test]
    fn any_case_and_surrounding_spaces_give_one_sku() {
        for typed in ["bar-hot-1", "BAR-HOT-1", " Bar-Hot-1 ", "bAr-HoT-1\t"] {
            assert_eq!(Sku::parse(typed).map(Sku::into_string), Ok("BAR-HOT-1".to_owned()), "{typed:?}");
        }
        assert_eq!(Sku::parse("tra.hoa_vang-100g").map(|s| s.to_string()), Ok("TRA.HOA_VANG-100G".to_owned()));
    }

    #[test]
    fn refuses_what_is_not_a_sku_and_says_why() {
        assert_eq!(Sku::parse("  "), Err(SkuError::Empty));
        assert_eq!(Sku::parse(&"A".repeat(65)), Err(SkuError::TooLong));
        assert!(Sku::parse(&"a".repeat(64)).is_ok());
        for bad in ["trà-01", "A B", "A/B", "ＡＢＣ", "A;B", "ß"] {
            assert_eq!(Sku::parse(bad), Err(SkuError::BadCharacter), "{bad:?}");
        }
    }

    #[test]
    fn a_bad_sku_is_an_error_on_the_sku_field() {
        let crate::Error::Invalid(fields) = crate::Error::from(SkuError::Empty) else { panic!("not Invalid") };
        assert_eq!(fields.get("sku"), Some("Cần mã SKU"));
    }
}
