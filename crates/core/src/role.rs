use std::fmt;
use std::str::FromStr;

/// What a user may do. A coordinator is a province OCOP officer who onboards producers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Shopper,
    Vendor,
    Coordinator,
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Shopper, Role::Vendor, Role::Coordinator, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Shopper => "shopper",
            Role::Vendor => "vendor",
            Role::Coordinator => "coordinator",
            Role::Admin => "admin",
        }
    }

    /// The Vietnamese name shown on pages.
    pub fn label_vi(self) -> &'static str {
        match self {
            Role::Shopper => "Người mua",
            Role::Vendor => "Người bán",
            Role::Coordinator => "Cán bộ điều phối OCOP",
            Role::Admin => "Quản trị viên",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| format!("unknown role '{s}' (shopper, vendor, coordinator or admin)"))
    }
}
