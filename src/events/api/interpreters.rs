//! `/events/{id}/interpreters`: a trade fair's interpreters.

use actix_web::{get, post, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::auth::{policy, AuthUser};
use crate::codes::LanguageCode;
use crate::db::parse_id;
use crate::db::{self, decode_list, encode_list};
use crate::error::{ApiError, FieldError, Problem};
use crate::events::store::{self as events_store, InterpreterRow};
use crate::extract::JsonBody;
use crate::i18n::Msg;
use crate::{validate, AppState};

#[derive(Debug, Serialize, ToSchema)]
pub struct InterpreterView {
    pub id: Uuid,
    pub name: String,
    /// ISO 639-1 codes.
    pub languages: Vec<String>,
    /// Where the reminders of the meetings they interpret go (24 hours and one hour before),
    /// in Japanese when `languages` has `ja`, else in English.
    #[schema(format = Email)]
    pub email: Option<String>,
}

fn interpreter_view(row: InterpreterRow) -> Result<InterpreterView, ApiError> {
    Ok(InterpreterView {
        id: parse_id(&row.id)?,
        languages: decode_list(&row.languages)?,
        name: row.name,
        email: row.email,
    })
}

/// List a trade fair's interpreters
///
/// With their languages. The desk only.
#[utoipa::path(
    tag = "events",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Event id")),
    responses(
        (status = 200, description = "Interpreters", body = Vec<InterpreterView>),
        (status = 403, description = "Not the desk", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such event", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/events/{id}/interpreters")]
pub async fn list_interpreters(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
) -> Result<web::Json<Vec<InterpreterView>>, ApiError> {
    policy::manage_events(&user)?;
    let key = path.into_inner().to_string();
    let rows = db::run(&state.pool, move |conn| {
        events_store::find_event(conn, &key)?;
        Ok(events_store::list_interpreters(conn, &key)?)
    })
    .await?;
    Ok(web::Json(
        rows.into_iter()
            .map(interpreter_view)
            .collect::<Result<_, _>>()?,
    ))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewInterpreter {
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub name: String,
    /// ISO 639-1 codes, at least two.
    #[schema(value_type = Vec<LanguageCode>, min_items = 2, max_items = 20)]
    pub languages: Vec<String>,
    /// For the reminders of the meetings they interpret; without it they get none.
    #[schema(format = Email, max_length = 254)]
    pub email: Option<String>,
}

/// Add an interpreter to a trade fair
///
/// The scheduler gives an interpreter to meetings whose company and buyer share no language.
/// The desk only.
#[utoipa::path(
    tag = "events",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Event id")),
    request_body = NewInterpreter,
    responses(
        (status = 201, description = "Added", body = InterpreterView),
        (status = 403, description = "Not the desk", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such event", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/events/{id}/interpreters")]
pub async fn add_interpreter(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<NewInterpreter>,
) -> Result<HttpResponse, ApiError> {
    policy::manage_events(&user)?;
    let mut errors = validate::language_codes("languages", &body.languages);
    if body.languages.len() < 2 {
        errors.push(FieldError::new("languages", Msg::InterpreterTwoLanguages));
    }
    // Compared and stored as accounts' addresses are: trimmed and lower-cased.
    let email = body.email.as_deref().map(|e| e.trim().to_lowercase());
    if email.as_deref().is_some_and(|e| {
        use validator::ValidateEmail;
        e.len() > 254 || !e.validate_email()
    }) {
        errors.push(FieldError::new("email", Msg::Email));
    }
    validate::finish(errors)?;
    let key = path.into_inner().to_string();
    let row = db::write(&state.pool, move |conn| {
        events_store::find_event(conn, &key)?;
        let row = InterpreterRow {
            id: db::new_id(),
            event_id: key.clone(),
            name: body.name.trim().to_owned(),
            languages: encode_list(&body.languages),
            email,
        };
        events_store::insert_interpreter(conn, &row)?;
        Ok(row)
    })
    .await?;
    Ok(HttpResponse::Created().json(interpreter_view(row)?))
}
