//! Brings the ledger up to date with the orders: a shop order paid online (or delivered
//! with cash on delivery) gets its payment posting, a refunded one its reversal. Postings
//! are keyed by shop order, so running this again, after a crash or from two instances,
//! posts nothing twice.

use ocop_core::{Error, Vnd};
use sea_orm::{ConnectionTrait, FromQueryResult, Statement, TransactionTrait};

use crate::book;
use crate::ledger::{self, Refund, Settlement, ShopOrder};

/// Commission in basis points: a default, per OCOP group overrides, and a shop's own rate
/// (set on the shop) above both.
#[derive(Debug, Clone, Default)]
pub struct Commission {
    pub default_bps: i64,
    pub by_group: Vec<(String, i64)>,
}

impl Commission {
    /// Reads `thuc-pham=500, do-uong=700` (group code = basis points).
    ///
    /// # Errors
    /// [`Error::Invalid`] naming the entry that cannot be read.
    pub fn parse(default_bps: i64, by_group: &str) -> Result<Self, Error> {
        let mut out = Vec::new();
        for entry in by_group.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            let parsed =
                entry.split_once('=').and_then(|(g, bps)| Some((g.trim().to_owned(), bps.trim().parse::<i64>().ok()?)));
            match parsed {
                Some((group, bps)) if (0..=5_000).contains(&bps) => out.push((group, bps)),
                _ => {
                    return Err(Error::invalid(
                        "commission_by_group",
                        format!("\"{entry}\": viết nhóm=điểm cơ bản, ví dụ thuc-pham=500"),
                    ));
                }
            }
        }
        Ok(Self { default_bps, by_group: out })
    }

    fn rate(&self, shop_bps: Option<i32>, group: Option<&str>) -> i64 {
        if let Some(bps) = shop_bps {
            return i64::from(bps);
        }
        group
            .and_then(|g| self.by_group.iter().find(|(code, _)| code == g).map(|(_, bps)| *bps))
            .unwrap_or(self.default_bps)
    }
}

#[derive(Debug, FromQueryResult)]
struct Due {
    id: i64,
    code: String,
    shop_id: i64,
    subtotal_vnd: i64,
    shipping_vnd: i64,
    /// What the shop's own vouchers took off goods and shipping.
    shop_goods_discount_vnd: i64,
    shop_shipping_discount_vnd: i64,
    /// What the marketplace's and provinces' vouchers took off.
    marketplace_funded_vnd: i64,
    payment_method: String,
    producer_type: String,
    commission_bps: Option<i32>,
    /// The OCOP group of the part's first line, for the group's commission rate.
    category: Option<String>,
}

const DUE_SQL: &str = "SELECT so.id, o.code, so.shop_id, so.subtotal_vnd, so.shipping_vnd, \
     so.shop_goods_discount_vnd, so.shop_shipping_discount_vnd, \
     CAST(so.goods_discount_vnd + so.shipping_discount_vnd - so.shop_goods_discount_vnd - so.shop_shipping_discount_vnd \
       AS BIGINT) AS marketplace_funded_vnd, o.payment_method, \
     s.producer_type, s.commission_bps, \
     (SELECT p.category FROM order_lines l JOIN product_variants v ON v.id = l.variant_id \
        JOIN products p ON p.id = v.product_id WHERE l.shop_order_id = so.id ORDER BY l.id LIMIT 1) AS category \
     FROM shop_orders so JOIN orders o ON o.id = so.order_id JOIN shops s ON s.id = so.shop_id";

fn shop_order(due: &Due, commission: &Commission) -> ShopOrder {
    ShopOrder {
        order_code: due.code.clone(),
        shop_id: due.shop_id,
        goods: Vnd(due.subtotal_vnd - due.shop_goods_discount_vnd),
        shipping: Vnd(due.shipping_vnd - due.shop_shipping_discount_vnd),
        marketplace_funded: Vnd(due.marketplace_funded_vnd),
        commission_bps: commission.rate(due.commission_bps, due.category.as_deref()),
        household: due.producer_type == "ho_kinh_doanh",
        // COD, or cash taken at a booth: the shop holds the money.
        settlement: if matches!(due.payment_method.as_str(), "cod" | "cash") {
            Settlement::Cod
        } else {
            Settlement::Online
        },
    }
}

async fn due<C: ConnectionTrait>(db: &C, condition: &str) -> Result<Vec<Due>, Error> {
    let sql = format!("{DUE_SQL} WHERE {condition} ORDER BY so.id LIMIT 500");
    Ok(Due::find_by_statement(Statement::from_string(db.get_database_backend(), sql)).all(db).await?)
}

/// SQL: the posting keyed `{prefix}:{id}` is in the ledger (the keys [`run`] writes).
fn posted(prefix: &str, id: &str) -> String {
    format!("EXISTS (SELECT 1 FROM ledger_entries e WHERE e.posting = '{prefix}:' || CAST({id} AS TEXT))")
}

/// Posts what is due; returns how many postings were written.
///
/// # Errors
/// The database cannot be read or written.
pub async fn run<C: ConnectionTrait + TransactionTrait>(db: &C, commission: &Commission) -> Result<usize, Error> {
    let mut written = 0;
    let payable = format!(
        "((o.payment_status = 'paid' AND so.status <> 'awaiting_payment') \
          OR (o.payment_method = 'cod' AND so.status IN ('delivered', 'completed', 'refunded'))) AND NOT {}",
        posted("payment", "so.id")
    );
    for d in due(db, &payable).await? {
        let posting = ledger::payment(&shop_order(&d, commission))?;
        let memo = format!("Bán hàng đơn {}", d.code);
        written += usize::from(book::post(db, &format!("payment:{}", d.id), Some(d.id), &memo, &posting).await?);
    }
    // Refunded after delivery, or paid online and then cancelled: the money goes back.
    let refunded = format!(
        "(so.status = 'refunded' OR (so.status = 'cancelled' AND o.payment_status = 'paid')) AND {} AND NOT {}",
        posted("payment", "so.id"),
        posted("refund", "so.id")
    );
    for d in due(db, &refunded).await? {
        let posting = ledger::full_refund(&shop_order(&d, commission), Refund::default())?;
        let memo = format!("Hoàn tiền đơn {}", d.code);
        written += usize::from(book::post(db, &format!("refund:{}", d.id), Some(d.id), &memo, &posting).await?);
    }
    written += booth_sales(db, commission).await?;
    written += late_payments(db).await?;
    Ok(written)
}

/// Sales at a booth or counter: cash stays with the shop (netted like COD), VietQR reaches
/// the marketplace; commission and withholding as for any sale. The memo names where it was
/// sold (a fair's booth, a point of sale).
async fn booth_sales<C: ConnectionTrait + TransactionTrait>(db: &C, commission: &Commission) -> Result<usize, Error> {
    let sql = format!(
        "SELECT ps.id, CASE WHEN ps.place = '' THEN ps.receipt_code ELSE ps.receipt_code || ' — ' || ps.place END AS code, ps.shop_id, ps.total_vnd AS subtotal_vnd, \
         CAST(0 AS BIGINT) AS shipping_vnd, CAST(0 AS BIGINT) AS shop_goods_discount_vnd, \
         CAST(0 AS BIGINT) AS shop_shipping_discount_vnd, CAST(0 AS BIGINT) AS marketplace_funded_vnd, ps.payment_method, s.producer_type, s.commission_bps, \
         (SELECT p.category FROM pos_sale_lines l JOIN products p ON p.id = l.product_id \
            WHERE l.sale_id = ps.id ORDER BY l.id LIMIT 1) AS category \
         FROM pos_sales ps JOIN shops s ON s.id = ps.shop_id WHERE NOT {} ORDER BY ps.id LIMIT 500",
        posted("pos", "ps.id")
    );
    let rows = Due::find_by_statement(Statement::from_string(db.get_database_backend(), sql)).all(db).await?;
    let mut written = 0;
    for d in rows {
        let posting = ledger::payment(&shop_order(&d, commission))?;
        let memo = format!("Bán tại gian hàng, hoá đơn {}", d.code);
        written += usize::from(book::post(db, &format!("pos:{}", d.id), None, &memo, &posting).await?);
    }
    Ok(written)
}

#[derive(Debug, FromQueryResult)]
struct Late {
    id: i64,
    code: String,
    amount: i64,
    status: String,
}

/// Money that came after a cancellation is owed to the buyer from the day it is seen, and
/// leaves that account when an admin grants the refund. Not tied to the shop order: the
/// shop never sold anything, so its statements must not show it.
async fn late_payments<C: ConnectionTrait + TransactionTrait>(db: &C) -> Result<usize, Error> {
    let sql = format!(
        "SELECT r.id, o.code, CAST(so.total_vnd AS BIGINT) AS amount, r.status \
         FROM refund_requests r JOIN shop_orders so ON so.id = r.shop_order_id JOIN orders o ON o.id = so.order_id \
         WHERE r.kind = 'late_payment' AND (NOT {} OR (r.status = 'granted' AND NOT {})) ORDER BY r.id LIMIT 500",
        posted("late", "r.id"),
        posted("late_returned", "r.id")
    );
    let rows = Late::find_by_statement(Statement::from_string(db.get_database_backend(), sql)).all(db).await?;
    let mut written = 0;
    for r in rows {
        let key = format!("late:{}", r.id);
        let posting = ledger::late_payment(Vnd(r.amount), &key)?;
        let memo = format!("Tiền về sau khi huỷ đơn {}", r.code);
        written += usize::from(book::post(db, &key, None, &memo, &posting).await?);
        if r.status == "granted" {
            let key = format!("late_returned:{}", r.id);
            let posting = ledger::late_payment_returned(Vnd(r.amount), &key)?;
            let memo = format!("Hoàn lại tiền đơn đã huỷ {}", r.code);
            written += usize::from(book::post(db, &key, None, &memo, &posting).await?);
        }
    }
    Ok(written)
}
