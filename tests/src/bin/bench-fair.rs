//! How fast a big fair's report is counted: builds, in the database given, a fair of 300
//! booths (300 shops with three products each) and 100,000 online orders through it, plus
//! booth sales and visitors over its seven days, with the demo seed's generator; then
//! counts the report (and the admins' dashboard over the fair's week) several times and
//! prints the median and 95th percentile, with the row counts behind them.
//!
//! Usage: bench-fair DATABASE_URL [BOOTHS] [ORDERS] [RUNS]
//! The database should be empty (`make bench-fair` makes a fresh one).

use std::time::{Duration as Elapsed, Instant};

use anyhow::{Context as _, bail};
use chrono::{Duration, Utc};
use ocop_demo::seed::sales::{self, Buyer, Item, Plan, Rng, Stall, insert_rows};
use ocop_migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, DatabaseBackend, EntityTrait, Statement, TransactionTrait, Value};

/// Provinces the shops come from: the host first, with the largest share.
const PROVINCES: [(&str, &str, f64); 8] = [
    ("quang-ninh", "Quảng Ninh", 0.4),
    ("ha-noi", "Hà Nội", 0.15),
    ("hai-phong", "Hải Phòng", 0.1),
    ("lang-son", "Lạng Sơn", 0.08),
    ("bac-ninh", "Bắc Ninh", 0.08),
    ("thai-nguyen", "Thái Nguyên", 0.07),
    ("lam-dong", "Lâm Đồng", 0.06),
    ("can-tho", "Cần Thơ", 0.06),
];
const GROUPS: [&str; 5] = ["thuc-pham", "do-uong", "thao-duoc", "vai-may-mac", "luu-niem-noi-that-trang-tri"];

async fn count<C: ConnectionTrait>(db: &C, table: &str) -> anyhow::Result<i64> {
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            format!("SELECT CAST(COUNT(*) AS BIGINT) AS n FROM {table}"),
        ))
        .await?
        .context("count")?;
    Ok(row.try_get::<i64>("", "n")?)
}

fn percentile(sorted: &[Elapsed], p: f64) -> f64 {
    let i = ((sorted.len() as f64 * p).ceil() as usize).saturating_sub(1).min(sorted.len().saturating_sub(1));
    sorted.get(i).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let url = args.get(1).context("usage: bench-fair DATABASE_URL [BOOTHS] [ORDERS] [RUNS]")?;
    let booths: usize = args.get(2).map_or(Ok(300), |s| s.parse())?;
    let orders: usize = args.get(3).map_or(Ok(100_000), |s| s.parse())?;
    let runs: usize = args.get(4).map_or(Ok(15), |s| s.parse())?;
    let db = ocop_core::db::connect(url, 4).await?;
    Migrator::up(&db, None).await?;
    if count(&db, "fairs").await? > 0 {
        bail!("{url} already has a fair: give bench-fair an empty database");
    }
    let backend = if db.get_database_backend() == DatabaseBackend::Postgres { "PostgreSQL" } else { "SQLite" };
    let started = Instant::now();
    let now = Utc::now();
    let tx = db.begin().await?;
    let admin = insert_rows(
        &tx,
        "users",
        &["email", "name", "password_hash", "role", "created_at", "updated_at", "password_changed_at"],
        vec![vec![
            "bench-admin@choocop.vn".into(),
            "Quản trị".into(),
            "not-a-hash".into(),
            "admin".into(),
            now.into(),
            now.into(),
            now.into(),
        ]],
        "id",
    )
    .await?;
    let admin_id: i64 = admin.first().context("admin")?.try_get("", "id")?;

    // Shops, three products each, spread over the provinces by their shares.
    let mut rng = Rng::new(300);
    let shares: Vec<f64> = PROVINCES.iter().map(|p| p.2).collect();
    let shop_rows: Vec<Vec<Value>> = (0..booths)
        .map(|i| {
            let (code, name, _) = PROVINCES[if i < PROVINCES.len() { i } else { rng.weighted(&shares) }];
            vec![
                format!("gian-{i:03}").into(),
                format!("HTX Sản phẩm OCOP số {i:03}").into(),
                "hop_tac_xa".into(),
                format!("57{i:08}").into(),
                code.into(),
                name.into(),
                "Xã Mẫu".into(),
                "Thôn 1".into(),
                "0203 3000 000".into(),
                "".into(),
                "verified".into(),
                now.into(),
                now.into(),
            ]
        })
        .collect();
    let shops = insert_rows(
        &tx,
        "shops",
        &[
            "slug",
            "name",
            "producer_type",
            "registration_number",
            "province_code",
            "province_input",
            "commune",
            "street",
            "phone",
            "description",
            "status",
            "created_at",
            "updated_at",
        ],
        shop_rows,
        "id, province_code",
    )
    .await?;
    let shop_ids: Vec<(i64, String)> = shops
        .iter()
        .map(|r| Ok((r.try_get::<i64>("", "id")?, r.try_get::<String>("", "province_code")?)))
        .collect::<Result<_, sea_orm::DbErr>>()?;
    let mut product_rows = Vec::new();
    for (n, (shop_id, province)) in shop_ids.iter().enumerate() {
        for k in 0..3 {
            let name = format!("Sản phẩm {k} của gian {n:03}");
            product_rows.push(vec![
                (*shop_id).into(),
                format!("san-pham-{n:03}-{k}").into(),
                name.clone().into(),
                name.into(),
                "".into(),
                GROUPS[(n + k) % GROUPS.len()].into(),
                province.clone().into(),
                province.clone().into(),
                "".into(),
                "".into(),
                "".into(),
                "approved".into(),
                true.into(),
                now.into(),
                now.into(),
            ]);
        }
    }
    let products = insert_rows(
        &tx,
        "products",
        &[
            "shop_id",
            "slug",
            "name",
            "name_sort",
            "description",
            "category",
            "province_code",
            "province_input",
            "ingredients",
            "shelf_life",
            "storage",
            "status",
            "live",
            "created_at",
            "updated_at",
        ],
        product_rows,
        "id, shop_id, slug, name",
    )
    .await?;
    let prices = [45_000i64, 90_000, 150_000, 220_000, 350_000, 600_000];
    let variant_rows: Vec<Vec<Value>> = products
        .iter()
        .enumerate()
        .map(|(i, p)| {
            Ok(vec![
                p.try_get::<i64>("", "id")?.into(),
                p.try_get::<i64>("", "shop_id")?.into(),
                format!("SKU-{i:05}").into(),
                "Hộp".into(),
                prices[i % prices.len()].into(),
                1_000_000i64.into(),
                500i32.into(),
                "hộp".into(),
                0i32.into(),
            ])
        })
        .collect::<Result<_, sea_orm::DbErr>>()?;
    let variants = insert_rows(
        &tx,
        "product_variants",
        &["product_id", "shop_id", "sku", "label", "price_vnd", "stock", "weight_grams", "unit", "position"],
        variant_rows,
        "id, product_id, shop_id, sku, price_vnd",
    )
    .await?;

    // The fair: seven days that ended last week, the host's shops and seven guests'.
    let admin_user = ocop_accounts::User::try_from(
        ocop_accounts::entity::user::Entity::find_by_id(admin_id).one(&tx).await?.context("admin")?,
    )?;
    let first = ocop_figures::period::today_vn(now) - Duration::days(14);
    let input = ocop_fairs::FairInput {
        name: "Hội chợ OCOP đo tốc độ".into(),
        venue_kind: "both".into(),
        venue: "Cung Triển lãm Quảng Ninh".into(),
        host_province: "Quảng Ninh".into(),
        starts_at: format!("{first}T08:00"),
        ends_at: format!("{}T22:00", first + Duration::days(6)),
        booth_limit: booths.to_string(),
        invited_provinces: PROVINCES.iter().skip(1).map(|p| p.1).collect::<Vec<_>>().join(", "),
        ..Default::default()
    };
    let fair = ocop_fairs::fair::create(&tx, &admin_user.actor(), &input).await?;
    let booth_rows: Vec<Vec<Value>> = shop_ids
        .iter()
        .enumerate()
        .map(|(i, (shop_id, _))| {
            vec![
                fair.id.into(),
                (*shop_id).into(),
                "accepted".into(),
                i32::try_from(i + 1).unwrap_or(1).into(),
                "".into(),
                "".into(),
                Some(admin_id).into(),
                Some(now).into(),
                now.into(),
            ]
        })
        .collect();
    let booth_ids = insert_rows(
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
        "id, shop_id, booth_number",
    )
    .await?;
    let mut stalls = Vec::with_capacity(booth_ids.len());
    let mut fair_prices = Vec::new();
    for b in &booth_ids {
        let shop_id: i64 = b.try_get("", "shop_id")?;
        let mut items = Vec::new();
        for v in &variants {
            if v.try_get::<i64>("", "shop_id")? != shop_id {
                continue;
            }
            let (variant_id, product_id): (i64, i64) = (v.try_get("", "id")?, v.try_get("", "product_id")?);
            let price: i64 = v.try_get("", "price_vnd")?;
            let product = products.iter().find(|p| p.try_get::<i64>("", "id").ok() == Some(product_id));
            let fair_price = rng.chance(0.5).then(|| price * 85 / 100 / 1_000 * 1_000);
            if let Some(fp) = fair_price {
                fair_prices.push(vec![fair.id.into(), variant_id.into(), shop_id.into(), fp.into()]);
            }
            items.push(Item {
                variant_id,
                product_id,
                sku: v.try_get("", "sku")?,
                name: product.map(|p| p.try_get::<String>("", "name")).transpose()?.unwrap_or_default(),
                slug: product.map(|p| p.try_get::<String>("", "slug")).transpose()?.unwrap_or_default(),
                label: "Hộp".into(),
                price_vnd: price,
                fair_price_vnd: fair_price,
                weight_grams: 500,
            });
        }
        stalls.push(Stall {
            booth_id: b.try_get("", "id")?,
            number: b.try_get("", "booth_number")?,
            shop_id,
            seller_id: admin_id,
            weight: 0.3 + 1.4 * rng.unit(),
            items,
        });
    }
    insert_rows(&tx, "fair_prices", &["fair_id", "variant_id", "shop_id", "price_vnd"], fair_prices, "").await?;
    let buyer_rows: Vec<Vec<Value>> = (0..500)
        .map(|i| {
            vec![
                format!("khach{i:03}@bench.vn").into(),
                format!("Khách {i:03}").into(),
                "not-a-hash".into(),
                "shopper".into(),
                now.into(),
                now.into(),
                now.into(),
            ]
        })
        .collect();
    let buyer_ids = insert_rows(
        &tx,
        "users",
        &["email", "name", "password_hash", "role", "created_at", "updated_at", "password_changed_at"],
        buyer_rows,
        "id, name",
    )
    .await?;
    let buyers: Vec<Buyer> = buyer_ids
        .iter()
        .map(|b| {
            Ok(Buyer {
                user_id: b.try_get("", "id")?,
                name: b.try_get("", "name")?,
                phone: "0912345678".into(),
                province_code: "quang-ninh".into(),
                province_input: "Quảng Ninh".into(),
                commune: "Phường Hạ Long".into(),
                street: "Số 1".into(),
            })
        })
        .collect::<Result<_, sea_orm::DbErr>>()?;
    let plan = Plan {
        fair: Some((fair.id, fair.name.clone())),
        place: String::new(),
        tag: 1,
        opens: fair.starts_at,
        days: 7,
        opening_rush: true,
        online_orders: orders,
        booth_sales: orders * 3 / 2,
        visitors_per_day: orders / 10,
        seed: 300,
        events: false,
    };
    let made = sales::make_sales(&tx, &plan, &stalls, &buyers).await?;
    tx.commit().await?;
    // Fresh statistics, as autovacuum would have by the time anyone reads a report.
    db.execute_unprepared("ANALYZE").await?;
    println!("{backend}: built in {:.1} s", started.elapsed().as_secs_f64());
    let mut counts = Vec::new();
    for table in ["fair_booths", "orders", "shop_orders", "order_lines", "pos_sales", "pos_sale_lines", "fair_visits"] {
        counts.push(format!("{table} {}", count(&db, table).await?));
    }
    println!("rows: {}", counts.join(", "));
    println!(
        "made: {} online orders ({} cancelled), {} booth sales, {} visits",
        made.orders, made.cancelled, made.booth_sales, made.visits
    );

    let mut times = Vec::with_capacity(runs);
    let mut report = ocop_figures::fair_report(&db, &fair).await?; // warm-up
    for _ in 0..runs {
        let t = Instant::now();
        report = ocop_figures::fair_report(&db, &fair).await?;
        times.push(t.elapsed());
    }
    times.sort_unstable();
    println!(
        "fair report ({} booths, {} orders + {} booth sales, {} visitors): median {:.1} ms, p95 {:.1} ms over {runs} runs",
        report.by_booth.len(),
        report.online.orders,
        report.at_booths.sales,
        report.visitors,
        percentile(&times, 0.5),
        percentile(&times, 0.95)
    );
    let week = ocop_figures::Period { from: first, to: first + Duration::days(7) };
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        ocop_figures::dashboard(&db, week).await?;
        times.push(t.elapsed());
    }
    times.sort_unstable();
    println!(
        "admins' dashboard over the fair's week: median {:.1} ms, p95 {:.1} ms over {runs} runs",
        percentile(&times, 0.5),
        percentile(&times, 0.95)
    );
    Ok(())
}
