//! Who performs a write. The gateway's guard has already checked the role; a service that
//! receives an [`Actor`] trusts it and records it (the audit log's `actor_id`).

use crate::role::Role;

/// The signed-in person a staff, admin or shop write is done by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    pub user_id: i64,
    pub role: Role,
}

impl Actor {
    pub fn new(user_id: i64, role: Role) -> Self {
        Self { user_id, role }
    }

    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }
}
