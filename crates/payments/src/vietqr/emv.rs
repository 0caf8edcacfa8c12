//! EMVCo merchant-presented QR building blocks: `id len value` fields and the CRC.

use ocop_core::Error;

/// Appends one field; the length is two decimal digits, so a value is at most 99 bytes.
pub(crate) fn push(out: &mut String, id: &str, value: &str, field: &str) -> Result<(), Error> {
    if value.len() > 99 {
        return Err(Error::invalid(field, "quá dài cho một trường mã QR (tối đa 99 ký tự)"));
    }
    out.push_str(id);
    out.push_str(&format!("{:02}", value.len()));
    out.push_str(value);
    Ok(())
}

/// Splits `s` into `(id, value)` fields, refusing a length that runs past the end.
pub(crate) fn parse<'a>(s: &'a str, field: &str) -> Result<Vec<(&'a str, &'a str)>, Error> {
    let mut fields = Vec::new();
    let mut rest = s;
    while !rest.is_empty() {
        let bad = || Error::invalid(field, "mã QR hỏng: trường không đúng dạng id-độ dài-giá trị");
        let (id, after_id) = rest.split_at_checked(2).ok_or_else(bad)?;
        let (len, after_len) = after_id.split_at_checked(2).ok_or_else(bad)?;
        let len: usize = len.parse().map_err(|_| bad())?;
        let (value, after_value) = after_len.split_at_checked(len).ok_or_else(bad)?;
        fields.push((id, value));
        rest = after_value;
    }
    Ok(fields)
}

/// CRC-16/CCITT-FALSE: polynomial 0x1021, initial 0xFFFF, no reflection, no final xor.
pub(crate) fn crc16(data: &[u8]) -> u16 {
    let mut crc: u16 = 0xFFFF;
    for &byte in data {
        crc ^= u16::from(byte) << 8;
        for _ in 0..8 {
            crc = if crc & 0x8000 != 0 { (crc << 1) ^ 0x1021 } else { crc << 1 };
        }
    }
    crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc_matches_the_catalogue_check_value() {
        // The published check value of CRC-16/CCITT-FALSE over "123456789".
        assert_eq!(crc16(b"123456789"), 0x29B1);
    }

    #[test]
    fn a_length_past_the_end_is_refused() {
        assert!(parse("0005abc", "payload").is_err());
        assert!(parse("0", "payload").is_err());
    }
}
