//! Public questions on a product page and their answers, by the shop or by shoppers who
//! bought the product (issue 15).

use sea_orm_migration::{prelude::*, schema::*};

use crate::util::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("product_questions")
                    .col(big_pk_auto("id"))
                    .col(big_integer("product_id"))
                    .col(big_integer("shop_id"))
                    .col(big_integer("author_id"))
                    .col(text("body"))
                    .col(integer("answer_count").default(0))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk(
                        "fk_product_questions_product",
                        ("product_questions", "product_id"),
                        ("products", "id"),
                        true,
                    ))
                    .foreign_key(&mut fk(
                        "fk_product_questions_author",
                        ("product_questions", "author_id"),
                        ("users", "id"),
                        false,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_product_questions_product", "product_questions", &["product_id", "created_at"], false)
            .await?;
        index(manager, "ix_product_questions_shop", "product_questions", &["shop_id", "answer_count"], false).await?;
        manager
            .create_table(
                Table::create()
                    .table("product_answers")
                    .col(big_pk_auto("id"))
                    .col(big_integer("question_id"))
                    .col(big_integer("author_id"))
                    // `shop` for the shop's staff, `buyer` for a shopper who bought the product.
                    .col(string_len("answered_as", 10))
                    .col(text("body"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk(
                        "fk_product_answers_question",
                        ("product_answers", "question_id"),
                        ("product_questions", "id"),
                        true,
                    ))
                    .foreign_key(&mut fk(
                        "fk_product_answers_author",
                        ("product_answers", "author_id"),
                        ("users", "id"),
                        false,
                    ))
                    .to_owned(),
            )
            .await?;
        // One answer per person per question.
        index(manager, "uq_product_answers_author", "product_answers", &["question_id", "author_id"], true).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["product_answers", "product_questions"] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
