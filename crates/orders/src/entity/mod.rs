//! sea-orm entities owned by orders.

pub mod address;
pub mod cart;
pub mod cart_item;
pub mod mail;
pub mod notification;
pub mod order;
pub mod order_event;
pub mod order_line;
pub mod pickup_point;
pub mod refund_request;
pub mod shop_order;
pub mod shop_shipping;
