//! Registering, authenticating and changing passwords.

use chrono::Utc;
use ocop_core::error::is_unique_violation;
use ocop_core::phone::parse_vn_phone;
use ocop_core::text::clean_line;
use ocop_core::{Error, FieldErrors};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use validator::ValidateEmail;

use crate::conflicts;
use crate::entity::user;
use crate::{Role, password};

pub const PASSWORD_MIN_CHARS: usize = 8;
pub const PASSWORD_MAX_CHARS: usize = 128;
pub const NAME_MAX_CHARS: usize = 120;

/// A user as the rest of the system sees it: never the password hash.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub phone: Option<String>,
    pub role: Role,
    pub created_at: chrono::DateTime<Utc>,
}

impl User {
    /// This user as the actor of a write (the audit log records who did it).
    pub fn actor(&self) -> ocop_core::Actor {
        ocop_core::Actor::new(self.id, self.role)
    }
}

impl TryFrom<user::Model> for User {
    type Error = Error;

    fn try_from(m: user::Model) -> Result<Self, Error> {
        Ok(User {
            role: m.role.parse().map_err(Error::Internal)?,
            id: m.id,
            email: m.email,
            name: m.name,
            phone: m.phone,
            created_at: m.created_at,
        })
    }
}

/// What someone typed to register; checked by [`register`].
#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: String,
    pub name: String,
    pub password: String,
    pub phone: Option<String>,
    pub role: Role,
}

/// Lower-cased, trimmed NFC: the form e-mails are stored and looked up in.
pub fn normalize_email(raw: &str) -> String {
    ocop_core::text::nfc(raw.trim()).to_lowercase()
}

fn check_password(errors: &mut FieldErrors, field: &str, password: &str) {
    let chars = password.chars().count();
    if chars < PASSWORD_MIN_CHARS {
        errors.add(field, format!("Mật khẩu cần ít nhất {PASSWORD_MIN_CHARS} ký tự"));
    } else if chars > PASSWORD_MAX_CHARS {
        errors.add(field, format!("Mật khẩu tối đa {PASSWORD_MAX_CHARS} ký tự"));
    }
}

/// Creates an account after checking every field; all problems are reported at once.
///
/// # Errors
/// [`Error::Invalid`] naming each bad field; [`Error::Conflict`] on `email` or `phone` when
/// already used.
pub async fn register<C: ConnectionTrait>(db: &C, new: NewUser) -> Result<User, Error> {
    let mut errors = FieldErrors::new();
    let email = normalize_email(&new.email);
    if email.is_empty() {
        errors.add("email", "Vui lòng nhập email");
    } else if email.chars().count() > 254 || !email.validate_email() {
        errors.add("email", "Email không hợp lệ");
    }
    let name = clean_line(&new.name);
    if name.is_empty() {
        errors.add("name", "Vui lòng nhập họ tên");
    } else if name.chars().count() > NAME_MAX_CHARS {
        errors.add("name", format!("Họ tên tối đa {NAME_MAX_CHARS} ký tự"));
    }
    check_password(&mut errors, "password", &new.password);
    let phone = match new.phone.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        None => None,
        Some(raw) => {
            let parsed = parse_vn_phone(raw);
            if parsed.is_none() {
                errors.add("phone", "Số điện thoại không hợp lệ (ví dụ 0912 345 678)");
            }
            parsed
        }
    };
    errors.into_result()?;

    if user::Entity::find().filter(user::Column::Email.eq(&email)).one(db).await?.is_some() {
        return Err(email_taken());
    }
    let hash = password::hash(new.password).await?;
    let now = Utc::now();
    let model = user::ActiveModel {
        email: Set(email),
        name: Set(name),
        phone: Set(phone),
        password_hash: Set(hash),
        role: Set(new.role.as_str().to_owned()),
        created_at: Set(now),
        updated_at: Set(now),
        password_changed_at: Set(now),
        ..Default::default()
    };
    // The unique indexes are the real guard: two registrations racing past the check
    // above still cannot both succeed.
    let inserted = model.insert(db).await.map_err(|e| {
        if is_unique_violation(&e) {
            if e.to_string().contains("phone") { phone_taken() } else { email_taken() }
        } else {
            Error::Db(e)
        }
    })?;
    tracing::info!(user.id = inserted.id, user.role = %new.role, "account created");
    inserted.try_into()
}

fn email_taken() -> Error {
    Error::Conflict {
        code: conflicts::EMAIL_TAKEN, field: Some("email"), message: "Email này đã được đăng ký".into()
    }
}

fn phone_taken() -> Error {
    Error::Conflict {
        code: conflicts::PHONE_TAKEN, field: Some("phone"), message: "Số điện thoại đã được dùng".into()
    }
}

/// Checks an e-mail and password. An unknown e-mail and a wrong password give the same
/// error and take the same time.
///
/// # Errors
/// [`Error::BadCredentials`].
pub async fn authenticate<C: ConnectionTrait>(db: &C, email: &str, password: &str) -> Result<User, Error> {
    let email = normalize_email(email);
    let found = user::Entity::find().filter(user::Column::Email.eq(&email)).one(db).await?;
    let stored = found.as_ref().map_or(password::DUMMY_HASH, |u| u.password_hash.as_str()).to_owned();
    let matches = password::verify(password.to_owned(), stored).await?;
    match found {
        Some(model) if matches => model.try_into(),
        _ => Err(Error::BadCredentials),
    }
}

/// # Errors
/// [`Error::NotFound`] for an unknown id.
pub async fn find<C: ConnectionTrait>(db: &C, id: i64) -> Result<User, Error> {
    user::Entity::find_by_id(id).one(db).await?.ok_or(Error::NotFound { what: "tài khoản" })?.try_into()
}

/// Replaces the password after checking the current one.
///
/// # Errors
/// [`Error::Invalid`] on `current_password` when it is wrong, on `new_password` when too
/// short or long.
pub async fn change_password<C: ConnectionTrait>(
    db: &C,
    user_id: i64,
    current: &str,
    new_password: &str,
) -> Result<(), Error> {
    let model = user::Entity::find_by_id(user_id).one(db).await?.ok_or(Error::NotFound { what: "tài khoản" })?;
    let mut errors = FieldErrors::new();
    check_password(&mut errors, "new_password", new_password);
    if !password::verify(current.to_owned(), model.password_hash.clone()).await? {
        errors.add("current_password", "Mật khẩu hiện tại không đúng");
    }
    errors.into_result()?;
    let hash = password::hash(new_password.to_owned()).await?;
    let now = Utc::now();
    let mut active: user::ActiveModel = model.into();
    active.password_hash = Set(hash);
    active.password_changed_at = Set(now);
    active.updated_at = Set(now);
    active.update(db).await?;
    tracing::info!(user.id = user_id, "password changed");
    Ok(())
}
