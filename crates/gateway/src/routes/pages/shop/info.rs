//! The language switch and the operating regulations page.

use axum::extract::Query;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use serde::Deserialize;

use crate::auth::local_target;
use crate::error::PageError;
use crate::i18n::{LANG_COOKIE, Lang};
use crate::page::Page;

#[derive(Deserialize)]
pub struct LangQuery {
    #[serde(default)]
    lang: String,
    #[serde(default)]
    next: String,
}

/// `GET /ngon-ngu?lang=en&next=/tai-khoan` remembers the language for a year.
pub async fn switch_language(page: Page, jar: CookieJar, Query(q): Query<LangQuery>) -> Response {
    let lang = Lang::parse(&q.lang).unwrap_or(Lang::Vi);
    let cookie = Cookie::build((LANG_COOKIE, lang.code()))
        .path("/")
        .same_site(SameSite::Lax)
        .secure(page.state.config.auth.cookie_secure)
        .max_age(time::Duration::days(365))
        .build();
    (jar.add(cookie), Redirect::to(local_target(&q.next))).into_response()
}

pub async fn regulations(page: Page) -> Result<Html<String>, PageError> {
    page.render("shop/regulations.html", &())
}
