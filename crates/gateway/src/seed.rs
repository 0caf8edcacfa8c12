//! Demo data for `ocop seed --demo`. Idempotent: what exists is left as it is.

use ocop_accounts::{NewUser, Role, users};
use sea_orm::DatabaseConnection;

/// The password of every demo account; printed by `make run` and in the README.
pub const DEMO_PASSWORD: &str = "ocop-demo-2026";

pub const DEMO_ACCOUNTS: [(&str, &str, Role); 4] = [
    ("admin@choocop.vn", "Quản trị Chợ OCOP", Role::Admin),
    ("dieuphoi.quangninh@choocop.vn", "Cán bộ OCOP Quảng Ninh", Role::Coordinator),
    ("nguoiban@choocop.vn", "Hợp tác xã Trà hoa vàng Ba Chẽ", Role::Vendor),
    ("khach@choocop.vn", "Nguyễn Thị Lan", Role::Shopper),
];

/// # Errors
/// The database cannot be written.
pub async fn demo(db: &DatabaseConnection) -> anyhow::Result<()> {
    let mut created = 0;
    for (email, name, role) in DEMO_ACCOUNTS {
        let new = NewUser { email: email.into(), name: name.into(), password: DEMO_PASSWORD.into(), phone: None, role };
        match users::register(db, new).await {
            Ok(_) => created += 1,
            Err(ocop_core::Error::Conflict { .. }) => {}
            Err(e) => return Err(e.into()),
        }
    }
    println!("demo data: {created} account(s) created; every demo account's password is {DEMO_PASSWORD}");
    Ok(())
}
