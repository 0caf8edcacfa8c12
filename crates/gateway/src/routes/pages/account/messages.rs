//! A shopper's conversations with shops (`/tin-nhan`), one conversation
//! (`/tin-nhan/{id}`), and writing to a shop from its page, a product or an order
//! (`/cua-hang/{shop}/nhan-tin?san-pham=…&don=…`).

use axum::extract::{Form, Path, Query};
use axum::response::{IntoResponse, Redirect, Response};
use ocop_core::Error;
use ocop_messages::{Side, Summary, read, reports, write};
use sea_orm::EntityTrait;
use serde::{Deserialize, Serialize};

use crate::auth::SignedIn;
use crate::error::PageError;
use crate::forms::{Outcome, Refused, Shows, outcome};
use crate::page::Page;
use crate::views::messages::{SendForm, ThreadQuery, ThreadView};

#[derive(Serialize)]
struct ListView {
    conversations: Vec<Summary>,
    /// The shops the user works for, with their unread counts: links to their inboxes.
    inboxes: Vec<(String, String, i64)>,
}

/// `GET /tin-nhan`.
pub async fn list(page: Page, SignedIn(user): SignedIn) -> Result<Response, PageError> {
    let db = &page.state.db;
    let conversations = read::of_shopper(db, user.id).await?;
    let mut inboxes = Vec::new();
    for shop in ocop_catalog::shops::mine(db, user.id).await? {
        let unread = read::unread_of_shop(db, shop.id).await?;
        inboxes.push((shop.slug, shop.name, unread));
    }
    Ok(page.render("account/messages.html", &ListView { conversations, inboxes })?.into_response())
}

/// `GET /tin-nhan/{id}`: the shop's staff are sent to the same conversation in their workspace.
pub async fn show(
    page: Page,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
    Query(q): Query<ThreadQuery>,
) -> Result<Response, PageError> {
    let db = &page.state.db;
    let (conversation, side) = read::open(db, user.id, id).await?;
    if side == Side::Shop {
        let shop = ocop_catalog::entity::shop::Entity::find_by_id(conversation.shop_id)
            .one(db)
            .await?
            .ok_or(Error::NotFound { what: "gian hàng" })?;
        return Ok(Redirect::to(&format!("/kenh-nguoi-ban/{}/tin-nhan/{id}", shop.slug)).into_response());
    }
    let mut view = ThreadView::load(db, &conversation, Side::Shopper, q.truoc).await?;
    attach(&page, user.id, &mut view, &q.san_pham, &q.don).await?;
    Ok(page.render("account/conversation.html", &view)?.into_response())
}

/// Shows the subject named in the query above the form; an unknown one is left out.
pub(crate) async fn attach(
    page: &Page,
    shopper_id: i64,
    view: &mut ThreadView,
    product: &str,
    order: &str,
) -> Result<(), Error> {
    match write::resolve(&page.state.db, shopper_id, product, order).await {
        Ok((_, product, order_code)) => {
            view.product = product;
            view.order_code = order_code;
            Ok(())
        }
        Err(Error::Invalid(_)) => Ok(()),
        Err(e) => Err(e),
    }
}

/// `POST /tin-nhan/{id}`.
pub async fn send(
    page: Page,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<SendForm>,
) -> Result<Response, PageError> {
    let db = &page.state.db;
    let (conversation, side) = read::open(db, user.id, id).await?;
    if side == Side::Shop {
        return Err(Error::NotFound { what: "cuộc trò chuyện" }.into());
    }
    let result = async {
        let (about, _, _) = write::resolve(db, conversation.shopper_id, &form.product, &form.order).await?;
        write::send(db, &conversation, Side::Shopper, user.id, about, &form.body).await
    }
    .await;
    match outcome(result, &[Shows::Conflict])? {
        Outcome::Done(_) => Ok(Redirect::to(&format!("/tin-nhan/{id}#cuoi")).into_response()),
        Outcome::Refused(refused) => {
            let mut view = ThreadView::load(db, &conversation, Side::Shopper, None).await?;
            retry(&page, user.id, &mut view, form, &refused).await?;
            Ok(refused.render(&page, "account/conversation.html", &view))
        }
    }
}

/// The form again, with what was typed and why it was refused.
pub(crate) async fn retry(
    page: &Page,
    shopper_id: i64,
    view: &mut ThreadView,
    form: SendForm,
    refused: &Refused,
) -> Result<(), Error> {
    attach(page, shopper_id, view, &form.product, &form.order).await?;
    view.body = form.body;
    view.error = Some(refused.text());
    view.error_field = refused.fields().0.keys().next().cloned();
    Ok(())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ReportForm {
    reason: String,
}

impl ReportForm {
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

/// `POST /tin-nhan/{id}/bao-cao`.
pub async fn report(
    page: Page,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<ReportForm>,
) -> Result<Response, PageError> {
    let db = &page.state.db;
    let (conversation, side) = read::open(db, user.id, id).await?;
    if side == Side::Shop {
        return Err(Error::NotFound { what: "cuộc trò chuyện" }.into());
    }
    match outcome(reports::report(db, user.id, id, &form.reason).await, &[Shows::Conflict])? {
        Outcome::Done(_) => Ok(Redirect::to(&format!("/tin-nhan/{id}")).into_response()),
        Outcome::Refused(refused) => {
            let mut view = ThreadView::load(db, &conversation, Side::Shopper, None).await?;
            view.error = Some(refused.text());
            view.error_field = Some("reason".into());
            Ok(refused.render(&page, "account/conversation.html", &view))
        }
    }
}

/// `GET /cua-hang/{shop}/nhan-tin`: the conversation with the shop if there is one, else an
/// empty one with the form.
pub async fn to_shop(
    page: Page,
    SignedIn(user): SignedIn,
    Path(slug): Path<String>,
    Query(q): Query<ThreadQuery>,
) -> Result<Response, PageError> {
    let db = &page.state.db;
    let shop = ocop_catalog::shops::by_slug(db, &slug).await?;
    if let Some(found) = write::existing(db, user.id, shop.id).await? {
        let mut to = format!("/tin-nhan/{}", found.id);
        let mut sep = '?';
        for (key, value) in [("san-pham", &q.san_pham), ("don", &q.don)] {
            if !value.is_empty() {
                to.push_str(&format!("{sep}{key}={}", crate::auth::urlencode(value)));
                sep = '&';
            }
        }
        return Ok(Redirect::to(&to).into_response());
    }
    let mut view = new_view(&page, &shop).await?;
    attach(&page, user.id, &mut view, &q.san_pham, &q.don).await?;
    Ok(page.render("account/conversation.html", &view)?.into_response())
}

async fn new_view(page: &Page, shop: &ocop_catalog::entity::shop::Model) -> Result<ThreadView, Error> {
    let masking = match &page.user {
        Some(u) => !write::has_order(&page.state.db, u.id, shop.id).await?,
        None => true,
    };
    let here = format!("/cua-hang/{}/nhan-tin", shop.slug);
    Ok(ThreadView {
        side: "shopper",
        other: shop.name.clone(),
        other_href: format!("/cua-hang/{}", shop.slug),
        back: "/tin-nhan".into(),
        action: here.clone(),
        here,
        masking,
        ..Default::default()
    })
}

/// `POST /cua-hang/{shop}/nhan-tin`: the first message (or the next, if the conversation exists).
pub async fn start(
    page: Page,
    SignedIn(user): SignedIn,
    Path(slug): Path<String>,
    Form(form): Form<SendForm>,
) -> Result<Response, PageError> {
    let db = &page.state.db;
    let shop = ocop_catalog::shops::by_slug(db, &slug).await?;
    let result = async {
        let (about, _, _) = write::resolve(db, user.id, &form.product, &form.order).await?;
        write::start(db, user.id, shop.id, about, &form.body).await
    }
    .await;
    match outcome(result, &[Shows::Conflict])? {
        Outcome::Done((conversation, _)) => {
            Ok(Redirect::to(&format!("/tin-nhan/{}#cuoi", conversation.id)).into_response())
        }
        Outcome::Refused(refused) => {
            let mut view = new_view(&page, &shop).await?;
            retry(&page, user.id, &mut view, form, &refused).await?;
            Ok(refused.render(&page, "account/conversation.html", &view))
        }
    }
}
