//! The supply–demand board (`/ket-noi-cung-cau`, "kết nối cung cầu"): the public board of
//! open requests, posting one, the buyer's own list, one request with its offers and
//! threads. A shop's side is vendor/board.rs, the admins' overview admin/board.rs.

use axum::extract::{Form, Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use ocop_accounts::User;
use ocop_core::{Error, FieldErrors, provinces};
use ocop_wholesale::input::{BUYER_KINDS, Loose, OfferInput, RequestInput, UNITS};
use ocop_wholesale::offers;
use ocop_wholesale::requests::{self, Detail, Filter, Row};
use ocop_wholesale::today_vn;
use serde::{Deserialize, Serialize};

use crate::auth::SignedIn;
use crate::error::PageError;
use crate::forms::{Outcome, error_text, outcome};
use crate::page::Page;
use crate::views::board::{Choice, group_choices, province_choices};

const PER_PAGE: u64 = 20;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct BoardQuery {
    nhom: String,
    tinh: String,
    trang: u64,
}

#[derive(Serialize)]
struct BoardView {
    rows: Vec<Row>,
    total: u64,
    groups: Vec<Choice>,
    provinces: Vec<Choice>,
    group: &'static str,
    province: &'static str,
    page: u64,
    has_more: bool,
}

/// `/ket-noi-cung-cau`: open requests, newest first, by group and province.
pub async fn board(page: Page, Query(q): Query<BoardQuery>) -> Result<Response, PageError> {
    let filter = Filter::parse(&q.nhom, &q.tinh, "");
    let n = q.trang.max(1);
    let (group, province) = (filter.group.unwrap_or(""), filter.province.unwrap_or(""));
    let (rows, total) = requests::board(&page.state.db, filter, today_vn(), n, PER_PAGE).await?;
    let view = BoardView {
        has_more: n * PER_PAGE < total,
        rows,
        total,
        groups: group_choices(),
        provinces: province_choices(),
        group,
        province,
        page: n,
    };
    Ok(page.render("shop/board/board.html", &view)?.into_response())
}

/// The post form as typed, kept to show again beside its errors.
#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct RequestForm {
    organisation: String,
    buyer_kind: String,
    product: String,
    category: String,
    quantity: String,
    unit: String,
    province: String,
    deadline: String,
    budget_vnd: String,
    note: String,
}

impl RequestForm {
    fn input(&self) -> RequestInput {
        RequestInput {
            organisation: self.organisation.clone(),
            buyer_kind: self.buyer_kind.clone(),
            product: self.product.clone(),
            category: self.category.clone(),
            quantity: Loose::Text(self.quantity.clone()),
            unit: self.unit.clone(),
            province: self.province.clone(),
            deadline: self.deadline.clone(),
            budget_vnd: Loose::Text(self.budget_vnd.clone()),
            note: self.note.clone(),
        }
    }
}

#[derive(Serialize)]
struct NewView {
    form: RequestForm,
    errors: FieldErrors,
    groups: Vec<Choice>,
    units: [&'static str; 14],
    kinds: Vec<&'static str>,
    province_names: Vec<&'static str>,
    /// The earliest deadline the date picker offers: tomorrow.
    min_deadline: String,
}

fn new_view(form: RequestForm, errors: FieldErrors) -> NewView {
    NewView {
        form,
        errors,
        groups: group_choices(),
        units: UNITS,
        kinds: BUYER_KINDS.iter().map(|(code, _)| *code).collect(),
        province_names: provinces::PROVINCES.iter().flat_map(provinces::names).collect(),
        min_deadline: (today_vn() + chrono::Duration::days(1)).format("%Y-%m-%d").to_string(),
    }
}

/// `/ket-noi-cung-cau/dang-yeu-cau`: any signed-in user may post for their organisation.
pub async fn new_form(page: Page, SignedIn(_user): SignedIn) -> Result<Response, PageError> {
    let form = RequestForm { buyer_kind: "supermarket".into(), unit: "kg".into(), ..Default::default() };
    Ok(page.render("shop/board/new.html", &new_view(form, FieldErrors::new()))?.into_response())
}

pub async fn create(
    page: Page,
    SignedIn(user): SignedIn,
    Form(form): Form<RequestForm>,
) -> Result<Response, PageError> {
    match outcome(requests::create(&page.state.db, &user, &form.input(), today_vn()).await, &[])? {
        Outcome::Done(created) => {
            Ok(Redirect::to(&format!("/ket-noi-cung-cau/{}?moi=1", created.request.id)).into_response())
        }
        Outcome::Refused(refused) => {
            Ok(refused.render(&page, "shop/board/new.html", &new_view(form, refused.fields())))
        }
    }
}

#[derive(Serialize)]
struct MineView {
    rows: Vec<Row>,
}

/// `/ket-noi-cung-cau/cua-toi`: the requests the user posted, with their status.
pub async fn mine(page: Page, SignedIn(user): SignedIn) -> Result<Response, PageError> {
    let rows = requests::of_buyer(&page.state.db, user.id, today_vn()).await?;
    Ok(page.render("shop/board/mine.html", &MineView { rows })?.into_response())
}

#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct OfferForm {
    shop: String,
    price_per_unit_vnd: String,
    quantity: String,
    lead_time_days: String,
    message: String,
}

#[derive(Serialize)]
struct DetailView {
    detail: Detail,
    just_posted: bool,
    error: Option<String>,
    errors: FieldErrors,
    offer_form: OfferForm,
    /// The offer whose thread the `body` error belongs to.
    message_offer: i64,
    signed_in: bool,
}

struct Problem {
    status: StatusCode,
    error: Option<String>,
    errors: FieldErrors,
    offer_form: OfferForm,
    message_offer: i64,
}

impl Problem {
    fn none() -> Self {
        Self {
            status: StatusCode::OK,
            error: None,
            errors: FieldErrors::new(),
            offer_form: OfferForm::default(),
            message_offer: 0,
        }
    }

    /// A bad field stays by its field; a conflict or a refusal is one line at the top.
    fn of(e: Error) -> Result<Self, Error> {
        let mut p = Self::none();
        match e {
            Error::Invalid(errors) => {
                p.status = StatusCode::UNPROCESSABLE_ENTITY;
                p.errors = errors;
            }
            e @ Error::Conflict { .. } => {
                p.status = StatusCode::CONFLICT;
                p.error = Some(error_text(&e));
            }
            other => return Err(other),
        }
        Ok(p)
    }
}

async fn render_detail(page: &Page, user: Option<&User>, id: i64, just_posted: bool, problem: Problem) -> Response {
    let detail = match requests::detail(&page.state.db, user, id, today_vn()).await {
        Ok(d) => d,
        Err(e) => return PageError(e).into_response(),
    };
    let mut offer_form = problem.offer_form;
    if offer_form.quantity.is_empty() {
        offer_form.quantity = detail.row.request.quantity.to_string();
    }
    let view = DetailView {
        detail,
        just_posted,
        error: problem.error,
        errors: problem.errors,
        offer_form,
        message_offer: problem.message_offer,
        signed_in: user.is_some(),
    };
    page.render_with(problem.status, "shop/board/detail.html", &view)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DetailQuery {
    moi: Option<String>,
}

/// `/ket-noi-cung-cau/{id}`: anyone may read a request; prices and threads only for the
/// buyer, the offering shop and admins.
pub async fn detail(page: Page, Path(id): Path<i64>, Query(q): Query<DetailQuery>) -> Response {
    let user = page.user.clone();
    render_detail(&page, user.as_ref(), id, q.moi.is_some(), Problem::none()).await
}

fn back(id: i64) -> Response {
    Redirect::to(&format!("/ket-noi-cung-cau/{id}")).into_response()
}

pub async fn make_offer(
    page: Page,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<OfferForm>,
) -> Result<Response, PageError> {
    let input = OfferInput {
        shop: form.shop.clone(),
        price_per_unit_vnd: Loose::Text(form.price_per_unit_vnd.clone()),
        quantity: Loose::Text(form.quantity.clone()),
        lead_time_days: Loose::Text(form.lead_time_days.clone()),
        message: form.message.clone(),
    };
    match offers::make(&page.state.db, &user, id, &input, today_vn()).await {
        Ok(_) => Ok(back(id)),
        Err(e) => {
            let mut problem = Problem::of(e)?;
            problem.offer_form = form;
            Ok(render_detail(&page, Some(&user), id, false, problem).await)
        }
    }
}

pub async fn accept(
    page: Page,
    SignedIn(user): SignedIn,
    Path((id, offer)): Path<(i64, i64)>,
) -> Result<Response, PageError> {
    match offers::accept(&page.state.db, &user, id, offer, today_vn()).await {
        Ok(_) => Ok(back(id)),
        Err(e) => Ok(render_detail(&page, Some(&user), id, false, Problem::of(e)?).await),
    }
}

pub async fn close(page: Page, SignedIn(user): SignedIn, Path(id): Path<i64>) -> Result<Response, PageError> {
    match requests::close(&page.state.db, &user, id, today_vn()).await {
        Ok(_) => Ok(back(id)),
        Err(e) => Ok(render_detail(&page, Some(&user), id, false, Problem::of(e)?).await),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MessageForm {
    body: String,
}

pub async fn write(
    page: Page,
    SignedIn(user): SignedIn,
    Path((id, offer)): Path<(i64, i64)>,
    Form(form): Form<MessageForm>,
) -> Result<Response, PageError> {
    match offers::post_message(&page.state.db, &user, id, offer, &form.body).await {
        Ok(_) => Ok(Redirect::to(&format!("/ket-noi-cung-cau/{id}#bao-gia-{offer}")).into_response()),
        Err(e) => {
            let mut problem = Problem::of(e)?;
            problem.message_offer = offer;
            Ok(render_detail(&page, Some(&user), id, false, problem).await)
        }
    }
}
