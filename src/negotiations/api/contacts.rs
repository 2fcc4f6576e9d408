//! `/meetings/{id}/negotiation/contacts`: the follow-up contact log (the company's members
//! and the desk).

use actix_web::{get, post, web, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::auth::AuthUser;
use crate::db::{self, parse_id};
use crate::error::{ApiError, Problem};
use crate::extract::JsonBody;
use crate::i18n::Msg;
use crate::japan;
use crate::negotiations::actions::{self, ContactEntry};
use crate::negotiations::store::ContactRow;
use crate::negotiations::Channel;
use crate::AppState;

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewContact {
    pub contacted_on: NaiveDate,
    pub channel: Channel,
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000)]
    pub summary: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ContactView {
    pub id: Uuid,
    pub contacted_on: NaiveDate,
    pub channel: String,
    pub summary: String,
    pub recorded_by: Uuid,
    pub recorded_at: DateTime<Utc>,
}

fn contact_view(row: ContactRow) -> Result<ContactView, ApiError> {
    Ok(ContactView {
        id: parse_id(&row.id)?,
        contacted_on: row.contacted_on,
        channel: <&'static str>::from(row.channel).to_owned(),
        summary: row.summary,
        recorded_by: parse_id(&row.recorded_by)?,
        recorded_at: row.created_at.and_utc(),
    })
}

/// List a negotiation's follow-up contacts
///
/// Oldest first. The company's members and the desk.
#[utoipa::path(
    tag = "negotiations",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Meeting id")),
    responses(
        (status = 200, description = "Contacts", body = Vec<ContactView>),
        (status = 403, description = "Not the company or the desk", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The meeting has not been held", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/meetings/{id}/negotiation/contacts")]
pub async fn list_contacts(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
) -> Result<web::Json<Vec<ContactView>>, ApiError> {
    let key = path.into_inner().to_string();
    let rows = db::run(&state.pool, move |conn| {
        actions::contacts(conn, &user, &key)
    })
    .await?;
    Ok(web::Json(
        rows.into_iter()
            .map(contact_view)
            .collect::<Result<_, _>>()?,
    ))
}

/// Log a follow-up contact
///
/// The company's members and the desk.
#[utoipa::path(
    tag = "negotiations",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Meeting id")),
    request_body = NewContact,
    responses(
        (status = 201, description = "Logged", body = ContactView),
        (status = 403, description = "Not the company or the desk", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The meeting has not been held", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Business rule: `contacted_on` is not in the future (Japan time)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/meetings/{id}/negotiation/contacts")]
pub async fn add_contact(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<NewContact>,
) -> Result<HttpResponse, ApiError> {
    if body.contacted_on > japan::today() {
        return Err(ApiError::invalid("contacted_on", Msg::NotInFuture));
    }
    let key = path.into_inner().to_string();
    let row = db::write(&state.pool, move |conn| {
        let entry = ContactEntry {
            contacted_on: body.contacted_on,
            channel: body.channel,
            summary: &body.summary,
        };
        actions::add_contact(conn, &user, &key, entry)
    })
    .await?;
    Ok(HttpResponse::Created().json(contact_view(row)?))
}
