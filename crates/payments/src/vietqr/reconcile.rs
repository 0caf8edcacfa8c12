//! Matching bank statement lines to orders awaiting a transfer. VietQR has no callback, so
//! a transfer counts only once a statement line names the order (see
//! [`super::purpose::mentions`]) with exactly the amount due; anything else is listed for a
//! person to resolve, never guessed.

use ocop_core::Vnd;

/// One credit line of a bank statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementLine {
    /// The bank's transaction reference, to record the line once.
    pub reference: String,
    pub description: String,
    pub amount: Vnd,
}

/// An order waiting for its transfer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    pub order_code: String,
    pub amount: Vnd,
}

/// What one statement line is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Match {
    /// Names exactly one order and pays exactly its amount: confirm it.
    Paid { order_code: String },
    /// Names one order but pays less: for a person (ask for the rest, or refund).
    Partial { order_code: String, received: Vnd, due: Vnd },
    /// Names one order but pays more: for a person (refund the difference).
    Overpaid { order_code: String, received: Vnd, due: Vnd },
    /// Names several open orders: for a person.
    Ambiguous { order_codes: Vec<String> },
    /// Names no open order (already paid, mistyped, or not ours).
    Unmatched,
}

/// Judges each line on its own, in order; a second line for an order already [`Match::Paid`]
/// earlier in the same statement is [`Match::Overpaid`] with nothing due.
pub fn reconcile(lines: &[StatementLine], due: &[Due]) -> Vec<Match> {
    let mut settled: Vec<&str> = Vec::new();
    lines
        .iter()
        .map(|line| {
            let named: Vec<&Due> =
                due.iter().filter(|d| super::purpose::mentions(&line.description, &d.order_code)).collect();
            let [order] = named.as_slice() else {
                return if named.is_empty() {
                    Match::Unmatched
                } else {
                    Match::Ambiguous { order_codes: named.iter().map(|d| d.order_code.clone()).collect() }
                };
            };
            let code = order.order_code.clone();
            let due = if settled.contains(&order.order_code.as_str()) { Vnd(0) } else { order.amount };
            match line.amount.cmp(&due) {
                std::cmp::Ordering::Equal => {
                    settled.push(&order.order_code);
                    Match::Paid { order_code: code }
                }
                std::cmp::Ordering::Less => Match::Partial { order_code: code, received: line.amount, due },
                std::cmp::Ordering::Greater => Match::Overpaid { order_code: code, received: line.amount, due },
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(description: &str, amount: i64) -> StatementLine {
        StatementLine { reference: format!("FT{amount}"), description: description.into(), amount: Vnd(amount) }
    }

    fn due() -> Vec<Due> {
        vec![
            Due { order_code: "OCOP-261126-7K3F".into(), amount: Vnd(120_000) },
            Due { order_code: "OCOP-261126-9ABC".into(), amount: Vnd(85_000) },
        ]
    }

    #[test]
    fn each_line_is_paid_partial_overpaid_ambiguous_or_unmatched() {
        let lines = [
            line("MBVCB.1.OCOP 261126 7K3F.CT tu 0011", 120_000),
            line("ocop2611269abc", 50_000),
            line("OCOP-261126-9ABC chuyen them", 90_000),
            line("OCOP-261126-7K3F OCOP-261126-9ABC", 205_000),
            line("tien hang", 120_000),
        ];
        assert_eq!(
            reconcile(&lines, &due()),
            [
                Match::Paid { order_code: "OCOP-261126-7K3F".into() },
                Match::Partial { order_code: "OCOP-261126-9ABC".into(), received: Vnd(50_000), due: Vnd(85_000) },
                Match::Overpaid { order_code: "OCOP-261126-9ABC".into(), received: Vnd(90_000), due: Vnd(85_000) },
                Match::Ambiguous { order_codes: vec!["OCOP-261126-7K3F".into(), "OCOP-261126-9ABC".into()] },
                Match::Unmatched,
            ]
        );
    }

    #[test]
    fn the_same_transfer_twice_in_one_statement_confirms_once() {
        let lines = [line("OCOP-261126-7K3F", 120_000), line("OCOP-261126-7K3F", 120_000)];
        assert_eq!(
            reconcile(&lines, &due()),
            [
                Match::Paid { order_code: "OCOP-261126-7K3F".into() },
                Match::Overpaid { order_code: "OCOP-261126-7K3F".into(), received: Vnd(120_000), due: Vnd(0) },
            ]
        );
    }
}
