//! The seller academy (`/hoc-vien`): courses and lessons for OCOP producers, open to
//! anyone; a signed-in reader marks lessons learnt. Admins also see drafts (a preview).

use axum::extract::{Form, Path};
use axum::response::{IntoResponse, Redirect, Response};
use ocop_academy::courses::{self, Card};
use ocop_academy::entity::course;
use ocop_academy::{Placed, lessons, progress, reading_minutes};
use ocop_core::Role;
use serde::{Deserialize, Serialize};

use crate::auth::SignedIn;
use crate::error::PageError;
use crate::page::Page;

fn sees_drafts(page: &Page) -> bool {
    page.user.as_ref().is_some_and(|u| u.role == Role::Admin)
}

#[derive(Serialize)]
struct IndexView {
    courses: Vec<Card>,
    signed_in: bool,
}

/// `GET /hoc-vien`.
pub async fn index(page: Page) -> Result<Response, PageError> {
    let courses = courses::cards(&page.state.db, page.user.as_ref().map(|u| u.id)).await?;
    let view = IndexView { courses, signed_in: page.user.is_some() };
    Ok(page.render("shop/academy.html", &view)?.into_response())
}

#[derive(Serialize)]
struct LessonRow {
    slug: String,
    title: String,
    summary: String,
    minutes: u32,
    draft: bool,
    done: bool,
}

#[derive(Serialize)]
struct CourseView {
    course: course::Model,
    lessons: Vec<LessonRow>,
    done: usize,
    minutes: u32,
    signed_in: bool,
}

/// `GET /hoc-vien/{course}`: a course with no published lesson is not found (but for
/// admins).
pub async fn course(page: Page, Path(slug): Path<String>) -> Result<Response, PageError> {
    let db = &page.state.db;
    let course = courses::by_slug(db, &slug).await?;
    let drafts = sees_drafts(&page);
    let lessons = lessons::of_course(db, course.id, drafts).await?;
    if lessons.is_empty() && !drafts {
        return Err(ocop_core::Error::NotFound { what: "khoá học" }.into());
    }
    let done = match &page.user {
        Some(u) => progress::done_among(db, u.id, &lessons.iter().map(|l| l.id).collect::<Vec<_>>()).await?,
        None => std::collections::HashSet::new(),
    };
    let rows: Vec<LessonRow> = lessons
        .into_iter()
        .map(|l| LessonRow {
            minutes: reading_minutes(&l.body),
            draft: l.status != ocop_academy::PUBLISHED,
            done: done.contains(&l.id),
            slug: l.slug,
            title: l.title,
            summary: l.summary,
        })
        .collect();
    let view = CourseView {
        course,
        done: rows.iter().filter(|r| r.done).count(),
        minutes: rows.iter().map(|r| r.minutes).sum(),
        lessons: rows,
        signed_in: page.user.is_some(),
    };
    Ok(page.render("shop/course.html", &view)?.into_response())
}

#[derive(Serialize)]
struct LessonView {
    #[serde(flatten)]
    placed: Placed,
    minutes: u32,
    draft: bool,
    done: bool,
    signed_in: bool,
    /// Shop workspaces the reader can go back to (the checklist lives there).
    shops: Vec<(String, String)>,
}

/// `GET /hoc-vien/{course}/{lesson}`.
pub async fn lesson(page: Page, Path((course, slug)): Path<(String, String)>) -> Result<Response, PageError> {
    let db = &page.state.db;
    let placed = lessons::find(db, &course, &slug, sees_drafts(&page)).await?;
    let (done, shops) = match &page.user {
        Some(u) => (
            progress::is_done(db, u.id, placed.lesson.id).await?,
            ocop_catalog::shops::mine(db, u.id).await?.into_iter().map(|s| (s.slug, s.name)).collect(),
        ),
        None => (false, Vec::new()),
    };
    let view = LessonView {
        minutes: reading_minutes(&placed.lesson.body),
        draft: placed.lesson.status != ocop_academy::PUBLISHED,
        placed,
        done,
        signed_in: page.user.is_some(),
        shops,
    };
    Ok(page.render("shop/lesson.html", &view)?.into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MarkForm {
    /// "1" learnt, anything else not.
    done: String,
}

/// `POST /hoc-vien/{course}/{lesson}/da-hoc`: marks the lesson learnt (or not); after a
/// mark, goes on to the next lesson when there is one.
pub async fn mark(
    page: Page,
    SignedIn(user): SignedIn,
    Path((course, slug)): Path<(String, String)>,
    Form(form): Form<MarkForm>,
) -> Result<Response, PageError> {
    let db = &page.state.db;
    let placed = lessons::find(db, &course, &slug, false).await?;
    let done = form.done == "1";
    progress::mark(db, user.id, placed.lesson.id, done).await?;
    let to = match (&placed.next, done) {
        (Some(next), true) => format!("/hoc-vien/{course}/{}", next.slug),
        _ => format!("/hoc-vien/{course}/{slug}"),
    };
    Ok(Redirect::to(&to).into_response())
}
