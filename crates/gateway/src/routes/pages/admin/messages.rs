//! Reported conversations (`/quan-tri/tin-nhan`): an admin reads one only once a side
//! reported it (each reading goes into the audit log), then closes the report.

use axum::extract::{Form, Path, Query};
use axum::response::{IntoResponse, Redirect, Response};
use ocop_messages::entity::conversation;
use ocop_messages::{Shown, Summary, reports};
use sea_orm::EntityTrait;
use serde::{Deserialize, Serialize};

use crate::error::PageError;
use crate::forms::{Outcome, Shows, outcome};
use crate::guards::RequireAdmin;
use crate::page::Page;
use crate::views::messages::ThreadQuery;

#[derive(Serialize)]
struct QueueView {
    reported: Vec<Summary>,
}

/// `GET /quan-tri/tin-nhan`.
pub async fn queue(page: Page, _admin: RequireAdmin) -> Result<Response, PageError> {
    let reported = reports::reported(&page.state.db, 100).await?;
    Ok(page.render("admin/messages.html", &QueueView { reported })?.into_response())
}

#[derive(Serialize)]
struct ReadView {
    conversation: conversation::Model,
    shop_name: String,
    shopper_name: String,
    reporter: String,
    messages: Vec<Shown>,
    older_href: Option<String>,
    error: Option<String>,
}

async fn read_view(page: &Page, admin: &RequireAdmin, id: i64, before: Option<i64>) -> Result<ReadView, PageError> {
    let db = &page.state.db;
    let (conversation, messages, older) = reports::read_reported(db, &admin.user.actor(), id, before).await?;
    let shop_name = ocop_catalog::entity::shop::Entity::find_by_id(conversation.shop_id)
        .one(db)
        .await?
        .map(|s| s.name)
        .unwrap_or_default();
    let shopper_name = ocop_accounts::entity::user::Entity::find_by_id(conversation.shopper_id)
        .one(db)
        .await?
        .map(|u| u.name)
        .unwrap_or_default();
    let reporter = if conversation.reported_by == Some(conversation.shopper_id) {
        shopper_name.clone()
    } else {
        shop_name.clone()
    };
    Ok(ReadView {
        older_href: older
            .then(|| messages.first().map(|m| format!("/quan-tri/tin-nhan/{id}?truoc={}", m.id)))
            .flatten(),
        conversation,
        shop_name,
        shopper_name,
        reporter,
        messages,
        error: None,
    })
}

/// `GET /quan-tri/tin-nhan/{id}`.
pub async fn show(
    page: Page,
    admin: RequireAdmin,
    Path(id): Path<i64>,
    Query(q): Query<ThreadQuery>,
) -> Result<Response, PageError> {
    let view = read_view(&page, &admin, id, q.truoc).await?;
    Ok(page.render("admin/conversation.html", &view)?.into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CloseForm {
    note: String,
}

/// `POST /quan-tri/tin-nhan/{id}/dong`: the report is dealt with.
pub async fn close(
    page: Page,
    admin: RequireAdmin,
    Path(id): Path<i64>,
    Form(form): Form<CloseForm>,
) -> Result<Response, PageError> {
    let result = reports::close(&page.state.db, &admin.user.actor(), id, &form.note).await;
    match outcome(result, &[Shows::Conflict])? {
        Outcome::Done(()) => Ok(Redirect::to("/quan-tri/tin-nhan").into_response()),
        Outcome::Refused(refused) => {
            let mut view = read_view(&page, &admin, id, None).await?;
            view.error = Some(refused.text());
            Ok(refused.render(&page, "admin/conversation.html", &view))
        }
    }
}
