//! VietQR: the NAPAS bank-transfer QR (EMVCo merchant-presented). A dynamic QR carries the
//! amount and the order code as purpose, so the buyer's banking app fills in everything and
//! the transfer can be matched on the statement.

mod emv;
pub mod purpose;

use ocop_core::{Error, Vnd};
use qrcode::{EcLevel, QrCode, render::svg};

/// The NAPAS application id in field 38-00.
const NAPAS_AID: &str = "A000000727";

/// Whether the money goes to an account number or to a card number (field 38-02).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    /// `QRIBFTTA`: transfer to an account.
    ToAccount,
    /// `QRIBFTTC`: transfer to a card.
    ToCard,
}

impl Service {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ToAccount => "QRIBFTTA",
            Self::ToCard => "QRIBFTTC",
        }
    }

    fn parse(s: &str) -> Result<Self, Error> {
        match s {
            "QRIBFTTA" => Ok(Self::ToAccount),
            "QRIBFTTC" => Ok(Self::ToCard),
            _ => Err(Error::invalid("service", format!("dịch vụ VietQR không biết: {s}"))),
        }
    }
}

/// The fields of a VietQR: who receives, how much, and what the transfer says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VietQr {
    /// The receiving bank's six-digit NAPAS BIN, e.g. `970415`.
    pub bank_bin: String,
    pub account: String,
    pub service: Service,
    /// `Some` for a dynamic QR (one payment), `None` for a static one (the payer types it).
    pub amount: Option<Vnd>,
    /// Already sanitised: plain ASCII, at most 25 characters.
    pub purpose: Option<String>,
}

impl VietQr {
    /// A dynamic QR for paying `amount` to an account, with `order_code` as purpose
    /// (sanitised by [`purpose::sanitise`]).
    ///
    /// # Errors
    /// [`Error::Invalid`] on `bank_bin` (not six digits), `account` (not 1–19 letters or
    /// digits), `amount` (not positive) or `purpose` (nothing left after sanitising).
    pub fn for_order(bank_bin: &str, account: &str, amount: Vnd, order_code: &str) -> Result<Self, Error> {
        let purpose = purpose::sanitise(order_code);
        if purpose.is_empty() {
            return Err(Error::invalid("purpose", "nội dung chuyển khoản trống sau khi bỏ ký tự đặc biệt"));
        }
        let qr = Self {
            bank_bin: bank_bin.trim().to_owned(),
            account: account.trim().to_owned(),
            service: Service::ToAccount,
            amount: Some(amount),
            purpose: Some(purpose),
        };
        qr.validate()?;
        Ok(qr)
    }

    fn validate(&self) -> Result<(), Error> {
        if self.bank_bin.len() != 6 || !self.bank_bin.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Error::invalid("bank_bin", "mã BIN ngân hàng phải gồm 6 chữ số"));
        }
        if self.account.is_empty()
            || self.account.len() > 19
            || !self.account.bytes().all(|b| b.is_ascii_alphanumeric())
        {
            return Err(Error::invalid("account", "số tài khoản phải gồm 1–19 chữ cái hoặc chữ số"));
        }
        if let Some(Vnd(amount)) = self.amount
            && (amount <= 0 || amount > 9_999_999_999_999)
        {
            return Err(Error::invalid("amount", "số tiền phải lớn hơn 0 và tối đa 13 chữ số"));
        }
        if let Some(p) = &self.purpose
            && (p.len() > purpose::MAX_PURPOSE_CHARS || !p.bytes().all(|b| b.is_ascii_graphic() || b == b' '))
        {
            return Err(Error::invalid("purpose", "nội dung chuyển khoản chỉ gồm ký tự ASCII, tối đa 25 ký tự"));
        }
        Ok(())
    }

    /// The EMVCo payload, ending in its CRC.
    ///
    /// # Errors
    /// [`Error::Invalid`] naming the field that a bank would refuse (see [`Self::for_order`]).
    pub fn payload(&self) -> Result<String, Error> {
        self.validate()?;
        let mut beneficiary = String::new();
        emv::push(&mut beneficiary, "00", &self.bank_bin, "bank_bin")?;
        emv::push(&mut beneficiary, "01", &self.account, "account")?;
        let mut merchant = String::new();
        emv::push(&mut merchant, "00", NAPAS_AID, "merchant")?;
        emv::push(&mut merchant, "01", &beneficiary, "account")?;
        emv::push(&mut merchant, "02", self.service.as_str(), "service")?;

        let mut out = String::new();
        emv::push(&mut out, "00", "01", "payload")?;
        emv::push(&mut out, "01", if self.amount.is_some() { "12" } else { "11" }, "payload")?;
        emv::push(&mut out, "38", &merchant, "account")?;
        emv::push(&mut out, "53", "704", "payload")?;
        if let Some(amount) = self.amount {
            emv::push(&mut out, "54", &amount.0.to_string(), "amount")?;
        }
        emv::push(&mut out, "58", "VN", "payload")?;
        if let Some(purpose) = &self.purpose {
            let mut additional = String::new();
            emv::push(&mut additional, "08", purpose, "purpose")?;
            emv::push(&mut out, "62", &additional, "purpose")?;
        }
        out.push_str("6304");
        let crc = emv::crc16(out.as_bytes());
        out.push_str(&format!("{crc:04X}"));
        Ok(out)
    }

    /// Reads a VietQR payload back, checking its CRC and the fixed fields.
    ///
    /// # Errors
    /// [`Error::Invalid`] on `payload` when it is not ASCII TLV, the CRC is missing or wrong,
    /// or a fixed field (format, currency 704, country VN, NAPAS id) is off; on the field
    /// concerned when a value is malformed.
    pub fn decode(payload: &str) -> Result<Self, Error> {
        let bad = |message: &str| Error::invalid("payload", message.to_owned());
        if !payload.is_ascii() {
            return Err(bad("mã QR chứa ký tự ngoài ASCII"));
        }
        let body_len = payload.len().checked_sub(4).ok_or_else(|| bad("mã QR quá ngắn"))?;
        let (body, crc) = payload.split_at(body_len);
        if !body.ends_with("6304") {
            return Err(bad("mã QR thiếu trường CRC (63) ở cuối"));
        }
        let expected = format!("{:04X}", emv::crc16(body.as_bytes()));
        if !crc.eq_ignore_ascii_case(&expected) {
            return Err(bad("CRC của mã QR không khớp"));
        }

        let fields = emv::parse(payload, "payload")?;
        let get = |id: &str| fields.iter().find(|(k, _)| *k == id).map(|(_, v)| *v);
        if get("00") != Some("01") || get("53") != Some("704") || get("58") != Some("VN") {
            return Err(bad("không phải mã VietQR (định dạng, tiền tệ 704 hoặc quốc gia VN sai)"));
        }
        let merchant = emv::parse(get("38").ok_or_else(|| bad("thiếu trường tài khoản (38)"))?, "payload")?;
        let sub = |id: &str| merchant.iter().find(|(k, _)| *k == id).map(|(_, v)| *v);
        if sub("00") != Some(NAPAS_AID) {
            return Err(bad("mã QR không thuộc NAPAS"));
        }
        let beneficiary = emv::parse(sub("01").ok_or_else(|| bad("thiếu ngân hàng và tài khoản (38-01)"))?, "payload")?;
        let ben = |id: &str| beneficiary.iter().find(|(k, _)| *k == id).map(|(_, v)| (*v).to_owned());
        let amount = match get("54") {
            Some(a) => {
                Some(Vnd(a.parse().map_err(|_| Error::invalid("amount", "số tiền không phải số nguyên đồng"))?))
            }
            None => None,
        };
        let purpose = match get("62") {
            Some(additional) => {
                emv::parse(additional, "payload")?.into_iter().find(|(k, _)| *k == "08").map(|(_, v)| v.to_owned())
            }
            None => None,
        };
        let qr = Self {
            bank_bin: ben("00").ok_or_else(|| bad("thiếu mã BIN ngân hàng (38-01-00)"))?,
            account: ben("01").ok_or_else(|| bad("thiếu số tài khoản (38-01-01)"))?,
            service: Service::parse(sub("02").ok_or_else(|| bad("thiếu dịch vụ (38-02)"))?)?,
            amount,
            purpose,
        };
        qr.validate()?;
        Ok(qr)
    }
}

/// The payload drawn as a scalable SVG QR code (error correction M, quiet zone included).
///
/// # Errors
/// [`Error::Invalid`] on `payload` when it is too long for a QR code.
pub fn qr_svg(payload: &str) -> Result<String, Error> {
    let code = QrCode::with_error_correction_level(payload.as_bytes(), EcLevel::M)
        .map_err(|e| Error::invalid("payload", format!("không vẽ được mã QR: {e}")))?;
    Ok(code
        .render::<svg::Color<'_>>()
        .min_dimensions(240, 240)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build())
}

#[cfg(test)]
mod tests;
