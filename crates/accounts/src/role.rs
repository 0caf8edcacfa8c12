//! The roles live in `ocop-core` so that [`ocop_core::Actor`] can carry one; re-exported
//! here where accounts have always offered them.

pub use ocop_core::role::Role;
