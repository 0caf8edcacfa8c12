//! Questions and answers on a product page: anyone signed in asks in public; the shop's
//! staff and shoppers who bought the product answer, each once per question. Public text
//! carries no links or phone numbers (it is refused with the field named, not held): the
//! conversation stays on the platform.

use std::collections::HashMap;

use chrono::Utc;
use ocop_catalog::entity::{product, shop, shop_member};
use ocop_core::Error;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    Set, TransactionSession, TransactionTrait,
};
use serde::Serialize;

use crate::entity::{answer, question};
use crate::input::text;
use crate::read::mask_name;
use crate::{conflicts, purchase};

pub const MAX_QUESTION: usize = 500;
pub const MAX_ANSWER: usize = 1000;
/// Unanswered questions one shopper may have waiting on one product.
pub const MAX_OPEN_PER_PRODUCT: u64 = 3;

/// Who answered: the shop, or a shopper who bought the product.
pub mod role {
    pub const SHOP: &str = "shop";
    pub const BUYER: &str = "buyer";
}

/// Checks a public text: not empty, not too long, no links, phone numbers or banned words.
fn public_text(raw: &str, field: &'static str, max: usize, what: &str) -> Result<String, Error> {
    let body = text(raw);
    if body.chars().count() < 5 {
        return Err(Error::invalid(field, format!("Vui lòng viết {what} (ít nhất 5 ký tự)")));
    }
    if body.chars().count() > max {
        return Err(Error::invalid(field, format!("Tối đa {max} ký tự")));
    }
    if crate::input::hold_reason(&body).is_some() {
        return Err(Error::invalid(
            field,
            "Nội dung công khai không được chứa đường link, số điện thoại hay từ ngữ không phù hợp",
        ));
    }
    Ok(body)
}

/// Asks a question about a live product.
///
/// # Errors
/// A field error on `body`; [`Error::NotFound`] for a product not on sale;
/// [`conflicts::TOO_MANY_QUESTIONS`].
pub async fn ask<C: ConnectionTrait>(
    db: &C,
    user_id: i64,
    product_id: i64,
    raw: &str,
) -> Result<question::Model, Error> {
    let body = public_text(raw, "body", MAX_QUESTION, "câu hỏi")?;
    let found = product::Entity::find_by_id(product_id)
        .one(db)
        .await?
        .filter(|p| p.live)
        .ok_or(Error::NotFound { what: "sản phẩm" })?;
    let open = question::Entity::find()
        .filter(question::Column::ProductId.eq(product_id))
        .filter(question::Column::AuthorId.eq(user_id))
        .filter(question::Column::AnswerCount.eq(0))
        .count(db)
        .await?;
    if open >= MAX_OPEN_PER_PRODUCT {
        return Err(Error::Conflict {
            code: conflicts::TOO_MANY_QUESTIONS,
            field: Some("body"),
            message: format!("Bạn đã có {MAX_OPEN_PER_PRODUCT} câu hỏi chưa được trả lời về sản phẩm này"),
        });
    }
    let row = question::ActiveModel {
        product_id: Set(found.id),
        shop_id: Set(found.shop_id),
        author_id: Set(user_id),
        body: Set(body),
        answer_count: Set(0),
        created_at: Set(Utc::now()),
        ..Default::default()
    };
    Ok(row.insert(db).await?)
}

/// In what role the user may answer questions on a product of a shop, if at all: staff of
/// the shop, or a shopper who bought the product (delivered online, or a claimed receipt).
///
/// # Errors
/// Database errors.
pub async fn may_answer<C: ConnectionTrait>(
    db: &C,
    user_id: i64,
    shop_id: i64,
    product_id: i64,
) -> Result<Option<&'static str>, Error> {
    let staff = shop_member::Entity::find()
        .filter(shop_member::Column::ShopId.eq(shop_id))
        .filter(shop_member::Column::UserId.eq(user_id))
        .one(db)
        .await?;
    if staff.is_some() {
        return Ok(Some(role::SHOP));
    }
    Ok(purchase::received(db, user_id, product_id).await?.then_some(role::BUYER))
}

/// Answers a question, once per person.
///
/// # Errors
/// A field error on `body`; [`Error::NotFound`] for an unknown question or someone who may
/// not answer it (neither the shop nor a buyer); [`conflicts::ANSWER_EXISTS`].
pub async fn answer<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    user_id: i64,
    question_id: i64,
    raw: &str,
) -> Result<answer::Model, Error> {
    let not_found = || Error::NotFound { what: "câu hỏi" };
    let q = question::Entity::find_by_id(question_id).one(db).await?.ok_or_else(not_found)?;
    let Some(role) = may_answer(db, user_id, q.shop_id, q.product_id).await? else { return Err(not_found()) };
    let body = public_text(raw, "body", MAX_ANSWER, "câu trả lời")?;
    let txn = ocop_core::db::begin_write(db).await?;
    let row = answer::ActiveModel {
        question_id: Set(q.id),
        author_id: Set(user_id),
        answered_as: Set(role.to_owned()),
        body: Set(body),
        created_at: Set(Utc::now()),
        ..Default::default()
    };
    let saved = row.insert(&txn).await.map_err(|e| {
        ocop_core::error::conflict_on_unique(e, || Error::Conflict {
            code: conflicts::ANSWER_EXISTS,
            field: Some("body"),
            message: "Bạn đã trả lời câu hỏi này".into(),
        })
    })?;
    question::Entity::update_many()
        .col_expr(question::Column::AnswerCount, Expr::col(question::Column::AnswerCount).add(1))
        .filter(question::Column::Id.eq(q.id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(saved)
}

/// An answer as the page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct AnswerShown {
    pub id: i64,
    /// The shop's name for the shop, a masked name for a buyer.
    pub author: String,
    pub answered_as: String,
    pub body: String,
    pub created_at: chrono::DateTime<Utc>,
}

/// A question with its answers, the shop's first.
#[derive(Debug, Clone, Serialize)]
pub struct Asked {
    pub id: i64,
    pub author: String,
    pub body: String,
    pub created_at: chrono::DateTime<Utc>,
    pub answers: Vec<AnswerShown>,
}

/// A product's questions, newest first (`limit` of them), and how many there are.
///
/// # Errors
/// Database errors.
pub async fn of_product<C: ConnectionTrait>(db: &C, product_id: i64, limit: u64) -> Result<(Vec<Asked>, u64), Error> {
    let query = question::Entity::find().filter(question::Column::ProductId.eq(product_id));
    let total = query.clone().count(db).await?;
    let rows = query
        .order_by_desc(question::Column::CreatedAt)
        .order_by_desc(question::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    shown(db, rows).await.map(|asked| (asked, total))
}

/// The shop's questions, newest first; only the unanswered ones when `unanswered`.
///
/// # Errors
/// Database errors.
pub async fn of_shop<C: ConnectionTrait>(
    db: &C,
    shop_id: i64,
    unanswered: bool,
    limit: u64,
) -> Result<Vec<(Asked, String, String)>, Error> {
    let mut query = question::Entity::find().filter(question::Column::ShopId.eq(shop_id));
    if unanswered {
        query = query.filter(question::Column::AnswerCount.eq(0));
    }
    let rows = query
        .order_by_desc(question::Column::CreatedAt)
        .order_by_desc(question::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    let products: HashMap<i64, (String, String)> = product::Entity::find()
        .filter(product::Column::Id.is_in(rows.iter().map(|q| q.product_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, (p.name, p.slug)))
        .collect();
    let ids: Vec<i64> = rows.iter().map(|q| q.product_id).collect();
    let asked = shown(db, rows).await?;
    Ok(asked
        .into_iter()
        .zip(ids)
        .map(|(a, id)| {
            let (name, slug) = products.get(&id).cloned().unwrap_or_default();
            (a, name, slug)
        })
        .collect())
}

async fn shown<C: ConnectionTrait>(db: &C, rows: Vec<question::Model>) -> Result<Vec<Asked>, Error> {
    let answers = answer::Entity::find()
        .filter(answer::Column::QuestionId.is_in(rows.iter().map(|q| q.id)))
        .order_by_asc(answer::Column::CreatedAt)
        .all(db)
        .await?;
    let people: Vec<i64> = rows.iter().map(|q| q.author_id).chain(answers.iter().map(|a| a.author_id)).collect();
    let names: HashMap<i64, String> = ocop_accounts::entity::user::Entity::find()
        .filter(ocop_accounts::entity::user::Column::Id.is_in(people))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let shops: HashMap<i64, String> = shop::Entity::find()
        .filter(shop::Column::Id.is_in(rows.iter().map(|q| q.shop_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s.name))
        .collect();
    let name = |id: i64| mask_name(names.get(&id).map_or("", String::as_str));
    let mut by_question: HashMap<i64, Vec<answer::Model>> = HashMap::new();
    for a in answers {
        by_question.entry(a.question_id).or_default().push(a);
    }
    Ok(rows
        .into_iter()
        .map(|q| {
            let shop_name = shops.get(&q.shop_id).cloned().unwrap_or_default();
            let mut answers: Vec<AnswerShown> = by_question
                .remove(&q.id)
                .unwrap_or_default()
                .into_iter()
                .map(|a| AnswerShown {
                    id: a.id,
                    author: if a.answered_as == role::SHOP { shop_name.clone() } else { name(a.author_id) },
                    answered_as: a.answered_as,
                    body: a.body,
                    created_at: a.created_at,
                })
                .collect();
            answers.sort_by_key(|a| a.answered_as != role::SHOP);
            Asked { id: q.id, author: name(q.author_id), body: q.body, created_at: q.created_at, answers }
        })
        .collect())
}

/// How a shop answers shoppers: of its latest questions and conversations, the share it
/// answered and the median time it took.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Responsiveness {
    pub asked: u64,
    pub answered: u64,
    pub percent: u64,
    /// Median hours from the question to the shop's answer, rounded up (at least 1).
    pub median_hours: Option<i64>,
}

/// When something was asked and when the shop first answered it, if it did.
pub type Asking = (chrono::DateTime<Utc>, Option<chrono::DateTime<Utc>>);

impl Responsiveness {
    /// Over `samples` (questions, conversations…); `None` when there are none.
    pub fn of(samples: &[Asking]) -> Option<Self> {
        if samples.is_empty() {
            return None;
        }
        let mut waits: Vec<i64> = samples
            .iter()
            .filter_map(|(asked, answered)| answered.map(|at| Ord::max(((at - *asked).num_minutes() + 59) / 60, 1)))
            .collect();
        waits.sort_unstable();
        let (total, answered) = (samples.len() as u64, waits.len() as u64);
        Some(Self {
            asked: total,
            answered,
            percent: answered * 100 / total,
            median_hours: waits.get(waits.len() / 2).copied(),
        })
    }
}

/// Questions the response rate is taken over.
pub const RESPONSE_OVER: u64 = 100;

/// The shop's latest questions: when each was asked and when the shop first answered.
///
/// # Errors
/// Database errors.
pub async fn answer_times<C: ConnectionTrait>(db: &C, shop_id: i64) -> Result<Vec<Asking>, Error> {
    let asked = question::Entity::find()
        .filter(question::Column::ShopId.eq(shop_id))
        .order_by_desc(question::Column::CreatedAt)
        .limit(RESPONSE_OVER)
        .all(db)
        .await?;
    if asked.is_empty() {
        return Ok(Vec::new());
    }
    let answers = answer::Entity::find()
        .filter(answer::Column::QuestionId.is_in(asked.iter().map(|q| q.id)))
        .filter(answer::Column::AnsweredAs.eq(role::SHOP))
        .all(db)
        .await?;
    let mut first: HashMap<i64, chrono::DateTime<Utc>> = HashMap::new();
    for a in &answers {
        let at = first.entry(a.question_id).or_insert(a.created_at);
        *at = Ord::min(*at, a.created_at);
    }
    Ok(asked.iter().map(|q| (q.created_at, first.get(&q.id).copied())).collect())
}

/// The shop's response rate and time over its latest questions alone; `None` before the first.
///
/// # Errors
/// Database errors.
pub async fn responsiveness<C: ConnectionTrait>(db: &C, shop_id: i64) -> Result<Option<Responsiveness>, Error> {
    Ok(Responsiveness::of(&answer_times(db, shop_id).await?))
}
