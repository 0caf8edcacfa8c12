//! The append-only audit log (`/quan-tri/nhat-ky`), for admins.

use axum::extract::Query;
use axum::response::{IntoResponse, Response};
use ocop_catalog::entity::audit;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::{Deserialize, Serialize};

use crate::error::PageError;
use crate::guards::RequireAdmin;
use crate::page::Page;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AuditQuery {
    trang: u64,
}

#[derive(Serialize)]
struct AuditRow {
    when: String,
    who: String,
    what: String,
    reason: Option<String>,
    before: String,
    after: String,
}

#[derive(Serialize)]
struct AuditView {
    entries: Vec<AuditRow>,
    page: u64,
    pages: u64,
}

const AUDIT_PER_PAGE: u64 = 50;

/// The append-only audit log, newest first (admins only: it names every actor).
pub async fn audit_log(page: Page, _admin: RequireAdmin, Query(q): Query<AuditQuery>) -> Result<Response, PageError> {
    let db = &page.state.db;
    let total = audit::Entity::find().count(db).await?;
    let pages = total.div_ceil(AUDIT_PER_PAGE).max(1);
    let number = q.trang.clamp(1, pages);
    let entries = audit::Entity::find()
        .order_by_desc(audit::Column::Id)
        .limit(AUDIT_PER_PAGE)
        .offset((number - 1) * AUDIT_PER_PAGE)
        .all(db)
        .await?;
    let ids: Vec<i64> = entries.iter().filter_map(|e| e.actor_id).collect();
    let actors: std::collections::HashMap<i64, String> = ocop_accounts::entity::user::Entity::find()
        .filter(ocop_accounts::entity::user::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.email))
        .collect();
    let show = |v: &Option<serde_json::Value>| v.as_ref().map_or_else(String::new, ToString::to_string);
    let entries = entries
        .into_iter()
        .map(|e| AuditRow {
            // Shown in Vietnam's time (GMT+7).
            when: ocop_core::time::in_vn(e.created_at).format("%d/%m/%Y %H:%M").to_string(),
            who: e
                .actor_id
                .map_or_else(|| "—".to_owned(), |id| actors.get(&id).cloned().unwrap_or_else(|| format!("#{id}"))),
            what: format!("{} {} #{}", e.action, e.entity, e.entity_id),
            before: show(&e.before),
            after: show(&e.after),
            reason: e.reason,
        })
        .collect();
    Ok(page.render("admin/audit.html", &AuditView { entries, page: number, pages })?.into_response())
}
