//! Delivery addresses after the 2025 reform: province → commune/ward → street. A former
//! province name is accepted and mapped to the current one; what the person typed is kept.

use chrono::Utc;
use ocop_core::text::clean_line;
use ocop_core::{Error, FieldErrors, communes, phone, provinces};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde::{Deserialize, Serialize};

use crate::entity::address;

/// A shopper keeps at most this many addresses; the oldest goes first.
pub const MAX_SAVED: usize = 10;

/// An address as typed in a form or sent to the API.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
pub struct AddressInput {
    #[serde(default)]
    pub recipient: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub province: String,
    #[serde(default)]
    pub commune: String,
    #[serde(default)]
    pub street: String,
}

/// A checked address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Address {
    pub recipient: String,
    /// Normalised to 0xxxxxxxxx.
    pub phone: String,
    pub province_code: String,
    pub province_name: String,
    pub province_input: String,
    pub commune: String,
    pub street: String,
}

fn bounded(errors: &mut FieldErrors, field: &str, raw: &str, max: usize, missing: &str) -> String {
    let value = clean_line(raw);
    if value.is_empty() {
        errors.add(field, missing);
    } else if value.chars().count() > max {
        errors.add(field, format!("Tối đa {max} ký tự"));
    }
    value
}

/// Checks every field and names each one that is wrong. The commune must be one of the
/// province's current communes or wards (or a former one, mapped to where it is now).
///
/// # Errors
/// [`Error::Invalid`] naming each bad field.
pub fn check(input: &AddressInput) -> Result<Address, Error> {
    check_with(input, true)
}

/// As [`check`]; `known_commune` false skips the commune list (a pickup point's own place).
///
/// # Errors
/// [`Error::Invalid`] naming each bad field.
pub fn check_with(input: &AddressInput, known_commune: bool) -> Result<Address, Error> {
    let mut errors = FieldErrors::new();
    let recipient = bounded(&mut errors, "recipient", &input.recipient, 120, "Cần tên người nhận");
    let phone = match phone::parse_vn_phone(&input.phone) {
        Some(p) => p,
        None => {
            errors.add("phone", "Số điện thoại Việt Nam không hợp lệ (ví dụ 0912 345 678)");
            String::new()
        }
    };
    let province_input = clean_line(&input.province);
    let province = provinces::find(&province_input);
    if province_input.is_empty() {
        errors.add("province", "Cần chọn tỉnh/thành phố");
    } else if province.is_none() {
        errors.add("province", format!("Không nhận ra tỉnh/thành \"{province_input}\""));
    }
    let mut commune = bounded(&mut errors, "commune", &input.commune, 120, "Cần xã/phường");
    if known_commune
        && !commune.is_empty()
        && let Some(p) = province
    {
        match communes::lookup(p.code, &commune) {
            Some(found) => {
                commune = match found.former {
                    Some(former) => format!("{} (trước đây {former})", found.commune.name),
                    None => found.commune.name.to_owned(),
                };
            }
            None => errors.add(
                "commune",
                format!("Không tìm thấy xã/phường \"{commune}\" ở {}; ghi đúng tên xã/phường hiện nay, ví dụ Phường Bãi Cháy", p.name),
            ),
        }
    }
    let street = bounded(&mut errors, "street", &input.street, 200, "Cần số nhà, đường/thôn");
    errors.into_result()?;
    let province = province.ok_or(Error::invalid("province", "Cần chọn tỉnh/thành phố"))?;
    Ok(Address {
        recipient,
        phone,
        province_code: province.code.to_owned(),
        province_name: province.name.to_owned(),
        province_input,
        commune,
        street,
    })
}

/// The shopper's saved addresses, newest first.
///
/// # Errors
/// The database cannot be read.
pub async fn of_user<C: ConnectionTrait>(db: &C, user_id: i64) -> Result<Vec<address::Model>, Error> {
    Ok(address::Entity::find()
        .filter(address::Column::UserId.eq(user_id))
        .order_by_desc(address::Column::CreatedAt)
        .order_by_desc(address::Column::Id)
        .all(db)
        .await?)
}

/// One of the shopper's own saved addresses.
///
/// # Errors
/// [`Error::NotFound`] when it is not theirs.
pub async fn get<C: ConnectionTrait>(db: &C, user_id: i64, id: i64) -> Result<address::Model, Error> {
    address::Entity::find_by_id(id)
        .filter(address::Column::UserId.eq(user_id))
        .one(db)
        .await?
        .ok_or(Error::NotFound { what: "địa chỉ" })
}

/// Saves an address unless the same one is already saved; keeps the newest [`MAX_SAVED`].
///
/// # Errors
/// The database cannot be written.
pub async fn save<C: ConnectionTrait>(db: &C, user_id: i64, a: &Address) -> Result<(), Error> {
    let saved = of_user(db, user_id).await?;
    if saved.iter().any(|s| {
        s.recipient == a.recipient
            && s.phone == a.phone
            && s.province_code == a.province_code
            && s.commune == a.commune
            && s.street == a.street
    }) {
        return Ok(());
    }
    address::ActiveModel {
        user_id: Set(user_id),
        recipient: Set(a.recipient.clone()),
        phone: Set(a.phone.clone()),
        province_code: Set(a.province_code.clone()),
        province_input: Set(a.province_input.clone()),
        commune: Set(a.commune.clone()),
        street: Set(a.street.clone()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    for old in saved.iter().skip(MAX_SAVED - 1) {
        address::Entity::delete_by_id(old.id).exec(db).await?;
    }
    Ok(())
}

impl From<&address::Model> for AddressInput {
    fn from(a: &address::Model) -> Self {
        Self {
            recipient: a.recipient.clone(),
            phone: a.phone.clone(),
            province: a.province_input.clone(),
            commune: a.commune.clone(),
            street: a.street.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn former_province_is_mapped_and_kept() {
        let a = check(&AddressInput {
            recipient: " Nguyễn  Văn A ".into(),
            phone: "+84 912 345 678".into(),
            province: "Hải Dương".into(),
            commune: "phuong thanh dong".into(),
            street: "12 Nguyễn Trãi".into(),
        })
        .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(a.province_code, "hai-phong");
        assert_eq!(a.province_input, "Hải Dương");
        assert_eq!(a.phone, "0912345678");
        assert_eq!(a.recipient, "Nguyễn Văn A");
        assert_eq!(a.commune, "Phường Thành Đông");
    }

    #[test]
    fn communes_are_checked_against_the_province() {
        let mut input = AddressInput {
            recipient: "Lan".into(),
            phone: "0912345678".into(),
            province: "Quảng Ninh".into(),
            commune: "p. bai chay".into(),
            street: "1 Hạ Long".into(),
        };
        assert_eq!(check(&input).map(|a| a.commune).ok().as_deref(), Some("Phường Bãi Cháy"));
        input.commune = "Phường Hoàn Kiếm".into();
        let Err(Error::Invalid(fields)) = check(&input) else { panic!("Hoàn Kiếm is in Hà Nội") };
        assert!(fields.get("commune").is_some_and(|m| m.contains("Quảng Ninh")));
        assert!(check_with(&input, false).is_ok(), "a pickup point names its own place");
    }

    #[test]
    fn each_bad_field_is_named() {
        let Err(Error::Invalid(fields)) =
            check(&AddressInput { phone: "123".into(), province: "Atlantis".into(), ..Default::default() })
        else {
            panic!("must fail")
        };
        for field in ["recipient", "phone", "province", "commune", "street"] {
            assert!(fields.get(field).is_some(), "{field}");
        }
    }
}
