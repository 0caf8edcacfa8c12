//! Money is integer đồng. VND has no minor unit, so there is nothing to round.

use std::fmt;

/// An amount in Vietnamese đồng.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Vnd(pub i64);

impl Vnd {
    /// `checked_add` so a sum of absurd amounts is an error, not a wrap-around.
    pub fn checked_add(self, other: Vnd) -> Option<Vnd> {
        self.0.checked_add(other.0).map(Vnd)
    }

    pub fn checked_mul(self, quantity: i64) -> Option<Vnd> {
        self.0.checked_mul(quantity).map(Vnd)
    }
}

/// Vietnamese style: dots between thousands, a space, then the đồng sign: `125.000 ₫`.
impl fmt::Display for Vnd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.0.unsigned_abs().to_string();
        let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push('.');
            }
            grouped.push(c);
        }
        let sign = if self.0 < 0 { "-" } else { "" };
        write!(f, "{sign}{grouped} ₫")
    }
}

#[cfg(test)]
mod tests {
    use super::Vnd;

    #[test]
    fn formats_with_dots_and_the_dong_sign() {
        assert_eq!(Vnd(125_000).to_string(), "125.000 ₫");
        assert_eq!(Vnd(0).to_string(), "0 ₫");
        assert_eq!(Vnd(999).to_string(), "999 ₫");
        assert_eq!(Vnd(1_000).to_string(), "1.000 ₫");
        assert_eq!(Vnd(12_000_000_000).to_string(), "12.000.000.000 ₫");
        assert_eq!(Vnd(-50_500).to_string(), "-50.500 ₫");
    }

    #[test]
    fn sums_refuse_to_overflow() {
        assert_eq!(Vnd(i64::MAX).checked_add(Vnd(1)), None);
        assert_eq!(Vnd(2).checked_mul(3), Some(Vnd(6)));
    }
}
