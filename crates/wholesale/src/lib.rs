//! The supply–demand board ("kết nối cung cầu", issue #7): buyers — distributors,
//! supermarkets, restaurants, other provinces' trade centres — post wholesale requests;
//! the shops that fit are told; shops answer with offers and talk with the buyer in a
//! thread per offer; the buyer accepts one. Every move of a request or an offer is a
//! conditional update, so two clicks (or two buyers' tabs) cannot accept twice.
//! Nothing here knows HTTP.

pub mod conflicts;
pub mod entity;
pub mod fit;
pub mod input;
pub mod offers;
pub mod requests;
pub mod stats;
pub mod status;

/// Today in Vietnam's calendar: deadlines are dates there.
pub fn today_vn() -> chrono::NaiveDate {
    ocop_core::time::vn_today()
}
