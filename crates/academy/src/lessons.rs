//! Lessons: Markdown pages in a course, drafts until an admin publishes them. Readers see
//! published lessons only; admins see drafts too (a preview before publishing).

use std::collections::{HashMap, HashSet};

use chrono::Utc;
use ocop_core::text::{clean_block, slug_base};
use ocop_core::{Actor, Error, FieldErrors};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde::Serialize;

use crate::courses::{audit, check_slug, check_title, pick_slug};
use crate::entity::{course, lesson};
use crate::{DRAFT, MAX_BODY_CHARS, PUBLISHED, conflicts, topics};

/// What an admin types for a lesson.
#[derive(Debug, Clone, Default)]
pub struct LessonInput {
    pub course_id: i64,
    pub title: String,
    /// The address under the course; empty takes it from the title.
    pub slug: String,
    pub summary: String,
    /// Markdown.
    pub body: String,
    /// A [`topics`] key or "".
    pub topic: String,
    /// Its place in the course; `None` puts a new lesson last and keeps an old one's place.
    pub position: Option<i32>,
}

struct Checked {
    title: String,
    slug: Option<String>,
    summary: String,
    body: String,
    topic: String,
}

fn check(input: &LessonInput) -> Result<Checked, Error> {
    let mut errors = FieldErrors::new();
    let title = check_title(&mut errors, &input.title);
    let slug = check_slug(&mut errors, &input.slug);
    let summary = clean_block(&input.summary);
    if summary.chars().count() > 500 {
        errors.add("summary", "Tóm tắt dài quá 500 ký tự");
    }
    let body = clean_block(&input.body);
    match body.chars().count() {
        0..=19 => errors.add("body", "Nhập nội dung bài học (ít nhất 20 ký tự)"),
        n if n > MAX_BODY_CHARS => errors.add("body", format!("Nội dung dài quá {MAX_BODY_CHARS} ký tự")),
        _ => {}
    }
    let topic = input.topic.trim().to_owned();
    if !topic.is_empty() && !topics::is_known(&topic) {
        errors.add("topic", "Chọn một mục trong danh sách việc cần làm, hoặc để trống");
    }
    errors.into_result()?;
    Ok(Checked { title, slug, summary, body, topic })
}

fn slug_taken() -> Error {
    Error::Conflict {
        code: conflicts::SLUG_TAKEN,
        field: Some("slug"),
        message: "Khoá học đã có bài khác dùng địa chỉ này".into(),
    }
}

/// `explicit` if free (else [`conflicts::SLUG_TAKEN`]), or the first free slug from `base`.
async fn free_slug<C: ConnectionTrait>(
    db: &C,
    course_id: i64,
    explicit: Option<&str>,
    base: String,
    own_id: Option<i64>,
) -> Result<String, Error> {
    let taken: HashSet<String> = lesson::Entity::find()
        .filter(lesson::Column::CourseId.eq(course_id))
        .all(db)
        .await?
        .into_iter()
        .filter(|l| Some(l.id) != own_id)
        .map(|l| l.slug)
        .collect();
    pick_slug(&taken, explicit, base, slug_taken)
}

async fn course_of<C: ConnectionTrait>(db: &C, id: i64) -> Result<course::Model, Error> {
    course::Entity::find_by_id(id).one(db).await?.ok_or_else(|| Error::invalid("course_id", "Chọn một khoá học"))
}

/// Adds a lesson as a draft (audited).
///
/// # Errors
/// A bad field (an unknown course is one); [`conflicts::SLUG_TAKEN`].
pub async fn create<C: ConnectionTrait>(db: &C, actor: &Actor, input: &LessonInput) -> Result<lesson::Model, Error> {
    let checked = check(input)?;
    let course = course_of(db, input.course_id).await?;
    let slug =
        free_slug(db, course.id, checked.slug.as_deref(), slug_base(&checked.title, "bai-hoc", 100), None).await?;
    let last = lesson::Entity::find()
        .filter(lesson::Column::CourseId.eq(course.id))
        .order_by_desc(lesson::Column::Position)
        .one(db)
        .await?
        .map_or(0, |l| l.position);
    let now = Utc::now();
    let saved = lesson::ActiveModel {
        course_id: Set(course.id),
        slug: Set(slug),
        title: Set(checked.title),
        summary: Set(checked.summary),
        body: Set(checked.body),
        status: Set(DRAFT.into()),
        topic: Set(checked.topic),
        position: Set(input.position.unwrap_or(last + 1)),
        published_at: Set(None),
        updated_by: Set(Some(actor.user_id)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .map_err(|e| ocop_core::error::conflict_on_unique(e, slug_taken))?;
    audit(db, actor, "academy.lesson.create", saved.id, &serde_json::json!({"title": saved.title})).await?;
    Ok(saved)
}

/// Changes a lesson's text, address, topic, place or course (audited); a published lesson
/// stays published.
///
/// # Errors
/// [`Error::NotFound`]; a bad field; [`conflicts::SLUG_TAKEN`].
pub async fn update<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    id: i64,
    input: &LessonInput,
) -> Result<lesson::Model, Error> {
    let found = by_id(db, id).await?;
    let checked = check(input)?;
    let course = course_of(db, input.course_id).await?;
    // Moving to another course keeps the address unless that course has it already.
    let slug = if checked.slug.is_some() || course.id != found.course_id {
        free_slug(db, course.id, checked.slug.as_deref(), found.slug.clone(), Some(id)).await?
    } else {
        found.slug.clone()
    };
    let position = input.position.unwrap_or(found.position);
    let mut row: lesson::ActiveModel = found.into();
    row.course_id = Set(course.id);
    row.slug = Set(slug);
    row.title = Set(checked.title);
    row.summary = Set(checked.summary);
    row.body = Set(checked.body);
    row.topic = Set(checked.topic);
    row.position = Set(position);
    row.updated_by = Set(Some(actor.user_id));
    row.updated_at = Set(Utc::now());
    let saved = row.update(db).await.map_err(|e| ocop_core::error::conflict_on_unique(e, slug_taken))?;
    audit(db, actor, "academy.lesson.update", saved.id, &serde_json::json!({"title": saved.title})).await?;
    Ok(saved)
}

/// Publishes a lesson or takes it back to a draft (audited). The first publication's time
/// is kept.
///
/// # Errors
/// [`Error::NotFound`]; a status other than [`DRAFT`] or [`PUBLISHED`].
pub async fn set_status<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    id: i64,
    status: &str,
) -> Result<lesson::Model, Error> {
    if status != DRAFT && status != PUBLISHED {
        return Err(Error::invalid("status", "Trạng thái là bản nháp (draft) hoặc đã đăng (published)"));
    }
    let found = by_id(db, id).await?;
    if found.status == status {
        return Ok(found);
    }
    let first_publication = found.published_at.is_none() && status == PUBLISHED;
    let mut row: lesson::ActiveModel = found.into();
    row.status = Set(status.to_owned());
    if first_publication {
        row.published_at = Set(Some(Utc::now()));
    }
    row.updated_by = Set(Some(actor.user_id));
    row.updated_at = Set(Utc::now());
    let saved = row.update(db).await?;
    let action = if status == PUBLISHED { "academy.lesson.publish" } else { "academy.lesson.unpublish" };
    audit(db, actor, action, saved.id, &serde_json::json!({"title": saved.title})).await?;
    Ok(saved)
}

/// # Errors
/// [`Error::NotFound`].
pub async fn by_id<C: ConnectionTrait>(db: &C, id: i64) -> Result<lesson::Model, Error> {
    lesson::Entity::find_by_id(id).one(db).await?.ok_or(Error::NotFound { what: "bài học" })
}

/// A course's lessons in order: published ones only, or drafts too.
///
/// # Errors
/// Database errors.
pub async fn of_course<C: ConnectionTrait>(
    db: &C,
    course_id: i64,
    with_drafts: bool,
) -> Result<Vec<lesson::Model>, Error> {
    let mut query = lesson::Entity::find().filter(lesson::Column::CourseId.eq(course_id));
    if !with_drafts {
        query = query.filter(lesson::Column::Status.eq(PUBLISHED));
    }
    Ok(query.order_by_asc(lesson::Column::Position).order_by_asc(lesson::Column::Id).all(db).await?)
}

/// A neighbour in the course, for the lesson page's previous and next links.
#[derive(Debug, Clone, Serialize)]
pub struct Neighbour {
    pub slug: String,
    pub title: String,
}

/// A lesson in its course.
#[derive(Debug, Clone, Serialize)]
pub struct Placed {
    pub course: course::Model,
    pub lesson: lesson::Model,
    /// 1-based place among the lessons the reader sees, and how many there are.
    pub number: usize,
    pub of: usize,
    pub previous: Option<Neighbour>,
    pub next: Option<Neighbour>,
}

/// The lesson at `/hoc-vien/{course}/{lesson}`; a draft only `with_drafts` (an admin's
/// preview), else it is not found.
///
/// # Errors
/// [`Error::NotFound`].
pub async fn find<C: ConnectionTrait>(
    db: &C,
    course_slug: &str,
    lesson_slug: &str,
    with_drafts: bool,
) -> Result<Placed, Error> {
    let course = crate::courses::by_slug(db, course_slug).await?;
    let lessons = of_course(db, course.id, with_drafts).await?;
    let at = lessons.iter().position(|l| l.slug == lesson_slug).ok_or(Error::NotFound { what: "bài học" })?;
    let neighbour = |i: usize| lessons.get(i).map(|l| Neighbour { slug: l.slug.clone(), title: l.title.clone() });
    Ok(Placed {
        previous: at.checked_sub(1).and_then(neighbour),
        next: neighbour(at + 1),
        number: at + 1,
        of: lessons.len(),
        lesson: lessons[at].clone(),
        course,
    })
}

/// Where a published lesson lives, for links from elsewhere (the shop checklist).
#[derive(Debug, Clone, Serialize)]
pub struct LessonLink {
    pub id: i64,
    pub course: String,
    pub slug: String,
    pub title: String,
}

/// For each topic, the first published lesson on it (in the courses' order, then the
/// lessons').
///
/// # Errors
/// Database errors.
pub async fn by_topic<C: ConnectionTrait>(db: &C) -> Result<HashMap<String, LessonLink>, Error> {
    let courses = crate::courses::all(db).await?;
    let rank: HashMap<i64, usize> = courses.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
    let mut lessons = lesson::Entity::find()
        .filter(lesson::Column::Status.eq(PUBLISHED))
        .filter(lesson::Column::Topic.ne(""))
        .all(db)
        .await?;
    lessons.sort_by_key(|l| (rank.get(&l.course_id).copied().unwrap_or(usize::MAX), l.position, l.id));
    let mut links = HashMap::new();
    for l in lessons {
        let Some(course) = rank.get(&l.course_id).map(|i| &courses[*i]) else { continue };
        links.entry(l.topic.clone()).or_insert_with(|| LessonLink {
            id: l.id,
            course: course.slug.clone(),
            slug: l.slug.clone(),
            title: l.title.clone(),
        });
    }
    Ok(links)
}
