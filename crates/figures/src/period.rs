//! A period of whole Vietnamese days, `[from, to)`: the dashboards' time window.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use ocop_core::{Error, FieldErrors};
use serde::Serialize;

/// Longest period a dashboard shows: a year (and a leap day), one bar a day.
pub const MAX_DAYS: i64 = 366;

/// Whole days in Vietnam's calendar, `from` included, `to` excluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// Today in Vietnam.
pub fn today_vn(now: DateTime<Utc>) -> NaiveDate {
    ocop_core::time::vn_date(now)
}

/// The first moment of a Vietnamese day, in UTC.
pub fn day_start(day: NaiveDate) -> DateTime<Utc> {
    ocop_core::time::vn_day_start(day)
}

impl Period {
    /// The `days` days that end with `today` (today included).
    pub fn last_days(today: NaiveDate, days: i64) -> Self {
        let to = today.succ_opt().unwrap_or(today);
        Self { from: to - Duration::days(days.max(1)), to }
    }

    /// Reads the dashboard's `tu` (first day) and `den` (last day, included, as people
    /// say "from the 1st to the 30th"); either left empty means the last 30 days up to
    /// today, or 30 days from `tu`, or 30 days up to `den`.
    ///
    /// # Errors
    /// [`Error::Invalid`] naming `tu` or `den`, in Vietnamese.
    pub fn parse(tu: Option<&str>, den: Option<&str>, today: NaiveDate) -> Result<Self, Error> {
        let mut errors = FieldErrors::new();
        let read = |raw: Option<&str>| raw.map(str::trim).filter(|s| !s.is_empty()).map(parse_day);
        let from = match read(tu) {
            Some(Ok(day)) => Some(day),
            Some(Err(())) => {
                errors.add("tu", "Từ ngày: viết theo dạng năm-tháng-ngày, ví dụ 2026-11-01");
                None
            }
            None => None,
        };
        let last = match read(den) {
            Some(Ok(day)) => Some(day),
            Some(Err(())) => {
                errors.add("den", "Đến ngày: viết theo dạng năm-tháng-ngày, ví dụ 2026-11-30");
                None
            }
            None => None,
        };
        errors.into_result()?;
        let (from, last) = match (from, last) {
            (Some(f), Some(l)) => (f, l),
            (Some(f), None) => (f, f + Duration::days(29)),
            (None, Some(l)) => (l - Duration::days(29), l),
            (None, None) => (today - Duration::days(29), today),
        };
        if last < from {
            return Err(Error::invalid("den", "Đến ngày phải cùng ngày hoặc sau ngày bắt đầu"));
        }
        if (last - from).num_days() + 1 > MAX_DAYS {
            return Err(Error::invalid("den", format!("Chọn khoảng tối đa {MAX_DAYS} ngày")));
        }
        Ok(Self { from, to: last.succ_opt().unwrap_or(last) })
    }

    /// The last day included.
    pub fn last_day(&self) -> NaiveDate {
        self.to.pred_opt().unwrap_or(self.to)
    }

    pub fn start(&self) -> DateTime<Utc> {
        day_start(self.from)
    }

    pub fn end(&self) -> DateTime<Utc> {
        day_start(self.to)
    }

    /// Every day of the period, in order.
    pub fn days(&self) -> Vec<NaiveDate> {
        self.from.iter_days().take_while(|d| *d < self.to).collect()
    }

    /// How many days it covers.
    pub fn len(&self) -> i64 {
        (self.to - self.from).num_days().max(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// `2026-11-01`, and nothing looser (a dashboard link must mean one thing).
fn parse_day(s: &str) -> Result<NaiveDate, ()> {
    if s.len() != 10 {
        return Err(());
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| ())
}

#[cfg(test)]
mod tests {
    #![expect(clippy::unwrap_used, reason = "fixtures")]
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn empty_means_the_last_thirty_days_with_today() {
        let p = Period::parse(None, Some(""), day("2026-11-26")).unwrap();
        assert_eq!((p.from, p.last_day(), p.to), (day("2026-10-28"), day("2026-11-26"), day("2026-11-27")));
        assert_eq!(p.len(), 30);
        assert_eq!(p.days().len(), 30);
        assert_eq!(Period::last_days(day("2026-11-26"), 30), p);
    }

    #[test]
    fn the_last_day_is_included_and_days_are_vietnamese() {
        let p = Period::parse(Some("2026-11-01"), Some("2026-11-30"), day("2026-11-26")).unwrap();
        assert_eq!(p.len(), 30);
        // Midnight in Hà Nội is 17:00 UTC the day before.
        assert_eq!(p.start().to_rfc3339(), "2026-10-31T17:00:00+00:00");
        assert_eq!(p.end().to_rfc3339(), "2026-11-30T17:00:00+00:00");
        let one = Period::parse(Some("2026-11-05"), Some("2026-11-05"), day("2026-11-26")).unwrap();
        assert_eq!(one.days(), [day("2026-11-05")]);
    }

    #[test]
    fn bad_dates_name_their_field() {
        let today = day("2026-11-26");
        for (tu, den, field) in [
            ("2026-13-01", "", "tu"),
            ("hôm qua", "", "tu"),
            ("", "30/11/2026", "den"),
            ("2026-11-30", "2026-11-01", "den"),
            ("2024-01-01", "2026-01-01", "den"),
            ("2026-1-1", "", "tu"),
        ] {
            match Period::parse(Some(tu), Some(den), today) {
                Err(Error::Invalid(fields)) => assert!(fields.get(field).is_some(), "{tu} {den}: {fields:?}"),
                other => panic!("{tu} {den}: {other:?}"),
            }
        }
    }
}
