//! The municipalities of one installation (issue 25): the host (Sagamihara, which runs the
//! service and whose migration created it) and the partners its admins add. Every company
//! belongs to exactly one; a staff account is host-wide or scoped to one (the scope is
//! carried by [`crate::auth::AuthUser`] and checked in [`crate::auth::policy`]). Here: the
//! view, the host's fixed id, and the lookup the API's `municipality` parameters share.

pub mod api;
pub mod code;
pub mod store;

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::db::{parse_id, DbConn};
use crate::error::ApiError;
use crate::i18n::Msg;
use store::MunicipalityRow;

/// The host municipality's id, fixed by migration 000026 on both backends: every company
/// that existed before partners did is the host's, and a registration that names no
/// municipality joins it.
pub const HOST_ID: &str = "01900000-0000-7000-8000-000000141500";

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MunicipalityView {
    pub id: Uuid,
    /// The six-digit 全国地方公共団体コード, check digit included.
    #[schema(example = "141500")]
    pub code: String,
    pub name_ja: String,
    pub name_en: String,
    /// The installation's host (there is exactly one).
    pub is_host: bool,
    pub created_at: DateTime<Utc>,
}

impl MunicipalityRow {
    pub fn view(&self) -> Result<MunicipalityView, ApiError> {
        Ok(MunicipalityView {
            id: parse_id(&self.id)?,
            code: self.code.clone(),
            name_ja: self.name_ja.clone(),
            name_en: self.name_en.clone(),
            is_host: self.is_host,
            created_at: self.created_at.and_utc(),
        })
    }
}

/// The municipality a body names must exist (422 on `field` otherwise).
pub fn require_existing(conn: &mut DbConn, field: &str, id: &Uuid) -> Result<(), ApiError> {
    if store::exists(conn, &id.to_string())? {
        Ok(())
    } else {
        Err(ApiError::invalid(field, Msg::UnknownMunicipality))
    }
}

/// The municipality a query parameter names by id or by code; an unknown one is not found.
pub fn resolve(conn: &mut DbConn, key: &str) -> Result<MunicipalityRow, ApiError> {
    store::find_by_id_or_code(conn, key.trim())?.ok_or(ApiError::NotFound)
}
