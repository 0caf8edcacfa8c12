//! A fair's report for its organisers (`/quan-tri/hoi-cho/{slug}/bao-cao`, page and CSV):
//! admins everywhere, coordinators for fairs their provinces host.

use axum::extract::{Path, Query};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use ocop_accounts::User;
use ocop_core::Error;
use ocop_fairs::booths;
use ocop_fairs::fair as fairs;
use ocop_figures::FairReport;
use ocop_figures::chart;
use ocop_figures::export::{self, Table};
use serde::{Deserialize, Serialize};

use crate::auth::SignedIn;
use crate::error::PageError;
use crate::page::Page;
use crate::views::figures::{day_chart, rows_chart, units, weekday_labels};

/// The fair and its organiser, or why not.
async fn organised_fair(page: &Page, user: &User, slug: &str) -> Result<ocop_fairs::entity::fair::Model, Error> {
    let fair = fairs::by_slug(&page.state.db, slug).await?;
    fairs::may_organise(&page.state.db, &user.actor(), &fair.host_province).await?;
    Ok(fair)
}

/// One booth on the revenue map.
#[derive(Serialize)]
struct HeatCell {
    number: i32,
    shop: Option<String>,
    revenue_vnd: i64,
    revenue_text: String,
    /// 0 (no sales or free) to 4 (the best quarter of the best booth's revenue).
    level: u8,
}

fn heat_map(page: &Page, fair: &ocop_fairs::entity::fair::Model, report: &FairReport) -> Vec<Vec<HeatCell>> {
    let max = report.by_booth.iter().map(|b| b.revenue_vnd).max().unwrap_or(0).max(1);
    let columns = usize::try_from(fair.grid_columns.max(1)).unwrap_or(1);
    let cells: Vec<HeatCell> = (1..=fair.booth_limit)
        .map(|number| {
            let booth = report.by_booth.iter().find(|b| b.booth == Some(number));
            let revenue = booth.map_or(0, |b| b.revenue_vnd);
            HeatCell {
                number,
                shop: booth.map(|b| b.shop.clone()),
                revenue_vnd: revenue,
                revenue_text: chart::compact(revenue, units(page)),
                level: if revenue <= 0 {
                    0
                } else {
                    u8::try_from((revenue * 4 + max - 1) / max).unwrap_or(4).clamp(1, 4)
                },
            }
        })
        .collect();
    let mut rows: Vec<Vec<HeatCell>> = Vec::new();
    for cell in cells {
        match rows.last_mut() {
            Some(row) if row.len() < columns => row.push(cell),
            _ => rows.push(vec![cell]),
        }
    }
    rows
}

#[derive(Serialize)]
struct ReportCharts {
    revenue_by_day: String,
    visitors_by_day: String,
    by_province: String,
    by_channel: String,
}

#[derive(Serialize)]
struct ReportView {
    report: FairReport,
    charts: ReportCharts,
    weekdays: Vec<String>,
    heat: Vec<Vec<HeatCell>>,
    host_vnd: i64,
    guests_vnd: i64,
    /// Booths accepted at the fair (the map's lit cells).
    accepted: usize,
}

/// `/quan-tri/hoi-cho/{slug}/bao-cao`: the fair's report for its organisers.
pub async fn fair_report(
    page: Page,
    SignedIn(user): SignedIn,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let fair = organised_fair(&page, &user, &slug).await?;
    let report = ocop_figures::fair_report(&page.state.db, &fair).await?;
    let revenue: Vec<(String, i64)> = report.by_day.iter().map(|d| (d.date.clone(), d.revenue_vnd)).collect();
    let visitors: Vec<(String, i64)> = report.by_day.iter().map(|d| (d.date.clone(), d.visitors)).collect();
    let provinces: Vec<(String, i64, bool)> =
        report.provinces.iter().map(|p| (p.name.clone(), p.revenue_vnd, p.host)).collect();
    let channels = [
        (page.t("fig_online"), report.online.revenue_vnd, false),
        (page.t("fig_at_booths"), report.at_booths.revenue_vnd, false),
    ];
    let charts = ReportCharts {
        revenue_by_day: day_chart(&page, "fair-revenue-by-day", "fig_chart_revenue_by_day", &revenue, true),
        visitors_by_day: day_chart(&page, "fair-visitors-by-day", "fig_chart_visitors_by_day", &visitors, false),
        by_province: rows_chart(
            &page,
            "fair-by-province",
            "fig_chart_revenue_by_province",
            Some("fig_chart_host_note"),
            &provinces,
        ),
        by_channel: rows_chart(&page, "fair-by-channel", "fig_chart_revenue_by_channel", None, &channels),
    };
    let (host_vnd, guests_vnd) = report.host_and_guests();
    let view = ReportView {
        weekdays: weekday_labels(&page, report.by_day.iter().map(|d| d.date.clone())),
        heat: heat_map(&page, &fair, &report),
        accepted: booths::accepted(&page.state.db, fair.id).await?.len(),
        charts,
        host_vnd,
        guests_vnd,
        report,
    };
    Ok(page.render("admin/fair_report.html", &view)?.into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CsvQuery {
    bang: String,
}

/// `/quan-tri/hoi-cho/{slug}/bao-cao.csv?bang=gian|ngay|tinh|san-pham`.
pub async fn fair_report_csv(
    page: Page,
    SignedIn(user): SignedIn,
    Path(slug): Path<String>,
    Query(q): Query<CsvQuery>,
) -> Result<Response, PageError> {
    let fair = organised_fair(&page, &user, &slug).await?;
    let table =
        Table::parse(&q.bang).ok_or_else(|| Error::invalid("bang", "Chọn bảng: gian, ngay, tinh hoặc san-pham"))?;
    let report = ocop_figures::fair_report(&page.state.db, &fair).await?;
    let body = export::csv(&report, table)?;
    let headers = [
        (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
        (header::CONTENT_DISPOSITION, format!("attachment; filename=\"bao-cao-{}-{}.csv\"", fair.slug, table.slug())),
    ];
    Ok((headers, body).into_response())
}
