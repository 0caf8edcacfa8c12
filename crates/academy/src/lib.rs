//! The seller academy (issue 16): guides and short courses that teach OCOP producers to
//! sell online — photographing products with a phone, writing a listing, pricing with
//! shipping, packing perishables, VietQR and COD, the OCOP star rules, selling at fairs.
//!
//! Admins write lessons in Markdown (draft → published) grouped into courses; any
//! signed-in account marks a lesson as learnt; a shop's checklist links each unmet step of
//! its own data (no logo, listings without photos, a certificate to renew…) to the
//! published lesson that fixes it. Nothing here knows HTTP; the gateway renders the
//! Markdown through the same sanitiser as shop descriptions.

pub mod checklist;
pub mod courses;
pub mod entity;
pub mod lessons;
pub mod progress;
pub mod starter;

pub use checklist::Step;
pub use lessons::{LessonInput, Placed};

/// A lesson only admins see.
pub const DRAFT: &str = "draft";
/// A lesson everyone sees.
pub const PUBLISHED: &str = "published";

/// Longest lesson body, in characters: a long guide, not a book.
pub const MAX_BODY_CHARS: usize = 40_000;

/// The checklist steps a lesson may be tied to, with the name an admin picks from.
pub mod topics {
    pub const SHOP: &str = "shop";
    pub const PHOTOS: &str = "photos";
    pub const LISTING: &str = "listing";
    pub const SHIPPING: &str = "shipping";
    pub const PACKING: &str = "packing";
    pub const PAYMENTS: &str = "payments";
    pub const CERTIFICATE: &str = "certificate";
    pub const FAIRS: &str = "fairs";
    /// Every topic with its Vietnamese name, in the order the checklist shows them.
    pub const ALL: &[(&str, &str)] = &[
        (SHOP, "Trang cửa hàng"),
        (PHOTOS, "Ảnh sản phẩm"),
        (LISTING, "Tin đăng sản phẩm"),
        (SHIPPING, "Giá và phí vận chuyển"),
        (PACKING, "Đóng gói"),
        (PAYMENTS, "Thanh toán và nhận tiền"),
        (CERTIFICATE, "Chứng nhận OCOP"),
        (FAIRS, "Hội chợ và bán tại gian hàng"),
    ];

    pub fn is_known(topic: &str) -> bool {
        ALL.iter().any(|(t, _)| *t == topic)
    }
}

/// Conflict codes this crate answers with.
pub mod conflicts {
    /// Another course or lesson of the course has this slug.
    pub const SLUG_TAKEN: &str = "slug_taken";
    /// A course that still has lessons cannot be removed.
    pub const COURSE_NOT_EMPTY: &str = "course_not_empty";
    /// Every code above with what it means, for the API document.
    pub const ALL: &[(&str, &str)] = &[
        (SLUG_TAKEN, "another course, or another lesson of the course, has this address"),
        (COURSE_NOT_EMPTY, "the course still has lessons"),
    ];
}

/// Minutes a lesson takes to read, at about 200 words a minute, at least one.
pub fn reading_minutes(body: &str) -> u32 {
    let words = body.split_whitespace().count();
    u32::try_from(words.div_ceil(200)).unwrap_or(u32::MAX).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_time_rounds_up_and_is_never_zero() {
        assert_eq!(reading_minutes(""), 1);
        assert_eq!(reading_minutes(&"chữ ".repeat(200)), 1);
        assert_eq!(reading_minutes(&"chữ ".repeat(201)), 2);
    }

    #[test]
    fn topics_are_known_by_key() {
        assert!(topics::is_known("photos"));
        assert!(!topics::is_known("Photos"));
        assert!(!topics::is_known(""));
    }
}
