//! The ledger in the database: postings written once (a posting's key makes a repeat a
//! no-op), never changed, and a check of the invariants: every posting sums to zero, and
//! each shop's balance is the sum of its entries.

use std::collections::BTreeMap;

use chrono::Utc;
use ocop_core::Error;
use ocop_core::error::is_unique_violation;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, Statement, TransactionSession, TransactionTrait,
};
use serde::Serialize;

use crate::entity::ledger_entry;

/// One line of a posting before it is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line {
    pub account: String,
    pub shop_id: Option<i64>,
    pub amount_vnd: i64,
    pub memo: String,
}

/// Writes a posting under `key`; `Ok(false)` when that key was already posted.
///
/// # Errors
/// [`Error::Internal`] for a posting that does not sum to zero (a bug, never written).
pub async fn post<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    key: &str,
    shop_order_id: Option<i64>,
    lines: &[Line],
) -> Result<bool, Error> {
    let sum: i128 = lines.iter().map(|l| i128::from(l.amount_vnd)).sum();
    if sum != 0 || lines.is_empty() {
        return Err(Error::internal(format!("posting {key} does not balance: {sum}")));
    }
    let now = Utc::now();
    let tx = db.begin().await?;
    // Same account twice in one posting: one entry with the sum (the key is unique per account).
    let mut merged: Vec<Line> = Vec::new();
    for line in lines {
        match merged.iter_mut().find(|m| m.account == line.account) {
            Some(m) => m.amount_vnd += line.amount_vnd,
            None => merged.push(line.clone()),
        }
    }
    for line in merged.iter().filter(|l| l.amount_vnd != 0) {
        let inserted = ledger_entry::ActiveModel {
            posting: Set(key.to_owned()),
            account: Set(line.account.clone()),
            shop_id: Set(line.shop_id),
            shop_order_id: Set(shop_order_id),
            amount_vnd: Set(line.amount_vnd),
            memo: Set(line.memo.chars().take(200).collect()),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&tx)
        .await;
        match inserted {
            Ok(_) => {}
            Err(e) if is_unique_violation(&e) => return Ok(false),
            Err(e) => return Err(e.into()),
        }
    }
    tx.commit().await?;
    Ok(true)
}

/// Whether a posting exists.
///
/// # Errors
/// The database cannot be read.
pub async fn posted<C: ConnectionTrait>(db: &C, key: &str) -> Result<bool, Error> {
    Ok(ledger_entry::Entity::find().filter(ledger_entry::Column::Posting.eq(key)).one(db).await?.is_some())
}

#[derive(Debug, FromQueryResult)]
struct Sum {
    key: String,
    total: i64,
}

/// What `ocop ledger check` found.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Check {
    pub postings: u64,
    pub entries: u64,
    /// Postings whose entries do not sum to zero, with their sum.
    pub unbalanced: Vec<(String, i64)>,
    /// Balance per account.
    pub balances: BTreeMap<String, i64>,
    /// Shops whose account balance differs from the sum of the entries tagged with them.
    pub shop_mismatches: Vec<(i64, i64, i64)>,
}

impl Check {
    pub fn ok(&self) -> bool {
        self.unbalanced.is_empty() && self.shop_mismatches.is_empty() && self.balances.values().sum::<i64>() == 0
    }
}

/// Verifies the ledger's invariants.
///
/// # Errors
/// The database cannot be read.
pub async fn check<C: ConnectionTrait>(db: &C) -> Result<Check, Error> {
    let backend = db.get_database_backend();
    let per_posting = Sum::find_by_statement(Statement::from_string(
        backend,
        "SELECT posting AS key, CAST(SUM(amount_vnd) AS BIGINT) AS total FROM ledger_entries GROUP BY posting",
    ))
    .all(db)
    .await?;
    let per_account = Sum::find_by_statement(Statement::from_string(
        backend,
        "SELECT account AS key, CAST(SUM(amount_vnd) AS BIGINT) AS total FROM ledger_entries GROUP BY account",
    ))
    .all(db)
    .await?;
    let per_shop = Sum::find_by_statement(Statement::from_string(
        backend,
        "SELECT CAST(shop_id AS TEXT) AS key, CAST(SUM(amount_vnd) AS BIGINT) AS total FROM ledger_entries \
         WHERE shop_id IS NOT NULL AND account LIKE 'shop:%' GROUP BY shop_id",
    ))
    .all(db)
    .await?;
    let entries = ledger_entry::Entity::find().count(db).await?;
    let balances: BTreeMap<String, i64> = per_account.into_iter().map(|s| (s.key, s.total)).collect();
    let shop_mismatches = per_shop
        .into_iter()
        .filter_map(|s| {
            let id: i64 = s.key.parse().ok()?;
            let account = balances.get(&shop_account(id)).copied().unwrap_or(0);
            (account != s.total).then_some((id, account, s.total))
        })
        .collect();
    Ok(Check {
        postings: u64::try_from(per_posting.len()).unwrap_or(u64::MAX),
        entries,
        unbalanced: per_posting.into_iter().filter(|s| s.total != 0).map(|s| (s.key, s.total)).collect(),
        balances,
        shop_mismatches,
    })
}

/// What the marketplace owes a shop (positive) or the shop owes it (negative, e.g. COD
/// cash it holds beyond its online sales).
pub fn shop_account(shop_id: i64) -> String {
    format!("shop:{shop_id}")
}

/// A shop's balance.
///
/// # Errors
/// The database cannot be read.
pub async fn shop_balance<C: ConnectionTrait>(db: &C, shop_id: i64) -> Result<i64, Error> {
    let row = db
        .query_one_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            "SELECT CAST(COALESCE(SUM(amount_vnd), 0) AS BIGINT) AS total FROM ledger_entries WHERE account = $1",
            [shop_account(shop_id).into()],
        ))
        .await?;
    // The shop's payable is a credit balance: show it as money owed to the shop.
    Ok(-row.and_then(|r| r.try_get::<i64>("", "total").ok()).unwrap_or(0))
}

/// A shop's latest entries.
///
/// # Errors
/// The database cannot be read.
pub async fn shop_entries<C: ConnectionTrait>(
    db: &C,
    shop_id: i64,
    limit: u64,
) -> Result<Vec<ledger_entry::Model>, Error> {
    Ok(ledger_entry::Entity::find()
        .filter(ledger_entry::Column::Account.eq(shop_account(shop_id)))
        .order_by_desc(ledger_entry::Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}
