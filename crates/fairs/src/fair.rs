//! Creating a fair, finding fairs, and where a fair stands in time.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone as _, Utc};
use ocop_catalog::audit;
use ocop_core::{Actor, Error, FieldErrors, Role, provinces, text};
use ocop_orders::code::vietnam_offset;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionSession,
    TransactionTrait,
};
use serde::{Deserialize, Serialize};

use crate::entity::{fair, fair_province};

/// `campaign`: a promotion campaign ("Quà Tết OCOP Quảng Ninh", "Tuần hàng OCOP"): online
/// only, shops join instead of taking booths, and their campaign prices are fair prices.
pub const VENUE_KINDS: [&str; 4] = ["place", "online", "both", "campaign"];

/// Sold online only, with no venue: an online fair or a campaign.
pub fn online_only(kind: &str) -> bool {
    matches!(kind, "online" | "campaign")
}
pub const MAX_BOOTHS: i64 = 1_000;

/// A fair as the organiser's form or the API sends it. Times are Vietnam's wall clock:
/// `2026-06-12T08:00` or a bare date (a start date opens at 00:00, an end date closes at
/// the end of that day).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct FairInput {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub venue_kind: String,
    #[serde(default)]
    pub venue: String,
    #[serde(default)]
    pub host_province: String,
    #[serde(default)]
    pub starts_at: String,
    #[serde(default)]
    pub ends_at: String,
    #[serde(default, deserialize_with = "text_or_number")]
    pub booth_limit: String,
    #[serde(default, deserialize_with = "text_or_number")]
    pub grid_columns: String,
    /// Province names or codes, separated by commas or new lines.
    #[serde(default)]
    pub invited_provinces: String,
}

/// A form sends numbers as text, the API as numbers: both read the same.
fn text_or_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Either {
        Text(String),
        Number(i64),
    }
    Ok(match Option::<Either>::deserialize(d)? {
        Some(Either::Text(s)) => s,
        Some(Either::Number(n)) => n.to_string(),
        None => String::new(),
    })
}

/// Where a fair stands now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Upcoming,
    Live,
    Ended,
}

impl Phase {
    pub fn of(fair: &fair::Model, now: DateTime<Utc>) -> Self {
        if now < fair.starts_at {
            Self::Upcoming
        } else if now < fair.ends_at {
            Self::Live
        } else {
            Self::Ended
        }
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Self::Upcoming => "Sắp diễn ra",
            Self::Live => "Đang diễn ra",
            Self::Ended => "Đã kết thúc",
        }
    }
}

pub fn venue_label(kind: &str) -> &'static str {
    match kind {
        "place" => "Tại địa điểm",
        "online" => "Trực tuyến",
        "campaign" => "Chiến dịch khuyến mại trực tuyến",
        _ => "Tại địa điểm và trực tuyến",
    }
}

/// Reads a Vietnam wall-clock time; a bare date is its first moment, or with `end_of_day`
/// the first moment of the next day.
fn vn_instant(input: &str, end_of_day: bool) -> Option<DateTime<Utc>> {
    let s = input.trim();
    // An API client may send an instant with its offset.
    if let Ok(at) = DateTime::parse_from_rfc3339(s) {
        return Some(at.with_timezone(&Utc));
    }
    let local = if let Ok(at) = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M") {
        at
    } else if let Ok(at) = NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M") {
        at
    } else {
        let day = NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
        let day = if end_of_day { day.succ_opt()? } else { day };
        day.and_time(NaiveTime::MIN)
    };
    vietnam_offset().from_local_datetime(&local).single().map(|at| at.with_timezone(&Utc))
}

/// The fair a valid input describes.
#[derive(Debug, Clone)]
pub struct NewFair {
    pub name: String,
    pub description: String,
    pub venue_kind: String,
    pub venue: String,
    pub host_province: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub booth_limit: i32,
    pub grid_columns: i32,
    /// The host first, then the invited provinces, each once.
    pub provinces: Vec<String>,
}

/// Checks a fair input, naming every bad field.
///
/// # Errors
/// The fields that cannot be read, in Vietnamese.
pub fn check(input: &FairInput) -> Result<NewFair, FieldErrors> {
    let mut errors = FieldErrors::new();
    let name = text::clean_line(&input.name);
    if !(5..=160).contains(&name.chars().count()) {
        errors.add("name", "Tên hội chợ: 5–160 ký tự");
    }
    let description = text::nfc(input.description.trim());
    if description.chars().count() > 5_000 {
        errors.add("description", "Giới thiệu: tối đa 5.000 ký tự");
    }
    let venue_kind = input.venue_kind.trim().to_ascii_lowercase();
    if !VENUE_KINDS.contains(&venue_kind.as_str()) {
        errors.add(
            "venue_kind",
            "Chọn hình thức: tại địa điểm (place), trực tuyến (online), cả hai (both) hoặc chiến dịch khuyến mại (campaign)",
        );
    }
    let venue = text::clean_line(&input.venue);
    if !online_only(&venue_kind) && !(3..=200).contains(&venue.chars().count()) {
        errors.add("venue", "Cần địa điểm tổ chức (3–200 ký tự)");
    }
    let host = provinces::find(&input.host_province);
    if host.is_none() {
        errors.add("host_province", "Không nhận ra tỉnh/thành phố đăng cai");
    }
    let starts_at = vn_instant(&input.starts_at, false);
    let ends_at = vn_instant(&input.ends_at, true);
    match (starts_at, ends_at) {
        (None, _) => errors.add("starts_at", "Ngày bắt đầu: viết 2026-06-12 hoặc 2026-06-12T08:00"),
        (_, None) => errors.add("ends_at", "Ngày kết thúc: viết 2026-06-18 hoặc 2026-06-18T22:00"),
        (Some(s), Some(e)) if e <= s => errors.add("ends_at", "Ngày kết thúc phải sau ngày bắt đầu"),
        (Some(s), Some(e)) if e - s > Duration::days(60) => errors.add("ends_at", "Một hội chợ kéo dài tối đa 60 ngày"),
        _ => {}
    }
    let booth_limit = match input.booth_limit.trim().parse::<i64>() {
        Ok(n) if (1..=MAX_BOOTHS).contains(&n) => n,
        _ => {
            errors.add("booth_limit", format!("Số gian hàng tối đa: từ 1 đến {MAX_BOOTHS}"));
            0
        }
    };
    let grid_columns = match input.grid_columns.trim() {
        "" => default_columns(booth_limit),
        s => match s.parse::<i64>() {
            Ok(n) if (1..=40).contains(&n) => n,
            _ => {
                errors.add("grid_columns", "Số gian mỗi hàng trên sơ đồ: từ 1 đến 40");
                0
            }
        },
    };
    let mut codes: Vec<String> = host.map(|p| p.code.to_owned()).into_iter().collect();
    for name in input.invited_provinces.split([',', ';', '\n']).map(str::trim).filter(|s| !s.is_empty()) {
        match provinces::find(name) {
            Some(p) if !codes.iter().any(|c| c == p.code) => codes.push(p.code.to_owned()),
            Some(_) => {}
            None => errors.add("invited_provinces", format!("Không nhận ra tỉnh/thành phố \"{name}\"")),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(NewFair {
        name,
        description,
        venue: if online_only(&venue_kind) { String::new() } else { venue },
        venue_kind,
        host_province: codes.first().cloned().unwrap_or_default(),
        starts_at: starts_at.unwrap_or_default(),
        ends_at: ends_at.unwrap_or_default(),
        booth_limit: i32::try_from(booth_limit).unwrap_or(1),
        grid_columns: i32::try_from(grid_columns).unwrap_or(10),
        provinces: codes,
    })
}

/// About square, at most 20 wide: 30 booths → 6 a row, 300 → 18.
fn default_columns(booths: i64) -> i64 {
    let mut columns = 1;
    while columns * columns < booths && columns < 20 {
        columns += 1;
    }
    columns
}

/// Whether `actor` organises fairs in `province`: admins everywhere, coordinators at home.
/// A rule on data (the coordinator's provinces), so the services keep asking it.
///
/// # Errors
/// [`Error::Forbidden`] for anyone else.
pub async fn may_organise<C: ConnectionTrait>(db: &C, actor: &Actor, province: &str) -> Result<(), Error> {
    match actor.role {
        Role::Admin => Ok(()),
        Role::Coordinator
            if ocop_catalog::coordinators::provinces_of(db, actor.user_id).await?.iter().any(|p| p == province) =>
        {
            Ok(())
        }
        _ => Err(Error::Forbidden),
    }
}

/// Creates a fair for its organiser.
///
/// # Errors
/// [`Error::Invalid`] naming each bad field; [`Error::Forbidden`] for a coordinator of
/// another province.
pub async fn create<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    organiser: &Actor,
    input: &FairInput,
) -> Result<fair::Model, Error> {
    let new = check(input).map_err(Error::Invalid)?;
    may_organise(db, organiser, &new.host_province).await?;
    let base = text::slug_base(&new.name, "hoi-cho", 100);
    let taken: Vec<String> = fair::Entity::find()
        .filter(fair::Column::Slug.starts_with(&base))
        .all(db)
        .await?
        .into_iter()
        .map(|f| f.slug)
        .collect();
    let slug = text::first_free_slug(base, |s| !taken.iter().any(|t| t == s));
    let tx = ocop_core::db::begin_write(db).await?;
    let row = fair::ActiveModel {
        slug: Set(slug),
        name: Set(new.name),
        description: Set(new.description),
        venue_kind: Set(new.venue_kind),
        venue: Set(new.venue),
        host_province: Set(new.host_province),
        starts_at: Set(new.starts_at),
        ends_at: Set(new.ends_at),
        booth_limit: Set(new.booth_limit),
        grid_columns: Set(new.grid_columns),
        created_by: Set(organiser.user_id),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&tx)
    .await
    .map_err(|e| ocop_core::error::conflict_on_unique(e, || Error::invalid("name", "Đã có hội chợ trùng tên")))?;
    for code in new.provinces {
        fair_province::ActiveModel { fair_id: Set(row.id), province_code: Set(code) }.insert(&tx).await?;
    }
    let after =
        serde_json::json!({"name": row.name, "host_province": row.host_province, "booth_limit": row.booth_limit});
    audit::record(&tx, entry(organiser, "fair.create", row.id, None, after)).await?;
    tx.commit().await?;
    Ok(row)
}

/// Changes a fair's details (not its slug: links and printed QR codes keep working). The
/// booth limit cannot drop below a booth number already given; shops already accepted
/// keep their booths if their province is no longer invited.
///
/// # Errors
/// [`Error::Invalid`] naming each bad field; [`Error::Forbidden`] unless the user organises
/// in both the old and the new host province.
pub async fn update<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    organiser: &Actor,
    fair: &fair::Model,
    input: &FairInput,
) -> Result<fair::Model, Error> {
    may_organise(db, organiser, &fair.host_province).await?;
    let new = check(input).map_err(Error::Invalid)?;
    may_organise(db, organiser, &new.host_province).await?;
    let highest = crate::entity::fair_booth::Entity::find()
        .filter(crate::entity::fair_booth::Column::FairId.eq(fair.id))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|b| b.booth_number)
        .max()
        .unwrap_or(0);
    if new.booth_limit < highest {
        return Err(Error::invalid(
            "booth_limit",
            format!("Gian số {highest} đã có chủ: số gian tối đa phải từ {highest} trở lên"),
        ));
    }
    let tx = ocop_core::db::begin_write(db).await?;
    let mut row: fair::ActiveModel = fair.clone().into();
    row.name = Set(new.name);
    row.description = Set(new.description);
    row.venue_kind = Set(new.venue_kind);
    row.venue = Set(new.venue);
    row.host_province = Set(new.host_province);
    row.starts_at = Set(new.starts_at);
    row.ends_at = Set(new.ends_at);
    row.booth_limit = Set(new.booth_limit);
    row.grid_columns = Set(new.grid_columns);
    let updated = row.update(&tx).await?;
    fair_province::Entity::delete_many().filter(fair_province::Column::FairId.eq(fair.id)).exec(&tx).await?;
    for code in new.provinces {
        fair_province::ActiveModel { fair_id: Set(fair.id), province_code: Set(code) }.insert(&tx).await?;
    }
    let shape = |f: &fair::Model| serde_json::json!({"name": f.name, "host_province": f.host_province, "booth_limit": f.booth_limit});
    audit::record(&tx, entry(organiser, "fair.update", fair.id, Some(shape(fair)), shape(&updated))).await?;
    tx.commit().await?;
    Ok(updated)
}

/// The audit entry of an organiser's change to a fair or its booths.
pub(crate) fn entry<'a>(
    actor: &Actor,
    action: &'a str,
    id: i64,
    before: Option<serde_json::Value>,
    after: serde_json::Value,
) -> audit::Entry<'a> {
    let entity = if action.starts_with("fair_booth.") { "fair_booth" } else { "fair" };
    audit::Entry {
        actor_id: Some(actor.user_id),
        action,
        entity,
        entity_id: id,
        before,
        after: Some(after),
        reason: None,
    }
}

impl FairInput {
    /// The form as it would be filled for `fair` (times in Vietnam's wall clock).
    pub fn of(fair: &fair::Model, provinces: &[String]) -> Self {
        let local = |at: DateTime<Utc>| at.with_timezone(&vietnam_offset()).format("%Y-%m-%dT%H:%M").to_string();
        Self {
            name: fair.name.clone(),
            description: fair.description.clone(),
            venue_kind: fair.venue_kind.clone(),
            venue: fair.venue.clone(),
            host_province: province_name(&fair.host_province),
            starts_at: local(fair.starts_at),
            ends_at: local(fair.ends_at),
            booth_limit: fair.booth_limit.to_string(),
            grid_columns: fair.grid_columns.to_string(),
            invited_provinces: provinces.iter().skip(1).map(|c| province_name(c)).collect::<Vec<_>>().join(", "),
        }
    }
}

/// # Errors
/// [`Error::NotFound`] for an unknown slug.
pub async fn by_slug<C: ConnectionTrait>(db: &C, slug: &str) -> Result<fair::Model, Error> {
    fair::Entity::find()
        .filter(fair::Column::Slug.eq(slug))
        .one(db)
        .await?
        .ok_or(Error::NotFound { what: "hội chợ" })
}

/// # Errors
/// [`Error::NotFound`] for an unknown id.
pub async fn by_id<C: ConnectionTrait>(db: &C, id: i64) -> Result<fair::Model, Error> {
    fair::Entity::find_by_id(id).one(db).await?.ok_or(Error::NotFound { what: "hội chợ" })
}

/// Every fair, the soonest to start last-first: live and upcoming ones before past ones.
///
/// # Errors
/// The database cannot be read.
pub async fn all<C: ConnectionTrait>(db: &C) -> Result<Vec<fair::Model>, Error> {
    Ok(fair::Entity::find().order_by_desc(fair::Column::StartsAt).all(db).await?)
}

/// Fairs running at `at`, the soonest to close first.
///
/// # Errors
/// The database cannot be read.
pub async fn running<C: ConnectionTrait>(db: &C, at: DateTime<Utc>, limit: u64) -> Result<Vec<fair::Model>, Error> {
    use sea_orm::QuerySelect as _;
    Ok(fair::Entity::find()
        .filter(fair::Column::StartsAt.lte(at))
        .filter(fair::Column::EndsAt.gt(at))
        .order_by_asc(fair::Column::EndsAt)
        .limit(limit)
        .all(db)
        .await?)
}

/// The provinces whose shops may apply (the host first).
///
/// # Errors
/// The database cannot be read.
pub async fn provinces_of<C: ConnectionTrait>(db: &C, fair: &fair::Model) -> Result<Vec<String>, Error> {
    let mut codes: Vec<String> = fair_province::Entity::find()
        .filter(fair_province::Column::FairId.eq(fair.id))
        .all(db)
        .await?
        .into_iter()
        .map(|p| p.province_code)
        .filter(|c| *c != fair.host_province)
        .collect();
    codes.sort();
    codes.insert(0, fair.host_province.clone());
    Ok(codes)
}

/// A province's name for pages, or its code when unknown.
pub fn province_name(code: &str) -> String {
    provinces::by_code_exact(code).map_or_else(|| code.to_owned(), |p| p.name.to_owned())
}

#[cfg(test)]
mod tests {
    #![expect(clippy::unwrap_used, reason = "fixtures")]
    use super::*;

    fn input() -> FairInput {
        FairInput {
            name: "Hội chợ OCOP Quảng Ninh hè".into(),
            venue_kind: "both".into(),
            venue: "Cung Triển lãm Quy hoạch Quảng Ninh".into(),
            host_province: "Quảng Ninh".into(),
            starts_at: "2026-06-12T08:00".into(),
            ends_at: "2026-06-18".into(),
            booth_limit: "300".into(),
            invited_provinces: "Hà Nội, hai phong\nQuảng Ninh".into(),
            ..FairInput::default()
        }
    }

    #[test]
    fn reads_vietnam_times_and_provinces() {
        let fair = check(&input()).unwrap();
        assert_eq!(fair.starts_at.to_rfc3339(), "2026-06-12T01:00:00+00:00");
        // A bare end date closes at the end of that day in Vietnam.
        assert_eq!(fair.ends_at.to_rfc3339(), "2026-06-18T17:00:00+00:00");
        assert_eq!(fair.provinces, ["quang-ninh", "ha-noi", "hai-phong"]);
        assert_eq!(fair.grid_columns, 18);
        let json: FairInput = serde_json::from_str(
            r#"{"booth_limit": 30, "grid_columns": "6", "starts_at": "2026-06-12T08:00:00+07:00"}"#,
        )
        .unwrap();
        assert_eq!((json.booth_limit.as_str(), json.grid_columns.as_str()), ("30", "6"));
        assert_eq!(vn_instant(&json.starts_at, false).unwrap().to_rfc3339(), "2026-06-12T01:00:00+00:00");
    }

    #[test]
    fn names_every_bad_field() {
        let bad = FairInput {
            name: "HC".into(),
            venue_kind: "boat".into(),
            host_province: "Atlantis".into(),
            starts_at: "2026-06-18".into(),
            ends_at: "2026-06-12".into(),
            booth_limit: "0".into(),
            invited_provinces: "Narnia".into(),
            ..FairInput::default()
        };
        let errors = check(&bad).unwrap_err();
        for field in ["name", "venue_kind", "host_province", "ends_at", "booth_limit", "invited_provinces"] {
            assert!(errors.get(field).is_some(), "{field} not named: {errors:?}");
        }
    }

    #[test]
    fn online_fairs_need_no_venue() {
        let fair = check(&FairInput { venue_kind: "online".into(), venue: String::new(), ..input() }).unwrap();
        assert_eq!(fair.venue, "");
    }
}
