//! A shopper's vouchers: saving one from a page, and which ones they may use now.

use chrono::{DateTime, Utc};
use ocop_core::Error;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, Set, Statement};

use crate::conflicts;
use crate::entity::{voucher, voucher_wallet};
use crate::pricing::Offer;
use crate::vouchers::{self, ACTIVE};

/// Saves a running voucher for the shopper; saving it again changes nothing. Returns
/// whether this call saved it.
///
/// # Errors
/// [`Error::NotFound`] for an unknown or paused voucher, [`Error::Conflict`] when it ended
/// or ran out.
pub async fn claim<C: ConnectionTrait>(db: &C, user_id: i64, code: &str) -> Result<bool, Error> {
    let code = vouchers::normalise_code(code);
    let found = voucher::Entity::find()
        .filter(voucher::Column::Code.eq(code.clone()))
        .one(db)
        .await?
        .filter(|v| v.status == ACTIVE);
    let Some(v) = found else { return Err(Error::NotFound { what: "mã giảm giá" }) };
    let now = Utc::now();
    if v.ends_at <= now {
        return Err(not_running(&v.code, "đã hết hạn"));
    }
    if !vouchers::has_uses_left(&v) {
        return Err(used_up(&v.code));
    }
    let row = voucher_wallet::ActiveModel {
        voucher_id: Set(v.id),
        user_id: Set(user_id),
        uses: Set(0),
        claimed_at: Set(now),
    };
    let inserted = voucher_wallet::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([voucher_wallet::Column::VoucherId, voucher_wallet::Column::UserId])
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(inserted > 0)
}

pub(crate) fn not_running(code: &str, why: &str) -> Error {
    Error::Conflict {
        code: conflicts::VOUCHER_NOT_RUNNING,
        field: Some("voucher_codes"),
        message: format!("Mã {code} {why}: đơn chưa được đặt, hãy xem lại giỏ hàng"),
    }
}

pub(crate) fn used_up(code: &str) -> Error {
    Error::Conflict {
        code: conflicts::VOUCHER_USED_UP,
        field: Some("voucher_codes"),
        message: format!("Mã {code} vừa hết lượt dùng: đơn chưa được đặt, hãy xem lại giỏ hàng"),
    }
}

/// The shopper's uses of each of these vouchers and whether they saved it.
async fn wallet_of<C: ConnectionTrait>(db: &C, user_id: i64, ids: &[i64]) -> Result<Vec<voucher_wallet::Model>, Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(voucher_wallet::Entity::find()
        .filter(voucher_wallet::Column::UserId.eq(user_id))
        .filter(voucher_wallet::Column::VoucherId.is_in(ids.iter().copied()))
        .all(db)
        .await?)
}

/// Whether the shopper placed an order before (a cancelled one counts too: a first-order
/// voucher is for someone new to the marketplace).
async fn has_ordered<C: ConnectionTrait>(db: &C, user_id: i64) -> Result<bool, Error> {
    #[derive(FromQueryResult)]
    struct Found {
        n: i64,
    }
    let found = Found::find_by_statement(Statement::from_sql_and_values(
        db.get_database_backend(),
        "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM orders WHERE user_id = $1",
        [user_id.into()],
    ))
    .one(db)
    .await?;
    Ok(found.is_some_and(|f| f.n > 0))
}

/// Why the shopper may not use `v` now, if they may not.
fn refusal(
    v: &voucher::Model,
    wallet: Option<&voucher_wallet::Model>,
    ordered: bool,
    now: DateTime<Utc>,
) -> Option<Error> {
    if v.status != ACTIVE {
        return Some(not_running(&v.code, "đang tạm dừng"));
    }
    if v.starts_at > now {
        return Some(not_running(&v.code, &format!("bắt đầu từ {}", ocop_core::time::format_vn_time(v.starts_at))));
    }
    if v.ends_at <= now {
        return Some(not_running(&v.code, "đã hết hạn"));
    }
    if !vouchers::has_uses_left(v) {
        return Some(used_up(&v.code));
    }
    if wallet.is_some_and(|w| w.uses >= v.per_user_limit) {
        return Some(Error::Conflict {
            code: conflicts::VOUCHER_USED_UP,
            field: Some("voucher_codes"),
            message: format!("Bạn đã dùng hết lượt của mã {}", v.code),
        });
    }
    if v.claim_required && wallet.is_none() {
        return Some(Error::invalid(
            "voucher_codes",
            format!("Hãy lưu mã {} trên trang cửa hàng trước khi dùng", v.code),
        ));
    }
    if v.new_shopper_only && ordered {
        return Some(Error::invalid("voucher_codes", format!("Mã {} chỉ dành cho đơn hàng đầu tiên", v.code)));
    }
    None
}

/// The vouchers these codes name, checked for this shopper now.
///
/// # Errors
/// [`Error::Invalid`] on `voucher_codes` for an unknown code, one they must save first, or
/// a first-order voucher on a later order; [`Error::Conflict`] `voucher_used_up` or
/// `voucher_not_running` for one that ran out, ended or is paused.
pub async fn usable<C: ConnectionTrait>(db: &C, user_id: i64, codes: &[String]) -> Result<Vec<Offer>, Error> {
    let mut codes: Vec<String> = codes.iter().map(|c| vouchers::normalise_code(c)).filter(|c| !c.is_empty()).collect();
    codes.sort();
    codes.dedup();
    if codes.len() > 10 {
        return Err(Error::invalid("voucher_codes", "Tối đa 10 mã cho một đơn"));
    }
    let found = vouchers::by_codes(db, &codes).await?;
    if let Some(missing) = codes.iter().find(|c| !found.iter().any(|v| &v.code == *c)) {
        return Err(Error::invalid("voucher_codes", format!("Không có mã giảm giá {missing}")));
    }
    let ids: Vec<i64> = found.iter().map(|v| v.id).collect();
    let wallet = wallet_of(db, user_id, &ids).await?;
    let ordered = if found.iter().any(|v| v.new_shopper_only) { has_ordered(db, user_id).await? } else { false };
    let now = Utc::now();
    let mut offers = Vec::with_capacity(found.len());
    for v in &found {
        if let Some(refused) = refusal(v, wallet.iter().find(|w| w.voucher_id == v.id), ordered, now) {
            return Err(refused);
        }
        offers.push(vouchers::offer(v));
    }
    Ok(offers)
}

/// Vouchers the shopper may use now on goods of these shops (with the stored rows, in the
/// order they end), and those they could save first.
///
/// # Errors
/// Database errors.
pub async fn candidates<C: ConnectionTrait>(
    db: &C,
    user_id: Option<i64>,
    shop_ids: &[i64],
    province_codes: &[String],
) -> Result<Candidates, Error> {
    let now = Utc::now();
    let running = vouchers::running_for(db, shop_ids, province_codes, now).await?;
    let ids: Vec<i64> = running.iter().map(|v| v.id).collect();
    let wallet = match user_id {
        Some(user) => wallet_of(db, user, &ids).await?,
        None => Vec::new(),
    };
    let ordered = match user_id {
        Some(user) if running.iter().any(|v| v.new_shopper_only) => has_ordered(db, user).await?,
        _ => false,
    };
    let mut out = Candidates::default();
    for v in running {
        let saved = wallet.iter().find(|w| w.voucher_id == v.id);
        match refusal(&v, saved, ordered, now) {
            None => out.usable.push(v),
            Some(Error::Invalid(_)) if v.claim_required && saved.is_none() && !(v.new_shopper_only && ordered) => {
                out.to_save.push(v);
            }
            Some(_) => {}
        }
    }
    Ok(out)
}

#[derive(Debug, Default)]
pub struct Candidates {
    pub usable: Vec<voucher::Model>,
    pub to_save: Vec<voucher::Model>,
}

/// The shopper's saved vouchers still running, with their uses.
///
/// # Errors
/// Database errors.
pub async fn saved<C: ConnectionTrait>(db: &C, user_id: i64) -> Result<Vec<(voucher::Model, i32)>, Error> {
    let rows = voucher_wallet::Entity::find().filter(voucher_wallet::Column::UserId.eq(user_id)).all(db).await?;
    let ids: Vec<i64> = rows.iter().map(|w| w.voucher_id).collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let now = Utc::now();
    let found = voucher::Entity::find()
        .filter(voucher::Column::Id.is_in(ids))
        .filter(voucher::Column::EndsAt.gt(now))
        .all(db)
        .await?;
    let mut out: Vec<(voucher::Model, i32)> = found
        .into_iter()
        .map(|v| {
            let uses = rows.iter().find(|w| w.voucher_id == v.id).map_or(0, |w| w.uses);
            (v, uses)
        })
        .collect();
    out.sort_by_key(|(v, _)| v.ends_at);
    Ok(out)
}
