//! Sales across the marketplace for admins (`/quan-tri/doanh-so?tu=&den=`).

use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use ocop_figures::Dashboard;
use ocop_figures::period::today_vn;
use ocop_figures::sales::DaySlice;
use serde::Serialize;

use crate::error::PageError;
use crate::guards::RequireAdmin;
use crate::page::Page;
use crate::views::figures::{
    Labelled, PeriodForm, PeriodQuery, Row, channel_chart, day_chart, day_rows, item_name, item_rows, period_form,
    read_period, rows_chart, share, slice_rows,
};

#[derive(Serialize)]
struct SalesCharts {
    by_day: String,
    by_channel: String,
    by_province: String,
    by_group: String,
}

#[derive(Serialize)]
struct DashboardView {
    form: PeriodForm,
    figures: Option<Dashboard>,
    charts: Option<SalesCharts>,
    channels: Vec<Row>,
    provinces: Vec<Row>,
    groups: Vec<Row>,
    shops: Vec<Row>,
    days: Vec<Labelled<DaySlice>>,
}

/// `/quan-tri/doanh-so?tu=&den=`: sales across the marketplace (admins).
pub async fn admin_sales(
    page: Page,
    _admin: RequireAdmin,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, PageError> {
    let today = today_vn(Utc::now());
    let (form, period) = period_form(&page, &q, today, read_period(&q, today));
    let Some(period) = period else {
        let view = DashboardView {
            form,
            figures: None,
            charts: None,
            channels: Vec::new(),
            provinces: Vec::new(),
            groups: Vec::new(),
            shops: Vec::new(),
            days: Vec::new(),
        };
        return Ok(page.render_with(StatusCode::UNPROCESSABLE_ENTITY, "admin/sales.html", &view));
    };
    let figures = ocop_figures::dashboard(&page.state.db, period).await?;
    let by_day: Vec<(String, i64)> = figures.by_day.iter().map(|d| (d.date.clone(), d.revenue_vnd)).collect();
    let provinces: Vec<(String, i64, bool)> =
        figures.by_province.iter().map(|p| (p.name.clone(), p.revenue_vnd, false)).collect();
    let groups: Vec<(String, i64, bool)> =
        figures.by_group.iter().map(|g| (item_name(&page, g), g.revenue_vnd, false)).collect();
    let charts = SalesCharts {
        by_day: day_chart(&page, "sales-by-day", "fig_chart_revenue_by_day", &by_day, true),
        by_channel: channel_chart(&page, "sales-by-channel", &figures.by_channel),
        by_province: rows_chart(&page, "sales-by-province", "fig_chart_revenue_by_province", None, &provinces),
        by_group: rows_chart(&page, "sales-by-group", "fig_chart_revenue_by_group", None, &groups),
    };
    let total = figures.revenue_vnd;
    let shops = figures
        .by_shop
        .iter()
        .map(|s| Row {
            label: s.name.clone(),
            // The crate puts the shop's province in `name_en` (a name, the same in both languages).
            note: s.name_en.clone(),
            // Admins may open any shop's own figures, for the same period.
            link: Some(format!(
                "/kenh-nguoi-ban/{}/doanh-so?tu={}&den={}",
                s.key,
                figures.period.from,
                figures.period.last_day()
            )),
            count: s.orders,
            revenue_vnd: s.revenue_vnd,
            share: share(&page, s.revenue_vnd, total),
            accent: false,
        })
        .collect();
    let view = DashboardView {
        channels: slice_rows(&page, &figures.by_channel, total),
        provinces: slice_rows(&page, &figures.by_province, total),
        groups: item_rows(&page, &figures.by_group, total),
        shops,
        days: day_rows(&page, &figures.by_day),
        form,
        charts: Some(charts),
        figures: Some(figures),
    };
    Ok(page.render("admin/sales.html", &view)?.into_response())
}
