//! Selling at a fair booth or a shop's counter (a tourist spot, an airport). A sale is made
//! on the seller's phone, often with a bad connection: the phone keeps it with an id it made
//! itself and sends it when it can, as often as it needs to. The server records each id once,
//! takes the stock from the same inventory as online orders, and says so plainly when the
//! stock is gone, so the seller can settle it; the ledger picks the sale up afterwards.

pub mod conflicts;
pub mod entity;
pub mod sale;

pub use sale::{LineInput, Recorded, Sale, SaleInput, record};
