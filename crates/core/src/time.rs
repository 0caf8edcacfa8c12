//! Vietnam's clock and calendar, in one place. Instants are stored in UTC; every date or
//! time a person reads, and every "per day" or "per month" a report groups by, is
//! Asia/Ho_Chi_Minh. Vietnam keeps UTC+7 all year (no daylight saving), so a fixed offset
//! is exact, in Rust and in SQL alike, with no time-zone database needed.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, Offset as _, TimeZone as _, Utc};
use sea_orm::DatabaseBackend;

/// Vietnam's offset from UTC, in hours.
pub const VN_OFFSET_HOURS: i32 = 7;

/// Vietnam's offset from UTC, in seconds.
pub const VN_OFFSET_SECS: i32 = VN_OFFSET_HOURS * 3600;

/// UTC+07:00.
pub fn vn_offset() -> FixedOffset {
    // Always in range (|offset| < 24 h); UTC only to avoid a panic path.
    FixedOffset::east_opt(VN_OFFSET_SECS).unwrap_or_else(|| Utc.fix())
}

/// An instant on Vietnam's clock.
pub fn in_vn(at: DateTime<Utc>) -> DateTime<FixedOffset> {
    at.with_timezone(&vn_offset())
}

/// The Vietnamese calendar day an instant falls on: 17:30 UTC on 2 December is
/// 00:30 on 3 December in Hà Nội, so the 3rd.
pub fn vn_date(at: DateTime<Utc>) -> NaiveDate {
    in_vn(at).date_naive()
}

/// Today in Vietnam.
pub fn vn_today() -> NaiveDate {
    vn_date(Utc::now())
}

/// The first moment of a Vietnamese day, in UTC (17:00 UTC the day before).
pub fn vn_day_start(day: NaiveDate) -> DateTime<Utc> {
    let midnight = day.and_time(NaiveTime::MIN);
    vn_offset().from_local_datetime(&midnight).single().map_or_else(|| midnight.and_utc(), |at| at.with_timezone(&Utc))
}

/// A day as written in Vietnam: `03/12/2026`.
pub fn format_date(day: NaiveDate) -> String {
    day.format("%d/%m/%Y").to_string()
}

/// An instant's Vietnamese date as written in Vietnam: `03/12/2026`.
pub fn format_vn_date(at: DateTime<Utc>) -> String {
    format_date(vn_date(at))
}

/// An instant as people in Vietnam read it: `00:30 03/12/2026`.
pub fn format_vn_time(at: DateTime<Utc>) -> String {
    in_vn(at).format("%H:%M %d/%m/%Y").to_string()
}

/// SQL for the Vietnamese calendar day of a UTC timestamp column, as `YYYY-MM-DD` text,
/// on SQLite (text timestamps) and PostgreSQL (`timestamptz`) alike.
pub fn sql_vn_day(backend: DatabaseBackend, column: &str) -> String {
    sql_vn_format(backend, column, "YYYY-MM-DD", "%Y-%m-%d")
}

/// SQL for the Vietnamese calendar month of a UTC timestamp column, as `YYYY-MM` text.
pub fn sql_vn_month(backend: DatabaseBackend, column: &str) -> String {
    sql_vn_format(backend, column, "YYYY-MM", "%Y-%m")
}

fn sql_vn_format(backend: DatabaseBackend, column: &str, pg_pattern: &str, sqlite_pattern: &str) -> String {
    match backend {
        // `AT TIME ZONE 'UTC'` gives the UTC wall clock whatever the session's zone is.
        DatabaseBackend::Postgres => {
            format!("to_char(({column} AT TIME ZONE 'UTC') + INTERVAL '{VN_OFFSET_HOURS} hours', '{pg_pattern}')")
        }
        _ => format!("strftime('{sqlite_pattern}', {column}, '+{VN_OFFSET_HOURS} hours')"),
    }
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone as _, Utc};
    use sea_orm::DatabaseBackend;

    use super::*;

    #[test]
    fn half_past_midnight_in_hanoi_is_the_next_day_in_vietnam() {
        let at = Utc.with_ymd_and_hms(2026, 12, 2, 17, 30, 0).single();
        let at = at.unwrap_or_default();
        assert_eq!(vn_date(at), NaiveDate::from_ymd_opt(2026, 12, 3).unwrap_or_default());
        assert_eq!(format_vn_date(at), "03/12/2026");
        assert_eq!(format_vn_time(at), "00:30 03/12/2026");
        let before = Utc.with_ymd_and_hms(2026, 12, 2, 16, 59, 59).single().unwrap_or_default();
        assert_eq!(format_vn_date(before), "02/12/2026");
    }

    #[test]
    fn a_vietnamese_day_starts_at_five_pm_utc_the_day_before() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap_or_default();
        assert_eq!(vn_day_start(day), Utc.with_ymd_and_hms(2026, 12, 2, 17, 0, 0).single().unwrap_or_default());
        assert_eq!(vn_date(vn_day_start(day)), day);
    }

    #[test]
    fn sql_shifts_by_seven_hours_on_both_backends() {
        assert_eq!(
            sql_vn_day(DatabaseBackend::Sqlite, "o.created_at"),
            "strftime('%Y-%m-%d', o.created_at, '+7 hours')"
        );
        assert_eq!(
            sql_vn_month(DatabaseBackend::Postgres, "e.created_at"),
            "to_char((e.created_at AT TIME ZONE 'UTC') + INTERVAL '7 hours', 'YYYY-MM')"
        );
    }
}
