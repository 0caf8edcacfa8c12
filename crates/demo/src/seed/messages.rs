//! Conversations in the demo: the demo shopper asks the demo vendor's tea cooperative about
//! a gift box (the shop has two unread), the rice cooperative has answered her question
//! about its rice (she has two unread), and a restaurant buyer pastes a phone number before ordering, which the
//! fish sauce cooperative reads as ***. Written through `ocop_messages`, then dated over
//! the last two days. Idempotent: once there is a conversation, nothing is added.

use chrono::{Duration, Utc};
use ocop_catalog::entity::{product, shop, shop_member};
use ocop_messages::entity::{conversation, message};
use ocop_messages::{About, Side, write};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

/// One line of a demo conversation: who writes, what, and how many minutes ago.
type Line = (Side, &'static str, i64);

const GIFT_BOX: [Line; 4] = [
    (
        Side::Shopper,
        "Chào shop, hộp quà trà hoa vàng có kèm túi giấy để biếu không ạ? Mình cần 5 hộp trước Tết.",
        2_880,
    ),
    (
        Side::Shop,
        "Dạ chào chị, mỗi hộp đều kèm túi giấy in logo HTX ạ. 5 hộp shop còn đủ hàng, gửi trong ngày chị nhé.",
        2_790,
    ),
    (Side::Shopper, "Vậy tốt quá. Trà này người lớn tuổi uống buổi tối có bị mất ngủ không shop?", 2_760),
    (Side::Shopper, "À mà hạn sử dụng còn bao lâu ạ?", 45),
];

const RICE: [Line; 3] = [
    (Side::Shopper, "Shop ơi, gạo ST25 này là vụ mới chưa ạ? Mình ở Đà Nẵng, giao mất mấy ngày?", 1_500),
    (Side::Shop, "Dạ gạo vụ đông xuân, xay xát tuần trước ạ. Giao Đà Nẵng khoảng 3 ngày chị nhé.", 1_380),
    (Side::Shop, "Túi 5 kg đang có giá tốt đến cuối tuần, chị đặt sớm để shop gửi kịp ạ. Cảm ơn chị!", 20),
];

const BULK: [Line; 2] = [
    (
        Side::Shopper,
        "Nhà hàng mình cần 50 lít nước mắm mỗi tháng, shop gọi lại cho mình số 0905 123 456 để bàn giá sỉ nhé.",
        600,
    ),
    (
        Side::Shop,
        "Dạ cảm ơn anh. Anh đăng yêu cầu trên mục Kết nối cung cầu giúp shop, shop gửi báo giá ngay trong hôm nay ạ.",
        540,
    ),
];

async fn user_id(db: &DatabaseConnection, email: &str) -> anyhow::Result<Option<i64>> {
    Ok(ocop_accounts::entity::user::Entity::find()
        .filter(ocop_accounts::entity::user::Column::Email.eq(email))
        .one(db)
        .await?
        .map(|u| u.id))
}

/// Writes `lines` between the shopper and the shop, then dates each message as the line says.
async fn talk(
    db: &DatabaseConnection,
    shopper_id: i64,
    shop_id: i64,
    about: About,
    lines: &[Line],
) -> anyhow::Result<bool> {
    let Some(staff) = shop_member::Entity::find().filter(shop_member::Column::ShopId.eq(shop_id)).one(db).await? else {
        return Ok(false);
    };
    let mut conversation = None;
    let now = Utc::now();
    for (i, (side, text, minutes_ago)) in lines.iter().enumerate() {
        let sent = match (&conversation, side) {
            (None, _) => {
                let (opened, sent) = write::start(db, shopper_id, shop_id, about, text).await?;
                conversation = Some(opened);
                sent
            }
            (Some(c), Side::Shopper) => write::send(db, c, Side::Shopper, shopper_id, About::default(), text).await?,
            (Some(c), Side::Shop) => write::send(db, c, Side::Shop, staff.user_id, About::default(), text).await?,
        };
        let at = now - Duration::minutes(*minutes_ago);
        message::Entity::update_many()
            .col_expr(message::Column::CreatedAt, Expr::value(at))
            .filter(message::Column::Id.eq(sent.id))
            .exec(db)
            .await?;
        if i == 0 {
            conversation::Entity::update_many()
                .col_expr(conversation::Column::CreatedAt, Expr::value(at))
                .col_expr(conversation::Column::FirstAskedAt, Expr::value(Some(at)))
                .filter(conversation::Column::Id.eq(sent.conversation_id))
                .exec(db)
                .await?;
        }
        let first_answer = lines.iter().position(|(s, _, _)| *s == Side::Shop) == Some(i);
        let mut dated = conversation::Entity::update_many()
            .col_expr(conversation::Column::LastMessageAt, Expr::value(at))
            .filter(conversation::Column::Id.eq(sent.conversation_id));
        if first_answer {
            dated = dated.col_expr(conversation::Column::FirstAnsweredAt, Expr::value(Some(at)));
        }
        dated.exec(db).await?;
    }
    Ok(conversation.is_some())
}

/// Returns how many conversations were written this time.
///
/// # Errors
/// The database refuses a row.
pub async fn demo_conversations(db: &DatabaseConnection) -> anyhow::Result<usize> {
    if conversation::Entity::find().one(db).await?.is_some() {
        return Ok(0);
    }
    let mut written = 0;
    if let Some(lan) = user_id(db, "khach@choocop.vn").await? {
        let tea = ocop_catalog::shops::by_slug(db, "htx-tra-hoa-vang-ba-che").await?;
        let gift = product::Entity::find()
            .filter(product::Column::ShopId.eq(tea.id))
            .filter(product::Column::Live.eq(true))
            .order_by_asc(product::Column::Id)
            .one(db)
            .await?;
        let about = About { product_id: gift.map(|p| p.id), order_id: None };
        written += usize::from(talk(db, lan, tea.id, about, &GIFT_BOX).await?);
        // The rice cooperative has answered her question about its rice.
        let rice = shop::Entity::find().filter(shop::Column::Slug.eq("gao-st25-soc-trang")).one(db).await?;
        if let Some(rice) = rice {
            let bag = product::Entity::find()
                .filter(product::Column::ShopId.eq(rice.id))
                .filter(product::Column::Live.eq(true))
                .order_by_asc(product::Column::Id)
                .one(db)
                .await?;
            let about = About { product_id: bag.map(|p| p.id), order_id: None };
            written += usize::from(talk(db, lan, rice.id, about, &RICE).await?);
        }
    }
    let fish = shop::Entity::find().filter(shop::Column::Slug.eq("nuoc-mam-cai-rong")).one(db).await?;
    if let (Some(buyer), Some(fish)) = (user_id(db, "nhahang.danang@choocop.vn").await?, fish) {
        written += usize::from(talk(db, buyer, fish.id, About::default(), &BULK).await?);
    }
    Ok(written)
}
