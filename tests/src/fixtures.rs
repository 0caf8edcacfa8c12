//! Builders for test data, written through the real services.
#![expect(clippy::unwrap_used, reason = "test fixtures fail loudly")]

use ocop_accounts::{NewUser, Role, User, tokens, users};
use ocop_catalog::input::{ProductInput, VariantInput};
use ocop_catalog::products::{self, Listing};
use ocop_catalog::{coordinators, shops};

use crate::TestApp;

pub const PASSWORD: &str = "mat-khau-dai-du";

/// What a date-time field holds for the moment `from_now` away: Vietnam's wall clock,
/// `2026-12-20T08:00`, as a person picks it.
pub fn vn_field(from_now: chrono::Duration) -> String {
    (chrono::Utc::now() + from_now).with_timezone(&ocop_core::time::vn_offset()).format("%Y-%m-%dT%H:%M").to_string()
}

impl TestApp {
    /// An account with a bearer token.
    pub async fn user(&self, email: &str, role: Role) -> (User, String) {
        let user = users::register(
            &self.db,
            NewUser {
                email: email.into(),
                name: email.split('@').next().unwrap().into(),
                password: PASSWORD.into(),
                phone: None,
                role,
            },
        )
        .await
        .unwrap();
        let token = tokens::issue(&self.db, user.id, "test", chrono::Duration::days(1)).await.unwrap();
        (user, token)
    }

    pub async fn admin(&self) -> (User, String) {
        self.user(&format!("admin-{}@choocop.vn", uuid::Uuid::new_v4().simple()), Role::Admin).await
    }

    pub async fn coordinator_of(&self, province: &str) -> (User, String) {
        let (user, token) =
            self.user(&format!("dieuphoi-{}@choocop.vn", uuid::Uuid::new_v4().simple()), Role::Coordinator).await;
        coordinators::assign(&self.db, &user, province).await.unwrap();
        (user, token)
    }

    /// A verified shop in `province` with a vendor owner; returns (shop slug, vendor, token).
    pub async fn shop(&self, name: &str, province: &str) -> (String, User, String) {
        let (admin, _) = self.admin().await;
        let shop = shops::create_verified(&self.db, &admin, &application(name, province)).await.unwrap();
        let (vendor, token) =
            self.user(&format!("banhang-{}@example.vn", uuid::Uuid::new_v4().simple()), Role::Vendor).await;
        shops::add_member(&self.db, shop.id, vendor.id, "owner").await.unwrap();
        (shop.slug, vendor, token)
    }

    /// A product submitted by `vendor` and approved by an admin: live.
    pub async fn live_product(&self, vendor: &User, shop: &str, input: &ProductInput) -> Listing {
        let created = products::create(&self.db, vendor, shop, input, true).await.unwrap();
        let (admin, _) = self.admin().await;
        products::approve(&self.db, &admin.actor(), created.product.id).await.unwrap()
    }
}

pub fn application(name: &str, province: &str) -> shops::Application {
    shops::Application {
        name: name.into(),
        producer_type: "hop_tac_xa".into(),
        registration_number: "5700123456".into(),
        registration_date: "2019-05-20".into(),
        registration_issuer: "Sở Kế hoạch và Đầu tư".into(),
        tax_code: String::new(),
        province: province.into(),
        commune: "Xã Ba Chẽ".into(),
        street: "Thôn Làng Mới".into(),
        phone: "0912 345 678".into(),
        description: "Hợp tác xã thử nghiệm".into(),
    }
}

pub fn product(name: &str, sku: &str, price_vnd: i64, stock: i64) -> ProductInput {
    ProductInput {
        name: name.into(),
        description: format!("{name}: đặc sản OCOP."),
        category: "do-uong".into(),
        province: "Quảng Ninh".into(),
        variants: vec![VariantInput {
            sku: sku.into(),
            label: "Hộp 100 g".into(),
            price_vnd,
            compare_at_vnd: None,
            stock,
            weight_grams: 150,
            unit: "hộp".into(),
        }],
        ..Default::default()
    }
}

/// A real PNG picture of `w`×`h` pixels.
pub fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 90]));
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(img).write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}
