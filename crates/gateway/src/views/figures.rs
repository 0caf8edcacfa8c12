//! What the figures pages share: bar charts with their words in the visitor's language,
//! breakdown rows with shares, and the period form. The counting is `ocop_figures`'.

use chrono::{Datelike as _, NaiveDate, Weekday};
use ocop_core::{Error, FieldErrors, Vnd};
use ocop_figures::Period;
use ocop_figures::chart::{Bar, UNITS_EN, UNITS_VI, Units};
use ocop_figures::sales::{DaySlice, ItemSlice, Slice};
use serde::{Deserialize, Serialize};

use crate::i18n::Lang;
use crate::page::Page;

pub fn units(page: &Page) -> Units<'static> {
    if page.layout.lang == Lang::En { UNITS_EN } else { UNITS_VI }
}

/// `2026-06-13` → (`13/06`, Saturday or Sunday).
pub fn short_day(date: &str) -> (String, bool) {
    match NaiveDate::parse_from_str(date, "%Y-%m-%d") {
        Ok(d) => (d.format("%d/%m").to_string(), matches!(d.weekday(), Weekday::Sat | Weekday::Sun)),
        Err(_) => (date.to_owned(), false),
    }
}

/// "T7", "CN" … for the day tables.
pub fn weekday_labels(page: &Page, dates: impl Iterator<Item = String>) -> Vec<String> {
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
pub fn day_chart(page: &Page, id: &str, title_key: &'static str, points: &[(String, i64)], money: bool) -> String {
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
    crate::views::chart::columns(id, &page.t(title_key), &desc, &bars, units(page))
}

/// Rows of named amounts, largest first as given.
pub fn rows_chart(
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
    crate::views::chart::rows(id, &page.t(title_key), &desc.join("; "), &bars)
}

pub fn slice_name(page: &Page, s: &Slice) -> String {
    if page.layout.lang == Lang::En { s.name_en.clone() } else { s.name.clone() }
}

pub fn item_name(page: &Page, s: &ItemSlice) -> String {
    if page.layout.lang == Lang::En { s.name_en.clone() } else { s.name.clone() }
}

/// A line of a breakdown table.
#[derive(Serialize)]
pub struct Row {
    pub label: String,
    /// Shown after the label, muted (a shop's province).
    pub note: String,
    pub link: Option<String>,
    /// Orders, or pieces for products and groups.
    pub count: i64,
    pub revenue_vnd: i64,
    /// `45,3%` of the total.
    pub share: String,
    pub accent: bool,
}

/// `part` as a percentage of `total`, one decimal, the page's decimal mark.
pub fn share(page: &Page, part: i64, total: i64) -> String {
    if total <= 0 {
        return "—".to_owned();
    }
    let tenths = (i128::from(part) * 1000 + i128::from(total) / 2) / i128::from(total);
    let mark = if page.layout.lang == Lang::En { '.' } else { ',' };
    format!("{}{mark}{}%", tenths / 10, tenths % 10)
}

pub fn slice_rows(page: &Page, slices: &[Slice], total: i64) -> Vec<Row> {
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

pub fn item_rows(page: &Page, items: &[ItemSlice], total: i64) -> Vec<Row> {
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

#[derive(Deserialize, Default, Serialize, Clone)]
#[serde(default)]
pub struct PeriodQuery {
    pub tu: String,
    pub den: String,
}

/// Quick choices above the period form.
#[derive(Serialize)]
pub struct QuickPeriod {
    pub label: String,
    pub tu: String,
    pub den: String,
    pub current: bool,
}

pub fn quick_periods(page: &Page, today: NaiveDate, chosen: Option<Period>) -> Vec<QuickPeriod> {
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
pub fn read_period(q: &PeriodQuery, today: NaiveDate) -> Result<Period, FieldErrors> {
    match Period::parse(Some(&q.tu), Some(&q.den), today) {
        Ok(p) => Ok(p),
        Err(Error::Invalid(fields)) => Err(fields),
        Err(other) => Err(FieldErrors::single("tu", other.to_string())),
    }
}

#[derive(Serialize)]
pub struct PeriodForm {
    pub tu: String,
    pub den: String,
    pub errors: FieldErrors,
    pub quick: Vec<QuickPeriod>,
}

pub fn period_form(
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
pub struct Labelled<T: Serialize> {
    #[serde(flatten)]
    pub row: T,
    pub label: String,
}

pub fn day_rows(page: &Page, days: &[DaySlice]) -> Vec<Labelled<DaySlice>> {
    let labels = weekday_labels(page, days.iter().map(|d| d.date.clone()));
    days.iter().cloned().zip(labels).map(|(row, label)| Labelled { row, label }).collect()
}

pub fn channel_chart(page: &Page, id: &str, channels: &[Slice]) -> String {
    let items: Vec<(String, i64, bool)> =
        channels.iter().map(|c| (slice_name(page, c), c.revenue_vnd, false)).collect();
    rows_chart(page, id, "fig_chart_revenue_by_channel", Some("fig_channels_hint"), &items)
}
