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
use crate::ledger::{Account, Posting, ShopBalance};

/// Writes `posting` under `key` (one key per event: `payment:<shop order>`,
/// `refund:<shop order>:<n>` …); `Ok(false)` when that key was already posted.
///
/// # Errors
/// [`Error::Internal`] for a posting that does not sum to zero (a bug, never written).
pub async fn post<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    key: &str,
    shop_order_id: Option<i64>,
    memo: &str,
    posting: &Posting,
) -> Result<bool, Error> {
    if posting.sum() != 0 || posting.lines.is_empty() {
        return Err(Error::internal(format!("posting {key} does not balance: {}", posting.sum())));
    }
    let now = Utc::now();
    let tx = ocop_core::db::begin_write(db).await?;
    // Same account twice in one posting: one entry with the sum (the key is unique per account).
    let mut merged: Vec<(Account, i64)> = Vec::new();
    for line in &posting.lines {
        match merged.iter_mut().find(|(a, _)| *a == line.account) {
            Some((_, amount)) => *amount += line.amount,
            None => merged.push((line.account, line.amount)),
        }
    }
    for (account, amount) in merged.into_iter().filter(|(_, a)| *a != 0) {
        let inserted = ledger_entry::ActiveModel {
            posting: Set(key.to_owned()),
            account: Set(account.key()),
            shop_id: Set(account.shop()),
            shop_order_id: Set(shop_order_id),
            amount_vnd: Set(amount),
            memo: Set(memo.chars().take(200).collect()),
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
struct Tagged {
    account: String,
    shop_id: Option<i64>,
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
    /// Accounts that are unknown, or whose entries are tagged with another shop than the
    /// account's own (a shop's balance would then not be the sum of its entries).
    pub misfiled: Vec<String>,
}

impl Check {
    pub fn ok(&self) -> bool {
        self.unbalanced.is_empty() && self.misfiled.is_empty() && self.balances.values().sum::<i64>() == 0
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
    let tagged = Tagged::find_by_statement(Statement::from_string(
        backend,
        "SELECT DISTINCT account, shop_id FROM ledger_entries",
    ))
    .all(db)
    .await?;
    let entries = ledger_entry::Entity::find().count(db).await?;
    let balances: BTreeMap<String, i64> = per_account.into_iter().map(|s| (s.key, s.total)).collect();
    let misfiled = tagged
        .into_iter()
        .filter(|t| Account::parse(&t.account).map_or(true, |a| a.shop() != t.shop_id))
        .map(|t| t.account)
        .collect();
    Ok(Check {
        postings: u64::try_from(per_posting.len()).unwrap_or(u64::MAX),
        entries,
        unbalanced: per_posting.into_iter().filter(|s| s.total != 0).map(|s| (s.key, s.total)).collect(),
        balances,
        misfiled,
    })
}

/// One account's debit-positive balance: the sum of its entries.
///
/// # Errors
/// The database cannot be read.
pub async fn balance<C: ConnectionTrait>(db: &C, account: Account) -> Result<i64, Error> {
    let row = db
        .query_one_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            "SELECT CAST(COALESCE(SUM(amount_vnd), 0) AS BIGINT) AS total FROM ledger_entries WHERE account = $1",
            [account.key().into()],
        ))
        .await?;
    Ok(row.and_then(|r| r.try_get::<i64>("", "total").ok()).unwrap_or(0))
}

/// What the marketplace owes a shop, what the shop holds in COD cash, and the net.
///
/// # Errors
/// The database cannot be read.
pub async fn shop_balance<C: ConnectionTrait>(db: &C, shop_id: i64) -> Result<ShopBalance, Error> {
    // The payable is a credit balance: shown as money owed to the shop.
    let payable = -balance(db, Account::ShopPayable(shop_id)).await?;
    let cod_receivable = balance(db, Account::ShopCodReceivable(shop_id)).await?;
    Ok(ShopBalance { payable, cod_receivable, net: payable - cod_receivable })
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
        .filter(ledger_entry::Column::ShopId.eq(shop_id))
        .order_by_desc(ledger_entry::Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}

/// One month of a shop's money, in Vietnam's calendar.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Month {
    /// `2026-11`.
    pub month: String,
    /// What the shop sold for, less refunds: what buyers paid for its goods and shipping
    /// (online or in cash) and what the marketplace paid for them through its vouchers.
    pub sales_vnd: i64,
    /// The marketplace's and provinces' vouchers on the shop's sales (in `sales_vnd`).
    pub marketplace_vouchers_vnd: i64,
    pub commission_vnd: i64,
    pub vat_withheld_vnd: i64,
    pub pit_withheld_vnd: i64,
    /// What the shop keeps: sales less commission and tax withheld.
    pub shop_vnd: i64,
}

#[derive(Debug, FromQueryResult)]
struct MonthSum {
    month: String,
    account: String,
    total: i64,
}

/// A shop's monthly statement: sales, commission and tax withheld, newest month first.
///
/// # Errors
/// The database cannot be read.
pub async fn monthly<C: ConnectionTrait>(db: &C, shop_id: i64) -> Result<Vec<Month>, Error> {
    let backend = db.get_database_backend();
    // The month a sale belongs to is Vietnam's (UTC+7), not the server's.
    let month = ocop_core::time::sql_vn_month(backend, "e.created_at");
    // Sales postings only (online, COD, booth, and their refunds), found by the shop's own
    // entry in them: payouts and settlements move money, they are not sales.
    let sql = format!(
        "SELECT {month} AS month, e.account, CAST(SUM(e.amount_vnd) AS BIGINT) AS total FROM ledger_entries e \
         WHERE e.posting IN (SELECT posting FROM ledger_entries WHERE shop_id = $1 \
           AND (posting LIKE 'payment:%' OR posting LIKE 'refund:%' OR posting LIKE 'pos:%')) \
         GROUP BY 1, 2 ORDER BY 1 DESC"
    );
    let rows =
        MonthSum::find_by_statement(Statement::from_sql_and_values(backend, sql, [shop_id.into()])).all(db).await?;
    let mut months: Vec<Month> = Vec::new();
    for row in rows {
        let i = match months.iter().position(|m| m.month == row.month) {
            Some(i) => i,
            None => {
                months.push(Month { month: row.month.clone(), ..Month::default() });
                months.len() - 1
            }
        };
        let m = &mut months[i];
        match Account::parse(&row.account) {
            Ok(Account::BuyerPayments | Account::ShopCodReceivable(_)) => m.sales_vnd += row.total,
            Ok(Account::PromotionsExpense) => {
                m.sales_vnd += row.total;
                m.marketplace_vouchers_vnd += row.total;
            }
            Ok(Account::CommissionRevenue) => m.commission_vnd -= row.total,
            Ok(Account::VatWithheld) => m.vat_withheld_vnd -= row.total,
            Ok(Account::PitWithheld) => m.pit_withheld_vnd -= row.total,
            Ok(Account::ShopPayable(_)) => m.shop_vnd -= row.total,
            Ok(Account::Payouts | Account::BuyerRefundsDue) | Err(_) => {}
        }
    }
    Ok(months)
}
