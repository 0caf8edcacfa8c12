//! The account page (`/tai-khoan`) and password change.

use axum::extract::Form;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use ocop_accounts::{User, tokens, users};
use ocop_core::FieldErrors;
use serde::{Deserialize, Serialize};

use crate::auth::{SESSION_COOKIE, SignedIn};
use crate::error::PageError;
use crate::forms::{Outcome, outcome};
use crate::page::Page;

#[derive(Serialize, Default)]
struct AccountView {
    phone: Option<String>,
    member_since: String,
    errors: FieldErrors,
    password_changed: bool,
}

fn view_of(user: &User) -> AccountView {
    AccountView {
        phone: user.phone.clone(),
        member_since: ocop_core::time::format_vn_date(user.created_at),
        ..Default::default()
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ShowQuery {
    doi_mat_khau: Option<String>,
}

pub async fn show(
    page: Page,
    SignedIn(user): SignedIn,
    axum::extract::Query(q): axum::extract::Query<ShowQuery>,
) -> Result<Response, PageError> {
    let mut view = view_of(&user);
    view.password_changed = q.doi_mat_khau.as_deref() == Some("ok");
    Ok(page.render("account/profile.html", &view)?.into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PasswordForm {
    current_password: String,
    new_password: String,
    new_password_confirm: String,
}

/// Changes the password; every other session and every API token of the account ends.
pub async fn change_password(
    page: Page,
    SignedIn(user): SignedIn,
    jar: CookieJar,
    Form(form): Form<PasswordForm>,
) -> Result<Response, PageError> {
    let state = page.state.clone();
    let mut view = view_of(&user);
    if form.new_password != form.new_password_confirm {
        view.errors.add("new_password_confirm", "Mật khẩu nhập lại không khớp");
        return Ok(page.render_with(StatusCode::UNPROCESSABLE_ENTITY, "account/profile.html", &view));
    }
    match outcome(users::change_password(&state.db, user.id, &form.current_password, &form.new_password).await, &[])? {
        Outcome::Done(()) => {
            let current = jar.get(SESSION_COOKIE).map(|c| c.value().to_owned());
            state.sessions.destroy_others(user.id, current.as_deref()).await?;
            tokens::revoke_all(&state.db, user.id).await?;
            Ok(Redirect::to("/tai-khoan?doi_mat_khau=ok").into_response())
        }
        Outcome::Refused(refused) => {
            view.errors = refused.fields();
            Ok(refused.render(&page, "account/profile.html", &view))
        }
    }
}
