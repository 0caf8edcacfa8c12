//! The admins' overview of the supply–demand board (`/quan-tri/cung-cau`): requests,
//! offers and matches per province.

use axum::extract::Query;
use axum::response::{IntoResponse, Response};
use ocop_wholesale::requests::Filter;
use ocop_wholesale::stats::{self, Overview};
use ocop_wholesale::status::RequestStatus;
use ocop_wholesale::today_vn;
use serde::{Deserialize, Serialize};

use crate::error::PageError;
use crate::guards::RequireAdmin;
use crate::page::Page;
use crate::views::board::{Choice, group_choices, province_choices};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AdminQuery {
    tinh: String,
    nhom: String,
    trang_thai: String,
}

#[derive(Serialize)]
struct StatusChoice {
    code: &'static str,
}

#[derive(Serialize)]
struct AdminView {
    overview: Overview,
    groups: Vec<Choice>,
    provinces: Vec<Choice>,
    statuses: Vec<StatusChoice>,
    province: &'static str,
    group: &'static str,
    status: &'static str,
}

/// `/quan-tri/cung-cau`: requests, offers and matches per province, and the filtered list.
pub async fn admin(page: Page, _admin: RequireAdmin, Query(q): Query<AdminQuery>) -> Result<Response, PageError> {
    let filter = Filter::parse(&q.nhom, &q.tinh, &q.trang_thai);
    let overview = stats::overview(&page.state.db, &filter, today_vn()).await?;
    let view = AdminView {
        overview,
        groups: group_choices(),
        provinces: province_choices(),
        statuses: RequestStatus::ALL.iter().map(|s| StatusChoice { code: s.as_str() }).collect(),
        province: filter.province.unwrap_or(""),
        group: filter.group.unwrap_or(""),
        status: filter.status.map_or("", RequestStatus::as_str),
    };
    Ok(page.render("admin/board.html", &view)?.into_response())
}
