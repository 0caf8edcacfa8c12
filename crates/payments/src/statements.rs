//! Bank transfers have no callback: a bank statement is imported and each credit line is
//! matched to an order by the code in its description and by amount. Exact matches confirm
//! the order; partial, excess, unknown and late (cancelled order) payments are listed for a
//! person to resolve. The same line imported twice is recorded once.

use chrono::{NaiveDate, Utc};
use ocop_catalog::audit;
use ocop_core::{Actor, Error, FieldErrors};
use ocop_orders::code::OrderCode;
use ocop_orders::entity::order;
use ocop_orders::transitions;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionSession,
    TransactionTrait,
};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::entity::statement_line;

pub const MATCHED: &str = "matched";
pub const UNMATCHED: &str = "unmatched";
pub const PARTIAL: &str = "partial";
pub const OVERPAID: &str = "overpaid";
pub const ALREADY_PAID: &str = "already_paid";
/// Money arrived for an order that was cancelled meanwhile: it must go back.
pub const REFUND_DUE: &str = "refund_due";
pub const RESOLVED: &str = "resolved";

/// Largest statement accepted at once.
pub const MAX_LINES: usize = 20_000;

/// One credit line as read from the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credit {
    pub booked_on: NaiveDate,
    pub amount_vnd: i64,
    pub description: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub lines: usize,
    pub matched: usize,
    pub duplicates: usize,
    /// Lines a person must look at, with why.
    pub to_resolve: Vec<statement_line::Model>,
}

fn column(headers: &csv::StringRecord, names: &[&str]) -> Option<usize> {
    headers.iter().position(|h| {
        let h = ocop_core::text::fold(h.trim()).replace([' ', '-'], "_");
        names.contains(&h.as_str())
    })
}

fn parse_date(raw: &str) -> Option<NaiveDate> {
    let raw = raw.trim();
    let date_part = raw.split_whitespace().next().unwrap_or(raw);
    ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d/%m/%y"].iter().find_map(|f| NaiveDate::parse_from_str(date_part, f).ok())
}

fn parse_amount(raw: &str) -> Option<i64> {
    // Banks write 1.250.000 or 1,250,000 (whole đồng); a trailing ",00" or ".00" is cents of nothing.
    let raw = raw.trim().trim_end_matches(" VND").trim_end_matches('₫').trim();
    let raw = raw.strip_suffix(",00").or_else(|| raw.strip_suffix(".00")).unwrap_or(raw);
    let digits: String = raw.chars().filter(|c| c.is_ascii_digit() || *c == '-').collect();
    digits.parse().ok()
}

/// Reads a statement CSV: a header row naming the date, the credited amount and the
/// description (Vietnamese or English names, with or without diacritics). Debit lines
/// (zero or negative) are skipped.
///
/// # Errors
/// [`Error::Invalid`] on `file` naming the row and column that cannot be read.
pub fn parse(bytes: &[u8]) -> Result<Vec<Credit>, Error> {
    let text = std::str::from_utf8(bytes).map_err(|_| Error::invalid("file", "Tệp sao kê phải là CSV mã hoá UTF-8"))?;
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let headers =
        reader.headers().map_err(|e| Error::invalid("file", format!("Không đọc được dòng tiêu đề: {e}")))?.clone();
    let date = column(&headers, &["ngay", "ngay_giao_dich", "ngay_gd", "date", "booking_date", "transaction_date"]);
    let amount = column(&headers, &["so_tien", "so_tien_ghi_co", "ghi_co", "credit", "amount", "so_tien_vnd"]);
    let description =
        column(&headers, &["noi_dung", "dien_giai", "mo_ta", "description", "details", "noi_dung_giao_dich"]);
    let (Some(date), Some(amount), Some(description)) = (date, amount, description) else {
        return Err(Error::invalid("file", "Cần các cột ngày, số tiền và nội dung (ví dụ: ngay,so_tien,noi_dung)"));
    };
    let mut credits = Vec::new();
    for (n, record) in reader.records().enumerate() {
        let row = n + 2;
        let record = record.map_err(|e| Error::invalid("file", format!("Dòng {row}: {e}")))?;
        let mut errors = FieldErrors::new();
        let booked_on = parse_date(record.get(date).unwrap_or_default());
        let value = parse_amount(record.get(amount).unwrap_or_default());
        if booked_on.is_none() {
            errors.add("file", format!("Dòng {row}: ngày không hợp lệ (dd/mm/yyyy)"));
        }
        if value.is_none() {
            errors.add("file", format!("Dòng {row}: số tiền không hợp lệ"));
        }
        errors.into_result()?;
        let (Some(booked_on), Some(amount_vnd)) = (booked_on, value) else { continue };
        if amount_vnd <= 0 {
            continue;
        }
        let description: String =
            ocop_core::text::clean_line(record.get(description).unwrap_or_default()).chars().take(500).collect();
        credits.push(Credit { booked_on, amount_vnd, description });
        if credits.len() > MAX_LINES {
            return Err(Error::invalid("file", format!("Tối đa {MAX_LINES} dòng mỗi lần nhập")));
        }
    }
    Ok(credits)
}

fn fingerprint(c: &Credit, occurrence: usize) -> String {
    let mut h = Sha256::new();
    h.update(c.booked_on.to_string());
    h.update(c.amount_vnd.to_le_bytes());
    h.update(c.description.as_bytes());
    // Two identical lines in one statement are two transfers.
    h.update(occurrence.to_le_bytes());
    hex::encode(h.finalize())
}

/// Records the credits and confirms the orders they pay exactly; the admin who imported
/// them is kept on each line, and each order so confirmed is in the audit log with them.
///
/// # Errors
/// The database cannot be written.
pub async fn import<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    credits: &[Credit],
    actor: &Actor,
) -> Result<Report, Error> {
    let mut report = Report { lines: credits.len(), ..Report::default() };
    let mut seen: Vec<&Credit> = Vec::new();
    for credit in credits {
        let occurrence = seen.iter().filter(|c| **c == credit).count();
        seen.push(credit);
        let key = fingerprint(credit, occurrence);
        if statement_line::Entity::find().filter(statement_line::Column::Fingerprint.eq(&key)).one(db).await?.is_some()
        {
            report.duplicates += 1;
            continue;
        }
        let code = OrderCode::find_in(&credit.description);
        let order = match &code {
            Some(code) => order::Entity::find().filter(order::Column::Code.eq(code.as_str())).one(db).await?,
            None => None,
        };
        let status = match &order {
            None => UNMATCHED,
            Some(o) if o.payment_status == "void" => REFUND_DUE,
            Some(o) if o.payment_status != "unpaid" => ALREADY_PAID,
            Some(o) if credit.amount_vnd < o.total_vnd => PARTIAL,
            Some(o) if credit.amount_vnd > o.total_vnd => OVERPAID,
            Some(_) => MATCHED,
        };
        let saved = statement_line::ActiveModel {
            fingerprint: Set(key),
            booked_on: Set(credit.booked_on),
            amount_vnd: Set(credit.amount_vnd),
            description: Set(credit.description.clone()),
            status: Set(status.to_owned()),
            order_code: Set(order.as_ref().map(|o| o.code.clone())),
            imported_by: Set(Some(actor.user_id)),
            imported_at: Set(Utc::now()),
            resolved_at: Set(None),
            ..Default::default()
        }
        .insert(db)
        .await?;
        if status == REFUND_DUE
            && let Some(o) = order.as_ref().filter(|o| o.total_vnd == credit.amount_vnd)
        {
            ocop_orders::refunds::open_for_late_payment(db, o, "chuyển khoản").await?;
        }
        if status == MATCHED
            && let Some(o) = &order
        {
            match transitions::mark_paid(db, o.id).await {
                Ok(()) => {
                    report.matched += 1;
                    let after = serde_json::json!({"payment_status": "paid", "statement_line": saved.id});
                    audit::record(db, line_entry(actor, "order.paid_by_statement", o.id, "order", after)).await?;
                }
                // Paid some other way a moment ago: a person looks at it.
                Err(Error::Conflict { .. }) => {
                    let mut line: statement_line::ActiveModel = saved.clone().into();
                    line.status = Set(ALREADY_PAID.into());
                    report.to_resolve.push(line.update(db).await?);
                }
                Err(e) => return Err(e),
            }
        } else {
            report.to_resolve.push(saved);
        }
    }
    Ok(report)
}

/// Lines waiting for a person, oldest first.
///
/// # Errors
/// The database cannot be read.
pub async fn unresolved<C: ConnectionTrait>(db: &C) -> Result<Vec<statement_line::Model>, Error> {
    Ok(statement_line::Entity::find()
        .filter(statement_line::Column::Status.is_in([UNMATCHED, PARTIAL, OVERPAID, ALREADY_PAID, REFUND_DUE]))
        .order_by_asc(statement_line::Column::Id)
        .all(db)
        .await?)
}

fn line_entry<'a>(
    actor: &Actor,
    action: &'a str,
    id: i64,
    entity: &'a str,
    after: serde_json::Value,
) -> audit::Entry<'a> {
    audit::Entry {
        actor_id: Some(actor.user_id),
        action,
        entity,
        entity_id: id,
        before: None,
        after: Some(after),
        reason: None,
    }
}

/// A person has dealt with a line (refunded it, called the buyer…); the audit log says who.
///
/// # Errors
/// [`Error::NotFound`] for an unknown line.
pub async fn resolve<C: ConnectionTrait + TransactionTrait>(db: &C, actor: &Actor, id: i64) -> Result<(), Error> {
    let line =
        statement_line::Entity::find_by_id(id).one(db).await?.ok_or(Error::NotFound { what: "dòng sao kê" })?;
    let before = serde_json::json!({"status": line.status});
    let tx = ocop_core::db::begin_write(db).await?;
    let mut active: statement_line::ActiveModel = line.into();
    active.status = Set(RESOLVED.into());
    active.resolved_at = Set(Some(Utc::now()));
    active.update(&tx).await?;
    let mut entry =
        line_entry(actor, "statement_line.resolve", id, "statement_line", serde_json::json!({"status": RESOLVED}));
    entry.before = Some(before);
    audit::record(&tx, entry).await?;
    tx.commit().await?;
    Ok(())
}

/// How many lines wait for a person (the admin's first screen).
///
/// # Errors
/// The database cannot be read.
pub async fn unresolved_count<C: ConnectionTrait>(db: &C) -> Result<u64, Error> {
    use sea_orm::PaginatorTrait as _;
    Ok(statement_line::Entity::find()
        .filter(statement_line::Column::Status.is_in([UNMATCHED, PARTIAL, OVERPAID, ALREADY_PAID, REFUND_DUE]))
        .count(db)
        .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_code_however_the_bank_wrote_it() {
        assert_eq!(OrderCode::find_in("CT tu 0011 NGUYEN VAN A OCOP-261126-7K3F").as_deref(), Some("OCOP-261126-7K3F"));
        assert_eq!(OrderCode::find_in("ocop2611267k3f thanh toan").as_deref(), Some("OCOP-261126-7K3F"));
        assert_eq!(OrderCode::find_in("MBVCB.123.OCOP 261126 7K3F.CT tu 0011").as_deref(), Some("OCOP-261126-7K3F"));
        assert_eq!(OrderCode::find_in("Đơn ocop-261126-7k3f").as_deref(), Some("OCOP-261126-7K3F"));
        assert_eq!(OrderCode::find_in("chuyen tien an trua"), None);
    }

    #[test]
    fn reads_a_vietnamese_statement() {
        let csv = "\u{feff}Ngày giao dịch,Số tiền ghi có,Nội dung\n26/11/2026,\"1.250.000\",OCOP-261126-7K3F\n26/11/2026,-50.000,phi\n";
        let credits = parse(csv.as_bytes()).unwrap_or_default();
        assert_eq!(credits.len(), 1);
        assert_eq!(credits[0].amount_vnd, 1_250_000);
        let bad = parse(b"a,b\n1,2\n");
        assert!(matches!(bad, Err(Error::Invalid(_))));
        let bad_row = parse("ngay,so_tien,noi_dung\n31/02/2026,100,x\n".as_bytes());
        assert!(matches!(bad_row, Err(Error::Invalid(f)) if f.get("file").is_some_and(|m| m.contains("Dòng 2"))));
    }
}
