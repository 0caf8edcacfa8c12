//! Small helpers shared by page forms.

use ocop_core::FieldErrors;

/// A whole number of đồng or pieces typed into a form: "125000", "125.000" or "125 000".
/// A fraction ("125000,5") or anything else is a field error.
pub fn whole_number(errors: &mut FieldErrors, field: &str, raw: &str) -> Option<i64> {
    let compact: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    let grouped = compact.split('.').collect::<Vec<_>>();
    let digits =
        if grouped.len() > 1 && grouped[1..].iter().all(|g| g.len() == 3) { grouped.concat() } else { compact };
    match digits.parse::<i64>() {
        Ok(n) => Some(n),
        Err(_) => {
            errors.add(field, "Nhập số nguyên, ví dụ 125000 hoặc 125.000");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::whole_number;
    use ocop_core::FieldErrors;

    #[test]
    fn reads_vietnamese_thousands_and_refuses_fractions() {
        let mut e = FieldErrors::new();
        assert_eq!(whole_number(&mut e, "p", "125.000"), Some(125_000));
        assert_eq!(whole_number(&mut e, "p", "1.250.000"), Some(1_250_000));
        assert_eq!(whole_number(&mut e, "p", " 99 000 "), Some(99_000));
        assert_eq!(whole_number(&mut e, "p", "-5"), Some(-5));
        assert!(e.is_empty());
        assert_eq!(whole_number(&mut e, "p", "125000,5"), None);
        assert_eq!(whole_number(&mut e, "p", "12.5"), None);
        assert_eq!(whole_number(&mut e, "p", "abc"), None);
        assert!(e.get("p").is_some());
    }
}
