//! Reviews in the demo: buyers of the delivered demo orders review part of what they bought,
//! in the words shoppers use; shops with staff answer some; one review with a phone number
//! waits for an admin. Written through `ocop_reviews`, so every rule holds (one review per
//! line, ratings kept). Idempotent: once there are reviews, nothing is added.

use chrono::{Duration, Utc};
use ocop_catalog::entity::{product, shop_member};
use ocop_core::{Actor, Role};
use ocop_orders::entity::{order, order_line, shop_order};
use ocop_reviews::entity::review;
use ocop_reviews::input::Stars;
use ocop_reviews::{Bought, ReviewInput, moderation, write};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::sales::Rng;

/// What five-, four-, three-, two- and one-star reviewers write, whatever the goods.
const SAID: [&[&str]; 5] = [
    &["Hàng không giống mô tả, vị nhạt, đóng gói sơ sài. Không mua lại.", "Giao sai loại, nhắn shop mãi mới trả lời."],
    &[
        "Hộp bị móp khi nhận, hàng bên trong vẫn dùng được nhưng hơi thất vọng.",
        "Giao chậm gần một tuần, chất lượng tạm được.",
        "Vị hơi khác lần trước mua ở hội chợ, không ngon bằng.",
    ],
    &[
        "Chất lượng ổn so với giá, đóng gói bình thường.",
        "Hàng đúng mô tả nhưng giao hơi lâu.",
        "Dùng được, chưa thấy gì đặc biệt. Sẽ thử thêm loại khác của shop.",
        "Tem OCOP rõ ràng, nhưng hạn sử dụng còn hơi ngắn.",
    ],
    &[
        "Hàng tốt, đóng gói cẩn thận. Giao hơi chậm một chút.",
        "Chất lượng ổn, đúng như mô tả, có tem OCOP và mã truy xuất.",
        "Mua làm quà cho bố mẹ, cả nhà khen. Trừ một sao vì hộp hơi nhỏ so với ảnh.",
        "Sản phẩm ngon, giá hợp lý. Mong shop có thêm loại gói nhỏ.",
        "Lần thứ hai mua, chất lượng vẫn đều. Giao nhanh.",
    ],
    &[
        "Rất hài lòng! Đóng gói chắc chắn, giao nhanh, hàng đúng chuẩn OCOP.",
        "Mua làm quà Tết biếu sếp, hộp đẹp, sang trọng. Sẽ ủng hộ shop dài dài.",
        "Chất lượng tuyệt vời, đúng đặc sản quê. Cảm ơn hợp tác xã!",
        "Ngon hơn mong đợi, giá tốt hơn mua ngoài chợ. Shop tư vấn nhiệt tình.",
        "Giao hàng nhanh, còn gửi kèm thiệp cảm ơn viết tay. Rất có tâm.",
        "Đã mua nhiều lần, lần nào cũng ưng. Giới thiệu cho cả cơ quan.",
        "Hàng chuẩn, có tem truy xuất nguồn gốc quét được. Yên tâm.",
    ],
];

/// What a group's goods make people say, added to a good review now and then.
fn about(group: &str) -> &'static [&'static str] {
    match group {
        "thuc-pham" => &["Vị đậm đà, ăn là nhớ quê.", "Để tủ lạnh dùng dần vẫn ngon.", "Trẻ con trong nhà rất thích."],
        "do-uong" => {
            &["Pha lên thơm cả nhà, hậu ngọt.", "Nước trong, vị dịu, uống không bị xót.", "Biếu ông bà, ông khen thơm."]
        }
        "thao-duoc" => {
            &["Dùng đều thấy ngủ ngon hơn.", "Mùi thảo mộc dễ chịu, đóng lọ kín.", "Có hướng dẫn dùng rõ ràng."]
        }
        "vai-may-mac" => &["Vải mềm, đường may kỹ.", "Màu đẹp như ảnh, giặt không phai."],
        "luu-niem-noi-that-trang-tri" => &["Đồ thủ công làm rất khéo.", "Bày phòng khách ai cũng hỏi mua ở đâu."],
        _ => &["Đúng hàng làng nghề."],
    }
}

/// The shop's answer to a review with these stars.
fn answer(stars: i16, rng: &mut Rng) -> &'static str {
    const GOOD: [&str; 3] = [
        "Cảm ơn anh/chị đã tin dùng sản phẩm OCOP của hợp tác xã. Hẹn gặp lại ạ!",
        "Hợp tác xã cảm ơn lời khen, chúc anh/chị và gia đình nhiều sức khoẻ.",
        "Cảm ơn anh/chị! Mùa tới có hàng mới, shop sẽ báo trên trang cửa hàng ạ.",
    ];
    const SORRY: [&str; 2] = [
        "Shop xin lỗi vì trải nghiệm chưa tốt. Anh/chị nhắn shop qua mục đơn hàng để được đổi hàng ạ.",
        "Cảm ơn góp ý của anh/chị. Shop đã đổi đơn vị vận chuyển và gia cố hộp để hàng đến tay nguyên vẹn.",
    ];
    if stars >= 4 { GOOD[rng.weighted(&[1.0; 3])] } else { SORRY[rng.weighted(&[1.0; 2])] }
}

/// Writes the demo reviews; returns how many were written this time.
///
/// # Errors
/// The database refuses a row.
pub async fn demo_reviews(db: &DatabaseConnection) -> anyhow::Result<usize> {
    // Drawn once: the draws follow each other, so a second run would review other lines.
    if review::Entity::find().one(db).await?.is_some() {
        return Ok(0);
    }
    let mut rng = Rng::new(1504);
    let parts = shop_order::Entity::find()
        .filter(shop_order::Column::Status.is_in(["delivered", "completed"]))
        .order_by_asc(shop_order::Column::Id)
        .all(db)
        .await?;
    let staff = shop_member::Entity::find().all(db).await?;
    let mut written = 0;
    let mut held = false;
    for part in parts {
        let Some(placed) = order::Entity::find_by_id(part.order_id).one(db).await? else { continue };
        let lines = order_line::Entity::find().filter(order_line::Column::ShopOrderId.eq(part.id)).all(db).await?;
        for line in lines {
            // About one line in three gets a review, as on real marketplaces.
            if !rng.chance(0.35) {
                continue;
            }
            let stars = 5 - rng.weighted(&[0.56, 0.27, 0.10, 0.04, 0.03]);
            let group = match line.variant_id {
                Some(v) => group_of(db, v).await?,
                None => String::new(),
            };
            let mut body = String::new();
            if !rng.chance(0.12) {
                let pool = SAID[stars - 1];
                body.push_str(pool[rng.weighted(&vec![1.0; pool.len()])]);
                if stars >= 4 && rng.chance(0.5) {
                    let extra = about(&group);
                    body.push(' ');
                    body.push_str(extra[rng.weighted(&vec![1.0; extra.len()])]);
                }
            }
            // One reviewer leaves a number to sell around the platform: it waits for an admin.
            if stars == 3 && !held {
                body.push_str(" Ai cần mua số lượng lớn liên hệ mình 0912 468 357.");
                held = true;
            }
            let input = ReviewInput { stars: Stars::Number(i64::try_from(stars)?), body };
            let saved = match write::write(db, placed.user_id, Bought::OrderLine(line.id), &input).await {
                Ok(saved) => saved,
                Err(ocop_core::Error::Conflict { .. } | ocop_core::Error::NotFound { .. }) => continue,
                Err(e) => return Err(e.into()),
            };
            written += 1;
            // Written a few days after the parcel came, never in the future.
            let delivered = part.delivered_at.unwrap_or(part.updated_at);
            let at = (delivered + Duration::hours(rng.between(6, 24 * 6))).min(Utc::now());
            review::Entity::update_many()
                .col_expr(review::Column::CreatedAt, Expr::value(at))
                .col_expr(review::Column::UpdatedAt, Expr::value(at))
                .filter(review::Column::Id.eq(saved.id))
                .exec(db)
                .await?;
            let member = staff.iter().find(|m| m.shop_id == saved.shop_id);
            if let Some(member) = member
                && saved.status == ocop_reviews::status::PUBLISHED
                && rng.chance(if saved.stars <= 3 { 0.9 } else { 0.4 })
            {
                let actor = Actor::new(member.user_id, Role::Vendor);
                moderation::reply(db, &actor, saved.shop_id, saved.id, answer(saved.stars, &mut rng)).await?;
                let replied = (at + Duration::hours(rng.between(2, 30))).min(Utc::now());
                review::Entity::update_many()
                    .col_expr(review::Column::RepliedAt, Expr::value(replied))
                    .filter(review::Column::Id.eq(saved.id))
                    .exec(db)
                    .await?;
            }
        }
    }
    Ok(written)
}

async fn group_of(db: &DatabaseConnection, variant_id: i64) -> anyhow::Result<String> {
    let Some(v) = ocop_catalog::entity::variant::Entity::find_by_id(variant_id).one(db).await? else {
        return Ok(String::new());
    };
    Ok(product::Entity::find_by_id(v.product_id).one(db).await?.map(|p| p.category).unwrap_or_default())
}

/// What shoppers ask about a group's goods, and what a buyer and the shop answer.
fn asked(group: &str) -> (&'static str, &'static str, &'static str) {
    match group {
        "thuc-pham" => (
            "Sản phẩm để được bao lâu, có cần bảo quản tủ lạnh không ạ?",
            "Mình để ngăn mát dùng dần hơn tháng vẫn ngon.",
            "Dạ bảo quản nơi khô mát, sau khi mở nên để ngăn mát và dùng trong 30 ngày ạ.",
        ),
        "do-uong" => (
            "Có hoá đơn và tem OCOP để làm quà biếu công ty không shop?",
            "Mình mua biếu, hộp có tem OCOP và mã truy xuất đầy đủ.",
            "Dạ có đủ tem OCOP, shop xuất hoá đơn điện tử theo thông tin anh/chị gửi khi đặt hàng ạ.",
        ),
        "thao-duoc" => (
            "Người cao huyết áp dùng được không ạ?",
            "Bố mình huyết áp cao vẫn dùng đều, nhưng nên hỏi bác sĩ trước.",
            "Sản phẩm không phải là thuốc; người có bệnh nền nên hỏi ý kiến bác sĩ trước khi dùng ạ.",
        ),
        "vai-may-mac" => (
            "Giặt máy được không hay phải giặt tay ạ?",
            "Mình giặt tay nước lạnh, màu vẫn đẹp.",
            "Nên giặt tay với nước lạnh và phơi trong bóng râm để giữ màu ạ.",
        ),
        _ => (
            "Hàng thủ công có đóng gói chống vỡ khi gửi đi xa không ạ?",
            "Mình nhận ở Sài Gòn, gói xốp nổ nhiều lớp, không sứt mẻ gì.",
            "Dạ shop bọc xốp nổ nhiều lớp và đóng thùng gỗ với đơn đi xa ạ.",
        ),
    }
}

/// Questions on the most reviewed demo products, answered by a buyer and, where the shop
/// has staff, by the shop. Returns how many questions were asked this time.
///
/// # Errors
/// The database refuses a row.
pub async fn demo_questions(db: &DatabaseConnection) -> anyhow::Result<usize> {
    use ocop_reviews::entity::{product_rating, question};
    use ocop_reviews::questions;
    if question::Entity::find().one(db).await?.is_some() {
        return Ok(0);
    }
    let Some(asker) = ocop_accounts::entity::user::Entity::find()
        .filter(ocop_accounts::entity::user::Column::Email.eq("khach@choocop.vn"))
        .one(db)
        .await?
    else {
        return Ok(0);
    };
    let staff = shop_member::Entity::find().all(db).await?;
    let top =
        product_rating::Entity::find().order_by_desc(product_rating::Column::ReviewCount).limit(8).all(db).await?;
    let mut asked_count = 0;
    for rated in top {
        let Some(p) = product::Entity::find_by_id(rated.product_id).one(db).await? else { continue };
        let (q, by_buyer, by_shop) = asked(&p.category);
        let Ok(saved) = questions::ask(db, asker.id, p.id, q).await else { continue };
        asked_count += 1;
        // The product's first reviewer answers from experience.
        let reviewer = review::Entity::find()
            .filter(review::Column::ProductId.eq(p.id))
            .order_by_asc(review::Column::Id)
            .one(db)
            .await?;
        if let Some(r) = reviewer {
            questions::answer(db, r.author_id, saved.id, by_buyer).await.ok();
        }
        if let Some(member) = staff.iter().find(|m| m.shop_id == p.shop_id) {
            questions::answer(db, member.user_id, saved.id, by_shop).await?;
        }
    }
    // The demo vendor's tea: one question answered by the shop, one still waiting in its
    // workspace.
    let tea = ocop_catalog::shops::by_slug(db, "htx-tra-hoa-vang-ba-che").await?;
    let teas = product::Entity::find()
        .filter(product::Column::ShopId.eq(tea.id))
        .filter(product::Column::Live.eq(true))
        .order_by_asc(product::Column::Id)
        .limit(2)
        .all(db)
        .await?;
    let pairs = [
        ("Trà pha được mấy nước thì nhạt ạ?", Some("Dạ trà hoa vàng pha được 3–4 nước, nước thứ hai thơm nhất ạ.")),
        ("Shop có gói nhỏ để uống thử trước khi mua hộp quà không?", None),
    ];
    for (p, (q, answer)) in teas.iter().zip(pairs) {
        let Ok(saved) = questions::ask(db, asker.id, p.id, q).await else { continue };
        asked_count += 1;
        if let (Some(text), Some(member)) = (answer, staff.iter().find(|m| m.shop_id == tea.id)) {
            questions::answer(db, member.user_id, saved.id, text).await?;
        }
    }
    Ok(asked_count)
}

/// Photos on a dozen recent four- and five-star reviews with something to say, drawn like
/// the demo listings (nothing downloaded), through `ocop_reviews::photos` so the rules hold.
/// Returns how many reviews got photos.
///
/// # Errors
/// The database or the media store refuses a write.
pub async fn demo_review_photos(
    db: &DatabaseConnection,
    media: &dyn ocop_catalog::media::MediaStore,
) -> anyhow::Result<usize> {
    use ocop_reviews::entity::review_photo;
    use ocop_reviews::photos;
    if review_photo::Entity::find().one(db).await?.is_some() {
        return Ok(0);
    }
    let recent = review::Entity::find()
        .filter(review::Column::Status.eq(ocop_reviews::status::PUBLISHED))
        .filter(review::Column::Stars.gte(4))
        .filter(review::Column::CreatedAt.gt(Utc::now() - Duration::days(ocop_reviews::EDIT_DAYS - 1)))
        .order_by_desc(review::Column::CreatedAt)
        .limit(60)
        .all(db)
        .await?;
    let mut done = 0;
    for r in recent.into_iter().filter(|r| r.body.chars().count() > 30).step_by(3).take(12) {
        let Some(p) = product::Entity::find_by_id(r.product_id).one(db).await? else { continue };
        let count = 1 + usize::try_from(r.id % 2).unwrap_or(0);
        let pictures = (0..count)
            .map(|i| {
                ocop_catalog::images::placeholder(u64::try_from(r.id).unwrap_or(0) + i as u64 * 3, &p.category, &p.name)
            })
            .collect();
        if photos::attach(db, media, r.author_id, r.id, pictures).await.is_ok() {
            done += 1;
        }
    }
    Ok(done)
}
