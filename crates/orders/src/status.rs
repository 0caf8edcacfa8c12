//! The statuses of a shop order and who may move it where. Every move is one step forward
//! (or a cancellation before shipping); nothing skips and nothing goes back.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    AwaitingPayment,
    Confirmed,
    Packed,
    Shipped,
    Delivered,
    Completed,
    Cancelled,
    Refunded,
}

/// Who asks for a move: the buyer, a member of the selling shop, an admin, or the system
/// (payment arrived, unpaid too long, complaint window over).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    Shopper,
    Shop,
    Admin,
    System,
}

pub const ALL: [Status; 8] = [
    Status::AwaitingPayment,
    Status::Confirmed,
    Status::Packed,
    Status::Shipped,
    Status::Delivered,
    Status::Completed,
    Status::Cancelled,
    Status::Refunded,
];

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AwaitingPayment => "awaiting_payment",
            Self::Confirmed => "confirmed",
            Self::Packed => "packed",
            Self::Shipped => "shipped",
            Self::Delivered => "delivered",
            Self::Completed => "completed",
            Self::Cancelled => "cancelled",
            Self::Refunded => "refunded",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// The Vietnamese label shoppers and shops read.
    pub fn label(self) -> &'static str {
        match self {
            Self::AwaitingPayment => "Chờ thanh toán",
            Self::Confirmed => "Đã xác nhận",
            Self::Packed => "Đã đóng gói",
            Self::Shipped => "Đang giao",
            Self::Delivered => "Đã giao",
            Self::Completed => "Hoàn tất",
            Self::Cancelled => "Đã huỷ",
            Self::Refunded => "Đã hoàn tiền",
        }
    }

    pub fn is_final(self) -> bool {
        matches!(self, Self::Completed | Self::Cancelled | Self::Refunded)
    }

    /// Stock goes back only while the goods have not left the shop.
    pub fn may_cancel(self, actor: Actor) -> bool {
        match actor {
            Actor::Shopper => matches!(self, Self::AwaitingPayment | Self::Confirmed),
            Actor::Shop | Actor::Admin => matches!(self, Self::AwaitingPayment | Self::Confirmed | Self::Packed),
            Actor::System => self == Self::AwaitingPayment,
        }
    }

    /// The one forward step from here, and who may take it.
    pub fn next(self) -> Option<(Self, &'static [Actor])> {
        use Actor::{Admin, Shop, Shopper, System};
        match self {
            Self::AwaitingPayment => Some((Self::Confirmed, &[System, Admin])),
            Self::Confirmed => Some((Self::Packed, &[Shop])),
            Self::Packed => Some((Self::Shipped, &[Shop])),
            Self::Shipped => Some((Self::Delivered, &[Shop, Admin])),
            Self::Delivered => Some((Self::Completed, &[Shopper, System, Admin])),
            Self::Completed | Self::Cancelled | Self::Refunded => None,
        }
    }

    /// Whether `actor` may move a shop order from `self` to `to`.
    pub fn allows(self, to: Status, actor: Actor) -> bool {
        if to == Self::Cancelled {
            return self.may_cancel(actor);
        }
        if to == Self::Refunded {
            // Only through a refund request the shop accepted or an admin granted.
            return matches!(self, Self::Delivered | Self::Completed) && matches!(actor, Actor::System);
        }
        self.next().is_some_and(|(next, who)| next == to && who.contains(&actor))
    }
}

#[cfg(test)]
mod tests {
    use super::Actor::*;
    use super::Status::*;
    use super::*;

    #[test]
    fn forward_one_step_at_a_time() {
        assert!(Confirmed.allows(Packed, Shop));
        assert!(Packed.allows(Shipped, Shop));
        assert!(!Confirmed.allows(Shipped, Shop), "no skipping");
        assert!(!Shipped.allows(Packed, Shop), "no going back");
        assert!(!Confirmed.allows(Packed, Shopper), "a shopper does not pack");
        assert!(!AwaitingPayment.allows(Confirmed, Shop), "a shop cannot mark itself paid");
        assert!(Delivered.allows(Completed, Shopper));
        assert!(!Completed.allows(Delivered, Admin));
    }

    #[test]
    fn cancelling_stops_once_goods_leave() {
        assert!(Confirmed.allows(Cancelled, Shopper));
        assert!(!Packed.allows(Cancelled, Shopper), "shopper only before packing");
        assert!(Packed.allows(Cancelled, Shop));
        assert!(!Shipped.allows(Cancelled, Shop));
        assert!(!Confirmed.allows(Cancelled, System), "the unpaid-order worker touches unpaid orders only");
        assert!(!Cancelled.allows(Cancelled, Admin));
    }

    #[test]
    fn names_round_trip() {
        for s in ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
        }
        assert_eq!(Status::parse("lost"), None);
    }
}
