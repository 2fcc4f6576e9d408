//! `GET /consortium`: who the consortium is, for everyone.

use actix_web::{get, web};
use serde::Serialize;
use utoipa::ToSchema;

use crate::consortium::store;
use crate::consortium::MemberKind;
use crate::db;
use crate::error::ApiError;
use crate::AppState;

/// A member as the public sees it: its name and kind, nothing else.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConsortiumEntryView {
    pub name_ja: String,
    pub name_en: String,
    pub kind: MemberKind,
}

/// List the consortium's members
///
/// Organisation names and kinds only, by kind and English name; no contact is ever shown.
/// Public, no sign-in.
#[utoipa::path(
    tag = "consortium",
    security(()),
    responses((status = 200, description = "The members", body = Vec<ConsortiumEntryView>))
)]
#[get("/consortium")]
pub async fn list_consortium(
    state: web::Data<AppState>,
) -> Result<web::Json<Vec<ConsortiumEntryView>>, ApiError> {
    let rows = db::run(&state.pool, |conn| Ok(store::list_members(conn)?)).await?;
    Ok(web::Json(
        rows.into_iter()
            .map(|m| ConsortiumEntryView {
                name_ja: m.name_ja,
                name_en: m.name_en,
                kind: m.kind,
            })
            .collect(),
    ))
}
