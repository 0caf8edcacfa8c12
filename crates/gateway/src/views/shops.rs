//! Forms of the shop workspace that the admin workspace shows too: the application (which
//! onboards a producer from /quan-tri/cua-hang-moi) and the import page (a shop's own rows,
//! or rows naming shops from /quan-tri/nhap).

use ocop_catalog::entity::shop;
use ocop_catalog::import;
use ocop_catalog::producer::ProducerType;
use ocop_catalog::shops;
use ocop_core::{FieldErrors, provinces};
use serde::Serialize;

use crate::forms::{Upload, read_multipart};

#[derive(Serialize)]
pub struct Choice {
    code: &'static str,
    label: &'static str,
}

pub fn producer_choices() -> Vec<Choice> {
    ProducerType::ALL.iter().map(|p| Choice { code: p.code(), label: p.label_vi() }).collect()
}

/// The application form; in the admin workspace it onboards a producer on its behalf.
#[derive(Serialize)]
pub struct ApplyView {
    pub form: shops::Application,
    pub errors: FieldErrors,
    pub producers: Vec<Choice>,
    pub status: Option<shop::Model>,
    pub action: &'static str,
    /// Onboarding: the e-mail of the producer's account, made the shop's owner.
    pub owner_email: Option<String>,
}

/// The import page, for a shop's own rows or (in the admin workspace) rows naming shops.
#[derive(Serialize)]
pub struct ImportView {
    pub shop: Option<shop::Model>,
    pub action: String,
    pub report: Option<import::Report>,
    pub error: Option<String>,
    /// Admins may approve as imported and create shops.
    pub admin: bool,
}

/// The import form's file and its ticked boxes. Whatever is wrong with the upload (cut off,
/// over the cap, no file) is a field error the import page shows.
///
/// # Errors
/// [`ocop_core::Error::Invalid`] on `file`.
pub async fn import_upload(multipart: axum::extract::Multipart) -> Result<(Vec<u8>, Upload), ocop_core::Error> {
    let mut upload = read_multipart(multipart).await.map_err(|e| e.invalid("file"))?;
    let file = upload.take("file");
    if file.is_empty() {
        return Err(ocop_core::Error::invalid("file", "Chọn một tệp CSV hoặc JSON Lines"));
    }
    Ok((file, upload))
}

#[derive(Serialize)]
/// A shop in the admins' lists, with its province and kind of producer by name.
pub struct ShopItem {
    pub shop: shop::Model,
    pub province_name: &'static str,
    pub producer_label: &'static str,
}

impl From<shop::Model> for ShopItem {
    fn from(s: shop::Model) -> Self {
        ShopItem {
            province_name: provinces::by_code_exact(&s.province_code).map_or("", |p| p.name),
            producer_label: ocop_catalog::producer::ProducerType::parse(&s.producer_type).map_or("", |p| p.label_vi()),
            shop: s,
        }
    }
}
