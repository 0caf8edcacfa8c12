//! The academy's desk (`/quan-tri/hoc-vien`): admins write courses and Markdown lessons,
//! preview a draft as readers will see it, publish it or take it back.

use axum::extract::{Form, Path, Query};
use axum::response::{IntoResponse, Redirect, Response};
use ocop_academy::courses::{self, CourseInput};
use ocop_academy::entity::{course, lesson};
use ocop_academy::{LessonInput, lessons, topics};
use ocop_core::FieldErrors;
use serde::{Deserialize, Serialize};

use crate::error::PageError;
use crate::forms::{Outcome, Shows, outcome};
use crate::guards::RequireAdmin;
use crate::page::Page;

#[derive(Serialize)]
struct CourseRow {
    course: course::Model,
    lessons: Vec<lesson::Model>,
}

#[derive(Serialize, Default)]
struct DeskView {
    courses: Vec<CourseRow>,
    /// The new-course form as typed, with its errors (`course_id` = 0), or a course's own.
    form: CourseForm,
    form_course: i64,
    errors: FieldErrors,
    saved: bool,
}

async fn desk_view(page: &Page) -> Result<DeskView, PageError> {
    let db = &page.state.db;
    let mut rows = Vec::new();
    for course in courses::all(db).await? {
        let lessons = lessons::of_course(db, course.id, true).await?;
        rows.push(CourseRow { course, lessons });
    }
    Ok(DeskView { courses: rows, ..DeskView::default() })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DeskQuery {
    da_luu: Option<String>,
}

/// `GET /quan-tri/hoc-vien`.
pub async fn desk(page: Page, _admin: RequireAdmin, Query(q): Query<DeskQuery>) -> Result<Response, PageError> {
    let mut view = desk_view(&page).await?;
    view.saved = q.da_luu.is_some();
    Ok(page.render("admin/academy.html", &view)?.into_response())
}

#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct CourseForm {
    title: String,
    slug: String,
    summary: String,
    position: String,
}

impl CourseForm {
    fn input(&self, errors: &mut FieldErrors) -> CourseInput {
        CourseInput {
            title: self.title.clone(),
            slug: self.slug.clone(),
            summary: self.summary.clone(),
            position: position(errors, &self.position),
        }
    }
}

/// An optional place in a list: empty keeps the default.
fn position(errors: &mut FieldErrors, raw: &str) -> Option<i32> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    match raw.parse::<i32>() {
        Ok(n) if (0..=10_000).contains(&n) => Some(n),
        _ => {
            errors.add("position", "Thứ tự là số nguyên từ 0 đến 10.000");
            None
        }
    }
}

async fn save_course(
    page: Page,
    admin: RequireAdmin,
    id: Option<i64>,
    form: CourseForm,
) -> Result<Response, PageError> {
    let mut errors = FieldErrors::new();
    let input = form.input(&mut errors);
    let result = if errors.is_empty() {
        let db = &page.state.db;
        let actor = admin.user.actor();
        match id {
            Some(id) => courses::update(db, &actor, id, &input).await,
            None => courses::create(db, &actor, &input).await,
        }
    } else {
        Err(ocop_core::Error::Invalid(errors))
    };
    match outcome(result, &[Shows::Conflict])? {
        Outcome::Done(_) => Ok(Redirect::to("/quan-tri/hoc-vien?da_luu=1").into_response()),
        Outcome::Refused(refused) => {
            let mut view = desk_view(&page).await?;
            view.errors = refused.fields();
            view.form = form;
            view.form_course = id.unwrap_or(0);
            Ok(refused.render(&page, "admin/academy.html", &view))
        }
    }
}

/// `POST /quan-tri/hoc-vien`: a new course.
pub async fn create_course(
    page: Page,
    admin: RequireAdmin,
    Form(form): Form<CourseForm>,
) -> Result<Response, PageError> {
    save_course(page, admin, None, form).await
}

/// `POST /quan-tri/hoc-vien/khoa-hoc/{id}`: a course's title, address, summary or place.
pub async fn update_course(
    page: Page,
    admin: RequireAdmin,
    Path(id): Path<i64>,
    Form(form): Form<CourseForm>,
) -> Result<Response, PageError> {
    save_course(page, admin, Some(id), form).await
}

#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct LessonForm {
    course_id: String,
    title: String,
    slug: String,
    summary: String,
    body: String,
    topic: String,
    position: String,
}

#[derive(Serialize)]
struct LessonFormView {
    /// `None` for a new lesson.
    lesson: Option<lesson::Model>,
    /// Where a reader (or an admin's preview) finds it.
    href: Option<String>,
    form: LessonForm,
    courses: Vec<course::Model>,
    topics: &'static [(&'static str, &'static str)],
    errors: FieldErrors,
    saved: bool,
}

async fn form_view(page: &Page, lesson: Option<lesson::Model>, form: LessonForm) -> Result<LessonFormView, PageError> {
    let courses = courses::all(&page.state.db).await?;
    let href = lesson
        .as_ref()
        .and_then(|l| courses.iter().find(|c| c.id == l.course_id).map(|c| format!("/hoc-vien/{}/{}", c.slug, l.slug)));
    Ok(LessonFormView { lesson, href, form, courses, topics: topics::ALL, errors: FieldErrors::new(), saved: false })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NewLessonQuery {
    khoa: String,
}

/// `GET /quan-tri/hoc-vien/bai-moi?khoa={course id}`.
pub async fn new_lesson(
    page: Page,
    _admin: RequireAdmin,
    Query(q): Query<NewLessonQuery>,
) -> Result<Response, PageError> {
    let form = LessonForm { course_id: q.khoa, ..LessonForm::default() };
    let view = form_view(&page, None, form).await?;
    Ok(page.render("admin/lesson.html", &view)?.into_response())
}

impl LessonForm {
    fn input(&self, errors: &mut FieldErrors) -> LessonInput {
        let course_id = self.course_id.trim().parse().unwrap_or_else(|_| {
            errors.add("course_id", "Chọn một khoá học");
            0
        });
        LessonInput {
            course_id,
            title: self.title.clone(),
            slug: self.slug.clone(),
            summary: self.summary.clone(),
            body: self.body.clone(),
            topic: self.topic.clone(),
            position: position(errors, &self.position),
        }
    }

    fn of(l: &lesson::Model) -> Self {
        Self {
            course_id: l.course_id.to_string(),
            title: l.title.clone(),
            slug: l.slug.clone(),
            summary: l.summary.clone(),
            body: l.body.clone(),
            topic: l.topic.clone(),
            position: l.position.to_string(),
        }
    }
}

async fn save_lesson(
    page: Page,
    admin: RequireAdmin,
    id: Option<i64>,
    form: LessonForm,
) -> Result<Response, PageError> {
    let db = &page.state.db;
    let existing = match id {
        Some(id) => Some(lessons::by_id(db, id).await?),
        None => None,
    };
    let mut errors = FieldErrors::new();
    let input = form.input(&mut errors);
    let result = if errors.is_empty() {
        let actor = admin.user.actor();
        match id {
            Some(id) => lessons::update(db, &actor, id, &input).await,
            None => lessons::create(db, &actor, &input).await,
        }
    } else {
        Err(ocop_core::Error::Invalid(errors))
    };
    match outcome(result, &[Shows::Conflict])? {
        Outcome::Done(saved) => {
            Ok(Redirect::to(&format!("/quan-tri/hoc-vien/bai/{}?da_luu=1", saved.id)).into_response())
        }
        Outcome::Refused(refused) => {
            let mut view = form_view(&page, existing, form).await?;
            view.errors = refused.fields();
            Ok(refused.render(&page, "admin/lesson.html", &view))
        }
    }
}

/// `POST /quan-tri/hoc-vien/bai-moi`: a new lesson, as a draft.
pub async fn create_lesson(
    page: Page,
    admin: RequireAdmin,
    Form(form): Form<LessonForm>,
) -> Result<Response, PageError> {
    save_lesson(page, admin, None, form).await
}

/// `GET /quan-tri/hoc-vien/bai/{id}`: the lesson's form, with its rendered preview.
pub async fn edit_lesson(
    page: Page,
    _admin: RequireAdmin,
    Path(id): Path<i64>,
    Query(q): Query<DeskQuery>,
) -> Result<Response, PageError> {
    let lesson = lessons::by_id(&page.state.db, id).await?;
    let form = LessonForm::of(&lesson);
    let mut view = form_view(&page, Some(lesson), form).await?;
    view.saved = q.da_luu.is_some();
    Ok(page.render("admin/lesson.html", &view)?.into_response())
}

/// `POST /quan-tri/hoc-vien/bai/{id}`.
pub async fn update_lesson(
    page: Page,
    admin: RequireAdmin,
    Path(id): Path<i64>,
    Form(form): Form<LessonForm>,
) -> Result<Response, PageError> {
    save_lesson(page, admin, Some(id), form).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct StatusForm {
    status: String,
}

/// `POST /quan-tri/hoc-vien/bai/{id}/trang-thai`: publish, or back to a draft.
pub async fn set_status(
    page: Page,
    admin: RequireAdmin,
    Path(id): Path<i64>,
    Form(form): Form<StatusForm>,
) -> Result<Response, PageError> {
    let result = lessons::set_status(&page.state.db, &admin.user.actor(), id, &form.status).await;
    match outcome(result, &[])? {
        Outcome::Done(_) => Ok(Redirect::to(&format!("/quan-tri/hoc-vien/bai/{id}?da_luu=1")).into_response()),
        Outcome::Refused(refused) => {
            let lesson = lessons::by_id(&page.state.db, id).await?;
            let form = LessonForm::of(&lesson);
            let mut view = form_view(&page, Some(lesson), form).await?;
            view.errors = refused.fields();
            Ok(refused.render(&page, "admin/lesson.html", &view))
        }
    }
}

/// `POST /quan-tri/hoc-vien/khoa-hoc/{id}/xoa`: removes a course with no lessons.
pub async fn remove_course(page: Page, admin: RequireAdmin, Path(id): Path<i64>) -> Result<Response, PageError> {
    let result = courses::remove(&page.state.db, &admin.user.actor(), id).await;
    match outcome(result, &[Shows::Conflict])? {
        Outcome::Done(()) => Ok(Redirect::to("/quan-tri/hoc-vien?da_luu=1").into_response()),
        Outcome::Refused(refused) => {
            let mut view = desk_view(&page).await?;
            view.errors = refused.fields_or("course");
            Ok(refused.render(&page, "admin/academy.html", &view))
        }
    }
}
