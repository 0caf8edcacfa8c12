//! Paying shops. An admin makes a batch of every shop the marketplace owes (its payable
//! above the COD cash it holds) and that has a bank account on file, downloads it as the
//! bank's bulk-transfer CSV, and marks it paid once the bank has sent it: only then is it
//! posted to the ledger. One draft at a time (a unique index), so no shop is in two.

use chrono::Utc;
use ocop_catalog::audit;
use ocop_catalog::entity::shop;
use ocop_core::error::conflict_on_unique;
use ocop_core::{Actor, Error, Vnd};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, QueryOrder, Set,
    Statement, TransactionSession, TransactionTrait,
};
use serde::Serialize;

use crate::book;
use crate::conflicts;
use crate::entity::{payout_batch, payout_line};
use crate::ledger::{self, Account};

pub const DRAFT: &str = "draft";
pub const PAID: &str = "paid";
pub const CANCELLED: &str = "cancelled";

/// A shop the marketplace owes money to.
#[derive(Debug, Clone, Serialize)]
pub struct Owed {
    pub shop_id: i64,
    pub shop_name: String,
    pub slug: String,
    pub payable_vnd: i64,
    pub cod_receivable_vnd: i64,
    pub net_vnd: i64,
    /// Whether a payout account is on file; without one the shop waits.
    pub has_account: bool,
}

#[derive(Debug, FromQueryResult)]
struct Row {
    shop_id: i64,
    payable: i64,
    cod: i64,
}

/// Every shop whose payable exceeds the COD cash it holds, largest first.
///
/// # Errors
/// The database cannot be read.
pub async fn owed<C: ConnectionTrait>(db: &C) -> Result<Vec<Owed>, Error> {
    let backend = db.get_database_backend();
    let rows = Row::find_by_statement(Statement::from_string(
        backend,
        "SELECT shop_id, \
           CAST(COALESCE(-SUM(CASE WHEN account LIKE '%:payable' THEN amount_vnd END), 0) AS BIGINT) AS payable, \
           CAST(COALESCE(SUM(CASE WHEN account LIKE '%:cod_receivable' THEN amount_vnd END), 0) AS BIGINT) AS cod \
         FROM ledger_entries WHERE shop_id IS NOT NULL GROUP BY shop_id",
    ))
    .all(db)
    .await?;
    let rows: Vec<Row> = rows.into_iter().filter(|r| r.payable > r.cod).collect();
    let shops = shop::Entity::find().filter(shop::Column::Id.is_in(rows.iter().map(|r| r.shop_id))).all(db).await?;
    let mut out: Vec<Owed> = rows
        .into_iter()
        .filter_map(|r| {
            let s = shops.iter().find(|s| s.id == r.shop_id)?;
            Some(Owed {
                shop_id: s.id,
                shop_name: s.name.clone(),
                slug: s.slug.clone(),
                payable_vnd: r.payable,
                cod_receivable_vnd: r.cod,
                net_vnd: r.payable - r.cod,
                has_account: account_of(s).is_some(),
            })
        })
        .collect();
    out.sort_by(|a, b| b.net_vnd.cmp(&a.net_vnd).then(a.shop_id.cmp(&b.shop_id)));
    Ok(out)
}

/// A shop's payout account, when complete.
pub fn account_of(s: &shop::Model) -> Option<(String, String, String)> {
    let bin = s.payout_bank_bin.as_deref()?.trim();
    let account = s.payout_account.as_deref()?.trim();
    let name = s.payout_account_name.as_deref()?.trim();
    (!bin.is_empty() && !account.is_empty() && !name.is_empty()).then(|| (bin.into(), account.into(), name.into()))
}

/// Checks and stores where a shop wants its money. The holder's name is kept as the bank
/// spells it: upper-case ASCII.
///
/// # Errors
/// [`Error::Invalid`] naming `payout_bank_bin` (6 digits), `payout_account` (6–19 digits)
/// or `payout_account_name`.
pub async fn set_account<C: ConnectionTrait>(
    db: &C,
    shop_id: i64,
    bank_bin: &str,
    account: &str,
    account_name: &str,
) -> Result<(), Error> {
    let mut errors = ocop_core::FieldErrors::new();
    let bin = bank_bin.trim();
    if bin.len() != 6 || !bin.bytes().all(|b| b.is_ascii_digit()) {
        errors.add("payout_bank_bin", "Chọn ngân hàng (mã BIN 6 chữ số)");
    }
    let account: String = account.chars().filter(|c| !c.is_whitespace()).collect();
    if !(6..=19).contains(&account.len()) || !account.bytes().all(|b| b.is_ascii_digit()) {
        errors.add("payout_account", "Số tài khoản gồm 6–19 chữ số");
    }
    let name =
        ocop_core::text::fold_ascii(account_name).split_whitespace().collect::<Vec<_>>().join(" ").to_ascii_uppercase();
    let bank_char = |c: char| c.is_ascii_alphanumeric() || " .,&()/-".contains(c);
    if !name.chars().any(|c| c.is_ascii_alphabetic()) || name.len() > 80 || !name.chars().all(bank_char) {
        errors.add("payout_account_name", "Tên chủ tài khoản, đúng như ngân hàng ghi (chữ cái, chữ số)");
    }
    errors.into_result()?;
    let mut s: shop::ActiveModel =
        shop::Entity::find_by_id(shop_id).one(db).await?.ok_or(Error::NotFound { what: "cửa hàng" })?.into();
    s.payout_bank_bin = Set(Some(bin.to_owned()));
    s.payout_account = Set(Some(account));
    s.payout_account_name = Set(Some(name));
    s.update(db).await?;
    Ok(())
}

/// A batch with its lines and the shops' names.
#[derive(Debug, Clone, Serialize)]
pub struct Batch {
    pub batch: payout_batch::Model,
    pub lines: Vec<Line>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Line {
    pub line: payout_line::Model,
    pub shop_name: String,
    pub bank_name: String,
}

/// Makes a draft batch of every shop owed money with an account on file. `Ok(None)` when
/// there is nobody to pay. The admin who made it is recorded on the batch and in the audit log.
///
/// # Errors
/// [`Error::Conflict`] `payout_draft_exists` while another draft is open.
pub async fn create<C: ConnectionTrait + TransactionTrait>(db: &C, actor: &Actor) -> Result<Option<Batch>, Error> {
    let payable: Vec<Owed> = owed(db).await?.into_iter().filter(|o| o.has_account).collect();
    if payable.is_empty() {
        return Ok(None);
    }
    let tx = ocop_core::db::begin_write(db).await?;
    // The batch row first: on SQLite a transaction that starts by writing queues instead
    // of failing, and the one-draft index stops a second admin here.
    let batch = payout_batch::ActiveModel {
        status: Set(DRAFT.into()),
        total_vnd: Set(payable.iter().map(|o| o.net_vnd).sum()),
        created_by: Set(Some(actor.user_id)),
        created_at: Set(Utc::now()),
        paid_at: Set(None),
        ..Default::default()
    }
    .insert(&tx)
    .await
    .map_err(|e| {
        conflict_on_unique(e, || Error::Conflict {
            code: conflicts::PAYOUT_DRAFT_EXISTS,
            field: None,
            message: "Đang có một đợt chi trả nháp: chi trả hoặc huỷ đợt đó trước".into(),
        })
    })?;
    let shops = shop::Entity::find().filter(shop::Column::Id.is_in(payable.iter().map(|o| o.shop_id))).all(&tx).await?;
    for o in &payable {
        let Some((bin, account, name)) = shops.iter().find(|s| s.id == o.shop_id).and_then(account_of) else {
            continue;
        };
        payout_line::ActiveModel {
            batch_id: Set(batch.id),
            shop_id: Set(o.shop_id),
            amount_vnd: Set(o.net_vnd),
            cod_netted_vnd: Set(o.cod_receivable_vnd),
            bank_bin: Set(bin),
            account: Set(account),
            account_name: Set(name),
            ..Default::default()
        }
        .insert(&tx)
        .await?;
    }
    let after = serde_json::json!({"total_vnd": batch.total_vnd, "shops": payable.len()});
    audit::record(&tx, entry(actor, "payout.create", batch.id, Some(after))).await?;
    tx.commit().await?;
    get(db, batch.id).await.map(Some)
}

/// One batch with its lines.
///
/// # Errors
/// [`Error::NotFound`] for an unknown batch.
pub async fn get<C: ConnectionTrait>(db: &C, id: i64) -> Result<Batch, Error> {
    let batch =
        payout_batch::Entity::find_by_id(id).one(db).await?.ok_or(Error::NotFound { what: "đợt chi trả" })?;
    let lines = payout_line::Entity::find()
        .filter(payout_line::Column::BatchId.eq(id))
        .order_by_asc(payout_line::Column::Id)
        .all(db)
        .await?;
    let shops = shop::Entity::find().filter(shop::Column::Id.is_in(lines.iter().map(|l| l.shop_id))).all(db).await?;
    let lines = lines
        .into_iter()
        .map(|line| {
            let shop_name = shops.iter().find(|s| s.id == line.shop_id).map(|s| s.name.clone()).unwrap_or_default();
            let bank_name = crate::banks::name(&line.bank_bin).to_owned();
            Line { line, shop_name, bank_name }
        })
        .collect();
    Ok(Batch { batch, lines })
}

/// Every batch, newest first.
///
/// # Errors
/// The database cannot be read.
pub async fn list<C: ConnectionTrait>(db: &C) -> Result<Vec<payout_batch::Model>, Error> {
    Ok(payout_batch::Entity::find().order_by_desc(payout_batch::Column::Id).all(db).await?)
}

async fn move_draft<C: ConnectionTrait>(db: &C, id: i64, to: &str) -> Result<(), Error> {
    let paid_at = (to == PAID).then(Utc::now);
    let moved = db
        .execute_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            "UPDATE payout_batches SET status = $1, paid_at = $2 WHERE id = $3 AND status = $4",
            [to.into(), paid_at.into(), id.into(), DRAFT.into()],
        ))
        .await?;
    if moved.rows_affected() == 1 {
        return Ok(());
    }
    payout_batch::Entity::find_by_id(id).one(db).await?.ok_or(Error::NotFound { what: "đợt chi trả" })?;
    Err(Error::Conflict {
        code: conflicts::PAYOUT_NOT_DRAFT,
        field: None,
        message: "Đợt chi trả này đã được xử lý".into(),
    })
}

/// The audit entry of an admin's move on batch `id`.
fn entry<'a>(actor: &Actor, action: &'a str, id: i64, after: Option<serde_json::Value>) -> audit::Entry<'a> {
    audit::Entry {
        actor_id: Some(actor.user_id),
        action,
        entity: "payout_batch",
        entity_id: id,
        before: None,
        after,
        reason: None,
    }
}

/// The bank has sent the money: the batch is paid and each line is posted (payable
/// cleared, COD cash netted, the rest out of the bank). Recorded in the audit log with the
/// admin who marked it.
///
/// # Errors
/// [`Error::Conflict`] when the batch is not a draft.
pub async fn mark_paid<C: ConnectionTrait + TransactionTrait>(db: &C, actor: &Actor, id: i64) -> Result<Batch, Error> {
    let tx = ocop_core::db::begin_write(db).await?;
    move_draft(&tx, id, PAID).await?;
    let batch = get(&tx, id).await?;
    for l in &batch.lines {
        let payable = Vnd(l.line.amount_vnd + l.line.cod_netted_vnd);
        let key = format!("payout:{}:{}", id, l.line.shop_id);
        let posting = ledger::payout(l.line.shop_id, payable, Vnd(l.line.cod_netted_vnd), &key)?;
        book::post(&tx, &key, None, &format!("Chi trả đợt #{id}"), &posting).await?;
    }
    let after = serde_json::json!({"status": PAID, "total_vnd": batch.batch.total_vnd});
    audit::record(&tx, entry(actor, "payout.paid", id, Some(after))).await?;
    tx.commit().await?;
    get(db, id).await
}

/// Drops a draft; nothing was posted. Recorded in the audit log with the admin.
///
/// # Errors
/// [`Error::Conflict`] when the batch is not a draft.
pub async fn cancel<C: ConnectionTrait + TransactionTrait>(db: &C, actor: &Actor, id: i64) -> Result<(), Error> {
    let tx = ocop_core::db::begin_write(db).await?;
    move_draft(&tx, id, CANCELLED).await?;
    audit::record(&tx, entry(actor, "payout.cancel", id, Some(serde_json::json!({"status": CANCELLED})))).await?;
    tx.commit().await?;
    Ok(())
}

/// A shop's payouts, newest first, with their batch's status.
///
/// # Errors
/// The database cannot be read.
pub async fn of_shop<C: ConnectionTrait>(
    db: &C,
    shop_id: i64,
) -> Result<Vec<(payout_line::Model, payout_batch::Model)>, Error> {
    let lines = payout_line::Entity::find()
        .filter(payout_line::Column::ShopId.eq(shop_id))
        .order_by_desc(payout_line::Column::Id)
        .all(db)
        .await?;
    let batches = payout_batch::Entity::find()
        .filter(payout_batch::Column::Id.is_in(lines.iter().map(|l| l.batch_id)))
        .all(db)
        .await?;
    Ok(lines
        .into_iter()
        .filter_map(|l| {
            let b = batches.iter().find(|b| b.id == l.batch_id && b.status != CANCELLED)?.clone();
            Some((l, b))
        })
        .collect())
}

/// The batch as the bulk-transfer CSV Vietnamese banks import (Vietcombank, BIDV,
/// VietinBank "chuyển tiền theo lô"): one row per shop, names and content in upper-case
/// ASCII because the interbank network carries nothing else.
pub fn bank_csv(batch: &Batch) -> String {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    let mut rows: Vec<Vec<String>> = vec![
        ["STT", "So tai khoan", "Ten nguoi huong", "Ma ngan hang", "Ngan hang", "So tien", "Noi dung"]
            .map(str::to_owned)
            .to_vec(),
    ];
    for (n, l) in batch.lines.iter().enumerate() {
        let content = format!("CHO OCOP CHI TRA DOT {} {}", batch.batch.id, ocop_core::text::fold_ascii(&l.shop_name));
        let content: String = content.split_whitespace().collect::<Vec<_>>().join(" ").to_ascii_uppercase();
        rows.push(vec![
            (n + 1).to_string(),
            l.line.account.clone(),
            l.line.account_name.clone(),
            l.line.bank_bin.clone(),
            ocop_core::text::fold_ascii(&l.bank_name),
            l.line.amount_vnd.to_string(),
            content.chars().take(140).collect(),
        ]);
    }
    for row in rows {
        // Writing to a Vec cannot fail.
        let _ = w.write_record(&row);
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// What the marketplace has paid out, for the admin page.
///
/// # Errors
/// The database cannot be read.
pub async fn paid_out_total<C: ConnectionTrait>(db: &C) -> Result<i64, Error> {
    Ok(-book::balance(db, Account::Payouts).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bank_file_is_plain_ascii_with_one_row_per_shop() {
        let batch = Batch {
            batch: payout_batch::Model {
                id: 12,
                status: DRAFT.into(),
                total_vnd: 1_250_000,
                created_by: None,
                created_at: Utc::now(),
                paid_at: None,
            },
            lines: vec![Line {
                line: payout_line::Model {
                    id: 1,
                    batch_id: 12,
                    shop_id: 3,
                    amount_vnd: 1_250_000,
                    cod_netted_vnd: 0,
                    bank_bin: "970436".into(),
                    account: "0071000123456".into(),
                    account_name: "HTX CHE TAN CUONG".into(),
                },
                shop_name: "HTX Chè Tân Cương – Đồi Chè".into(),
                bank_name: "Vietcombank".into(),
            }],
        };
        let csv = bank_csv(&batch);
        assert!(csv.is_ascii(), "{csv}");
        let rows: Vec<&str> = csv.split("\r\n").filter(|r| !r.is_empty()).collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(
            rows[1],
            "1,0071000123456,HTX CHE TAN CUONG,970436,Vietcombank,1250000,CHO OCOP CHI TRA DOT 12 HTX CHE TAN CUONG DOI CHE"
        );
    }
}
