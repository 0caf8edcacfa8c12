//! Who may open a route, checked before the handler runs: extractors that let a handler
//! start from the admin, the moderator or the shop's staff instead of checking by hand.
//!
//! Each guard answers the way its door does ([`Door`]): a page sends a guest to the login
//! page and shows a refusal as an error page; the API answers 401 and 403 in JSON. Only
//! the role is checked here; the services still decide what an actor may do to one row
//! (a coordinator's provinces, a shop's owner).

use std::marker::PhantomData;

use axum::extract::{FromRef, FromRequestParts, Path};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use ocop_accounts::{Role, User};
use ocop_catalog::entity::shop;
use ocop_core::Error;

use crate::auth::{ApiUser, SignedIn};
use crate::error::{ApiError, PageError};
use crate::state::AppState;

/// How a route learns who asks, and how it says no.
pub trait Door: Send + Sync + 'static {
    /// The signed-in user, or the answer a guest gets.
    fn user(parts: &mut Parts, state: &AppState) -> impl Future<Output = Result<User, Response>> + Send;
    /// A refusal (403) or a failed lookup (404), answered this door's way.
    fn refuse(err: Error) -> Response;
}

/// A page: the session cookie; a guest is sent to `/dang-nhap?next=…`, a refusal is an
/// error page.
pub struct Pages;

/// The JSON API: a bearer token; 401 and 403 as `{"error": …}`.
pub struct Api;

/// A page's script (the booth's offline queue): the session cookie like a page, but
/// refusals in JSON like the API.
pub struct PageScript;

impl Door for Pages {
    async fn user(parts: &mut Parts, state: &AppState) -> Result<User, Response> {
        <SignedIn as FromRequestParts<AppState>>::from_request_parts(parts, state).await.map(|SignedIn(user)| user)
    }

    fn refuse(err: Error) -> Response {
        PageError(err).into_response()
    }
}

impl Door for Api {
    async fn user(parts: &mut Parts, state: &AppState) -> Result<User, Response> {
        <ApiUser as FromRequestParts<AppState>>::from_request_parts(parts, state)
            .await
            .map(|ApiUser(user)| user)
            .map_err(IntoResponse::into_response)
    }

    fn refuse(err: Error) -> Response {
        ApiError(err).into_response()
    }
}

impl Door for PageScript {
    async fn user(parts: &mut Parts, state: &AppState) -> Result<User, Response> {
        Pages::user(parts, state).await
    }

    fn refuse(err: Error) -> Response {
        Api::refuse(err)
    }
}

async fn with_role<D: Door>(parts: &mut Parts, state: &AppState, roles: &[Role]) -> Result<User, Response> {
    let user = D::user(parts, state).await?;
    if roles.contains(&user.role) { Ok(user) } else { Err(D::refuse(Error::Forbidden)) }
}

/// An admin (money, orders, refunds, the audit log: coordinators moderate, they do not
/// pay or refund).
pub struct RequireAdmin<D: Door = Pages> {
    pub user: User,
    door: PhantomData<D>,
}

impl<S, D> FromRequestParts<S> for RequireAdmin<D>
where
    AppState: FromRef<S>,
    S: Send + Sync,
    D: Door,
{
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let state = AppState::from_ref(state);
        let user = with_role::<D>(parts, &state, &[Role::Admin]).await?;
        Ok(Self { user, door: PhantomData })
    }
}

/// An admin or a province coordinator: moderation, shops to verify, fairs to organise.
/// Which provinces a coordinator may act in is the service's to check.
pub struct RequireModerator<D: Door = Pages> {
    pub user: User,
    door: PhantomData<D>,
}

impl<S, D> FromRequestParts<S> for RequireModerator<D>
where
    AppState: FromRef<S>,
    S: Send + Sync,
    D: Door,
{
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let state = AppState::from_ref(state);
        let user = with_role::<D>(parts, &state, &[Role::Admin, Role::Coordinator]).await?;
        Ok(Self { user, door: PhantomData })
    }
}

/// The `{shop}` segment of the path.
async fn shop_slug<D: Door>(parts: &mut Parts, state: &AppState) -> Result<String, Response> {
    let Path(params) = Path::<std::collections::HashMap<String, String>>::from_request_parts(parts, state)
        .await
        .map_err(IntoResponse::into_response)?;
    params.get("shop").cloned().ok_or_else(|| D::refuse(Error::internal("a shop guard on a path without {shop}")))
}

/// Who may act for the shop of a `{shop}` path segment, and how that shop is found.
pub trait ShopRule: Send + Sync + 'static {
    fn shop(state: &AppState, user: &User, slug: &str) -> impl Future<Output = Result<shop::Model, Error>> + Send;
}

/// The shop of the `{shop}` path segment and someone `R` lets act for it.
pub struct ShopGuard<R: ShopRule, D: Door = Pages> {
    pub user: User,
    pub shop: shop::Model,
    rule: PhantomData<(R, D)>,
}

impl<S, R, D> FromRequestParts<S> for ShopGuard<R, D>
where
    AppState: FromRef<S>,
    S: Send + Sync,
    R: ShopRule,
    D: Door,
{
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let state = AppState::from_ref(state);
        let user = D::user(parts, &state).await?;
        let slug = shop_slug::<D>(parts, &state).await?;
        let shop = R::shop(&state, &user, &slug).await.map_err(D::refuse)?;
        Ok(Self { user, shop, rule: PhantomData })
    }
}

/// One of the shop's staff (or an admin): its orders, money, selling screen, fairs and
/// sales. Anyone else gets 404, as if it did not exist ([`ocop_orders::queries::staff_shop`]).
pub struct Staff;

impl ShopRule for Staff {
    async fn shop(state: &AppState, user: &User, slug: &str) -> Result<shop::Model, Error> {
        ocop_orders::queries::staff_shop(&state.db, user, slug).await
    }
}

/// Someone who may keep the shop's catalogue: a member, an admin, or the coordinator of
/// the shop's province ([`ocop_catalog::shops::for_member`]). Anyone else gets 404.
pub struct Member;

impl ShopRule for Member {
    async fn shop(state: &AppState, user: &User, slug: &str) -> Result<shop::Model, Error> {
        ocop_catalog::shops::for_member(&state.db, user, slug).await
    }
}

/// The shop's owner (or an admin): for what only an owner decides — fairs, fair prices,
/// where the money goes. Staff get 403, anyone else 404 ([`ocop_orders::queries::owned_shop`]).
pub struct Owner;

impl ShopRule for Owner {
    async fn shop(state: &AppState, user: &User, slug: &str) -> Result<shop::Model, Error> {
        ocop_orders::queries::owned_shop(&state.db, user, slug).await
    }
}

/// Someone who works for the shop, and no one else (not even an admin): the shop's
/// conversations with shoppers are private ([`ocop_messages::read::inbox_shop`]). Anyone
/// else gets 404.
pub struct Inbox;

impl ShopRule for Inbox {
    async fn shop(state: &AppState, user: &User, slug: &str) -> Result<shop::Model, Error> {
        ocop_messages::read::inbox_shop(&state.db, user.id, slug).await
    }
}

/// See [`Inbox`].
pub type RequireShopInbox<D = Pages> = ShopGuard<Inbox, D>;
/// See [`Staff`].
pub type RequireShopStaff<D = Pages> = ShopGuard<Staff, D>;
/// See [`Member`].
pub type RequireShopMember<D = Pages> = ShopGuard<Member, D>;
/// See [`Owner`].
pub type RequireShopOwner<D = Pages> = ShopGuard<Owner, D>;
