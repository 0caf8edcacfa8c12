//! Carts, shipping rates, pickup points, saved addresses, customer orders split into shop
//! orders with line snapshots and a status timeline, refund requests, in-app notifications
//! and the mail outbox.

use sea_orm_migration::{prelude::*, schema::*};

use crate::util::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLES: [&str; 12] = [
    "mail_outbox",
    "notifications",
    "refund_requests",
    "order_events",
    "order_lines",
    "shop_orders",
    "orders",
    "addresses",
    "pickup_points",
    "shop_shipping",
    "cart_items",
    "carts",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // A cart belongs to a user or, before sign-in, to a guest cookie (stored hashed).
        manager
            .create_table(
                Table::create()
                    .table("carts")
                    .col(big_pk_auto("id"))
                    .col(big_integer_null("user_id"))
                    .col(string_len_null("guest_key", 64))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(&mut fk("fk_carts_user", ("carts", "user_id"), ("users", "id"), true))
                    .to_owned(),
            )
            .await?;
        index(manager, "uq_carts_user", "carts", &["user_id"], true).await?;
        index(manager, "uq_carts_guest", "carts", &["guest_key"], true).await?;

        manager
            .create_table(
                Table::create()
                    .table("cart_items")
                    .col(big_integer("cart_id"))
                    .col(big_integer("variant_id"))
                    .col(integer("quantity"))
                    // What the shopper saw when adding: a later change is shown, never applied silently.
                    .col(big_integer("price_seen_vnd"))
                    .col(timestamp_with_time_zone("added_at"))
                    .primary_key(Index::create().col("cart_id").col("variant_id"))
                    .foreign_key(&mut fk("fk_cart_items_cart", ("cart_items", "cart_id"), ("carts", "id"), true))
                    .foreign_key(&mut fk(
                        "fk_cart_items_variant",
                        ("cart_items", "variant_id"),
                        ("product_variants", "id"),
                        true,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("shop_shipping")
                    .col(big_integer("shop_id").primary_key())
                    .col(big_integer("flat_fee_vnd"))
                    // JSON [[max_grams, fee_vnd], …] ascending; empty = flat fee only.
                    .col(text("weight_bands"))
                    .col(big_integer_null("free_above_vnd"))
                    // Comma-separated province codes delivered to; empty = the whole country.
                    .col(text("provinces"))
                    .col(boolean("perishables_local_only").default(true))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(&mut fk("fk_shop_shipping_shop", ("shop_shipping", "shop_id"), ("shops", "id"), true))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("pickup_points")
                    .col(big_pk_auto("id"))
                    .col(string_len("slug", 120))
                    .col(string_len("name", 160))
                    .col(string_len("province_code", 40))
                    .col(string_len("address", 300))
                    .col(string_len("opening_hours", 200))
                    .col(boolean("active").default(true))
                    .col(timestamp_with_time_zone("created_at"))
                    .to_owned(),
            )
            .await?;
        index(manager, "uq_pickup_points_slug", "pickup_points", &["slug"], true).await?;

        manager
            .create_table(
                Table::create()
                    .table("addresses")
                    .col(big_pk_auto("id"))
                    .col(big_integer("user_id"))
                    .col(string_len("recipient", 120))
                    .col(string_len("phone", 20))
                    .col(string_len("province_code", 40))
                    .col(string_len("province_input", 80))
                    .col(string_len("commune", 120))
                    .col(string_len("street", 200))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk("fk_addresses_user", ("addresses", "user_id"), ("users", "id"), true))
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_addresses_user", "addresses", &["user_id"], false).await?;

        manager
            .create_table(
                Table::create()
                    .table("orders")
                    .col(big_pk_auto("id"))
                    .col(string_len("code", 24))
                    .col(big_integer("user_id"))
                    .col(string_len("payment_method", 20))
                    .col(string_len("payment_status", 20))
                    .col(string_len_null("idempotency_key", 100))
                    // SHA-256 of the request that first used the key: a different body is refused.
                    .col(string_len("request_hash", 64))
                    .col(string_len("recipient", 120))
                    .col(string_len("phone", 20))
                    .col(string_len("province_code", 40))
                    .col(string_len("province_input", 80))
                    .col(string_len("commune", 120))
                    .col(string_len("street", 200))
                    .col(big_integer_null("pickup_point_id"))
                    .col(big_integer("subtotal_vnd"))
                    .col(big_integer("shipping_vnd"))
                    .col(big_integer("total_vnd"))
                    .col(timestamp_with_time_zone_null("pay_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk("fk_orders_user", ("orders", "user_id"), ("users", "id"), false))
                    .foreign_key(&mut fk(
                        "fk_orders_pickup",
                        ("orders", "pickup_point_id"),
                        ("pickup_points", "id"),
                        false,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "uq_orders_code", "orders", &["code"], true).await?;
        index(manager, "uq_orders_idempotency", "orders", &["user_id", "idempotency_key"], true).await?;
        index(manager, "ix_orders_phone", "orders", &["phone"], false).await?;
        index(manager, "ix_orders_created", "orders", &["created_at"], false).await?;

        manager
            .create_table(
                Table::create()
                    .table("shop_orders")
                    .col(big_pk_auto("id"))
                    .col(big_integer("order_id"))
                    .col(big_integer("shop_id"))
                    .col(string_len("status", 24))
                    .col(big_integer("subtotal_vnd"))
                    .col(big_integer("shipping_vnd"))
                    .col(big_integer("total_vnd"))
                    .col(boolean("perishable").default(false))
                    .col(string_len_null("carrier", 60))
                    .col(string_len_null("tracking_code", 60))
                    .col(text_null("cancel_reason"))
                    .col(timestamp_with_time_zone_null("delivered_at"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(&mut fk("fk_shop_orders_order", ("shop_orders", "order_id"), ("orders", "id"), true))
                    .foreign_key(&mut fk("fk_shop_orders_shop", ("shop_orders", "shop_id"), ("shops", "id"), false))
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_shop_orders_order", "shop_orders", &["order_id"], false).await?;
        index(manager, "ix_shop_orders_shop_status", "shop_orders", &["shop_id", "status"], false).await?;
        index(manager, "ix_shop_orders_status", "shop_orders", &["status"], false).await?;

        manager
            .create_table(
                Table::create()
                    .table("order_lines")
                    .col(big_pk_auto("id"))
                    .col(big_integer("shop_order_id"))
                    .col(big_integer_null("variant_id"))
                    .col(string_len("sku", 64))
                    .col(string_len("product_name", 200))
                    .col(string_len("product_slug", 160))
                    .col(string_len("variant_label", 120))
                    .col(big_integer("unit_price_vnd"))
                    .col(integer("quantity"))
                    .col(big_integer("line_total_vnd"))
                    .col(integer("weight_grams"))
                    .foreign_key(&mut fk(
                        "fk_order_lines_shop_order",
                        ("order_lines", "shop_order_id"),
                        ("shop_orders", "id"),
                        true,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_order_lines_shop_order", "order_lines", &["shop_order_id"], false).await?;

        manager
            .create_table(
                Table::create()
                    .table("order_events")
                    .col(big_pk_auto("id"))
                    .col(big_integer("shop_order_id"))
                    .col(string_len("status", 24))
                    .col(big_integer_null("actor_id"))
                    .col(text("note"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk(
                        "fk_order_events_shop_order",
                        ("order_events", "shop_order_id"),
                        ("shop_orders", "id"),
                        true,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_order_events_shop_order", "order_events", &["shop_order_id"], false).await?;

        manager
            .create_table(
                Table::create()
                    .table("refund_requests")
                    .col(big_pk_auto("id"))
                    .col(big_integer("shop_order_id"))
                    .col(text("reason"))
                    .col(string_len("status", 24))
                    .col(text_null("shop_answer"))
                    .col(text_null("admin_note"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("decided_at"))
                    .foreign_key(&mut fk(
                        "fk_refund_requests_shop_order",
                        ("refund_requests", "shop_order_id"),
                        ("shop_orders", "id"),
                        true,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "uq_refund_requests_shop_order", "refund_requests", &["shop_order_id"], true).await?;

        manager
            .create_table(
                Table::create()
                    .table("notifications")
                    .col(big_pk_auto("id"))
                    .col(big_integer("user_id"))
                    .col(string_len("title", 200))
                    .col(string_len("link", 300))
                    .col(timestamp_with_time_zone_null("read_at"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk("fk_notifications_user", ("notifications", "user_id"), ("users", "id"), true))
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_notifications_user", "notifications", &["user_id", "read_at"], false).await?;

        manager
            .create_table(
                Table::create()
                    .table("mail_outbox")
                    .col(big_pk_auto("id"))
                    .col(string_len("to_email", 254))
                    .col(string_len("subject", 200))
                    .col(text("body"))
                    .col(integer("attempts").default(0))
                    .col(text_null("last_error"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("sent_at"))
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_mail_outbox_sent", "mail_outbox", &["sent_at"], false).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in TABLES {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
