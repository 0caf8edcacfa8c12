//! A fair and a campaign running now, so `make run` shows the live side of fairs: the
//! countdown, fair prices, buying through a booth, the booth's selling screen at fair prices
//! (the demo seller of the tea cooperative has a booth), and a Tết campaign on the home
//! page's banner. Each is made when none of its kind is running; their dates follow the day
//! they are seeded.

use chrono::{Duration, NaiveTime, TimeZone as _, Utc};
use ocop_accounts::User;
use ocop_fairs::booths::{self, Decision};
use ocop_fairs::{FairInput, fair, prices};
use sea_orm::DatabaseConnection;

/// Whether a campaign (`true`) or a fair (`false`) is running now.
async fn running(db: &DatabaseConnection, campaign: bool) -> anyhow::Result<bool> {
    let on = fair::running(db, Utc::now(), 50).await?;
    Ok(on.iter().any(|f| (f.venue_kind == "campaign") == campaign))
}

/// `hour`:00 on the day `days` after `today`, Vietnam time, as the fair form writes it.
fn vn_at(today: chrono::NaiveDate, days: i64, hour: u32) -> String {
    let day = today + Duration::days(days);
    ocop_orders::code::vietnam_offset()
        .from_local_datetime(&day.and_time(NaiveTime::from_hms_opt(hour, 0, 0).unwrap_or_default()))
        .single()
        .map(|t| t.format("%Y-%m-%dT%H:%M").to_string())
        .unwrap_or_default()
}

/// The shops that take a booth, in booth order, and their discount in percent.
const BOOTHS: [(&str, i64); 8] = [
    ("htx-tra-hoa-vang-ba-che", 10),
    ("mien-dong-binh-lieu", 12),
    ("cha-muc-ha-long", 8),
    ("nuoc-mam-cai-rong", 10),
    ("htx-che-tan-cuong", 15),
    ("gom-bat-trang", 10),
    ("mat-ong-ha-giang", 12),
    ("lua-van-phuc", 5),
];

pub(super) async fn live_fair(db: &DatabaseConnection, admin: &User) -> anyhow::Result<()> {
    let now = Utc::now();
    if running(db, false).await? {
        return Ok(());
    }
    // From 08:00 yesterday to 21:00 ten days on, Vietnam time.
    let today = now.with_timezone(&ocop_orders::code::vietnam_offset()).date_naive();
    let at = |days, hour| vn_at(today, days, hour);
    let input = FairInput {
        name: format!("Phiên chợ OCOP Hạ Long tháng {}", today.format("%m/%Y")),
        description: "Đặc sản OCOP Quảng Ninh và các tỉnh bạn: mua trực tuyến với giá hội chợ, hoặc ghé gian hàng tại \
                      Quảng trường 30/10 mỗi tối."
            .into(),
        venue_kind: "both".into(),
        venue: "Quảng trường 30/10, Hạ Long".into(),
        host_province: "Quảng Ninh".into(),
        starts_at: at(-1, 8),
        ends_at: at(10, 21),
        booth_limit: "24".into(),
        grid_columns: "6".into(),
        invited_provinces: "Thái Nguyên, Hà Nội, Tuyên Quang".into(),
    };
    let created = fair::create(db, &admin.actor(), &input).await?;
    let mut placed = 0;
    for (number, (slug, percent)) in (1..).zip(BOOTHS) {
        let Ok(shop) = ocop_catalog::shops::by_slug(db, slug).await else { continue };
        let Ok(booth) = booths::apply(db, &created, &shop, "", now).await else { continue };
        booths::decide(db, &admin.actor(), &created, booth.id, &Decision::Accept { number: Some(number * 2 - 1) }, "")
            .await?;
        prices::set_percent(db, admin, &created, &shop, percent).await?;
        placed += 1;
    }
    println!("live fair: {} ({placed} booths, until {})", created.name, input.ends_at.replace('T', " "));
    Ok(())
}

/// The shops that join the demo campaign, and their campaign discount in percent.
const CAMPAIGN_SHOPS: [(&str, i64); 5] = [
    ("htx-tra-hoa-vang-ba-che", 15),
    ("mien-dong-binh-lieu", 10),
    ("nuoc-mam-cai-rong", 12),
    ("htx-che-tan-cuong", 10),
    ("mat-ong-ha-giang", 15),
];

pub(super) async fn campaign(db: &DatabaseConnection, admin: &User) -> anyhow::Result<()> {
    let now = Utc::now();
    if running(db, true).await? {
        return Ok(());
    }
    let today = now.with_timezone(&ocop_orders::code::vietnam_offset()).date_naive();
    let input = FairInput {
        name: "Quà Tết OCOP".into(),
        description:
            "Giỏ quà Tết từ các hợp tác xã OCOP: trà, miến, nước mắm, mật ong với giá chiến dịch, giao tận nhà.".into(),
        venue_kind: "campaign".into(),
        venue: String::new(),
        host_province: "Quảng Ninh".into(),
        starts_at: vn_at(today, -2, 0),
        ends_at: vn_at(today, 28, 23),
        booth_limit: "100".into(),
        grid_columns: String::new(),
        invited_provinces: "Thái Nguyên, Hà Nội, Tuyên Quang".into(),
    };
    let created = fair::create(db, &admin.actor(), &input).await?;
    let mut joined = 0;
    for (slug, percent) in CAMPAIGN_SHOPS {
        let Ok(shop) = ocop_catalog::shops::by_slug(db, slug).await else { continue };
        let Ok(entry) = booths::apply(db, &created, &shop, "", now).await else { continue };
        booths::decide(db, &admin.actor(), &created, entry.id, &Decision::Accept { number: None }, "").await?;
        prices::set_percent(db, admin, &created, &shop, percent).await?;
        joined += 1;
    }
    println!("campaign: {} ({joined} shops, until {})", created.name, input.ends_at.replace('T', " "));
    Ok(())
}
