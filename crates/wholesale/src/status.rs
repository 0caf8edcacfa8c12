//! The states of a request and of an offer, and the moves between them.
//!
//! A request is `open` until the buyer accepts an offer (`matched`), closes it (`closed`),
//! or its deadline passes (`expired`). An offer is `pending` until the buyer accepts it
//! (`accepted`) or the request ends any other way (`declined`). Nothing goes back.

use chrono::NaiveDate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    Open,
    Matched,
    Closed,
    Expired,
}

impl RequestStatus {
    pub const ALL: [RequestStatus; 4] = [Self::Open, Self::Matched, Self::Closed, Self::Expired];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Matched => "matched",
            Self::Closed => "closed",
            Self::Expired => "expired",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == raw.trim())
    }

    /// What the request is now: an open request past its deadline is expired even before
    /// the clock has written it down.
    pub fn effective(stored: &str, deadline: NaiveDate, today: NaiveDate) -> Self {
        match Self::parse(stored) {
            Some(Self::Open) | None if deadline < today => Self::Expired,
            Some(s) => s,
            None => Self::Closed,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OfferStatus {
    Pending,
    Accepted,
    Declined,
}

impl OfferStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Accepted => "accepted",
            Self::Declined => "declined",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RequestStatus;
    use chrono::NaiveDate;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap_or_default()
    }

    #[test]
    fn an_open_request_past_its_deadline_reads_as_expired() {
        assert_eq!(RequestStatus::effective("open", day(10), day(10)), RequestStatus::Open, "open all of its last day");
        assert_eq!(RequestStatus::effective("open", day(10), day(11)), RequestStatus::Expired);
        assert_eq!(RequestStatus::effective("matched", day(10), day(11)), RequestStatus::Matched);
        assert_eq!(RequestStatus::effective("closed", day(10), day(1)), RequestStatus::Closed);
        assert_eq!(RequestStatus::parse("matched"), Some(RequestStatus::Matched));
        assert_eq!(RequestStatus::parse("done"), None);
    }
}
