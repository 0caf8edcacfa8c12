//! The seller academy over the API: published courses and lessons (the caller's progress
//! when a token comes with the call), progress marks, and a shop's checklist.

use axum::Json;
use axum::extract::{Path, State};
use axum::routing::{get, put};
use ocop_academy::checklist::{self, Checklist};
use ocop_academy::courses::{self, Card};
use ocop_academy::{lessons, progress, reading_minutes};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::ApiUser;
use crate::error::ApiError;
use crate::guards::{Api, RequireShopMember};
use crate::routes::Routes;
use crate::state::AppState;

pub fn routes() -> Routes {
    Routes::new()
        .route("/academy/courses", get(course_list))
        .route("/academy/courses/{course}", get(course))
        .route("/academy/courses/{course}/lessons/{lesson}", get(lesson))
        .route("/academy/lessons/{id}/progress", put(mark))
        .route("/shops/{shop}/checklist", get(shop_checklist))
}

#[derive(Serialize, ToSchema)]
pub struct CourseCard {
    pub slug: String,
    pub title: String,
    pub summary: String,
    /// Published lessons.
    pub lessons: usize,
    pub minutes: u32,
    /// Lessons the caller marked learnt (0 without a token).
    pub done: usize,
}

impl From<Card> for CourseCard {
    fn from(c: Card) -> Self {
        Self {
            slug: c.course.slug,
            title: c.course.title,
            summary: c.course.summary,
            lessons: c.lessons,
            minutes: c.minutes,
            done: c.done,
        }
    }
}

/// Courses with at least one published lesson, in order.
#[utoipa::path(get, path = "/api/v1/academy/courses", tag = "academy",
    responses((status = 200, body = [CourseCard])))]
pub async fn course_list(
    State(state): State<AppState>,
    user: Option<ApiUser>,
) -> Result<Json<Vec<CourseCard>>, ApiError> {
    let cards = courses::cards(&state.db, user.map(|ApiUser(u)| u.id)).await?;
    Ok(Json(cards.into_iter().map(Into::into).collect()))
}

#[derive(Serialize, ToSchema)]
pub struct LessonSummary {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub topic: String,
    pub minutes: u32,
    pub done: bool,
}

#[derive(Serialize, ToSchema)]
pub struct CourseDetail {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub lessons: Vec<LessonSummary>,
}

/// A course's published lessons in order.
#[utoipa::path(get, path = "/api/v1/academy/courses/{course}", tag = "academy",
    params(("course" = String, Path, description = "the course's slug")),
    responses((status = 200, body = CourseDetail), (status = 404, description = "no such course, or nothing published")))]
pub async fn course(
    State(state): State<AppState>,
    user: Option<ApiUser>,
    Path(slug): Path<String>,
) -> Result<Json<CourseDetail>, ApiError> {
    let course = courses::by_slug(&state.db, &slug).await?;
    let list = lessons::of_course(&state.db, course.id, false).await?;
    if list.is_empty() {
        return Err(ocop_core::Error::NotFound { what: "khoá học" }.into());
    }
    let done = match user {
        Some(ApiUser(u)) => {
            progress::done_among(&state.db, u.id, &list.iter().map(|l| l.id).collect::<Vec<_>>()).await?
        }
        None => std::collections::HashSet::new(),
    };
    let lessons = list
        .into_iter()
        .map(|l| LessonSummary {
            minutes: reading_minutes(&l.body),
            done: done.contains(&l.id),
            id: l.id,
            slug: l.slug,
            title: l.title,
            summary: l.summary,
            topic: l.topic,
        })
        .collect();
    Ok(Json(CourseDetail { slug: course.slug, title: course.title, summary: course.summary, lessons }))
}

#[derive(Serialize, ToSchema)]
pub struct LessonDetail {
    pub id: i64,
    pub course: String,
    pub slug: String,
    pub title: String,
    pub summary: String,
    /// The lesson as written (Markdown).
    pub body: String,
    /// The same, rendered and sanitised as the page shows it.
    pub body_html: String,
    pub topic: String,
    pub minutes: u32,
    /// 1-based place in the course, and the course's published lessons.
    pub number: usize,
    pub of: usize,
    pub previous: Option<String>,
    pub next: Option<String>,
    pub done: bool,
}

/// One published lesson.
#[utoipa::path(get, path = "/api/v1/academy/courses/{course}/lessons/{lesson}", tag = "academy",
    params(("course" = String, Path, description = "the course's slug"), ("lesson" = String, Path, description = "the lesson's slug")),
    responses((status = 200, body = LessonDetail), (status = 404, description = "no such published lesson")))]
pub async fn lesson(
    State(state): State<AppState>,
    user: Option<ApiUser>,
    Path((course, slug)): Path<(String, String)>,
) -> Result<Json<LessonDetail>, ApiError> {
    let placed = lessons::find(&state.db, &course, &slug, false).await?;
    let done = match user {
        Some(ApiUser(u)) => progress::is_done(&state.db, u.id, placed.lesson.id).await?,
        None => false,
    };
    let l = placed.lesson;
    Ok(Json(LessonDetail {
        body_html: crate::views::markdown(&l.body),
        minutes: reading_minutes(&l.body),
        id: l.id,
        course: placed.course.slug,
        slug: l.slug,
        title: l.title,
        summary: l.summary,
        body: l.body,
        topic: l.topic,
        number: placed.number,
        of: placed.of,
        previous: placed.previous.map(|n| n.slug),
        next: placed.next.map(|n| n.slug),
        done,
    }))
}

#[derive(Deserialize, Serialize, ToSchema)]
pub struct ProgressMark {
    /// Learnt (true) or not (false).
    pub done: bool,
}

/// Marks a published lesson learnt, or takes the mark back (idempotent).
#[utoipa::path(put, path = "/api/v1/academy/lessons/{id}/progress", tag = "academy", security(("bearer" = [])),
    params(("id" = i64, Path, description = "the lesson's id")),
    request_body = ProgressMark,
    responses((status = 200, body = ProgressMark), (status = 401), (status = 404, description = "no such published lesson"),
        (status = 422)))]
pub async fn mark(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    crate::api_json::ApiJson(body): crate::api_json::ApiJson<ProgressMark>,
) -> Result<Json<ProgressMark>, ApiError> {
    progress::mark(&state.db, user.id, id, body.done).await?;
    Ok(Json(body))
}

/// The shop's checklist: each step of its own data not done yet, with the lesson on it.
#[utoipa::path(get, path = "/api/v1/shops/{shop}/checklist", tag = "academy", security(("bearer" = [])),
    params(("shop" = String, Path, description = "the shop's slug")),
    responses((status = 200, description = "open steps (`topic`, `title`, `count`, `lesson`, `learnt`) and how many apply",
        body = Object), (status = 401), (status = 404, description = "not a shop the caller keeps")))]
pub async fn shop_checklist(
    State(state): State<AppState>,
    RequireShopMember { user, shop, .. }: RequireShopMember<Api>,
) -> Result<Json<Checklist>, ApiError> {
    let today = ocop_figures::period::today_vn(chrono::Utc::now());
    Ok(Json(checklist::of_shop(&state.db, &shop, user.id, today).await?))
}
