//! Order codes a person can read over the phone: `OCOP-261126-7K3F` for an order,
//! `BH-261126-7K3F9` for a booth receipt. One type makes them, prints them and reads them
//! back, from a search box or a bank's transfer description, so a code always round-trips.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, Utc};
use rand::Rng as _;

/// No 0/O, 1/I/L, U: nothing to confuse when read aloud or handwritten.
const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Vietnam's offset: an order placed at 23:30 in Hà Nội carries that day's date.
pub fn vietnam_offset() -> FixedOffset {
    ocop_core::time::vn_offset()
}

/// Which kind of code: its prefix and how many characters follow the date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Series {
    /// An online order: `OCOP-261126-7K3F`.
    Order,
    /// A sale at a booth or counter: `BH-261126-7K3F9` ("bán hàng").
    Receipt,
}

impl Series {
    pub const fn prefix(self) -> &'static str {
        match self {
            Self::Order => "OCOP",
            Self::Receipt => "BH",
        }
    }

    /// Characters after the date. Fixed per series: a bank that drops the hyphens leaves
    /// `OCOP2611267K3FTHANHTOAN`, which only a known width can cut.
    pub const fn suffix_len(self) -> usize {
        match self {
            Self::Order => 4,
            Self::Receipt => 5,
        }
    }

    /// How many distinct codes one day holds (30 to the power of the suffix length).
    pub const fn per_day(self) -> u64 {
        let mut n = 1u64;
        let mut i = 0;
        while i < self.suffix_len() {
            n *= ALPHABET.len() as u64;
            i += 1;
        }
        n
    }

    const ALL: [Self; 2] = [Self::Order, Self::Receipt];
}

/// An order or receipt code: the series' prefix, Vietnam's date as `yymmdd`, and a suffix
/// of the series' width in [`ALPHABET`]. Parse with [`str::parse`], print with `Display`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct OrderCode {
    series: Series,
    text: String,
}

impl OrderCode {
    /// A fresh random code for something placed at `at`; the caller checks it is free.
    pub fn generate(series: Series, at: DateTime<Utc>) -> Self {
        let mut rng = rand::rng();
        let suffix: String =
            (0..series.suffix_len()).map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())])).collect();
        Self::assemble(series, at, &suffix)
    }

    /// The `n`-th code of the day of `at` (demo data written in bulk): distinct for
    /// distinct `n` below [`Series::per_day`], then it wraps.
    pub fn numbered(series: Series, at: DateTime<Utc>, mut n: u64) -> Self {
        let mut suffix = vec![ALPHABET[0]; series.suffix_len()];
        for slot in suffix.iter_mut().rev() {
            *slot = ALPHABET[usize::try_from(n % ALPHABET.len() as u64).unwrap_or(0)];
            n /= ALPHABET.len() as u64;
        }
        Self::assemble(series, at, &String::from_utf8_lossy(&suffix))
    }

    fn assemble(series: Series, at: DateTime<Utc>, suffix: &str) -> Self {
        let date = at.with_timezone(&vietnam_offset()).format("%y%m%d");
        Self { series, text: format!("{}-{date}-{suffix}", series.prefix()) }
    }

    pub fn series(&self) -> Series {
        self.series
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The first order code in a bank transfer's description. Banks drop the hyphens,
    /// change the case, cut at spaces or pass on diacritics ("Đơn ocop-261126-7k3f"), so
    /// the description is matched on its folded letters and digits alone.
    pub fn find_in(description: &str) -> Option<Self> {
        let squashed: String = ocop_core::text::fold(description)
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let prefix = Series::Order.prefix();
        squashed.match_indices(prefix).find_map(|(at, _)| {
            let rest = squashed.get(at + prefix.len()..)?;
            let date = rest.get(..6)?;
            let suffix = rest.get(6..6 + Series::Order.suffix_len())?;
            Self::from_parts(Series::Order, date, suffix)
        })
    }

    fn from_parts(series: Series, date: &str, suffix: &str) -> Option<Self> {
        let date_ok = date.len() == 6 && date.bytes().all(|b| b.is_ascii_digit());
        let suffix_ok = suffix.len() == series.suffix_len() && suffix.bytes().all(|b| ALPHABET.contains(&b));
        (date_ok && suffix_ok).then(|| Self { series, text: format!("{}-{date}-{suffix}", series.prefix()) })
    }
}

/// Not an order or receipt code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotACode;

impl fmt::Display for NotACode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not an order code (OCOP-yymmdd-XXXX or BH-yymmdd-XXXXX)")
    }
}

impl std::error::Error for NotACode {}

impl FromStr for OrderCode {
    type Err = NotACode;

    /// A code as a person types it: surrounding spaces and the case do not matter, the
    /// hyphens do.
    fn from_str(s: &str) -> Result<Self, NotACode> {
        let s = s.trim().to_ascii_uppercase();
        let mut parts = s.split('-');
        let (Some(prefix), Some(date), Some(suffix), None) = (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(NotACode);
        };
        let series = Series::ALL.into_iter().find(|k| k.prefix() == prefix).ok_or(NotACode)?;
        Self::from_parts(series, date, suffix).ok_or(NotACode)
    }
}

impl fmt::Display for OrderCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl std::ops::Deref for OrderCode {
    type Target = str;

    fn deref(&self) -> &str {
        &self.text
    }
}

impl From<OrderCode> for String {
    fn from(code: OrderCode) -> Self {
        code.text
    }
}

#[cfg(test)]
mod tests {
    #![expect(clippy::unwrap_used, reason = "tests")]
    use super::*;
    use chrono::TimeZone as _;

    #[test]
    fn code_carries_the_vietnamese_date() {
        // 26 Nov 2026 18:00 UTC is already 27 Nov in Hà Nội.
        let at = Utc.with_ymd_and_hms(2026, 11, 26, 18, 0, 0).single().unwrap_or_default();
        let code = OrderCode::generate(Series::Order, at).to_string();
        assert!(code.starts_with("OCOP-261127-"), "{code}");
        assert_eq!(code.len(), "OCOP-261127-7K3F".len());
        assert!(code.parse::<OrderCode>().is_ok());
        assert!("0912345678".parse::<OrderCode>().is_err());
        let receipt = OrderCode::generate(Series::Receipt, at).to_string();
        assert_eq!(receipt.len(), "BH-261127-7K3F9".len(), "{receipt}");
    }

    #[test]
    fn every_code_reads_back_as_itself() {
        let at = Utc.with_ymd_and_hms(2026, 6, 11, 1, 0, 0).single().unwrap();
        for series in Series::ALL {
            for code in [OrderCode::generate(series, at), OrderCode::numbered(series, at, 12_345)] {
                assert_eq!(code.to_string().parse::<OrderCode>(), Ok(code.clone()));
                assert_eq!(code.to_lowercase().parse::<OrderCode>(), Ok(code.clone()), "the case does not matter");
                assert_eq!(code.series(), series);
            }
        }
        let order = OrderCode::numbered(Series::Order, at, 7);
        assert_eq!(OrderCode::find_in(&format!("CK {} thanh toan", order.replace('-', ""))), Some(order));
    }

    #[test]
    fn numbered_codes_are_distinct_within_a_day() {
        let at = Utc.with_ymd_and_hms(2026, 11, 26, 3, 0, 0).single().unwrap();
        let codes: std::collections::HashSet<String> =
            (0..50_000u64).map(|n| OrderCode::numbered(Series::Order, at, n).into()).collect();
        assert_eq!(codes.len(), 50_000);
        assert_eq!(OrderCode::numbered(Series::Order, at, 0).as_str(), "OCOP-261126-2222");
        assert_eq!(Series::Order.per_day(), 810_000);
    }

    #[test]
    fn only_the_exact_shape_parses() {
        for bad in [
            "OCOP-261126-7K3",
            "OCOP-261126-7K3FF",
            "OCOP-26112-7K3F",
            "OCOP-261126-7K3O",
            "BH-261126-7K3F",
            "X-261126-7K3F",
        ] {
            assert_eq!(bad.parse::<OrderCode>(), Err(NotACode), "{bad}");
        }
        assert_eq!(" ocop-261126-7k3f ".parse::<OrderCode>().map(String::from), Ok("OCOP-261126-7K3F".to_owned()));
    }
}
