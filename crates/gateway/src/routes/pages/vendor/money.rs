//! A shop's money (`/kenh-nguoi-ban/{shop}/so-du`): what the marketplace owes it and the
//! entries behind it, the monthly statement (page and CSV), its payouts, and the bank
//! account they go to.

use axum::extract::{Form, Query};
use axum::response::{IntoResponse, Redirect, Response};
use ocop_accounts::User;
use ocop_catalog::entity::shop;
use ocop_core::Error;
use serde::{Deserialize, Serialize};

use crate::error::PageError;
use crate::forms::{Outcome, outcome};
use crate::guards::{RequireShopOwner, RequireShopStaff};
use crate::page::Page;

#[derive(Serialize)]
struct BalanceView {
    shop: shop::Model,
    balance: ocop_payments::ledger::ShopBalance,
    months: Vec<ocop_payments::book::Month>,
    entries: Vec<ocop_payments::entity::ledger_entry::Model>,
    payouts: Vec<(ocop_payments::entity::payout_line::Model, ocop_payments::entity::payout_batch::Model)>,
    /// Only the owner (or an admin) says where the money goes.
    may_set_account: bool,
    banks: Vec<(&'static str, &'static str)>,
    bank_name: String,
    account_form: AccountForm,
    errors: ocop_core::FieldErrors,
    saved: bool,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct AccountForm {
    #[serde(default)]
    pub payout_bank_bin: String,
    #[serde(default)]
    pub payout_account: String,
    #[serde(default)]
    pub payout_account_name: String,
}

async fn balance_view(page: &Page, user: &User, shop: shop::Model) -> Result<BalanceView, Error> {
    let db = &page.state.db;
    let account_form = AccountForm {
        payout_bank_bin: shop.payout_bank_bin.clone().unwrap_or_default(),
        payout_account: shop.payout_account.clone().unwrap_or_default(),
        payout_account_name: shop.payout_account_name.clone().unwrap_or_default(),
    };
    Ok(BalanceView {
        balance: ocop_payments::book::shop_balance(db, shop.id).await?,
        entries: ocop_payments::book::shop_entries(db, shop.id, 100).await?,
        months: ocop_payments::book::monthly(db, shop.id).await?,
        payouts: ocop_payments::payouts::of_shop(db, shop.id).await?,
        may_set_account: ocop_catalog::shops::owns_or_admin(db, user, shop.id).await?,
        banks: ocop_payments::banks::COMMON.to_vec(),
        bank_name: ocop_payments::banks::name(&account_form.payout_bank_bin).to_owned(),
        account_form,
        errors: ocop_core::FieldErrors::new(),
        saved: false,
        shop,
    })
}

/// What the marketplace owes the shop, the entries behind it, its payouts, and where they go.
pub async fn balance(
    page: Page,
    RequireShopStaff { user, shop, .. }: RequireShopStaff,
    Query(q): Query<SavedQuery>,
) -> Result<Response, PageError> {
    let mut view = balance_view(&page, &user, shop).await?;
    view.saved = q.saved.is_some();
    Ok(page.render("vendor/balance.html", &view)?.into_response())
}

#[derive(Debug, Deserialize)]
pub struct SavedQuery {
    saved: Option<String>,
}

/// The owner sets the bank account payouts go to.
pub async fn set_payout_account(
    page: Page,
    RequireShopOwner { user, shop, .. }: RequireShopOwner,
    Form(form): Form<AccountForm>,
) -> Result<Response, PageError> {
    let saved = ocop_payments::payouts::set_account(
        &page.state.db,
        shop.id,
        &form.payout_bank_bin,
        &form.payout_account,
        &form.payout_account_name,
    )
    .await;
    match outcome(saved, &[])? {
        Outcome::Done(()) => Ok(Redirect::to(&format!("/kenh-nguoi-ban/{}/so-du?saved=1", shop.slug)).into_response()),
        Outcome::Refused(refused) => {
            let mut view = balance_view(&page, &user, shop).await?;
            view.errors = refused.fields();
            view.account_form = form;
            Ok(refused.render(&page, "vendor/balance.html", &view))
        }
    }
}

/// The monthly statement as CSV (UTF-8 with a BOM, so Excel shows the diacritics).
pub async fn statement_csv(page: Page, RequireShopStaff { shop, .. }: RequireShopStaff) -> Result<Response, PageError> {
    let months = ocop_payments::book::monthly(&page.state.db, shop.id).await?;
    let mut csv = String::from(
        "\u{feff}thang,doanh_thu_vnd,hoa_hong_vnd,thue_gtgt_khau_tru_vnd,thue_tncn_khau_tru_vnd,gian_hang_nhan_vnd,\
         san_bu_ma_giam_gia_vnd\n",
    );
    for m in months {
        csv.push_str(&format!(
            "{},{},{},{},{},{},{}\n",
            m.month,
            m.sales_vnd,
            m.commission_vnd,
            m.vat_withheld_vnd,
            m.pit_withheld_vnd,
            m.shop_vnd,
            m.marketplace_vouchers_vnd
        ));
    }
    let headers = [
        (axum::http::header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
        (axum::http::header::CONTENT_DISPOSITION, format!("attachment; filename=\"bao-cao-{}.csv\"", shop.slug)),
    ];
    Ok((headers, csv).into_response())
}
