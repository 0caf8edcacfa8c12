//! Tera templates under web/templates, rendered with the page's own data plus what every
//! page needs (language, messages, user, CSRF token, operator).

use std::collections::HashMap;
use std::path::Path;

use anyhow::Context as _;
use ocop_core::Vnd;
use serde::Serialize;
use sha2::Digest;
use tera::{Context, Tera, Value};

use crate::config::Operator;
use crate::i18n::{Lang, Locales};

pub mod board;
pub mod cart;
pub mod chart;
pub mod fairs;
pub mod figures;
pub mod messages;
pub mod reviews;
pub mod search;
pub mod shops;
pub mod vouchers;

pub struct Views {
    tera: Tera,
    pub locales: Locales,
    operator: Operator,
    /// Changes whenever a static file does, so browsers may cache /static for a year.
    pub asset_version: String,
}

/// What the layout needs on every page.
#[derive(Debug, Clone, Serialize)]
pub struct Layout {
    pub lang: Lang,
    pub user: Option<UserView>,
    pub csrf_token: String,
    /// Path and query of this page, for the language switch and login redirects.
    pub path: String,
    /// Items in the cart (the header badge).
    pub cart_count: i64,
    /// Unread notifications (the bell).
    pub unread: u64,
    /// Unread messages, as a shopper and for the shops the user works for.
    pub messages: ocop_messages::Unread,
}

#[derive(Debug, Clone, Serialize)]
pub struct UserView {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub role: ocop_accounts::Role,
    pub role_label: &'static str,
}

impl From<&ocop_accounts::User> for UserView {
    fn from(u: &ocop_accounts::User) -> Self {
        Self { id: u.id, name: u.name.clone(), email: u.email.clone(), role: u.role, role_label: u.role.label_vi() }
    }
}

/// HTML-escapes `text` into `out` (`&`, `<`, `>`, `"`, `'`): the one escaper for the HTML and
/// SVG the gateway writes outside templates (search marks, charts).
pub fn escape_into(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// `text` HTML-escaped ([`escape_into`]).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(text, &mut out);
    out
}

/// `{{ 125000 | vnd }}` → `125.000 ₫`.
fn vnd_filter(value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
    let amount = value.as_i64().ok_or_else(|| tera::Error::msg("vnd: not an integer amount"))?;
    Ok(Value::String(Vnd(amount).to_string()))
}

/// `{{ 1500 | qty }}` → `1.500`: quantities grouped like amounts, without the đồng sign.
fn qty_filter(value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
    let n = value.as_i64().ok_or_else(|| tera::Error::msg("qty: not an integer"))?;
    Ok(Value::String(Vnd(n).to_string().trim_end_matches(" ₫").to_owned()))
}

/// `{{ path | urlencode_strict }}`: every byte but letters and digits percent-encoded,
/// for a value placed inside a query string.
fn urlencode_filter(value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
    let text = value.as_str().ok_or_else(|| tera::Error::msg("urlencode_strict: not a string"))?;
    Ok(Value::String(crate::auth::urlencode(text)))
}

/// `{{ "2028-03-01" | vn_date }}` → `01/03/2028`, the way dates are written in Vietnam. An
/// instant (`2026-12-02T17:30:00Z`) gives its day in Vietnam (03/12/2026), not UTC's.
fn vn_date_filter(value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
    let text = value.as_str().ok_or_else(|| tera::Error::msg("vn_date: not a string"))?;
    Ok(Value::String(vn_date_text(text).ok_or_else(|| tera::Error::msg(format!("vn_date: not a date: {text}")))?))
}

/// A calendar date (`2028-03-01`) or an RFC 3339 instant, as Vietnam writes its day.
pub fn vn_date_text(text: &str) -> Option<String> {
    if let Ok(at) = chrono::DateTime::parse_from_rfc3339(text) {
        return Some(ocop_core::time::format_vn_date(at.with_timezone(&chrono::Utc)));
    }
    // A plain date is already a Vietnamese day (deadlines, decision dates).
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").ok().map(ocop_core::time::format_date)
}

/// An RFC 3339 instant as people in Vietnam read it: `14:05 26/11/2026` (UTC+7).
fn vn_time_filter(value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
    let text = value.as_str().ok_or_else(|| tera::Error::msg("vn_time: not a string"))?;
    let at = chrono::DateTime::parse_from_rfc3339(text).map_err(|e| tera::Error::msg(format!("vn_time: {e}")))?;
    Ok(Value::String(ocop_core::time::format_vn_time(at.with_timezone(&chrono::Utc))))
}

/// `{{ text | markdown | safe }}`: a vendor's description as a safe subset of Markdown
/// (paragraphs, emphasis, lists, headings, links), sanitised so no script or style
/// survives; links get rel="noopener nofollow ugc".
pub fn markdown(text: &str) -> String {
    let mut options = pulldown_cmark::Options::empty();
    options.insert(pulldown_cmark::Options::ENABLE_STRIKETHROUGH);
    let parser = pulldown_cmark::Parser::new_ext(text, options);
    let mut html = String::with_capacity(text.len() * 2);
    pulldown_cmark::html::push_html(&mut html, parser);
    ammonia::Builder::default()
        .tags(["p", "br", "strong", "em", "del", "ul", "ol", "li", "h3", "h4", "blockquote", "a"].into_iter().collect())
        .url_schemes(["https", "http"].into_iter().collect())
        .link_rel(Some("noopener nofollow ugc"))
        .clean(&html)
        .to_string()
}

fn markdown_filter(value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
    Ok(Value::String(markdown(value.as_str().unwrap_or_default())))
}

impl Views {
    /// # Errors
    /// A template does not parse, or the locales cannot be read.
    pub fn load(web_dir: &Path, operator: Operator) -> anyhow::Result<Self> {
        let glob = web_dir.join("templates/**/*.html");
        let mut tera =
            Tera::new(&glob.to_string_lossy()).with_context(|| format!("templates in {}", web_dir.display()))?;
        tera.register_filter("vnd", vnd_filter);
        tera.register_filter("qty", qty_filter);
        tera.register_filter("urlencode_strict", urlencode_filter);
        tera.register_filter("vn_date", vn_date_filter);
        tera.register_filter("vn_time", vn_time_filter);
        tera.register_filter("markdown", markdown_filter);
        let locales = Locales::load(&web_dir.join("locales"))?;
        Ok(Self { tera, locales, operator, asset_version: asset_version(&web_dir.join("static")) })
    }

    /// Renders `template` with `page` under the key `page`.
    ///
    /// # Errors
    /// The template fails (a bug: the error is logged and shown as a 500 page).
    pub fn render(&self, template: &str, layout: &Layout, page: &impl Serialize) -> Result<String, ocop_core::Error> {
        let mut ctx = Context::new();
        ctx.insert("layout", layout);
        ctx.insert("t", self.locales.messages(layout.lang));
        ctx.insert("operator", &self.operator);
        ctx.insert("asset_version", &self.asset_version);
        ctx.insert("page", page);
        self.tera.render(template, &ctx).map_err(|e| {
            // Tera hides the cause behind `source()`; keep the whole chain for the log.
            let mut msg = e.to_string();
            let mut source = std::error::Error::source(&e);
            while let Some(cause) = source {
                msg.push_str(": ");
                msg.push_str(&cause.to_string());
                source = cause.source();
            }
            ocop_core::Error::Internal(format!("template {template}: {msg}"))
        })
    }
}

fn asset_version(static_dir: &Path) -> String {
    let mut hasher = sha2::Sha256::new();
    let mut stack = vec![static_dir.to_path_buf()];
    let mut files = Vec::new();
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() { stack.push(path) } else { files.push(path) }
        }
    }
    files.sort();
    for file in files {
        hasher.update(file.to_string_lossy().as_bytes());
        if let Ok(bytes) = std::fs::read(&file) {
            hasher.update(&bytes);
        }
    }
    hex::encode(&hasher.finalize()[..6])
}

#[cfg(test)]
mod tests {
    use super::{markdown, vn_date_text};

    #[test]
    fn vn_date_reads_a_timestamp_on_vietnams_calendar() {
        assert_eq!(vn_date_text("2026-12-02T17:30:00Z").as_deref(), Some("03/12/2026"));
        assert_eq!(vn_date_text("2026-12-02T20:57:00.123456+00:00").as_deref(), Some("03/12/2026"));
        assert_eq!(vn_date_text("2026-12-02T16:59:59Z").as_deref(), Some("02/12/2026"));
        assert_eq!(vn_date_text("2028-03-01").as_deref(), Some("01/03/2028"));
        assert_eq!(vn_date_text("01/03/2028"), None);
    }

    #[test]
    fn markdown_keeps_the_safe_subset_and_drops_the_rest() {
        let html =
            markdown("**Trà** _ngon_\n\n- hái tay\n- sấy lạnh\n\n[xem](https://ocop.vn) <script>alert(1)</script>");
        assert!(
            html.contains("<strong>Trà</strong>")
                && html.contains("<em>ngon</em>")
                && html.contains("<li>hái tay</li>")
        );
        assert!(html.contains("rel=\"noopener nofollow ugc\""));
        assert!(!html.contains("<script"));
        let sneaky =
            markdown("[x](javascript:alert(1)) <img src=x onerror=alert(1)> <a href=\"data:text/html,x\">y</a>");
        assert!(
            !sneaky.contains("javascript:") && !sneaky.contains("onerror") && !sneaky.contains("data:"),
            "{sneaky}"
        );
    }
}
