//! A shop's own sales (`/kenh-nguoi-ban/{shop}/doanh-so?tu=&den=`), for its staff.

use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use ocop_catalog::entity::shop;
use ocop_figures::ShopSales;
use ocop_figures::period::today_vn;
use ocop_figures::sales::DaySlice;
use serde::Serialize;

use crate::error::PageError;
use crate::guards::RequireShopStaff;
use crate::page::Page;
use crate::views::figures::{
    Labelled, PeriodForm, PeriodQuery, Row, channel_chart, day_chart, day_rows, item_rows, period_form, read_period,
    slice_rows,
};

#[derive(Serialize)]
struct ShopCharts {
    by_day: String,
    by_channel: String,
}

#[derive(Serialize)]
struct ShopView {
    shop: shop::Model,
    form: PeriodForm,
    figures: Option<ShopSales>,
    charts: Option<ShopCharts>,
    channels: Vec<Row>,
    best_sellers: Vec<Row>,
    days: Vec<Labelled<DaySlice>>,
}

/// `/kenh-nguoi-ban/{shop}/doanh-so?tu=&den=`: the shop's own sales (its staff).
pub async fn shop_sales(
    page: Page,
    RequireShopStaff { shop, .. }: RequireShopStaff,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, PageError> {
    let today = today_vn(Utc::now());
    let (form, period) = period_form(&page, &q, today, read_period(&q, today));
    let Some(period) = period else {
        let view = ShopView {
            shop,
            form,
            figures: None,
            charts: None,
            channels: Vec::new(),
            best_sellers: Vec::new(),
            days: Vec::new(),
        };
        return Ok(page.render_with(StatusCode::UNPROCESSABLE_ENTITY, "vendor/sales.html", &view));
    };
    let figures = ocop_figures::shop_sales(&page.state.db, shop.id, period).await?;
    let by_day: Vec<(String, i64)> = figures.by_day.iter().map(|d| (d.date.clone(), d.revenue_vnd)).collect();
    let charts = ShopCharts {
        by_day: day_chart(&page, "shop-by-day", "fig_chart_revenue_by_day", &by_day, true),
        by_channel: channel_chart(&page, "shop-by-channel", &figures.by_channel),
    };
    let view = ShopView {
        channels: slice_rows(&page, &figures.by_channel, figures.revenue_vnd),
        best_sellers: item_rows(&page, &figures.best_sellers, figures.revenue_vnd),
        days: day_rows(&page, &figures.by_day),
        shop,
        form,
        charts: Some(charts),
        figures: Some(figures),
    };
    Ok(page.render("vendor/sales.html", &view)?.into_response())
}
