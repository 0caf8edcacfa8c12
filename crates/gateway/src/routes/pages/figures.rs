//! Figures: a fair's report for its organisers (page and CSV), the admins' sales dashboard
//! and a shop's own sales. The counting is `ocop_figures`'; here the charts get their
//! words in the visitor's language.

use axum::extract::{Path, Query};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{Datelike as _, NaiveDate, Utc, Weekday};
use ocop_accounts::User;
use ocop_catalog::entity::shop;
use ocop_core::{Error, FieldErrors, Vnd};
use ocop_fairs::booths;
use ocop_fairs::fair as fairs;
use ocop_figures::chart::{self, Bar, UNITS_EN, UNITS_VI, Units};
use ocop_figures::export::{self, Table};
use ocop_figures::period::today_vn;
use ocop_figures::sales::{DaySlice, ItemSlice, Slice};
use ocop_figures::{Dashboard, FairReport, Period, ShopSales};
use ocop_orders::queries;
use serde::{Deserialize, Serialize};

use crate::auth::SignedIn;
use crate::error::PageError;
use crate::i18n::Lang;
use crate::page::Page;
use crate::routes::pages::admin_orders::admin_only;

/// The fair and its organiser, or why not.
async fn organised_fair(page: &Page, user: &User, slug: &str) -> Result<ocop_fairs::entity::fair::Model, Error> {
    let fair = fairs::by_slug(&page.state.db, slug).await?;
    fairs::may_organise(&page.state.db, user, &fair.host_province).await?;
    Ok(fair)
}

fn units(page: &Page) -> Units<'static> {
    if page.layout.lang == Lang::En { UNITS_EN } else { UNITS_VI }
}

/// `2026-06-13` → (`13/06`, Saturday or Sunday).
fn short_day(date: &str) -> (String, bool) {
    match NaiveDate::parse_from_str(date, "%Y-%m-%d") {
        Ok(d) => (d.format("%d/%m").to_string(), matches!(d.weekday(), Weekday::Sat | Weekday::Sun)),
        Err(_) => (date.to_owned(), false),
    }
}

/// "T7", "CN" … for the day tables.
fn weekday_labels(page: &Page, dates: impl Iterator<Item = String>) -> Vec<String> {
    let names: Vec<String> = page.t("fig_weekdays").split(',').map(|s| s.trim().to_owned()).collect();
    dates
        .map(|date| {
            NaiveDate::parse_from_str(&date, "%Y-%m-%d")
                .ok()
                .and_then(|d| names.get(d.weekday().num_days_from_monday() as usize).cloned())
                .unwrap_or_default()
        })
        .collect()
}

/// Columns per day, weekends darker; the description names the best day.
fn day_chart(page: &Page, id: &str, title_key: &'static str, points: &[(String, i64)], money: bool) -> String {
    let text = |v: i64| if money { Vnd(v).to_string() } else { Vnd(v).to_string().trim_end_matches(" ₫").to_owned() };
    let bars: Vec<Bar> = points
        .iter()
        .map(|(date, value)| {
            let (label, weekend) = short_day(date);
            Bar { label, value: *value, value_text: text(*value), accent: weekend }
        })
        .collect();
    let best = bars.iter().max_by_key(|b| b.value).filter(|b| b.value > 0);
    let mut desc = page.t("fig_chart_weekend_note");
    if let Some(b) = best {
        desc.push_str(&format!(" {}: {}, {}.", page.t("fig_chart_highest"), b.label, b.value_text));
    }
    chart::columns(id, &page.t(title_key), &desc, &bars, units(page))
}

/// Rows of named amounts, largest first as given.
fn rows_chart(
    page: &Page,
    id: &str,
    title_key: &'static str,
    note_key: Option<&'static str>,
    items: &[(String, i64, bool)],
) -> String {
    let bars: Vec<Bar> = items
        .iter()
        .map(|(label, value, accent)| Bar {
            label: label.clone(),
            value: *value,
            value_text: Vnd(*value).to_string(),
            accent: *accent,
        })
        .collect();
    let mut desc: Vec<String> = bars.iter().map(|b| format!("{}: {}", b.label, b.value_text)).collect();
    if let Some(key) = note_key {
        desc.insert(0, page.t(key));
    }
    chart::rows(id, &page.t(title_key), &desc.join("; "), &bars)
}

fn slice_name(page: &Page, s: &Slice) -> String {
    if page.layout.lang == Lang::En { s.name_en.clone() } else { s.name.clone() }
}

fn item_name(page: &Page, s: &ItemSlice) -> String {
    if page.layout.lang == Lang::En { s.name_en.clone() } else { s.name.clone() }
}

/// A line of a breakdown table.
#[derive(Serialize)]
struct Row {
    label: String,
    /// Shown after the label, muted (a shop's province).
    note: String,
    link: Option<String>,
    /// Orders, or pieces for products and groups.
    count: i64,
    revenue_vnd: i64,
    /// `45,3%` of the total.
    share: String,
    accent: bool,
}

/// `part` as a percentage of `total`, one decimal, the page's decimal mark.
fn share(page: &Page, part: i64, total: i64) -> String {
    if total <= 0 {
        return "—".to_owned();
    }
    let tenths = (i128::from(part) * 1000 + i128::from(total) / 2) / i128::from(total);
    let mark = if page.layout.lang == Lang::En { '.' } else { ',' };
    format!("{}{mark}{}%", tenths / 10, tenths % 10)
}

fn slice_rows(page: &Page, slices: &[Slice], total: i64) -> Vec<Row> {
    slices
        .iter()
        .map(|s| Row {
            label: slice_name(page, s),
            note: String::new(),
            link: None,
            count: s.orders,
            revenue_vnd: s.revenue_vnd,
            share: share(page, s.revenue_vnd, total),
            accent: false,
        })
        .collect()
}

fn item_rows(page: &Page, items: &[ItemSlice], total: i64) -> Vec<Row> {
    items
        .iter()
        .map(|s| Row {
            label: item_name(page, s),
            note: String::new(),
            link: None,
            count: s.quantity,
            revenue_vnd: s.revenue_vnd,
            share: share(page, s.revenue_vnd, total),
            accent: false,
        })
        .collect()
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
    Ok(page.render("figures/fair_report.html", &view)?.into_response())
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

#[derive(Deserialize, Default, Serialize, Clone)]
#[serde(default)]
pub struct PeriodQuery {
    tu: String,
    den: String,
}

/// Quick choices above the period form.
#[derive(Serialize)]
struct QuickPeriod {
    label: String,
    tu: String,
    den: String,
    current: bool,
}

fn quick_periods(page: &Page, today: NaiveDate, chosen: Option<Period>) -> Vec<QuickPeriod> {
    let month_start = today.with_day(1).unwrap_or(today);
    [
        ("fig_last_7", Period::last_days(today, 7)),
        ("fig_last_30", Period::last_days(today, 30)),
        ("fig_last_90", Period::last_days(today, 90)),
        ("fig_this_month", Period { from: month_start, to: today.succ_opt().unwrap_or(today) }),
    ]
    .into_iter()
    .map(|(key, p)| QuickPeriod {
        label: page.t(key),
        tu: p.from.to_string(),
        den: p.last_day().to_string(),
        current: chosen == Some(p),
    })
    .collect()
}

/// The period asked for, or the page's errors (the form shows them, answered 422).
fn read_period(q: &PeriodQuery, today: NaiveDate) -> Result<Period, FieldErrors> {
    match Period::parse(Some(&q.tu), Some(&q.den), today) {
        Ok(p) => Ok(p),
        Err(Error::Invalid(fields)) => Err(fields),
        Err(other) => Err(FieldErrors::single("tu", other.to_string())),
    }
}

#[derive(Serialize)]
struct PeriodForm {
    tu: String,
    den: String,
    errors: FieldErrors,
    quick: Vec<QuickPeriod>,
}

fn period_form(
    page: &Page,
    q: &PeriodQuery,
    today: NaiveDate,
    period: Result<Period, FieldErrors>,
) -> (PeriodForm, Option<Period>) {
    match period {
        Ok(p) => (
            PeriodForm {
                tu: p.from.to_string(),
                den: p.last_day().to_string(),
                errors: FieldErrors::new(),
                quick: quick_periods(page, today, Some(p)),
            },
            Some(p),
        ),
        Err(errors) => {
            (PeriodForm { tu: q.tu.clone(), den: q.den.clone(), errors, quick: quick_periods(page, today, None) }, None)
        }
    }
}

#[derive(Serialize)]
struct Labelled<T: Serialize> {
    #[serde(flatten)]
    row: T,
    label: String,
}

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

fn day_rows(page: &Page, days: &[DaySlice]) -> Vec<Labelled<DaySlice>> {
    let labels = weekday_labels(page, days.iter().map(|d| d.date.clone()));
    days.iter().cloned().zip(labels).map(|(row, label)| Labelled { row, label }).collect()
}

fn channel_chart(page: &Page, id: &str, channels: &[Slice]) -> String {
    let items: Vec<(String, i64, bool)> =
        channels.iter().map(|c| (slice_name(page, c), c.revenue_vnd, false)).collect();
    rows_chart(page, id, "fig_chart_revenue_by_channel", Some("fig_channels_hint"), &items)
}

/// `/quan-tri/doanh-so?tu=&den=`: sales across the marketplace (admins).
pub async fn admin_sales(
    page: Page,
    SignedIn(user): SignedIn,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, PageError> {
    admin_only(&user)?;
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
        return Ok(page.render_with(StatusCode::UNPROCESSABLE_ENTITY, "figures/admin_sales.html", &view));
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
    Ok(page.render("figures/admin_sales.html", &view)?.into_response())
}

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
    SignedIn(user): SignedIn,
    Path(slug): Path<String>,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, PageError> {
    let shop = queries::staff_shop(&page.state.db, &user, &slug).await?;
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
        return Ok(page.render_with(StatusCode::UNPROCESSABLE_ENTITY, "figures/shop_sales.html", &view));
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
    Ok(page.render("figures/shop_sales.html", &view)?.into_response())
}
