//! A fair as pages and the API show it: its phase, venue, host and guests, and the
//! countdown in words.

use chrono::Utc;
use ocop_core::Error;
use ocop_fairs::entity::fair;
use ocop_fairs::{Phase, booths, fair as fairs};
use serde::Serialize;

/// A fair as pages show it.
#[derive(Debug, Clone, Serialize)]
pub struct FairCard {
    #[serde(flatten)]
    pub fair: fair::Model,
    pub phase: Phase,
    pub phase_label: &'static str,
    pub venue_label: &'static str,
    pub host_name: String,
    /// The other invited provinces, by name.
    pub guests: Vec<String>,
    /// What the countdown counts to: the opening, or the close while it runs.
    pub countdown_to: Option<String>,
    pub countdown_text: String,
    pub countdown_text_en: String,
    pub accepted: usize,
}

/// "3 ngày 4 giờ", "45 phút": time left, the way a poster says it (and in English).
fn remaining(seconds: i64) -> (String, String) {
    let (days, hours, minutes) = (seconds / 86_400, seconds % 86_400 / 3_600, seconds % 3_600 / 60);
    match (days, hours) {
        (0, 0) => (format!("{} phút", minutes.max(1)), format!("{} min", minutes.max(1))),
        (0, h) => (format!("{h} giờ {minutes} phút"), format!("{h} h {minutes} min")),
        (d, h) => (format!("{d} ngày {h} giờ"), format!("{d} d {h} h")),
    }
}

pub async fn card<C: sea_orm::ConnectionTrait>(db: &C, fair: fair::Model) -> Result<FairCard, Error> {
    let now = Utc::now();
    let phase = Phase::of(&fair, now);
    let target = match phase {
        Phase::Upcoming => Some(fair.starts_at),
        Phase::Live => Some(fair.ends_at),
        Phase::Ended => None,
    };
    let left = target.map(|t| remaining((t - now).num_seconds())).unwrap_or_default();
    let provinces = fairs::provinces_of(db, &fair).await?;
    let accepted = booths::accepted(db, fair.id).await?.len();
    Ok(FairCard {
        phase,
        phase_label: phase.label_vi(),
        venue_label: fairs::venue_label(&fair.venue_kind),
        host_name: fairs::province_name(&fair.host_province),
        guests: provinces.iter().skip(1).map(|c| fairs::province_name(c)).collect(),
        countdown_to: target.map(|t| t.to_rfc3339()),
        countdown_text: left.0,
        countdown_text_en: left.1,
        accepted,
        fair,
    })
}
