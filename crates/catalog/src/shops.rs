//! Shops: a producer applies, an admin or the province's coordinator verifies; nothing is
//! sold before that.

use chrono::{NaiveDate, Utc};
use ocop_accounts::{Role, User};
use ocop_core::error::conflict_on_unique;
use ocop_core::phone::parse_vn_phone;
use ocop_core::text::{clean_line, slug_base};
use ocop_core::{Actor, Error, FieldErrors, provinces};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    TransactionSession, TransactionTrait,
};
use serde_json::json;

use crate::audit::{self, Entry};
use crate::conflicts;
use crate::entity::{shop, shop_member};
use crate::input::text_field;
use crate::producer::{ProducerType, parse_tax_code};

pub const STATUS_PENDING: &str = "pending";
pub const STATUS_VERIFIED: &str = "verified";
pub const STATUS_REJECTED: &str = "rejected";

/// What a producer fills in to apply (Decree 52: name, address, registration or personal
/// tax code, phone).
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct Application {
    pub name: String,
    pub producer_type: String,
    pub registration_number: String,
    /// `YYYY-MM-DD`.
    pub registration_date: String,
    pub registration_issuer: String,
    pub tax_code: String,
    pub province: String,
    pub commune: String,
    pub street: String,
    pub phone: String,
    pub description: String,
}

/// A checked application, ready to store.
pub(crate) struct Checked {
    pub(crate) name: String,
    producer: ProducerType,
    registration_number: Option<String>,
    registration_date: Option<NaiveDate>,
    registration_issuer: Option<String>,
    tax_code: Option<String>,
    province_code: &'static str,
    province_input: String,
    commune: String,
    street: String,
    phone: String,
    description: String,
}

fn check(app: &Application) -> Result<Checked, Error> {
    let mut errors = FieldErrors::new();
    let name = text_field(&mut errors, "name", &app.name, 160, true);
    let producer = ProducerType::parse(app.producer_type.trim());
    if producer.is_none() {
        errors.add("producer_type", "Chọn loại hình: doanh nghiệp, hợp tác xã, tổ hợp tác hoặc hộ kinh doanh");
    }
    let household = producer == Some(ProducerType::HoKinhDoanh);
    let tax_code = match app.tax_code.trim() {
        "" if household => {
            errors.add("tax_code", "Hộ kinh doanh cần mã số thuế cá nhân (10 hoặc 13 số)");
            None
        }
        "" => None,
        raw => {
            let parsed = parse_tax_code(raw);
            if parsed.is_none() {
                errors.add("tax_code", "Mã số thuế gồm 10 số, hoặc 13 số (10 số, dấu -, 3 số)");
            }
            parsed
        }
    };
    let (registration_number, registration_date, registration_issuer) = if household {
        (None, None, None)
    } else {
        let number = text_field(&mut errors, "registration_number", &app.registration_number, 20, true);
        let date = match NaiveDate::parse_from_str(app.registration_date.trim(), "%Y-%m-%d") {
            Ok(d) if d <= ocop_core::time::vn_today() => Some(d),
            Ok(_) => {
                errors.add("registration_date", "Ngày cấp không thể ở tương lai");
                None
            }
            Err(_) => {
                errors.add("registration_date", "Ngày cấp theo dạng năm-tháng-ngày, ví dụ 2019-05-20");
                None
            }
        };
        let issuer = text_field(&mut errors, "registration_issuer", &app.registration_issuer, 200, true);
        (Some(number), date, Some(issuer))
    };
    let province_input = clean_line(&app.province);
    let province = provinces::find(&province_input);
    if province.is_none() {
        errors.add("province", "Không nhận ra tỉnh/thành phố (nhập tên hiện tại hoặc tên trước sáp nhập)");
    }
    let commune = text_field(&mut errors, "commune", &app.commune, 120, true);
    let street = text_field(&mut errors, "street", &app.street, 200, true);
    let phone = parse_vn_phone(&app.phone);
    if phone.is_none() {
        errors.add("phone", "Số điện thoại không hợp lệ (ví dụ 0912 345 678)");
    }
    let description = ocop_core::text::nfc(app.description.trim());
    if description.chars().count() > MAX_DESCRIPTION_CHARS {
        errors.add("description", format!("Tối đa {MAX_DESCRIPTION_CHARS} ký tự"));
    }
    errors.into_result()?;
    let (Some(producer), Some(province), Some(phone)) = (producer, province, phone) else {
        return Err(Error::internal("checked application lost a field"));
    };
    Ok(Checked {
        name,
        producer,
        registration_number,
        registration_date,
        registration_issuer,
        tax_code,
        province_code: province.code,
        province_input,
        commune,
        street,
        phone,
        description,
    })
}

/// A slug not yet taken: `tra-hoa-vang-ba-che`, else `…-2`, `…-3` (exact probes, so
/// thousands of "HTX …" shops do not load each other).
async fn free_slug<C: ConnectionTrait>(db: &C, name: &str) -> Result<String, Error> {
    let base = slug_base(name, "cua-hang", 100);
    let (slug, _) = crate::slugs::first_free(&base, 1, |batch| taken_slugs(db, batch)).await?;
    Ok(slug)
}

/// Which of `batch` other shops use.
pub(crate) async fn taken_slugs<C: ConnectionTrait>(
    db: &C,
    batch: Vec<String>,
) -> Result<std::collections::HashSet<String>, Error> {
    use sea_orm::QuerySelect;
    Ok(shop::Entity::find()
        .select_only()
        .column(shop::Column::Slug)
        .filter(shop::Column::Slug.is_in(batch))
        .into_tuple::<String>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

/// A unique index refused a new shop: its name (or slug) is taken.
pub(crate) fn name_taken(e: sea_orm::DbErr) -> Error {
    conflict_on_unique(e, || Error::Conflict {
        code: conflicts::SHOP_TAKEN,
        field: Some("name"),
        message: "Tên gian hàng đã có".into(),
    })
}

/// A producer applies to sell; the applicant becomes the shop's owner. The shop waits
/// for verification.
///
/// # Errors
/// [`Error::Invalid`] naming each bad field; [`Error::Conflict`] when the applicant already
/// owns a shop.
pub async fn apply<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    applicant: &User,
    app: &Application,
) -> Result<shop::Model, Error> {
    let checked = check(app)?;
    if !mine(db, applicant.id).await?.is_empty() {
        return Err(Error::Conflict {
            code: conflicts::ALREADY_HAS_SHOP,
            field: None,
            message: "Tài khoản này đã có gian hàng".into(),
        });
    }
    let txn = ocop_core::db::begin_write(db).await?;
    let created = insert(&txn, checked, STATUS_PENDING, None).await?;
    shop_member::ActiveModel {
        shop_id: Set(created.id),
        user_id: Set(applicant.id),
        role: Set("owner".into()),
        created_at: Set(Utc::now()),
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        Entry {
            actor_id: Some(applicant.id),
            action: "shop.apply",
            entity: "shop",
            entity_id: created.id,
            before: None,
            after: Some(json!({"name": created.name, "province": created.province_code})),
            reason: None,
        },
    )
    .await?;
    txn.commit().await?;
    tracing::info!(shop.id = created.id, "shop applied");
    Ok(created)
}

async fn insert<C: ConnectionTrait>(
    db: &C,
    c: Checked,
    status: &str,
    verifier: Option<i64>,
) -> Result<shop::Model, Error> {
    let now = Utc::now();
    let slug = free_slug(db, &c.name).await?;
    row(c, slug, status, verifier, now).insert(db).await.map_err(name_taken)
}

/// A new shop's row.
pub(crate) fn row(
    c: Checked,
    slug: String,
    status: &str,
    verifier: Option<i64>,
    now: chrono::DateTime<Utc>,
) -> shop::ActiveModel {
    shop::ActiveModel {
        slug: Set(slug),
        name: Set(c.name),
        producer_type: Set(c.producer.code().into()),
        registration_number: Set(c.registration_number),
        registration_date: Set(c.registration_date),
        registration_issuer: Set(c.registration_issuer),
        tax_code: Set(c.tax_code),
        province_code: Set(c.province_code.into()),
        province_input: Set(c.province_input),
        commune: Set(c.commune),
        street: Set(c.street),
        phone: Set(c.phone),
        description: Set(c.description),
        status: Set(status.into()),
        rejection_reason: Set(None),
        verified_by: Set(verifier),
        verified_at: Set(verifier.map(|_| now)),
        auto_approve: Set(false),
        on_vacation: Set(false),
        logo_key: Set(None),
        commission_bps: Set(None),
        cod_enabled: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
}

/// A shop created already verified by an admin or coordinator (onboarding a household
/// producer on its behalf, or an import with `--create-shops`).
///
/// # Errors
/// As [`apply`], plus [`Error::Forbidden`] for other roles.
pub async fn create_verified<C: ConnectionTrait>(
    db: &C,
    actor: &User,
    app: &Application,
) -> Result<shop::Model, Error> {
    let checked = check(app)?;
    may_verify(db, &actor.actor(), checked.province_code).await?;
    let created = insert(db, checked, STATUS_VERIFIED, Some(actor.id)).await?;
    audit::record(
        db,
        Entry {
            actor_id: Some(actor.id),
            action: "shop.create_verified",
            entity: "shop",
            entity_id: created.id,
            before: None,
            after: Some(json!({"name": created.name, "province": created.province_code})),
            reason: None,
        },
    )
    .await?;
    Ok(created)
}

/// A shop named in an admin's import (`--create-shops`): created from its name, already
/// verified; its papers are filled in later from the shop workspace. The import checked
/// that `actor` is an admin.
///
/// # Errors
/// [`Error::Invalid`] on an empty name.
pub async fn create_named<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    name: &str,
    province_code: &'static str,
) -> Result<shop::Model, Error> {
    let created = insert(db, named(name, province_code)?, STATUS_VERIFIED, Some(actor.user_id)).await?;
    audit::record(
        db,
        Entry {
            actor_id: Some(actor.user_id),
            action: "shop.create_from_import",
            entity: "shop",
            entity_id: created.id,
            before: None,
            after: Some(json!({"name": created.name, "province": created.province_code})),
            reason: None,
        },
    )
    .await?;
    Ok(created)
}

/// A shop known only by its name (an import's `--create-shops`): a cooperative until its
/// papers say otherwise.
///
/// # Errors
/// [`Error::Invalid`] on `shop` for an empty or over-long name.
pub(crate) fn named(name: &str, province_code: &'static str) -> Result<Checked, Error> {
    let name = clean_line(name);
    if name.is_empty() || name.chars().count() > 160 {
        return Err(Error::invalid("shop", "Tên gian hàng từ 1 đến 160 ký tự"));
    }
    Ok(Checked {
        name,
        producer: ProducerType::HopTacXa,
        registration_number: None,
        registration_date: None,
        registration_issuer: None,
        tax_code: None,
        province_code,
        province_input: String::new(),
        commune: String::new(),
        street: String::new(),
        phone: String::new(),
        description: String::new(),
    })
}

/// Admins verify any shop; a coordinator only those of their own province.
///
/// # Errors
/// [`Error::Forbidden`].
pub async fn may_verify<C: ConnectionTrait>(db: &C, actor: &Actor, province_code: &str) -> Result<(), Error> {
    match actor.role {
        Role::Admin => Ok(()),
        Role::Coordinator
            if crate::coordinators::provinces_of(db, actor.user_id).await?.iter().any(|p| p == province_code) =>
        {
            Ok(())
        }
        _ => Err(Error::Forbidden),
    }
}

/// Verifies a pending (or previously rejected) shop, or rejects it with a reason the
/// applicant sees.
///
/// # Errors
/// [`Error::Forbidden`], [`Error::NotFound`], [`Error::Invalid`] on `reason` when
/// rejecting without one.
pub async fn decide<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    shop_id: i64,
    approve: bool,
    reason: &str,
) -> Result<shop::Model, Error> {
    let found = shop::Entity::find_by_id(shop_id).one(db).await?.ok_or(Error::NotFound { what: "gian hàng" })?;
    may_verify(db, actor, &found.province_code).await?;
    let reason = clean_line(reason);
    if !approve && reason.is_empty() {
        return Err(Error::invalid("reason", "Vui lòng ghi lý do từ chối để người bán biết cần sửa gì"));
    }
    let before = json!({"status": found.status});
    let txn = ocop_core::db::begin_write(db).await?;
    let now = Utc::now();
    let mut active: shop::ActiveModel = found.into();
    active.status = Set(if approve { STATUS_VERIFIED } else { STATUS_REJECTED }.into());
    active.rejection_reason = Set((!approve).then(|| reason.clone()));
    active.verified_by = Set(approve.then_some(actor.user_id));
    active.verified_at = Set(approve.then_some(now));
    active.updated_at = Set(now);
    let updated = active.update(&txn).await?;
    // A shop's listings are found only while it is verified: every instance's search
    // index hears of each one (a verified shop rejected later takes them all down).
    let listings: Vec<i64> = crate::entity::product::Entity::find()
        .select_only()
        .column(crate::entity::product::Column::Id)
        .filter(crate::entity::product::Column::ShopId.eq(shop_id))
        .into_tuple()
        .all(&txn)
        .await?;
    let changed = listings.into_iter().map(|id| json!({"product_id": id})).collect();
    crate::outbox::enqueue_many(&txn, crate::outbox::PRODUCT_CHANGED, changed).await?;
    audit::record(
        &txn,
        Entry {
            actor_id: Some(actor.user_id),
            action: if approve { "shop.verify" } else { "shop.reject" },
            entity: "shop",
            entity_id: shop_id,
            before: Some(before),
            after: Some(json!({"status": updated.status})),
            reason: (!approve).then_some(reason.as_str()),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(updated)
}

/// # Errors
/// [`Error::NotFound`].
pub async fn by_slug<C: ConnectionTrait>(db: &C, slug: &str) -> Result<shop::Model, Error> {
    shop::Entity::find()
        .filter(shop::Column::Slug.eq(slug))
        .one(db)
        .await?
        .ok_or(Error::NotFound { what: "gian hàng" })
}

/// The shops a user owns or works for.
///
/// # Errors
/// The database cannot be read.
pub async fn mine<C: ConnectionTrait>(db: &C, user_id: i64) -> Result<Vec<shop::Model>, Error> {
    let ids: Vec<i64> = shop_member::Entity::find()
        .filter(shop_member::Column::UserId.eq(user_id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.shop_id)
        .collect();
    Ok(shop::Entity::find().filter(shop::Column::Id.is_in(ids)).order_by_asc(shop::Column::Id).all(db).await?)
}

/// Adds a member (staff act only for their shop).
///
/// # Errors
/// The database cannot be written.
pub async fn add_member<C: ConnectionTrait>(db: &C, shop_id: i64, user_id: i64, role: &str) -> Result<(), Error> {
    let exists = shop_member::Entity::find_by_id((shop_id, user_id)).one(db).await?;
    if exists.is_none() {
        shop_member::ActiveModel {
            shop_id: Set(shop_id),
            user_id: Set(user_id),
            role: Set(role.into()),
            created_at: Set(Utc::now()),
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// The shop when `user` may act for it: a member, an admin, or a coordinator of the shop's
/// province. Anyone else learns nothing, not even that it exists.
///
/// # Errors
/// [`Error::NotFound`].
pub async fn for_member<C: ConnectionTrait>(db: &C, user: &User, slug: &str) -> Result<shop::Model, Error> {
    let found = by_slug(db, slug).await?;
    let allowed = match user.role {
        Role::Admin => true,
        Role::Coordinator => crate::coordinators::provinces_of(db, user.id).await?.contains(&found.province_code),
        _ => shop_member::Entity::find_by_id((found.id, user.id)).one(db).await?.is_some(),
    };
    if allowed { Ok(found) } else { Err(Error::NotFound { what: "gian hàng" }) }
}

/// Shops waiting for verification, oldest first.
///
/// # Errors
/// The database cannot be read.
pub async fn pending<C: ConnectionTrait>(db: &C) -> Result<Vec<shop::Model>, Error> {
    Ok(shop::Entity::find()
        .filter(shop::Column::Status.eq(STATUS_PENDING))
        .order_by_asc(shop::Column::CreatedAt)
        .all(db)
        .await?)
}

/// Whether `user` owns the shop (staff do not), or is an admin: for what only an owner
/// decides, such as staff and where the money goes.
///
/// # Errors
/// The database cannot be read.
pub async fn owns_or_admin<C: ConnectionTrait>(db: &C, user: &User, shop_id: i64) -> Result<bool, Error> {
    if user.role == Role::Admin {
        return Ok(true);
    }
    Ok(shop_member::Entity::find_by_id((shop_id, user.id)).one(db).await?.is_some_and(|m| m.role == "owner"))
}

/// The owner invites a registered person to work for the shop as staff.
///
/// # Errors
/// [`Error::Forbidden`] unless `owner` owns the shop (or is an admin);
/// [`Error::Invalid`] on `email` when no account has it.
pub async fn invite_staff<C: ConnectionTrait>(db: &C, owner: &User, slug: &str, email: &str) -> Result<User, Error> {
    use ocop_accounts::entity::user;
    let found = for_member(db, owner, slug).await?;
    if !owns_or_admin(db, owner, found.id).await? {
        return Err(Error::Forbidden);
    }
    let email = ocop_accounts::users::normalize_email(email);
    let invited = user::Entity::find()
        .filter(user::Column::Email.eq(&email))
        .one(db)
        .await?
        .ok_or_else(|| Error::invalid("email", "Chưa có tài khoản với email này: nhờ người đó đăng ký trước"))?;
    let invited = User::try_from(invited)?;
    add_member(db, found.id, invited.id, "staff").await?;
    audit::record(
        db,
        Entry {
            actor_id: Some(owner.id),
            action: "shop.add_staff",
            entity: "shop",
            entity_id: found.id,
            before: None,
            after: Some(json!({"user_id": invited.id})),
            reason: None,
        },
    )
    .await?;
    Ok(invited)
}

/// Vacation mode: the shop stays visible but takes no orders.
///
/// # Errors
/// [`Error::NotFound`] for a shop the user does not act for.
pub async fn set_vacation<C: ConnectionTrait>(db: &C, user: &User, slug: &str, on: bool) -> Result<shop::Model, Error> {
    let found = for_member(db, user, slug).await?;
    let mut active: shop::ActiveModel = found.into();
    active.on_vacation = Set(on);
    active.updated_at = Set(Utc::now());
    Ok(active.update(db).await?)
}

/// The longest shop description, in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 5000;

/// A member rewrites the shop's description (Markdown, shown through the sanitiser); live
/// at once and in the audit log with the text before and after.
///
/// # Errors
/// [`Error::NotFound`] for a shop the user does not keep; a description that is too long.
pub async fn set_description<C: ConnectionTrait>(
    db: &C,
    user: &User,
    slug: &str,
    text: &str,
) -> Result<shop::Model, Error> {
    let found = for_member(db, user, slug).await?;
    let description = ocop_core::text::clean_block(text);
    if description.chars().count() > MAX_DESCRIPTION_CHARS {
        return Err(Error::invalid("description", format!("Tối đa {MAX_DESCRIPTION_CHARS} ký tự")));
    }
    if description == found.description {
        return Ok(found);
    }
    let before = found.description.clone();
    let mut active: shop::ActiveModel = found.into();
    active.description = Set(description.clone());
    active.updated_at = Set(Utc::now());
    let updated = active.update(db).await?;
    audit::record(
        db,
        audit::Entry {
            actor_id: Some(user.id),
            action: "shop.description",
            entity: "shop",
            entity_id: updated.id,
            before: Some(serde_json::json!({ "description": before })),
            after: Some(serde_json::json!({ "description": description })),
            reason: None,
        },
    )
    .await?;
    Ok(updated)
}

/// Trusted shops publish without review (admins only: the route's guard checks it).
///
/// # Errors
/// [`Error::NotFound`] for an unknown shop.
pub async fn set_auto_approve<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    shop_id: i64,
    on: bool,
) -> Result<shop::Model, Error> {
    let found = shop::Entity::find_by_id(shop_id).one(db).await?.ok_or(Error::NotFound { what: "gian hàng" })?;
    let before = found.auto_approve;
    let mut active: shop::ActiveModel = found.into();
    active.auto_approve = Set(on);
    active.updated_at = Set(Utc::now());
    let updated = active.update(db).await?;
    audit::record(
        db,
        Entry {
            actor_id: Some(actor.user_id),
            action: "shop.auto_approve",
            entity: "shop",
            entity_id: shop_id,
            before: Some(json!({"auto_approve": before})),
            after: Some(json!({"auto_approve": on})),
            reason: None,
        },
    )
    .await?;
    Ok(updated)
}

/// Verified shops, for the admin list.
///
/// # Errors
/// The database cannot be read.
pub async fn verified<C: ConnectionTrait>(db: &C) -> Result<Vec<shop::Model>, Error> {
    Ok(shop::Entity::find()
        .filter(shop::Column::Status.eq(STATUS_VERIFIED))
        .order_by_asc(shop::Column::Name)
        .all(db)
        .await?)
}
