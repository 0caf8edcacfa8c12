//! HTML pages, Vietnamese paths first, one folder per audience (mirrored by
//! web/templates/): `shop` the public storefront, `account` a shopper's own things,
//! `vendor` the shop workspace (`/kenh-nguoi-ban`), `admin` the admin workspace
//! (`/quan-tri`).

use crate::routes::Routes;

pub mod account;
pub mod admin;
pub mod shop;
pub mod vendor;

pub fn routes() -> Routes {
    Routes::new().merge(shop::routes()).merge(account::routes()).merge(vendor::routes()).merge(admin::routes())
}
