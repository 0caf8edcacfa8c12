//! Log in (`/dang-nhap`), register (`/dang-ky`) and log out (`/dang-xuat`): the door to an account.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Form, Query};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use ocop_accounts::{NewUser, Role, User, users};
use ocop_core::{Error, FieldErrors};
use serde::{Deserialize, Serialize};

use crate::auth::{SESSION_COOKIE, checked_login, clear_session_cookie, client_ip, local_target, session_cookie};
use crate::error::{PageError, classify, public_message};
use crate::forms::{Outcome, Shows, outcome};
use crate::page::Page;
use crate::state::AppState;

/// Starts a fresh session (never reusing one from before login) and sets its cookie.
async fn start_session(state: &AppState, jar: CookieJar, user: &User) -> Result<CookieJar, Error> {
    if let Some(old) = jar.get(SESSION_COOKIE) {
        state.sessions.destroy(old.value()).await?;
    }
    let token = state.sessions.create(user.id).await?;
    let jar = crate::shopper::merge_guest_cart(state, user, jar).await;
    Ok(jar.add(session_cookie(state, token)))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NextQuery {
    next: String,
}

#[derive(Serialize, Default)]
struct LoginView {
    email: String,
    next: String,
    error: Option<String>,
}

pub async fn login_form(page: Page, Query(q): Query<NextQuery>) -> Result<Response, PageError> {
    if page.layout.user.is_some() {
        return Ok(Redirect::to(local_target(&q.next)).into_response());
    }
    Ok(page.render("account/login.html", &LoginView { next: q.next, ..Default::default() })?.into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LoginForm {
    email: String,
    password: String,
    next: String,
}

pub async fn login(
    page: Page,
    jar: CookieJar,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Result<Response, PageError> {
    let state = page.state.clone();
    match checked_login(&state, &form.email, &form.password, &client_ip(&state, &headers, peer)).await {
        Ok(user) => {
            let jar = start_session(&state, jar, &user).await?;
            let target = if form.next.is_empty() { "/tai-khoan" } else { local_target(&form.next) };
            Ok((jar, Redirect::to(target)).into_response())
        }
        Err(err @ (Error::BadCredentials | Error::RateLimited { .. })) => {
            let (status, _) = classify(&err);
            let view = LoginView { email: form.email, next: form.next, error: Some(public_message(&err)) };
            let mut response = page.render_with(status, "account/login.html", &view);
            if let Error::RateLimited { retry_after_secs } = err
                && let Ok(value) = retry_after_secs.to_string().parse()
            {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
            Ok(response)
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Serialize, Default)]
struct RegisterView {
    email: String,
    name: String,
    phone: String,
    errors: FieldErrors,
    error: Option<String>,
}

pub async fn register_form(page: Page) -> Result<Response, PageError> {
    if page.layout.user.is_some() {
        return Ok(Redirect::to("/tai-khoan").into_response());
    }
    Ok(page.render("account/register.html", &RegisterView::default())?.into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RegisterForm {
    email: String,
    name: String,
    phone: String,
    password: String,
    password_confirm: String,
}

pub async fn register(page: Page, jar: CookieJar, Form(form): Form<RegisterForm>) -> Result<Response, PageError> {
    let state = page.state.clone();
    let mut view = RegisterView {
        email: form.email.clone(),
        name: form.name.clone(),
        phone: form.phone.clone(),
        ..Default::default()
    };
    if form.password != form.password_confirm {
        view.errors.add("password_confirm", "Mật khẩu nhập lại không khớp");
        return Ok(page.render_with(StatusCode::UNPROCESSABLE_ENTITY, "account/register.html", &view));
    }
    let new = NewUser {
        email: form.email,
        name: form.name,
        password: form.password,
        phone: Some(form.phone),
        role: Role::Shopper,
    };
    match outcome(users::register(&state.db, new).await, &[Shows::Conflict])? {
        Outcome::Done(user) => {
            let jar = start_session(&state, jar, &user).await?;
            Ok((jar, Redirect::to("/tai-khoan")).into_response())
        }
        Outcome::Refused(refused) => {
            view.errors = refused.fields();
            if view.errors.is_empty() && !matches!(refused.error, Error::Invalid(_)) {
                view.error = Some(refused.text());
            }
            Ok(refused.render(&page, "account/register.html", &view))
        }
    }
}

pub async fn logout(page: Page, jar: CookieJar) -> Result<Response, PageError> {
    if let Some(cookie) = jar.get(SESSION_COOKIE) {
        match page.state.sessions.destroy(cookie.value()).await {
            Ok(()) => {}
            // This browser forgets the cookie all the same; the record expires in Redis.
            Err(Error::Outage { detail, .. }) => tracing::warn!(%detail, "logged out while the session store is away"),
            Err(e) => return Err(e.into()),
        }
    }
    let jar = jar.add(clear_session_cookie(&page.state));
    Ok((jar, Redirect::to("/")).into_response())
}
