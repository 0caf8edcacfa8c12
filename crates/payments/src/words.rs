//! Amounts in Vietnamese words, shown under the QR code and on receipts, the way a bank
//! slip writes them: "một trăm hai mươi nghìn đồng".
//!
//! Conventions: "mười" for 10 but "hai mươi" for 20; "mốt" for a 1 after "mươi" ("hai mươi
//! mốt") but not after "mười" ("mười một"); "lăm" for a 5 after either; "tư" for a 4 after
//! "mươi"; "linh" (northern) or "lẻ" (southern) for a zero tens digit; a group after a
//! larger one is read in full ("một triệu không trăm linh năm nghìn"); above "tỷ" the
//! scales repeat ("một nghìn tỷ").

use ocop_core::Vnd;

/// Northern ("linh", "nghìn") or southern ("lẻ", "ngàn") usage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Dialect {
    #[default]
    North,
    South,
}

const DIGITS: [&str; 10] = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"];

/// An amount in words, lower case, ending in "đồng" (northern usage).
pub fn amount_in_words(amount: Vnd) -> String {
    format!("{} đồng", number_in_words(amount.0, Dialect::North))
}

/// A whole number in words; negative numbers start with "âm".
pub fn number_in_words(n: i64, dialect: Dialect) -> String {
    if n == 0 {
        return DIGITS[0].to_owned();
    }
    let mut words = Vec::new();
    if n < 0 {
        words.push("âm");
    }
    push_number(n.unsigned_abs(), true, dialect, &mut words);
    words.join(" ")
}

/// Billions first (recursively, so 1 500 tỷ reads "một nghìn năm trăm tỷ"), then the
/// millions, thousands and units groups; zero groups are skipped.
fn push_number(n: u64, leading: bool, dialect: Dialect, words: &mut Vec<&'static str>) {
    const BILLION: u64 = 1_000_000_000;
    let (high, low) = (n / BILLION, n % BILLION);
    let mut first = leading;
    if high > 0 {
        push_number(high, leading, dialect, words);
        words.push("tỷ");
        first = false;
    }
    let thousand = match dialect {
        Dialect::North => "nghìn",
        Dialect::South => "ngàn",
    };
    for (group, scale) in [(low / 1_000_000, Some("triệu")), (low / 1000 % 1000, Some(thousand)), (low % 1000, None)]
    {
        if group == 0 {
            continue;
        }
        push_group(group, first, dialect, words);
        words.extend(scale);
        first = false;
    }
}

/// One group of three digits; `leading` groups drop a zero hundreds digit.
fn push_group(group: u64, leading: bool, dialect: Dialect, words: &mut Vec<&'static str>) {
    let digit = |d: u64| DIGITS[(d % 10) as usize];
    let (hundreds, tens, units) = (group / 100, group / 10 % 10, group % 10);
    let said_hundreds = hundreds > 0 || !leading;
    if said_hundreds {
        words.extend([digit(hundreds), "trăm"]);
    }
    match tens {
        0 if units == 0 => {}
        0 => {
            if said_hundreds {
                words.push(match dialect {
                    Dialect::North => "linh",
                    Dialect::South => "lẻ",
                });
            }
            words.push(digit(units));
        }
        1 => {
            words.push("mười");
            match units {
                0 => {}
                5 => words.push("lăm"),
                u => words.push(digit(u)),
            }
        }
        t => {
            words.extend([digit(t), "mươi"]);
            match units {
                0 => {}
                1 => words.push("mốt"),
                4 => words.push("tư"),
                5 => words.push("lăm"),
                u => words.push(digit(u)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn north(n: i64) -> String {
        number_in_words(n, Dialect::North)
    }

    #[test]
    fn the_qr_amount_reads_like_a_bank_slip() {
        assert_eq!(amount_in_words(Vnd(120_000)), "một trăm hai mươi nghìn đồng");
        assert_eq!(amount_in_words(Vnd(0)), "không đồng");
    }

    #[test]
    fn tens_and_units_follow_the_spoken_conventions() {
        let cases = [
            (1, "một"),
            (10, "mười"),
            (11, "mười một"),
            (14, "mười bốn"),
            (15, "mười lăm"),
            (20, "hai mươi"),
            (21, "hai mươi mốt"),
            (24, "hai mươi tư"),
            (25, "hai mươi lăm"),
            (99, "chín mươi chín"),
            (100, "một trăm"),
            (105, "một trăm linh năm"),
            (110, "một trăm mười"),
            (115, "một trăm mười lăm"),
            (301, "ba trăm linh một"),
        ];
        for (n, words) in cases {
            assert_eq!(north(n), words, "{n}");
        }
    }

    #[test]
    fn inner_groups_are_read_in_full_and_zero_groups_skipped() {
        let cases = [
            (1_000, "một nghìn"),
            (1_005_000, "một triệu không trăm linh năm nghìn"),
            (2_000_001, "hai triệu không trăm linh một"),
            (15_250_000, "mười lăm triệu hai trăm năm mươi nghìn"),
            (1_000_000_000, "một tỷ"),
            (5_000_020_000, "năm tỷ không trăm hai mươi nghìn"),
            (1_500_000_000_000, "một nghìn năm trăm tỷ"),
            (-50_500, "âm năm mươi nghìn năm trăm"),
        ];
        for (n, words) in cases {
            assert_eq!(north(n), words, "{n}");
        }
        assert!(north(i64::MIN).starts_with("âm chín tỷ"));
    }

    #[test]
    fn the_south_says_le_and_ngan() {
        assert_eq!(number_in_words(105_000, Dialect::South), "một trăm lẻ năm ngàn");
    }
}
