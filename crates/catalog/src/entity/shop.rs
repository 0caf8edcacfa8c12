use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "shops")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub producer_type: String,
    pub registration_number: Option<String>,
    pub registration_date: Option<Date>,
    pub registration_issuer: Option<String>,
    pub tax_code: Option<String>,
    pub province_code: String,
    pub province_input: String,
    pub commune: String,
    pub street: String,
    pub phone: String,
    pub description: String,
    pub status: String,
    pub rejection_reason: Option<String>,
    pub verified_by: Option<i64>,
    pub verified_at: Option<DateTimeUtc>,
    pub auto_approve: bool,
    pub on_vacation: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// Media key of the logo (square, re-encoded).
    pub logo_key: Option<String>,
    /// This shop's commission in basis points, over the marketplace's default.
    pub commission_bps: Option<i32>,
    /// The shop takes cash on delivery.
    pub cod_enabled: bool,
    /// Where payouts go: NAPAS bank BIN, account number and holder name (as the bank spells it).
    pub payout_bank_bin: Option<String>,
    pub payout_account: Option<String>,
    pub payout_account_name: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
