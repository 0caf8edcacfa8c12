//! OCOP trade fairs. A province (or the marketplace) runs a fair at a venue, online, or both;
//! shops of the invited provinces apply for booths; the organiser gives booth numbers on a
//! grid and fair prices that hold only while the fair runs. Buying through the fair's pages
//! is an ordinary order tagged with the fair; selling at the booth is a booth sale tagged
//! with it; visits are counted for the report.

pub mod booths;
pub mod conflicts;
pub mod entity;
pub mod fair;
pub mod prices;
pub mod visits;

pub use fair::{FairInput, Phase};
