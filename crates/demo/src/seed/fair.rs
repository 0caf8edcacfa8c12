//! The demo fair, "Hội chợ OCOP Quảng Ninh hè": hosted by Quảng Ninh with six invited
//! provinces, seven days that ended three weeks ago, a booth for every verified shop of those
//! provinces (the demo shops and 25 more producers made for it), fair prices, and the trading
//! of those days (online orders through the fair, sales at the booths, visitors), so its
//! report and the dashboards have something true-to-life to show.
//!
//! Idempotent like the rest of the seed: the fair, its booths and its trading are written in
//! one transaction, and skipped when a fair of that name exists.

use chrono::{Duration, NaiveDate, Utc};
use ocop_accounts::User;
use ocop_catalog::entity::{product, shop, shop_member, variant};
use ocop_catalog::shops::STATUS_VERIFIED;
use ocop_fairs::entity::fair;
use ocop_fairs::{FairInput, fair as fairs};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Value};

use super::sales::{self, Buyer, Item, Plan, Rng, Stall, insert_rows};
use super::{DemoShop, demo_shop};

pub const FAIR_NAME: &str = "Hội chợ OCOP Quảng Ninh hè";
const GUESTS: [&str; 6] = ["Hà Nội", "Hải Phòng", "Thái Nguyên", "Lạng Sơn", "Bắc Ninh", "Lâm Đồng"];
/// Days before today (in Vietnam) the fair opened; it ran for [`DAYS`].
const OPENED_DAYS_AGO: i64 = 27;
const DAYS: u32 = 7;

/// Producers of Quảng Ninh and the guest provinces who came for the fair (verified, with
/// papers, like the other demo shops); their products are in `seed/fair-products.csv`.
pub(super) const FAIR_SHOPS: [DemoShop; 25] = [
    demo_shop(
        "ruoc-hau-van-don",
        "HTX Ruốc hàu Vân Đồn",
        "hop_tac_xa",
        "Quảng Ninh",
        ["Đặc khu Vân Đồn", "Thôn Đông Trung", "0203 3793 515"],
        "Ruốc hàu sấy khô từ hàu nuôi trên vịnh Bái Tử Long.",
    ),
    demo_shop(
        "sa-sung-quan-lan",
        "Cơ sở Sá sùng Quan Lạn",
        "ho_kinh_doanh",
        "Quảng Ninh",
        ["Đặc khu Vân Đồn", "Thôn Bấc, đảo Quan Lạn", "0912 456 602"],
        "Sá sùng phơi khô trên cát trắng đảo Quan Lạn.",
    ),
    demo_shop(
        "ba-kich-ba-che",
        "HTX Ba kích Ba Chẽ",
        "hop_tac_xa",
        "Quảng Ninh",
        ["Xã Ba Chẽ", "Thôn Khe Nháng", "0203 3888 603"],
        "Ba kích tím trồng dưới tán rừng Ba Chẽ, sấy khô và ngâm rượu.",
    ),
    demo_shop(
        "ga-tien-yen",
        "HTX Gà Tiên Yên",
        "hop_tac_xa",
        "Quảng Ninh",
        ["Xã Tiên Yên", "Thôn Khe Tiên", "0203 3876 604"],
        "Gà đồi Tiên Yên ủ muối theo lối người Sán Chỉ.",
    ),
    demo_shop(
        "banh-gat-gu-quang-yen",
        "Cơ sở Bánh gật gù Quảng Yên",
        "ho_kinh_doanh",
        "Quảng Ninh",
        ["Phường Quảng Yên", "Số 7 phố Trần Khánh Dư", "0915 222 605"],
        "Bánh gật gù tráng mỏng từ gạo tám, ăn kèm chả mực.",
    ),
    demo_shop(
        "gom-dong-trieu",
        "Công ty TNHH Gốm Đông Triều",
        "doanh_nghiep",
        "Quảng Ninh",
        ["Phường Đông Triều", "Khu Vĩnh Hòa", "0203 3870 606"],
        "Gốm sứ Đông Triều men màu, đồ gia dụng và quà tặng.",
    ),
    demo_shop(
        "che-duong-hoa",
        "HTX Chè Đường Hoa",
        "hop_tac_xa",
        "Quảng Ninh",
        ["Xã Đường Hoa", "Thôn 5", "0203 3879 607"],
        "Chè xanh Đường Hoa sao tay trên đồi chè Hải Hà.",
    ),
    demo_shop(
        "ngoc-trai-ha-long",
        "Công ty CP Ngọc trai Hạ Long",
        "doanh_nghiep",
        "Quảng Ninh",
        ["Phường Bãi Cháy", "Khu du lịch Hùng Thắng", "0203 3846 608"],
        "Ngọc trai nuôi trên vịnh Hạ Long, chế tác trang sức.",
    ),
    demo_shop(
        "dau-so-binh-lieu",
        "HTX Dầu sở Bình Liêu",
        "hop_tac_xa",
        "Quảng Ninh",
        ["Xã Bình Liêu", "Thôn Pắc Pò", "0203 3878 609"],
        "Dầu sở ép lạnh từ hạt sở vùng cao Bình Liêu.",
    ),
    demo_shop(
        "muc-kho-co-to",
        "HTX Hải sản Cô Tô",
        "hop_tac_xa",
        "Quảng Ninh",
        ["Đặc khu Cô Tô", "Thôn Hồng Hải", "0203 3889 610"],
        "Mực câu Cô Tô phơi một nắng và sấy khô.",
    ),
    demo_shop(
        "ruou-mo-yen-tu",
        "HTX Rượu mơ Yên Tử",
        "hop_tac_xa",
        "Quảng Ninh",
        ["Phường Yên Tử", "Thôn Nam Mẫu", "0203 3857 611"],
        "Rượu mơ lông Yên Tử ngâm trong chum sành.",
    ),
    demo_shop(
        "tranh-than-ha-long",
        "Cơ sở Tranh than đá Hạ Long",
        "ho_kinh_doanh",
        "Quảng Ninh",
        ["Phường Hồng Gai", "Số 21 đường Cột Đồng Hồ", "0936 555 612"],
        "Tranh và đồ lưu niệm chạm khắc từ than đá Quảng Ninh.",
    ),
    demo_shop(
        "nep-cai-dong-trieu",
        "HTX Nếp cái hoa vàng Đông Triều",
        "hop_tac_xa",
        "Quảng Ninh",
        ["Phường Đông Triều", "Thôn Xuân Quang", "0203 3871 613"],
        "Gạo nếp cái hoa vàng dẻo thơm của đồng đất Đông Triều.",
    ),
    demo_shop(
        "mat-ong-hoanh-bo",
        "HTX Mật ong rừng Hoành Bồ",
        "hop_tac_xa",
        "Quảng Ninh",
        ["Phường Hoành Bồ", "Thôn Đồng Trà", "0203 3690 614"],
        "Mật ong hoa rừng từ các tổ ong nuôi ở Hoành Bồ.",
    ),
    demo_shop(
        "non-la-lang-chuong",
        "HTX Nón lá làng Chuông",
        "hop_tac_xa",
        "Hà Nội",
        ["Xã Thanh Oai", "Thôn Chuông", "0243 3873 615"],
        "Nón lá làng Chuông khâu tay, vành đều, lá trắng.",
    ),
    demo_shop(
        "may-tre-phu-vinh",
        "HTX Mây tre đan Phú Vinh",
        "hop_tac_xa",
        "Hà Nội",
        ["Xã Chương Mỹ", "Thôn Phú Vinh", "0243 3866 616"],
        "Giỏ, khay mây tre đan của làng nghề Phú Vinh.",
    ),
    demo_shop(
        "nuoc-mam-cat-hai",
        "HTX Nước mắm Cát Hải",
        "hop_tac_xa",
        "Hải Phòng",
        ["Đặc khu Cát Hải", "Tổ dân phố 5", "0225 3886 617"],
        "Nước mắm cá cơm truyền thống của đảo Cát Hải.",
    ),
    demo_shop(
        "banh-da-do-hai-phong",
        "Công ty CP Bánh đa đỏ Hải Phòng",
        "doanh_nghiep",
        "Hải Phòng",
        ["Phường An Dương", "Số 18 đường Tôn Đức Thắng", "0225 3835 618"],
        "Bánh đa đỏ phơi nắng để nấu bánh đa cua, không chất tạo màu.",
    ),
    demo_shop(
        "che-la-bang",
        "HTX Chè La Bằng",
        "hop_tac_xa",
        "Thái Nguyên",
        ["Xã La Bằng", "Xóm Lưu Quang", "0208 3826 619"],
        "Chè La Bằng dưới chân núi Tam Đảo, sao bằng chảo gang.",
    ),
    demo_shop(
        "hoi-van-quan",
        "HTX Hồi Văn Quan",
        "hop_tac_xa",
        "Lạng Sơn",
        ["Xã Văn Quan", "Thôn Bản Quyền", "0205 3830 620"],
        "Hoa hồi khô và tinh dầu hồi vùng Văn Quan.",
    ),
    demo_shop(
        "na-chi-lang",
        "HTX Na Chi Lăng",
        "hop_tac_xa",
        "Lạng Sơn",
        ["Xã Chi Lăng", "Thôn Đồng Mỏ", "0205 3820 621"],
        "Na dai Chi Lăng trồng trên núi đá vôi.",
    ),
    demo_shop(
        "thach-den-trang-dinh",
        "Cơ sở Thạch đen Tràng Định",
        "ho_kinh_doanh",
        "Lạng Sơn",
        ["Xã Tràng Định", "Khu 2 Thất Khê", "0912 777 622"],
        "Thạch đen nấu từ cây sương sáo, làm theo cách truyền thống.",
    ),
    demo_shop(
        "vai-thieu-luc-ngan",
        "HTX Vải thiều Lục Ngạn",
        "hop_tac_xa",
        "Bắc Ninh",
        ["Xã Lục Ngạn", "Thôn Đồng Cống", "0204 3882 623"],
        "Vải thiều Lục Ngạn sấy khô nguyên quả.",
    ),
    demo_shop(
        "tranh-dong-ho",
        "Cơ sở Tranh dân gian Đông Hồ",
        "ho_kinh_doanh",
        "Bắc Ninh",
        ["Phường Thuận Thành", "Làng Đông Hồ", "0987 333 624"],
        "Tranh dân gian Đông Hồ in ván gỗ trên giấy điệp.",
    ),
    demo_shop(
        "dau-tay-da-lat",
        "Công ty TNHH Dâu tây Đà Lạt",
        "doanh_nghiep",
        "Lâm Đồng",
        ["Phường Lâm Viên - Đà Lạt", "Số 3 đường Mai Anh Đào", "0263 3833 625"],
        "Mứt và dâu tây sấy dẻo từ vườn dâu Đà Lạt.",
    ),
];

/// The fair shops' catalogue, in the import format.
pub(super) const FAIR_PRODUCTS: &str = include_str!("../../seed/fair-products.csv");

/// Where the online buyers live (province, share, communes): mostly Quảng Ninh and its
/// neighbours, as for a provincial fair.
const BUYER_PLACES: [(&str, &str, [&str; 3]); 6] = [
    ("quang-ninh", "Quảng Ninh", ["Phường Hạ Long", "Phường Bãi Cháy", "Phường Cẩm Phả"]),
    ("quang-ninh", "Quảng Ninh", ["Phường Uông Bí", "Phường Móng Cái 1", "Phường Hồng Gai"]),
    ("ha-noi", "Hà Nội", ["Phường Cầu Giấy", "Phường Hoàn Kiếm", "Phường Long Biên"]),
    ("hai-phong", "Hải Phòng", ["Phường Lê Chân", "Phường Ngô Quyền", "Phường Hải An"]),
    ("bac-ninh", "Bắc Ninh", ["Phường Kinh Bắc", "Phường Bắc Giang", "Phường Từ Sơn"]),
    ("ho-chi-minh", "TP. Hồ Chí Minh", ["Phường Sài Gòn", "Phường Bến Thành", "Phường Thủ Đức"]),
];
const FAMILY: [&str; 10] = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"];
const MIDDLE: [&str; 8] = ["Thị", "Văn", "Minh", "Thu", "Đức", "Ngọc", "Quang", "Thanh"];
const GIVEN: [&str; 12] =
    ["Lan", "Hùng", "Hà", "Nam", "Mai", "Tuấn", "Hương", "Long", "Trang", "Dũng", "Linh", "Phương"];
const BUYERS: usize = 40;

fn vn_day(days_from_today: i64) -> NaiveDate {
    ocop_figures::period::today_vn(Utc::now()) + Duration::days(days_from_today)
}

/// Online buyers for the fair (password: the demo password, like every demo account).
async fn buyers<C: ConnectionTrait>(db: &C) -> anyhow::Result<Vec<Buyer>> {
    use ocop_accounts::entity::user;
    let khach = user::Entity::find()
        .filter(user::Column::Email.eq("khach@choocop.vn"))
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo account khach@choocop.vn is missing"))?;
    let now = Utc::now();
    let people: Vec<(String, String)> = (0..BUYERS)
        .map(|i| {
            let name = format!("{} {} {}", FAMILY[i % 10], MIDDLE[(i * 3 + 1) % 8], GIVEN[(i * 7 + 2) % 12]);
            (format!("khach.hoicho{:02}@choocop.vn", i + 1), name)
        })
        .collect();
    let existing: Vec<String> = user::Entity::find()
        .filter(user::Column::Email.is_in(people.iter().map(|(e, _)| e.clone())))
        .all(db)
        .await?
        .into_iter()
        .map(|u| u.email)
        .collect();
    let rows: Vec<Vec<Value>> = people
        .iter()
        .filter(|(email, _)| !existing.contains(email))
        .map(|(email, name)| {
            vec![
                email.clone().into(),
                name.clone().into(),
                khach.password_hash.clone().into(),
                "shopper".into(),
                now.into(),
                now.into(),
                now.into(),
            ]
        })
        .collect();
    insert_rows(
        db,
        "users",
        &["email", "name", "password_hash", "role", "created_at", "updated_at", "password_changed_at"],
        rows,
        "",
    )
    .await?;
    let accounts = user::Entity::find()
        .filter(user::Column::Email.is_in(people.iter().map(|(e, _)| e.clone())))
        .order_by_asc(user::Column::Email)
        .all(db)
        .await?;
    Ok(accounts
        .into_iter()
        .enumerate()
        .map(|(i, u)| {
            let (code, name, communes) = BUYER_PLACES[i % BUYER_PLACES.len()];
            Buyer {
                user_id: u.id,
                name: u.name,
                phone: format!("09{:08}", 12_345_000 + i * 7_919),
                province_code: code.to_owned(),
                province_input: name.to_owned(),
                commune: communes[i % 3].to_owned(),
                street: format!(
                    "Số {} đường {}",
                    3 + i * 5 % 97,
                    ["Trần Hưng Đạo", "Lê Lợi", "Nguyễn Văn Cừ", "Hạ Long"][i % 4]
                ),
            }
        })
        .collect())
}

/// Creates the demo fair with its booths and trading, once.
///
/// # Errors
/// The database cannot be written, or the demo shops are missing.
pub(super) async fn demo_fair(db: &DatabaseConnection, admin: &User) -> anyhow::Result<()> {
    if fair::Entity::find().filter(fair::Column::Name.eq(FAIR_NAME)).one(db).await?.is_some() {
        return Ok(());
    }
    let (first, last) = (vn_day(-OPENED_DAYS_AGO), vn_day(-OPENED_DAYS_AGO + i64::from(DAYS) - 1));
    let input = FairInput {
        name: FAIR_NAME.into(),
        description: "Hội chợ sản phẩm OCOP mùa hè của tỉnh Quảng Ninh: đặc sản biển đảo, trà hoa vàng, \
                      miến dong, gốm Đông Triều cùng sản phẩm OCOP của sáu tỉnh, thành bạn. Mua tại gian hoặc \
                      trên trang hội chợ với giá hội chợ."
            .into(),
        venue_kind: "both".into(),
        venue: "Cung Quy hoạch, Hội chợ và Triển lãm tỉnh Quảng Ninh, phường Hồng Gai".into(),
        host_province: "Quảng Ninh".into(),
        starts_at: format!("{first}T08:00"),
        ends_at: format!("{last}T22:00"),
        booth_limit: "40".into(),
        grid_columns: "8".into(),
        invited_provinces: GUESTS.join(", "),
    };
    let tx = ocop_core::db::begin_write(db).await?;
    let fair = fairs::create(&tx, &admin.actor(), &input).await?;
    let provinces = fairs::provinces_of(&tx, &fair).await?;
    // Every verified shop of the invited provinces has a booth: the host's first, then the
    // guests province by province, as a fair's floor plan groups them.
    let mut shops = shop::Entity::find()
        .filter(shop::Column::Status.eq(STATUS_VERIFIED))
        .filter(shop::Column::ProvinceCode.is_in(provinces.clone()))
        .order_by_asc(shop::Column::Id)
        .all(&tx)
        .await?;
    shops.sort_by_key(|s| (provinces.iter().position(|p| *p == s.province_code), s.id));
    shops.truncate(usize::try_from(fair.booth_limit).unwrap_or(0));
    let decided = fair.starts_at - Duration::days(12);
    let booth_rows: Vec<Vec<Value>> = shops
        .iter()
        .enumerate()
        .map(|(i, s)| {
            vec![
                fair.id.into(),
                s.id.into(),
                "accepted".into(),
                i32::try_from(i + 1).unwrap_or(1).into(),
                "Xin đăng ký một gian tiêu chuẩn.".into(),
                "".into(),
                Some(admin.id).into(),
                Some(decided).into(),
                (decided - Duration::days(9)).into(),
            ]
        })
        .collect();
    let booths = insert_rows(
        &tx,
        "fair_booths",
        &[
            "fair_id",
            "shop_id",
            "status",
            "booth_number",
            "note",
            "decision_note",
            "decided_by",
            "decided_at",
            "created_at",
        ],
        booth_rows,
        "id, shop_id",
    )
    .await?;
    let shop_ids: Vec<i64> = shops.iter().map(|s| s.id).collect();
    let products = product::Entity::find()
        .filter(product::Column::ShopId.is_in(shop_ids.clone()))
        .filter(product::Column::Live.eq(true))
        .all(&tx)
        .await?;
    let variants = variant::Entity::find()
        .filter(variant::Column::ShopId.is_in(shop_ids.clone()))
        .order_by_asc(variant::Column::Id)
        .all(&tx)
        .await?;
    let members = shop_member::Entity::find().filter(shop_member::Column::ShopId.is_in(shop_ids)).all(&tx).await?;

    let mut rng = Rng::new(2026);
    let mut price_rows = Vec::new();
    let mut stalls = Vec::new();
    for (i, row) in booths.iter().enumerate() {
        let booth_id: i64 = row.try_get("", "id")?;
        let shop_id: i64 = row.try_get("", "shop_id")?;
        let Some(s) = shops.iter().find(|s| s.id == shop_id) else { continue };
        let mut items = Vec::new();
        for v in variants.iter().filter(|v| v.shop_id == shop_id) {
            let Some(p) = products.iter().find(|p| p.id == v.product_id) else { continue };
            // Two lines in three carry a fair price, 10–20 % off, in whole thousands.
            let fair_price = rng.chance(0.66).then(|| {
                let percent = [10, 12, 15, 20][rng.between(0, 3) as usize];
                v.price_vnd * (100 - percent) / 100 / 1_000 * 1_000
            });
            if let Some(price) = fair_price.filter(|p| *p > 0 && *p < v.price_vnd) {
                price_rows.push(vec![fair.id.into(), v.id.into(), shop_id.into(), price.into()]);
            }
            items.push(Item {
                variant_id: v.id,
                product_id: p.id,
                sku: v.sku.clone(),
                name: p.name.clone(),
                slug: p.slug.clone(),
                label: v.label.clone(),
                price_vnd: v.price_vnd,
                fair_price_vnd: fair_price.filter(|p| *p > 0 && *p < v.price_vnd),
                weight_grams: v.weight_grams,
            });
        }
        // The host's producers and the booths by the entrance (the first row) draw more.
        let host = if s.province_code == fair.host_province { 1.35 } else { 1.0 };
        let entrance = if i < usize::try_from(fair.grid_columns).unwrap_or(8) { 1.2 } else { 1.0 };
        stalls.push(Stall {
            booth_id,
            number: i32::try_from(i + 1).unwrap_or(1),
            shop_id,
            seller_id: members.iter().find(|m| m.shop_id == shop_id).map_or(admin.id, |m| m.user_id),
            weight: host * entrance * (0.45 + 1.2 * rng.unit()),
            items,
        });
    }
    insert_rows(&tx, "fair_prices", &["fair_id", "variant_id", "shop_id", "price_vnd"], price_rows, "").await?;
    let buyers = buyers(&tx).await?;
    let plan = Plan {
        fair: Some((fair.id, fair.name.clone())),
        place: String::new(),
        tag: 1,
        opens: fair.starts_at,
        days: DAYS,
        opening_rush: true,
        online_orders: 860,
        booth_sales: 2_400,
        visitors_per_day: 620,
        seed: 2026,
        events: true,
    };
    let made = sales::make_sales(&tx, &plan, &stalls, &buyers).await?;
    let everyday = everyday(&tx, admin, &buyers, &mut rng).await?;
    tx.commit().await?;
    println!(
        "demo fair: {} ({first} – {last}), {} booths, {} online orders ({} cancelled), {} booth sales, {} visits",
        fair.name,
        stalls.len(),
        made.orders,
        made.cancelled,
        made.booth_sales,
        made.visits
    );
    println!(
        "demo trading outside the fair, last {EVERYDAY_DAYS} days: {} online orders, {} sales at the OCOP counters",
        everyday.orders, everyday.booth_sales
    );
    Ok(())
}

/// Days of everyday trading before today, so the sales dashboards have all three channels.
const EVERYDAY_DAYS: u32 = 45;

/// Ordinary online orders across every shop, and sales at the Quảng Ninh OCOP centre's
/// counter, over the last [`EVERYDAY_DAYS`] days (at the shops' own prices).
async fn everyday<C: ConnectionTrait>(
    db: &C,
    admin: &User,
    buyers: &[Buyer],
    rng: &mut Rng,
) -> anyhow::Result<sales::Made> {
    let shops = shop::Entity::find()
        .filter(shop::Column::Status.eq(STATUS_VERIFIED))
        .order_by_asc(shop::Column::Id)
        .all(db)
        .await?;
    let ids: Vec<i64> = shops.iter().map(|s| s.id).collect();
    let products = product::Entity::find()
        .filter(product::Column::ShopId.is_in(ids.clone()))
        .filter(product::Column::Live.eq(true))
        .all(db)
        .await?;
    let variants = variant::Entity::find()
        .filter(variant::Column::ShopId.is_in(ids.clone()))
        .order_by_asc(variant::Column::Id)
        .all(db)
        .await?;
    let members = shop_member::Entity::find().filter(shop_member::Column::ShopId.is_in(ids)).all(db).await?;
    let stall = |s: &shop::Model, rng: &mut Rng| Stall {
        booth_id: 0,
        number: 0,
        shop_id: s.id,
        seller_id: members.iter().find(|m| m.shop_id == s.id).map_or(admin.id, |m| m.user_id),
        weight: 0.4 + 1.2 * rng.unit(),
        items: variants
            .iter()
            .filter(|v| v.shop_id == s.id)
            .filter_map(|v| {
                let p = products.iter().find(|p| p.id == v.product_id)?;
                Some(Item {
                    variant_id: v.id,
                    product_id: p.id,
                    sku: v.sku.clone(),
                    name: p.name.clone(),
                    slug: p.slug.clone(),
                    label: v.label.clone(),
                    price_vnd: v.price_vnd,
                    fair_price_vnd: None,
                    weight_grams: v.weight_grams,
                })
            })
            .collect(),
    };
    let everyone: Vec<Stall> = shops.iter().map(|s| stall(s, rng)).collect();
    let at_home: Vec<Stall> = shops.iter().filter(|s| s.province_code == "quang-ninh").map(|s| stall(s, rng)).collect();
    let opens = sales_day_start(vn_day(-i64::from(EVERYDAY_DAYS)));
    let plan = |tag, online_orders, booth_sales| Plan {
        fair: None,
        place: "Trung tâm giới thiệu sản phẩm OCOP Quảng Ninh".into(),
        tag,
        opens,
        days: EVERYDAY_DAYS,
        opening_rush: false,
        online_orders,
        booth_sales,
        visitors_per_day: 0,
        seed: 2026 + u64::from(tag),
        events: true,
    };
    let online = sales::make_sales(db, &plan(2, 540, 0), &everyone, buyers).await?;
    let counter = sales::make_sales(db, &plan(3, 0, 320), &at_home, buyers).await?;
    Ok(sales::Made { orders: online.orders, booth_sales: counter.booth_sales, ..online })
}

/// 08:00 in Vietnam on `day`, when the day's trading starts.
fn sales_day_start(day: NaiveDate) -> chrono::DateTime<Utc> {
    ocop_figures::period::day_start(day) + Duration::hours(8)
}
