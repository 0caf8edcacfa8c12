//! Courses: written and ordered by admins, listed for everyone with their published
//! lessons' count and reading time (and, for a signed-in reader, how many are learnt).

use std::collections::{HashMap, HashSet};

use chrono::Utc;
use ocop_core::text::{clean_block, clean_line, first_free_slug, slug_base};
use ocop_core::{Actor, Error, FieldErrors};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde::Serialize;

use crate::entity::{course, lesson};
use crate::{PUBLISHED, conflicts, progress, reading_minutes};

/// What an admin types for a course.
#[derive(Debug, Clone, Default)]
pub struct CourseInput {
    pub title: String,
    /// The address under `/hoc-vien/`; empty takes it from the title.
    pub slug: String,
    pub summary: String,
    /// Its place in the list; `None` puts a new course last and keeps an old one's place.
    pub position: Option<i32>,
}

struct Checked {
    title: String,
    slug: Option<String>,
    summary: String,
}

pub(crate) fn check_title(errors: &mut FieldErrors, raw: &str) -> String {
    let title = clean_line(raw);
    match title.chars().count() {
        0..=2 => errors.add("title", "Nhập tiêu đề (ít nhất 3 ký tự)"),
        161.. => errors.add("title", "Tiêu đề dài quá 160 ký tự"),
        _ => {}
    }
    title
}

/// An explicit slug, checked; `None` when it should come from the title.
pub(crate) fn check_slug(errors: &mut FieldErrors, raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    let slug = ocop_core::text::slugify(raw);
    if slug.is_empty() || slug.len() > 120 {
        errors.add("slug", "Địa chỉ gồm chữ không dấu, số và dấu gạch ngang, tối đa 120 ký tự");
        return None;
    }
    Some(slug)
}

fn check(input: &CourseInput) -> Result<Checked, Error> {
    let mut errors = FieldErrors::new();
    let title = check_title(&mut errors, &input.title);
    let slug = check_slug(&mut errors, &input.slug);
    let summary = clean_block(&input.summary);
    if summary.chars().count() > 1_000 {
        errors.add("summary", "Phần giới thiệu dài quá 1.000 ký tự");
    }
    errors.into_result()?;
    Ok(Checked { title, slug, summary })
}

fn slug_taken() -> Error {
    Error::Conflict {
        code: conflicts::SLUG_TAKEN,
        field: Some("slug"),
        message: "Đã có khoá học khác dùng địa chỉ này".into(),
    }
}

/// The address to store: `explicit` if no sibling has it (else `taken_error`), or the first
/// free one from `base` (`base`, `base-2`, …). Courses and lessons of a course share it.
pub(crate) fn pick_slug(
    taken: &HashSet<String>,
    explicit: Option<&str>,
    base: String,
    taken_error: fn() -> Error,
) -> Result<String, Error> {
    match explicit {
        Some(slug) if taken.contains(slug) => Err(taken_error()),
        Some(slug) => Ok(slug.to_owned()),
        None => Ok(first_free_slug(base, |s| !taken.contains(s))),
    }
}

async fn free_slug<C: ConnectionTrait>(db: &C, checked: &Checked, own_id: Option<i64>) -> Result<String, Error> {
    let taken: HashSet<String> =
        course::Entity::find().all(db).await?.into_iter().filter(|c| Some(c.id) != own_id).map(|c| c.slug).collect();
    pick_slug(&taken, checked.slug.as_deref(), slug_base(&checked.title, "khoa-hoc", 100), slug_taken)
}

/// Adds a course (audited).
///
/// # Errors
/// A bad field; [`conflicts::SLUG_TAKEN`].
pub async fn create<C: ConnectionTrait>(db: &C, actor: &Actor, input: &CourseInput) -> Result<course::Model, Error> {
    let checked = check(input)?;
    let slug = free_slug(db, &checked, None).await?;
    let last = course::Entity::find().order_by_desc(course::Column::Position).one(db).await?.map_or(0, |c| c.position);
    let now = Utc::now();
    let saved = course::ActiveModel {
        slug: Set(slug),
        title: Set(checked.title),
        summary: Set(checked.summary),
        position: Set(input.position.unwrap_or(last + 1)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .map_err(|e| ocop_core::error::conflict_on_unique(e, slug_taken))?;
    audit(db, actor, "academy.course.create", saved.id, &saved).await?;
    Ok(saved)
}

/// Changes a course's title, address, summary or place (audited).
///
/// # Errors
/// [`Error::NotFound`]; a bad field; [`conflicts::SLUG_TAKEN`].
pub async fn update<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    id: i64,
    input: &CourseInput,
) -> Result<course::Model, Error> {
    let found = course::Entity::find_by_id(id).one(db).await?.ok_or(Error::NotFound { what: "khoá học" })?;
    let checked = check(input)?;
    let slug = match checked.slug {
        Some(_) => free_slug(db, &checked, Some(id)).await?,
        None => found.slug.clone(),
    };
    let position = input.position.unwrap_or(found.position);
    let mut row: course::ActiveModel = found.into();
    row.slug = Set(slug);
    row.title = Set(checked.title);
    row.summary = Set(checked.summary);
    row.position = Set(position);
    row.updated_at = Set(Utc::now());
    let saved = row.update(db).await.map_err(|e| ocop_core::error::conflict_on_unique(e, slug_taken))?;
    audit(db, actor, "academy.course.update", saved.id, &saved).await?;
    Ok(saved)
}

pub(crate) async fn audit<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    action: &'static str,
    id: i64,
    after: &impl Serialize,
) -> Result<(), Error> {
    ocop_catalog::audit::record(
        db,
        ocop_catalog::audit::Entry {
            actor_id: Some(actor.user_id),
            action,
            entity: "academy",
            entity_id: id,
            before: None,
            after: serde_json::to_value(after).ok(),
            reason: None,
        },
    )
    .await
}

/// Removes a course that has no lesson left (audited); a course with lessons is refused.
///
/// # Errors
/// [`Error::NotFound`]; [`conflicts::COURSE_NOT_EMPTY`].
pub async fn remove<C: ConnectionTrait>(db: &C, actor: &Actor, id: i64) -> Result<(), Error> {
    use sea_orm::PaginatorTrait;
    let found = course::Entity::find_by_id(id).one(db).await?.ok_or(Error::NotFound { what: "khoá học" })?;
    let lessons = lesson::Entity::find().filter(lesson::Column::CourseId.eq(id)).count(db).await?;
    if lessons > 0 {
        return Err(Error::Conflict {
            code: conflicts::COURSE_NOT_EMPTY,
            field: None,
            message: format!("Khoá học còn {lessons} bài: chuyển các bài sang khoá khác trước khi xoá"),
        });
    }
    course::Entity::delete_by_id(id).exec(db).await?;
    audit(db, actor, "academy.course.remove", id, &found).await
}

/// Every course in order.
///
/// # Errors
/// Database errors.
pub async fn all<C: ConnectionTrait>(db: &C) -> Result<Vec<course::Model>, Error> {
    Ok(course::Entity::find().order_by_asc(course::Column::Position).order_by_asc(course::Column::Id).all(db).await?)
}

/// # Errors
/// [`Error::NotFound`].
pub async fn by_slug<C: ConnectionTrait>(db: &C, slug: &str) -> Result<course::Model, Error> {
    course::Entity::find()
        .filter(course::Column::Slug.eq(slug))
        .one(db)
        .await?
        .ok_or(Error::NotFound { what: "khoá học" })
}

/// A course as the academy's first page lists it.
#[derive(Debug, Clone, Serialize)]
pub struct Card {
    #[serde(flatten)]
    pub course: course::Model,
    /// Published lessons.
    pub lessons: usize,
    pub minutes: u32,
    /// Of those, learnt by the reader (0 for a guest).
    pub done: usize,
}

/// The courses that have at least one published lesson, with the reader's progress.
///
/// # Errors
/// Database errors.
pub async fn cards<C: ConnectionTrait>(db: &C, reader: Option<i64>) -> Result<Vec<Card>, Error> {
    let lessons = lesson::Entity::find().filter(lesson::Column::Status.eq(PUBLISHED)).all(db).await?;
    let done = match reader {
        Some(user_id) => progress::done_among(db, user_id, &lessons.iter().map(|l| l.id).collect::<Vec<_>>()).await?,
        None => HashSet::new(),
    };
    let mut by_course: HashMap<i64, (usize, u32, usize)> = HashMap::new();
    for l in &lessons {
        let entry = by_course.entry(l.course_id).or_default();
        entry.0 += 1;
        entry.1 += reading_minutes(&l.body);
        entry.2 += usize::from(done.contains(&l.id));
    }
    Ok(all(db)
        .await?
        .into_iter()
        .filter_map(|course| {
            let (lessons, minutes, done) = by_course.get(&course.id).copied()?;
            Some(Card { course, lessons, minutes, done })
        })
        .collect())
}
