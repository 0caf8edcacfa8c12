//! Demo data for `ocop seed --demo`. Idempotent: what exists is left as it is.

use ocop_accounts::{NewUser, Role, User, users};
use ocop_catalog::{coordinators, import, shops};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

mod fair;
mod live_fair;
mod messages;
mod reviews;
pub mod sales;

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
pub async fn demo(db: &DatabaseConnection, media: &dyn ocop_catalog::media::MediaStore) -> anyhow::Result<()> {
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
    let admin = find_user(db, "admin@choocop.vn").await?;
    let coordinator = find_user(db, "dieuphoi.quangninh@choocop.vn").await?;
    coordinators::assign(db, &coordinator, "Quảng Ninh").await?;
    let shops_created = demo_shops(db, &admin, &DEMO_SHOPS, 0).await?
        + demo_shops(db, &admin, &fair::FAIR_SHOPS, DEMO_SHOPS.len()).await?;
    let vendor = find_user(db, "nguoiban@choocop.vn").await?;
    let tea = shops::by_slug(db, "htx-tra-hoa-vang-ba-che").await?;
    shops::add_member(db, tea.id, vendor.id, "owner").await?;
    let report = import::run(
        db,
        &admin,
        DEMO_PRODUCTS.as_bytes(),
        &import::Options { shop: None, approve: true, create_shops: false },
    )
    .await?;
    if let Some(e) = report.errors.first() {
        anyhow::bail!("demo catalogue row {} ({}): {}", e.row, e.column, e.message);
    }
    // The producers who came for the demo fair.
    let fair_report = import::run(
        db,
        &admin,
        fair::FAIR_PRODUCTS.as_bytes(),
        &import::Options { shop: None, approve: true, create_shops: false },
    )
    .await?;
    if let Some(e) = fair_report.errors.first() {
        anyhow::bail!("demo fair catalogue row {} ({}): {}", e.row, e.column, e.message);
    }
    println!(
        "demo catalogue: {shops_created} shop(s) created; {} product(s) created, {} updated",
        report.products_created + fair_report.products_created,
        report.products_updated + fair_report.products_updated
    );
    // A generated picture for every demo product without one (nothing is downloaded).
    for p in ocop_catalog::entity::product::Entity::find().all(db).await? {
        ocop_catalog::images::add_placeholder(db, media, p.id, &p.name, &p.category).await?;
    }
    for (name, province, address, hours) in PICKUP_POINTS {
        let input = ocop_orders::pickup::PickupInput {
            name: name.into(),
            province: province.into(),
            address: address.into(),
            opening_hours: hours.into(),
        };
        ocop_orders::pickup::upsert(db, &input).await?;
    }
    // The tea cooperative ships by weight and free above 500.000 ₫.
    let rates = ocop_orders::shipping::Rates {
        flat_fee_vnd: 30_000,
        weight_bands: vec![(500, 22_000), (2_000, 35_000), (10_000, 60_000)],
        free_above_vnd: Some(500_000),
        provinces: Vec::new(),
        perishables_local_only: true,
    };
    ocop_orders::shipping::save(db, tea.id, &rates).await?;
    println!("pickup points: {} open", ocop_orders::pickup::active(db).await?.len());
    demo_wholesale(db).await?;
    fair::demo_fair(db, &admin).await?;
    live_fair::live_fair(db, &admin).await?;
    live_fair::campaign(db, &admin).await?;
    let reviewed = reviews::demo_reviews(db).await?;
    println!("reviews: {reviewed} written by the buyers of delivered demo orders");
    let pictured = reviews::demo_review_photos(db, media).await?;
    println!("review photos: on {pictured} recent reviews");
    let asked = reviews::demo_questions(db).await?;
    println!("questions: {asked} asked on the most reviewed products, with answers");
    let talked = messages::demo_conversations(db).await?;
    println!("conversations: {talked} between shoppers and shops");
    if ocop_academy::starter::install(db).await? {
        println!("academy: the first course for OCOP producers");
    }
    let issued = demo_vouchers(db, &admin, &vendor, tea.id).await?;
    println!("vouchers: {issued} issued (the tea cooperative's, the marketplace's, Quảng Ninh's)");
    Ok(())
}

/// A voucher of each kind of issuer, running for two months from the day of the seed.
async fn demo_vouchers(db: &DatabaseConnection, admin: &User, vendor: &User, tea_id: i64) -> anyhow::Result<usize> {
    use ocop_promotions::Issuer;
    use ocop_promotions::vouchers::{self, Input};
    let ends_at = (chrono::Utc::now() + chrono::Duration::days(60)).to_rfc3339();
    let list = [
        (
            Issuer::Shop(tea_id),
            vendor,
            Input {
                code: "TRAHOAVANG".into(),
                title: "Trà hoa vàng Ba Chẽ mùa hoa mới".into(),
                kind: "fixed".into(),
                amount_vnd: Some(20_000),
                min_order_vnd: Some(300_000),
                per_user_limit: Some(2),
                ..Input::default()
            },
        ),
        (
            Issuer::Marketplace,
            admin,
            Input {
                code: "CHOOCOP10".into(),
                title: "Chợ OCOP chào bạn mới".into(),
                kind: "percent".into(),
                percent: Some(10),
                amount_vnd: Some(50_000),
                min_order_vnd: Some(200_000),
                total_limit: Some(500),
                new_shopper_only: true,
                ..Input::default()
            },
        ),
        (
            Issuer::Province("quang-ninh".into()),
            admin,
            Input {
                code: "QUATETQN".into(),
                title: "Quà Tết OCOP Quảng Ninh".into(),
                kind: "free_shipping".into(),
                amount_vnd: Some(30_000),
                total_limit: Some(1_000),
                claim_required: true,
                ..Input::default()
            },
        ),
    ];
    let mut issued = 0;
    for (issuer, by, mut input) in list {
        input.ends_at = ends_at.clone();
        match vouchers::create(db, &issuer, &input, by.id).await {
            Ok(_) => issued += 1,
            // Seeded before: the code is taken.
            Err(ocop_core::Error::Conflict { .. }) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(issued)
}

/// People of the supply–demand board demo: a restaurant buying, two shops' sellers.
const BOARD_ACCOUNTS: [(&str, &str, Role, Option<&str>); 3] = [
    ("nhahang.danang@choocop.vn", "Trần Văn Hải", Role::Shopper, None),
    ("nuocmam@choocop.vn", "HTX Nước mắm Cái Rồng", Role::Vendor, Some("nuoc-mam-cai-rong")),
    ("gaost25@choocop.vn", "HTX Lúa gạo ST25 Mỹ Xuyên", Role::Vendor, Some("gao-st25-soc-trang")),
];

/// A request of the demo board and the offers shops made on it.
struct DemoRequest {
    buyer: &'static str,
    /// organisation, kind of buyer, product, OCOP group, unit, province, note.
    input: [&'static str; 7],
    quantity: i64,
    budget_vnd: Option<i64>,
    days_ahead: i64,
    /// (seller e-mail, price per unit, quantity, lead time in days, message)
    offers: &'static [(&'static str, i64, i64, i64, &'static str)],
    /// Index of the offer the buyer accepted.
    accepted: Option<usize>,
}

const DEMO_REQUESTS: [DemoRequest; 3] = [
    DemoRequest {
        buyer: "khach@choocop.vn",
        input: [
            "Chuỗi siêu thị Hà Nội Xanh",
            "supermarket",
            "Gạo ST25 đóng túi 5 kg",
            "thuc-pham",
            "kg",
            "Hà Nội",
            "Giao về kho Long Biên, có hóa đơn VAT và giấy chứng nhận OCOP. Lấy hàng đều mỗi tháng nếu chất lượng ổn định.",
        ],
        quantity: 500,
        budget_vnd: Some(15_000_000),
        days_ahead: 21,
        offers: &[(
            "gaost25@choocop.vn",
            28_000,
            500,
            5,
            "Gạo vụ đông xuân mới xay, đóng túi hút chân không 5 kg, có tem truy xuất.",
        )],
        accepted: None,
    },
    DemoRequest {
        buyer: "nhahang.danang@choocop.vn",
        input: [
            "Nhà hàng Hải sản Biển Xanh Đà Nẵng",
            "restaurant",
            "Nước mắm cá cơm 40 độ đạm, chai 500 ml",
            "thuc-pham",
            "chai",
            "Quảng Nam",
            "Dùng cho bếp nhà hàng, cần giao trước mùa du lịch hè.",
        ],
        quantity: 200,
        budget_vnd: None,
        days_ahead: 14,
        offers: &[("nuocmam@choocop.vn", 85_000, 200, 7, "Nước mắm ủ chượp 12 tháng trong thùng gỗ, chai thủy tinh.")],
        accepted: Some(0),
    },
    DemoRequest {
        buyer: "khach@choocop.vn",
        input: [
            "Trung tâm Xúc tiến Thương mại TP. Hồ Chí Minh",
            "trade_centre",
            "Trà hoa vàng hộp quà tặng",
            "do-uong",
            "hộp",
            "TP. Hồ Chí Minh",
            "Quà tặng cho hội chợ OCOP cuối năm; cần hộp đẹp, có giới thiệu tiếng Anh.",
        ],
        quantity: 300,
        budget_vnd: Some(90_000_000),
        days_ahead: 30,
        offers: &[],
        accepted: None,
    },
];

/// A few requests on the supply–demand board, with offers, one of them matched. Left as
/// they are when the board already has any.
async fn demo_wholesale(db: &DatabaseConnection) -> anyhow::Result<()> {
    use ocop_wholesale::input::{Loose, OfferInput, RequestInput};
    for (email, name, role, shop) in BOARD_ACCOUNTS {
        let new = NewUser { email: email.into(), name: name.into(), password: DEMO_PASSWORD.into(), phone: None, role };
        match users::register(db, new).await {
            Ok(_) | Err(ocop_core::Error::Conflict { .. }) => {}
            Err(e) => return Err(e.into()),
        }
        if let Some(slug) = shop {
            let user = find_user(db, email).await?;
            let shop = shops::by_slug(db, slug).await?;
            shops::add_member(db, shop.id, user.id, "owner").await?;
        }
    }
    if ocop_wholesale::entity::request::Entity::find().one(db).await?.is_some() {
        return Ok(());
    }
    let today = ocop_wholesale::today_vn();
    let mut offers_made = 0;
    for r in &DEMO_REQUESTS {
        let [organisation, kind, product, category, unit, province, note] = r.input;
        let buyer = find_user(db, r.buyer).await?;
        let input = RequestInput {
            organisation: organisation.into(),
            buyer_kind: kind.into(),
            product: product.into(),
            category: category.into(),
            quantity: Loose::Number(r.quantity),
            unit: unit.into(),
            province: province.into(),
            deadline: (today + chrono::Duration::days(r.days_ahead)).format("%Y-%m-%d").to_string(),
            budget_vnd: r.budget_vnd.map_or(Loose::Missing, Loose::Number),
            note: note.into(),
        };
        let created = ocop_wholesale::requests::create(db, &buyer, &input, today).await?;
        let mut ids = Vec::new();
        for (seller, price, quantity, lead, message) in r.offers {
            let seller = find_user(db, seller).await?;
            let offer = OfferInput {
                shop: String::new(),
                price_per_unit_vnd: Loose::Number(*price),
                quantity: Loose::Number(*quantity),
                lead_time_days: Loose::Number(*lead),
                message: (*message).into(),
            };
            ids.push(ocop_wholesale::offers::make(db, &seller, created.request.id, &offer, today).await?.id);
            offers_made += 1;
        }
        if let Some(offer_id) = r.accepted.and_then(|i| ids.get(i)) {
            ocop_wholesale::offers::accept(db, &buyer, created.request.id, *offer_id, today).await?;
        }
    }
    println!("supply–demand board: {} requests, {offers_made} offers", DEMO_REQUESTS.len());
    Ok(())
}

/// Kiosks where tourists collect what they bought online (names and hours are demo data).
const PICKUP_POINTS: [(&str, &str, &str, &str); 4] = [
    (
        "Điểm OCOP Cảng tàu khách quốc tế Hạ Long",
        "Quảng Ninh",
        "Cảng tàu khách quốc tế Hạ Long, phường Bãi Cháy",
        "7:30–20:00 hằng ngày",
    ),
    (
        "Trung tâm giới thiệu sản phẩm OCOP Quảng Ninh",
        "Quảng Ninh",
        "Đường Trần Quốc Nghiễn, phường Hồng Gai",
        "8:00–21:00 hằng ngày",
    ),
    (
        "Quầy OCOP Cảng hàng không Vân Đồn",
        "Quảng Ninh",
        "Nhà ga hành khách, Cảng hàng không Vân Đồn, xã Vân Đồn",
        "Theo giờ bay, 6:00–22:00",
    ),
    (
        "Quầy OCOP Sân bay Nội Bài",
        "Hà Nội",
        "Nhà ga T2, Cảng hàng không quốc tế Nội Bài, xã Nội Bài",
        "6:00–23:00 hằng ngày",
    ),
];

/// The demo catalogue in the import format (shop, sku, name, variant, …).
const DEMO_PRODUCTS: &str = include_str!("../seed/demo-products.csv");

async fn find_user(db: &DatabaseConnection, email: &str) -> anyhow::Result<User> {
    let model = ocop_accounts::entity::user::Entity::find()
        .filter(ocop_accounts::entity::user::Column::Email.eq(email))
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo account {email} is missing"))?;
    Ok(User::try_from(model)?)
}

struct DemoShop {
    slug: &'static str,
    name: &'static str,
    producer: &'static str,
    province: &'static str,
    commune: &'static str,
    street: &'static str,
    phone: &'static str,
    description: &'static str,
}

const fn demo_shop(
    slug: &'static str,
    name: &'static str,
    producer: &'static str,
    province: &'static str,
    [commune, street, phone]: [&'static str; 3],
    description: &'static str,
) -> DemoShop {
    DemoShop { slug, name, producer, province, commune, street, phone, description }
}

const DEMO_SHOPS: [DemoShop; 12] = [
    demo_shop(
        "htx-tra-hoa-vang-ba-che",
        "HTX Trà hoa vàng Ba Chẽ",
        "hop_tac_xa",
        "Quảng Ninh",
        ["Xã Ba Chẽ", "Thôn Làng Mới", "0203 3888 101"],
        "Trồng và chế biến trà hoa vàng dưới tán rừng Ba Chẽ từ năm 2015.",
    ),
    demo_shop(
        "mien-dong-binh-lieu",
        "Công ty CP Miến dong Bình Liêu",
        "doanh_nghiep",
        "Quảng Ninh",
        ["Xã Bình Liêu", "Khu Bình Công", "0203 3878 202"],
        "Miến dong làm thủ công từ củ dong riềng vùng cao Bình Liêu.",
    ),
    demo_shop(
        "cha-muc-ha-long",
        "Cơ sở Chả mực Hạ Long Bà Hằng",
        "ho_kinh_doanh",
        "Quảng Ninh",
        ["Phường Hạ Long", "Số 12 đường Vườn Đào", "0912 345 301"],
        "Chả mực giã tay từ mực tươi vịnh Hạ Long.",
    ),
    demo_shop(
        "nuoc-mam-cai-rong",
        "HTX Nước mắm Cái Rồng",
        "hop_tac_xa",
        "Quảng Ninh",
        ["Đặc khu Vân Đồn", "Khu 5 Cái Rồng", "0203 3793 404"],
        "Nước mắm cá cơm ủ chượp truyền thống trên đảo Cái Bầu.",
    ),
    demo_shop(
        "htx-che-tan-cuong",
        "HTX Chè Tân Cương",
        "hop_tac_xa",
        "Thái Nguyên",
        ["Xã Tân Cương", "Xóm Hồng Thái 2", "0208 3855 505"],
        "Chè búp Tân Cương sao suốt bằng tay, vùng chè đặc sản Thái Nguyên.",
    ),
    demo_shop(
        "ca-phe-buon-ma-thuot",
        "Công ty TNHH Cà phê Buôn Ma Thuột",
        "doanh_nghiep",
        "Đắk Lắk",
        ["Phường Buôn Ma Thuột", "Số 45 đường Lê Duẩn", "0262 3866 606"],
        "Cà phê Robusta rang mộc từ vườn canh tác bền vững.",
    ),
    demo_shop(
        "gao-st25-soc-trang",
        "HTX Lúa gạo ST25 Mỹ Xuyên",
        "hop_tac_xa",
        "Sóc Trăng",
        ["Xã Mỹ Xuyên", "Ấp Hòa Phuông", "0299 3851 707"],
        "Gạo ST25 canh tác theo mô hình tôm – lúa.",
    ),
    demo_shop(
        "gom-bat-trang",
        "Xưởng gốm Bát Tràng Minh Hải",
        "ho_kinh_doanh",
        "Hà Nội",
        ["Xã Bát Tràng", "Xóm 3", "0913 222 808"],
        "Gốm men lam vẽ tay của làng nghề Bát Tràng.",
    ),
    demo_shop(
        "lua-van-phuc",
        "HTX Lụa Vạn Phúc",
        "hop_tac_xa",
        "Hà Nội",
        ["Phường Hà Đông", "Số 2 phố Vạn Phúc", "0243 3824 909"],
        "Lụa tơ tằm dệt trên khung cửi của làng lụa Vạn Phúc.",
    ),
    demo_shop(
        "mat-ong-ha-giang",
        "HTX Mật ong bạc hà Mèo Vạc",
        "hop_tac_xa",
        "Hà Giang",
        ["Xã Mèo Vạc", "Thôn Tả Chải", "0219 3871 010"],
        "Mật ong hoa bạc hà từ cao nguyên đá Đồng Văn.",
    ),
    demo_shop(
        "atiso-da-lat",
        "Công ty CP Atiso Đà Lạt",
        "doanh_nghiep",
        "Lâm Đồng",
        ["Phường Xuân Hương - Đà Lạt", "Số 8 đường Trần Hưng Đạo", "0263 3822 111"],
        "Trà và cao atiso từ vườn atiso Đà Lạt.",
    ),
    demo_shop(
        "du-lich-yen-duc",
        "HTX Du lịch cộng đồng Yên Đức",
        "hop_tac_xa",
        "Quảng Ninh",
        ["Phường Đông Triều", "Thôn Đông Tâm", "0203 3670 212"],
        "Homestay và trải nghiệm làng quê, múa rối nước Yên Đức.",
    ),
];

/// Verified shops with their papers; the slugs are the ones the demo CSVs name. `first` numbers
/// their made-up registration and tax codes after the shops of an earlier list.
async fn demo_shops(db: &DatabaseConnection, admin: &User, list: &[DemoShop], first: usize) -> anyhow::Result<usize> {
    let mut created = 0;
    for (i, &DemoShop { slug, name, producer, province, commune, street, phone, description }) in
        list.iter().enumerate()
    {
        let i = first + i;
        if shops::by_slug(db, slug).await.is_ok() {
            continue;
        }
        let household = producer == "ho_kinh_doanh";
        let app = shops::Application {
            name: name.into(),
            producer_type: producer.into(),
            registration_number: if household { String::new() } else { format!("57010{i:05}") },
            registration_date: "2018-06-15".into(),
            registration_issuer: format!("Sở Tài chính {province}"),
            tax_code: if household { format!("8{i:09}") } else { String::new() },
            province: province.into(),
            commune: commune.into(),
            street: street.into(),
            phone: phone.into(),
            description: description.into(),
        };
        let shop = shops::create_verified(db, admin, &app).await?;
        let shop_id = shop.id;
        // The demo CSV names shops by these slugs.
        if shop.slug != slug {
            let mut active: ocop_catalog::entity::shop::ActiveModel = shop.into();
            active.slug = sea_orm::Set(slug.to_owned());
            sea_orm::ActiveModelTrait::update(active, db).await?;
        }
        // Most demo shops have a payout account (a made-up number); a few have not, as in life.
        if i % 4 != 3 {
            let (bin, _) = ocop_payments::banks::COMMON[i % ocop_payments::banks::COMMON.len()];
            ocop_payments::payouts::set_account(db, shop_id, bin, &format!("10{:011}", 31_337 * (i + 1)), name).await?;
        }
        created += 1;
    }
    Ok(created)
}
