//! Booth applications and the booth grid. A booth number lies in 1..=the fair's booth
//! limit and is unique in the fair (a unique index), and only accepted booths hold one, so
//! the limit holds however many organisers accept at once.

use chrono::{DateTime, Utc};
use ocop_catalog::audit;
use ocop_catalog::entity::shop;
use ocop_catalog::shops::STATUS_VERIFIED;
use ocop_core::error::is_unique_violation;
use ocop_core::{Actor, Error, text};
use ocop_orders::notify::{self, Message};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde::Serialize;

use crate::conflicts;
use crate::entity::{fair, fair_booth, fair_price};
use crate::fair::{self as fairs, Phase};

pub const PENDING: &str = "pending";
pub const ACCEPTED: &str = "accepted";
pub const REJECTED: &str = "rejected";
pub const WITHDRAWN: &str = "withdrawn";

pub fn status_label(status: &str) -> &'static str {
    match status {
        PENDING => "Chờ duyệt",
        ACCEPTED => "Đã nhận gian",
        REJECTED => "Bị từ chối",
        _ => "Đã rút",
    }
}

/// Where the fair's booth page lives; the printed QR code at the booth points here.
pub fn booth_link(fair: &fair::Model, number: i32) -> String {
    format!("/hoi-cho/{}/gian/{number}", fair.slug)
}

/// A shop asks for a booth at `fair`.
///
/// # Errors
/// [`Error::Conflict`] `fair_ended`, `not_invited` (the shop's province is not invited),
/// `shop_not_verified`, `already_applied` (the existing application stands; a withdrawn
/// or rejected one is opened again).
pub async fn apply<C: ConnectionTrait>(
    db: &C,
    fair: &fair::Model,
    shop: &shop::Model,
    note: &str,
    now: DateTime<Utc>,
) -> Result<fair_booth::Model, Error> {
    if Phase::of(fair, now) == Phase::Ended {
        return Err(conflict(conflicts::FAIR_ENDED, None, "Hội chợ đã kết thúc"));
    }
    if shop.status != STATUS_VERIFIED {
        return Err(conflict(
            conflicts::SHOP_NOT_VERIFIED,
            None,
            "Gian hàng cần được xác minh trước khi đăng ký hội chợ",
        ));
    }
    if !fairs::provinces_of(db, fair).await?.contains(&shop.province_code) {
        return Err(conflict(
            conflicts::NOT_INVITED,
            None,
            &format!("Hội chợ chỉ mời doanh nghiệp của {}", invited_names(db, fair).await?),
        ));
    }
    let note = text::nfc(note.trim());
    if note.chars().count() > 500 {
        return Err(Error::invalid("note", "Lời nhắn: tối đa 500 ký tự"));
    }
    if let Some(existing) = of_shop(db, fair.id, shop.id).await? {
        if existing.status == PENDING || existing.status == ACCEPTED {
            return Err(conflict(conflicts::ALREADY_APPLIED, None, "Gian hàng đã đăng ký hội chợ này"));
        }
        // Asking again after withdrawing or a refusal: back in the queue.
        let mut again: fair_booth::ActiveModel = existing.into();
        again.status = Set(PENDING.into());
        again.note = Set(note);
        again.decision_note = Set(String::new());
        again.decided_by = Set(None);
        again.decided_at = Set(None);
        again.created_at = Set(now);
        return Ok(again.update(db).await?);
    }
    let row = fair_booth::ActiveModel {
        fair_id: Set(fair.id),
        shop_id: Set(shop.id),
        status: Set(PENDING.into()),
        booth_number: Set(None),
        note: Set(note),
        decision_note: Set(String::new()),
        decided_by: Set(None),
        decided_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .map_err(|e| {
        ocop_core::error::conflict_on_unique(e, || {
            conflict(conflicts::ALREADY_APPLIED, None, "Gian hàng đã đăng ký hội chợ này")
        })
    })?;
    Ok(row)
}

async fn invited_names<C: ConnectionTrait>(db: &C, fair: &fair::Model) -> Result<String, Error> {
    Ok(fairs::provinces_of(db, fair).await?.iter().map(|c| fairs::province_name(c)).collect::<Vec<_>>().join(", "))
}

fn conflict(code: &'static str, field: Option<&'static str>, message: &str) -> Error {
    Error::Conflict { code, field, message: message.to_owned() }
}

/// The shop's application at a fair, if any.
///
/// # Errors
/// The database cannot be read.
pub async fn of_shop<C: ConnectionTrait>(
    db: &C,
    fair_id: i64,
    shop_id: i64,
) -> Result<Option<fair_booth::Model>, Error> {
    Ok(fair_booth::Entity::find()
        .filter(fair_booth::Column::FairId.eq(fair_id))
        .filter(fair_booth::Column::ShopId.eq(shop_id))
        .one(db)
        .await?)
}

/// An application with its shop, for the organiser's list and the grid.
#[derive(Debug, Clone, Serialize)]
pub struct Booth {
    #[serde(flatten)]
    pub booth: fair_booth::Model,
    pub shop_slug: String,
    pub shop_name: String,
    pub shop_province: String,
    pub province_name: String,
    pub status_label: &'static str,
}

/// Every application at a fair: accepted by booth number, then pending oldest first, then
/// the rest.
///
/// # Errors
/// The database cannot be read.
pub async fn list<C: ConnectionTrait>(db: &C, fair_id: i64) -> Result<Vec<Booth>, Error> {
    let booths = fair_booth::Entity::find()
        .filter(fair_booth::Column::FairId.eq(fair_id))
        .order_by_asc(fair_booth::Column::CreatedAt)
        .all(db)
        .await?;
    let shops = shop::Entity::find().filter(shop::Column::Id.is_in(booths.iter().map(|b| b.shop_id))).all(db).await?;
    let mut out: Vec<Booth> = booths
        .into_iter()
        .filter_map(|booth| {
            let s = shops.iter().find(|s| s.id == booth.shop_id)?;
            Some(Booth {
                status_label: status_label(&booth.status),
                shop_slug: s.slug.clone(),
                shop_name: s.name.clone(),
                shop_province: s.province_code.clone(),
                province_name: fairs::province_name(&s.province_code),
                booth,
            })
        })
        .collect();
    let rank = |b: &Booth| match b.booth.status.as_str() {
        ACCEPTED => 0,
        PENDING => 1,
        _ => 2,
    };
    out.sort_by_key(|b| (rank(b), b.booth.booth_number.unwrap_or(i32::MAX)));
    Ok(out)
}

/// The accepted booths only, by number.
///
/// # Errors
/// The database cannot be read.
pub async fn accepted<C: ConnectionTrait>(db: &C, fair_id: i64) -> Result<Vec<Booth>, Error> {
    Ok(list(db, fair_id).await?.into_iter().filter(|b| b.booth.status == ACCEPTED).collect())
}

/// One cell of the booth map.
#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    pub number: i32,
    pub booth: Option<Booth>,
}

/// The booth map: `booth_limit` cells in rows of `grid_columns`.
pub fn grid(fair: &fair::Model, booths: &[Booth]) -> Vec<Vec<Cell>> {
    let columns = usize::try_from(fair.grid_columns.max(1)).unwrap_or(1);
    let cells: Vec<Cell> = (1..=fair.booth_limit)
        .map(|number| Cell {
            number,
            booth: booths.iter().find(|b| b.booth.status == ACCEPTED && b.booth.booth_number == Some(number)).cloned(),
        })
        .collect();
    cells.chunks(columns).map(<[Cell]>::to_vec).collect()
}

/// The organiser's answer to an application.
#[derive(Debug, Clone)]
pub enum Decision {
    /// At this number, or the lowest free one.
    Accept {
        number: Option<i32>,
    },
    Reject,
}

/// Accepts (giving a booth number) or rejects an application; the shop is told.
///
/// # Errors
/// [`Error::Forbidden`] for someone who does not organise this fair; [`Error::Invalid`]
/// on `booth_number` outside the grid; [`Error::Conflict`] `booth_taken` (that number is
/// someone else's), `fair_full` (every number is taken), `invalid_transition`.
pub async fn decide<C: ConnectionTrait>(
    db: &C,
    organiser: &Actor,
    fair: &fair::Model,
    booth_id: i64,
    decision: &Decision,
    note: &str,
) -> Result<fair_booth::Model, Error> {
    fairs::may_organise(db, organiser, &fair.host_province).await?;
    let booth = fair_booth::Entity::find_by_id(booth_id)
        .filter(fair_booth::Column::FairId.eq(fair.id))
        .one(db)
        .await?
        .ok_or(Error::NotFound { what: "đơn đăng ký gian hàng" })?;
    let note = text::clean_line(note).chars().take(500).collect::<String>();
    let now = Utc::now();
    let decided = match decision {
        Decision::Reject => {
            if booth.status == WITHDRAWN || booth.status == REJECTED {
                return Err(conflict(conflicts::INVALID_TRANSITION, None, "Đơn này đã đóng"));
            }
            let mut row: fair_booth::ActiveModel = booth.clone().into();
            row.status = Set(REJECTED.into());
            row.booth_number = Set(None);
            row.decision_note = Set(note);
            row.decided_by = Set(Some(organiser.user_id));
            row.decided_at = Set(Some(now));
            let row = row.update(db).await?;
            clear_prices(db, fair.id, booth.shop_id).await?;
            row
        }
        Decision::Accept { number } => {
            if booth.status == WITHDRAWN {
                return Err(conflict(conflicts::INVALID_TRANSITION, None, "Gian hàng đã rút đơn"));
            }
            if let Some(n) = number
                && !(1..=fair.booth_limit).contains(n)
            {
                return Err(Error::invalid(
                    "booth_number",
                    format!("Số gian từ 1 đến {} (số gian tối đa của hội chợ)", fair.booth_limit),
                ));
            }
            place(db, organiser, fair, booth, *number, note, now).await?
        }
    };
    let (title, body) = if decided.status == ACCEPTED {
        let number = decided.booth_number.unwrap_or_default();
        (
            format!("{}: gian số {number} đã được duyệt", fair.name),
            format!(
                "Gian hàng của bạn ở {} là gian số {number}. Đặt giá hội chợ và bán tại gian: {}",
                fair.name,
                booth_link(fair, number)
            ),
        )
    } else {
        (format!("{}: đơn đăng ký gian hàng chưa được nhận", fair.name), decided.decision_note.clone())
    };
    let link = format!("/hoi-cho/{}", fair.slug);
    notify::tell_shop(db, decided.shop_id, &Message { title, body, link: &link }).await?;
    let action = if decided.status == ACCEPTED { "fair_booth.accept" } else { "fair_booth.reject" };
    let after = serde_json::json!({"status": decided.status, "booth_number": decided.booth_number, "fair_id": fair.id});
    audit::record(db, fairs::entry(organiser, action, decided.id, None, after)).await?;
    Ok(decided)
}

/// Gives `booth` the number asked for, or the lowest free one, racing other acceptances on
/// the unique index.
async fn place<C: ConnectionTrait>(
    db: &C,
    organiser: &Actor,
    fair: &fair::Model,
    booth: fair_booth::Model,
    number: Option<i32>,
    note: String,
    now: DateTime<Utc>,
) -> Result<fair_booth::Model, Error> {
    for _ in 0..5 {
        let chosen = match number {
            Some(n) => n,
            None => match booth.booth_number.filter(|_| booth.status == ACCEPTED) {
                Some(kept) => kept,
                None => lowest_free(db, fair).await?.ok_or_else(|| full(fair))?,
            },
        };
        let mut row: fair_booth::ActiveModel = booth.clone().into();
        row.status = Set(ACCEPTED.into());
        row.booth_number = Set(Some(chosen));
        row.decision_note = Set(note.clone());
        row.decided_by = Set(Some(organiser.user_id));
        row.decided_at = Set(Some(now));
        match row.update(db).await {
            Ok(row) => return Ok(row),
            Err(e) if is_unique_violation(&e) => {
                if number.is_some() {
                    return Err(conflict(
                        conflicts::BOOTH_TAKEN,
                        Some("booth_number"),
                        &format!("Gian số {chosen} đã có chủ"),
                    ));
                }
                // Someone took the lowest free number first: look again.
            }
            Err(e) => return Err(e.into()),
        }
    }
    Err(full(fair))
}

fn full(fair: &fair::Model) -> Error {
    conflict(conflicts::FAIR_FULL, None, &format!("Hội chợ đã đủ {} gian hàng", fair.booth_limit))
}

async fn lowest_free<C: ConnectionTrait>(db: &C, fair: &fair::Model) -> Result<Option<i32>, Error> {
    let taken: Vec<i32> = fair_booth::Entity::find()
        .filter(fair_booth::Column::FairId.eq(fair.id))
        .filter(fair_booth::Column::BoothNumber.is_not_null())
        .all(db)
        .await?
        .into_iter()
        .filter_map(|b| b.booth_number)
        .collect();
    Ok((1..=fair.booth_limit).find(|n| !taken.contains(n)))
}

/// The shop takes back its application (or gives up its booth) before the fair ends.
///
/// # Errors
/// [`Error::NotFound`] when it never applied; [`Error::Conflict`] `fair_ended`.
pub async fn withdraw<C: ConnectionTrait>(db: &C, fair: &fair::Model, shop_id: i64) -> Result<(), Error> {
    if Phase::of(fair, Utc::now()) == Phase::Ended {
        return Err(conflict(conflicts::FAIR_ENDED, None, "Hội chợ đã kết thúc"));
    }
    let booth = of_shop(db, fair.id, shop_id).await?.ok_or(Error::NotFound { what: "đơn đăng ký gian hàng" })?;
    let mut row: fair_booth::ActiveModel = booth.into();
    row.status = Set(WITHDRAWN.into());
    row.booth_number = Set(None);
    row.update(db).await?;
    clear_prices(db, fair.id, shop_id).await
}

async fn clear_prices<C: ConnectionTrait>(db: &C, fair_id: i64, shop_id: i64) -> Result<(), Error> {
    fair_price::Entity::delete_many()
        .filter(fair_price::Column::FairId.eq(fair_id))
        .filter(fair_price::Column::ShopId.eq(shop_id))
        .exec(db)
        .await?;
    Ok(())
}

/// The booth at `number`, accepted.
///
/// # Errors
/// [`Error::NotFound`] when no accepted booth has that number.
pub async fn by_number<C: ConnectionTrait>(db: &C, fair: &fair::Model, number: i32) -> Result<Booth, Error> {
    accepted(db, fair.id)
        .await?
        .into_iter()
        .find(|b| b.booth.booth_number == Some(number))
        .ok_or(Error::NotFound { what: "gian hàng" })
}

/// The fairs a shop has a booth or an application at, newest first.
///
/// # Errors
/// The database cannot be read.
pub async fn fairs_of_shop<C: ConnectionTrait>(
    db: &C,
    shop_id: i64,
) -> Result<Vec<(fair::Model, fair_booth::Model)>, Error> {
    let booths = fair_booth::Entity::find().filter(fair_booth::Column::ShopId.eq(shop_id)).all(db).await?;
    let fairs = fair::Entity::find()
        .filter(fair::Column::Id.is_in(booths.iter().map(|b| b.fair_id)))
        .order_by_desc(fair::Column::StartsAt)
        .all(db)
        .await?;
    Ok(fairs
        .into_iter()
        .filter_map(|f| {
            let b = booths.iter().find(|b| b.fair_id == f.id)?.clone();
            Some((f, b))
        })
        .collect())
}
