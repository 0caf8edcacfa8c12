//! The shop's conversations with shoppers in its workspace
//! (`/kenh-nguoi-ban/{shop}/tin-nhan`): for the shop's staff only, not admins (they read a
//! conversation once it is reported, in `/quan-tri/tin-nhan`).

use axum::extract::{Form, Path, Query};
use axum::response::{IntoResponse, Redirect, Response};
use ocop_messages::{Side, Summary, read, reports, write};
use serde::{Deserialize, Serialize};

use crate::error::PageError;
use crate::forms::{Outcome, Shows, outcome};
use crate::guards::RequireShopInbox;
use crate::page::Page;
use crate::routes::pages::account::messages::{ReportForm, attach, retry};
use crate::views::messages::{SendForm, ThreadQuery, ThreadView};

#[derive(Serialize)]
struct InboxView {
    shop: ocop_catalog::entity::shop::Model,
    conversations: Vec<Summary>,
    unread_only: bool,
    unread: i64,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct InboxQuery {
    /// `chua-doc`: only conversations with unread messages.
    loc: String,
}

/// `GET /kenh-nguoi-ban/{shop}/tin-nhan`.
pub async fn inbox(
    page: Page,
    RequireShopInbox { shop, .. }: RequireShopInbox,
    Query(q): Query<InboxQuery>,
) -> Result<Response, PageError> {
    let unread_only = q.loc == "chua-doc";
    let conversations = read::of_shop(&page.state.db, shop.id, unread_only).await?;
    let unread = read::unread_of_shop(&page.state.db, shop.id).await?;
    let view = InboxView { shop, conversations, unread_only, unread };
    Ok(page.render("vendor/messages.html", &view)?.into_response())
}

/// `GET /kenh-nguoi-ban/{shop}/tin-nhan/{id}`.
pub async fn show(
    page: Page,
    RequireShopInbox { shop, user, .. }: RequireShopInbox,
    Path((_, id)): Path<(String, i64)>,
    Query(q): Query<ThreadQuery>,
) -> Result<Response, PageError> {
    let db = &page.state.db;
    let conversation = read::open_for_shop(db, user.id, shop.id, id).await?;
    let mut view = ThreadView::load(db, &conversation, Side::Shop, q.truoc).await?;
    attach(&page, conversation.shopper_id, &mut view, &q.san_pham, &q.don).await?;
    Ok(page.render("account/conversation.html", &view)?.into_response())
}

/// `POST /kenh-nguoi-ban/{shop}/tin-nhan/{id}`: the shop answers.
pub async fn send(
    page: Page,
    RequireShopInbox { shop, user, .. }: RequireShopInbox,
    Path((_, id)): Path<(String, i64)>,
    Form(form): Form<SendForm>,
) -> Result<Response, PageError> {
    let db = &page.state.db;
    let conversation = read::open_for_shop(db, user.id, shop.id, id).await?;
    let result = async {
        let (about, _, _) = write::resolve(db, conversation.shopper_id, &form.product, &form.order).await?;
        write::send(db, &conversation, Side::Shop, user.id, about, &form.body).await
    }
    .await;
    match outcome(result, &[Shows::Conflict])? {
        Outcome::Done(_) => {
            Ok(Redirect::to(&format!("/kenh-nguoi-ban/{}/tin-nhan/{id}#cuoi", shop.slug)).into_response())
        }
        Outcome::Refused(refused) => {
            let mut view = ThreadView::load(db, &conversation, Side::Shop, None).await?;
            retry(&page, conversation.shopper_id, &mut view, form, &refused).await?;
            Ok(refused.render(&page, "account/conversation.html", &view))
        }
    }
}

/// `POST /kenh-nguoi-ban/{shop}/tin-nhan/{id}/bao-cao`: the shop reports a shopper.
pub async fn report(
    page: Page,
    RequireShopInbox { shop, user, .. }: RequireShopInbox,
    Path((_, id)): Path<(String, i64)>,
    Form(form): Form<ReportForm>,
) -> Result<Response, PageError> {
    let db = &page.state.db;
    let conversation = read::open_for_shop(db, user.id, shop.id, id).await?;
    match outcome(reports::report(db, user.id, id, form.reason()).await, &[Shows::Conflict])? {
        Outcome::Done(_) => Ok(Redirect::to(&format!("/kenh-nguoi-ban/{}/tin-nhan/{id}", shop.slug)).into_response()),
        Outcome::Refused(refused) => {
            let mut view = ThreadView::load(db, &conversation, Side::Shop, None).await?;
            view.error = Some(refused.text());
            view.error_field = Some("reason".into());
            Ok(refused.render(&page, "account/conversation.html", &view))
        }
    }
}
