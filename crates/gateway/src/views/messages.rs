//! One conversation page for both sides (the shopper's `/tin-nhan/{id}`, the shop's
//! `/kenh-nguoi-ban/{shop}/tin-nhan/{id}`), and for a new conversation before its first
//! message: the thread, the subject being attached, and the form.

use ocop_core::Error;
use ocop_messages::entity::conversation;
use ocop_messages::read::{self, ProductLink, Reader, Shown};
use ocop_messages::{Side, write};
use sea_orm::{DatabaseConnection, EntityTrait};
use serde::{Deserialize, Serialize};

/// The query a thread page takes: older messages, and a subject to attach.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ThreadQuery {
    /// Show messages older than this id.
    pub truoc: Option<i64>,
    /// A product's slug the next message is about.
    #[serde(rename = "san-pham")]
    pub san_pham: String,
    /// An order's code the next message is about.
    pub don: String,
}

/// The form that sends a message.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SendForm {
    pub body: String,
    /// A product's slug.
    pub product: String,
    /// An order's code.
    pub order: String,
}

#[derive(Serialize, Default)]
pub struct ThreadView {
    /// `shopper` or `shop`.
    pub side: &'static str,
    /// Who the reader talks to, and where their page is.
    pub other: String,
    pub other_href: String,
    pub messages: Vec<Shown>,
    pub older_href: Option<String>,
    /// The list this thread belongs to.
    pub back: String,
    /// This page without the query: the refresh link.
    pub here: String,
    pub action: String,
    pub report_action: Option<String>,
    pub reported: bool,
    /// The subject the form will attach.
    pub product: Option<ProductLink>,
    pub order_code: Option<String>,
    /// Contacts are masked for now: no order between the shopper and the shop yet.
    pub masking: bool,
    pub body: String,
    pub error: Option<String>,
    pub error_field: Option<String>,
}

impl ThreadView {
    /// A thread as `side` reads it; marks it read for that side.
    ///
    /// # Errors
    /// Database errors.
    pub async fn load(
        db: &DatabaseConnection,
        conversation: &conversation::Model,
        side: Side,
        before: Option<i64>,
    ) -> Result<Self, Error> {
        let (messages, older) = read::thread(db, conversation, Reader::Side(side), before).await?;
        if before.is_none() {
            read::mark_read(db, conversation.id, side).await?;
        }
        let masking = !write::has_order(db, conversation.shopper_id, conversation.shop_id).await?;
        let shop = ocop_catalog::entity::shop::Entity::find_by_id(conversation.shop_id)
            .one(db)
            .await?
            .ok_or(Error::NotFound { what: "gian hàng" })?;
        let (other, other_href, here) = match side {
            Side::Shopper => {
                (shop.name.clone(), format!("/cua-hang/{}", shop.slug), format!("/tin-nhan/{}", conversation.id))
            }
            Side::Shop => {
                let name = ocop_accounts::entity::user::Entity::find_by_id(conversation.shopper_id)
                    .one(db)
                    .await?
                    .map(|u| u.name)
                    .unwrap_or_default();
                (name, String::new(), format!("/kenh-nguoi-ban/{}/tin-nhan/{}", shop.slug, conversation.id))
            }
        };
        let back = match side {
            Side::Shopper => "/tin-nhan".to_owned(),
            Side::Shop => format!("/kenh-nguoi-ban/{}/tin-nhan", shop.slug),
        };
        Ok(Self {
            side: if side == Side::Shop { "shop" } else { "shopper" },
            other,
            other_href,
            older_href: older.then(|| messages.first().map(|m| format!("{here}?truoc={}", m.id))).flatten(),
            messages,
            back,
            action: here.clone(),
            report_action: Some(format!("{here}/bao-cao")),
            here,
            reported: conversation.reported_at.is_some(),
            masking,
            ..Default::default()
        })
    }
}
