//! `/surveys/{token}`: a survey read and answered through its personal link, without
//! signing in. The token is the credential: it opens its own survey only, once, for 60 days;
//! unknown and expired tokens answer 404 alike, a used one 409. Rate limited per client
//! address like logins.

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::auth::rate_limit::client_ip;
use crate::db;
use crate::error::{ApiError, Problem};
use crate::extract::JsonBody;
use crate::follow_up::{surveys, NextStep, SurveyKind, SurveyStatus};
use crate::i18n::Locale;
use crate::japan;
use crate::negotiations::NegotiationStatus;
use crate::AppState;

/// A survey as its respondent sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct SurveyView {
    pub id: Uuid,
    pub kind: SurveyKind,
    /// The respondent's language, in which the questions are written.
    pub language: Locale,
    pub due_at: DateTime<Utc>,
    /// Until when the link works.
    pub expires_at: DateTime<Utc>,
    pub context: SurveyContext,
    pub questions: Vec<Question>,
}

/// What the survey is about.
#[derive(Debug, Serialize, ToSchema)]
pub struct SurveyContext {
    pub event_name: String,
    pub event_city: String,
    pub starts_on: NaiveDate,
    /// The meeting's slot, for a meeting survey.
    pub meeting_at: Option<DateTime<Utc>>,
    /// The other side of the meeting.
    pub other_party: Option<String>,
    /// The capability the meeting was asked about.
    pub capability: Option<String>,
}

#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum QuestionType {
    /// An integer from 1 to 5.
    Rating,
    /// One of `options`.
    Choice,
    Boolean,
    Text,
    /// An amount (`amount_minor` with `currency`, `exchange_rate` or `amount_jpy`).
    Money,
    Date,
}

/// One question: the answer's field and its label in the respondent's language.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = SurveyQuestion)]
pub struct Question {
    pub field: String,
    #[serde(rename = "type")]
    pub kind: QuestionType,
    pub required: bool,
    pub label: String,
    pub options: Vec<String>,
}

/// An answer. A feedback survey takes `rating` (required), `interpreter_rating`,
/// `next_step` (meeting feedback) or `would_recommend` (event feedback) and `comment`; an
/// outcome survey takes `outcome` (required) and the negotiation report's own fields, under
/// its rules (`won` needs an amount and `closed_on`…).
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SurveyAnswer {
    #[validate(range(min = 1, max = 5))]
    #[schema(minimum = 1, maximum = 5)]
    pub rating: Option<i32>,
    #[validate(range(min = 1, max = 5))]
    #[schema(minimum = 1, maximum = 5)]
    pub interpreter_rating: Option<i32>,
    pub next_step: Option<NextStep>,
    pub would_recommend: Option<bool>,
    #[validate(length(max = 4000))]
    #[schema(max_length = 4000)]
    pub comment: Option<String>,
    pub outcome: Option<NegotiationStatus>,
    #[schema(minimum = 0)]
    pub amount_minor: Option<i64>,
    #[schema(value_type = Option<crate::negotiations::money::CurrencyCode>)]
    pub currency: Option<String>,
    #[schema(pattern = "^[0-9]{1,12}(\\.[0-9]{0,6})?$")]
    pub exchange_rate: Option<String>,
    #[schema(minimum = 0)]
    pub amount_jpy: Option<i64>,
    pub closed_on: Option<NaiveDate>,
}

/// The survey after its answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct SurveyAnswered {
    pub id: Uuid,
    pub kind: SurveyKind,
    pub status: SurveyStatus,
    pub answered_at: Option<DateTime<Utc>>,
}

/// Read a survey
///
/// Through the personal link of its mail; no sign-in.
#[utoipa::path(
    tag = "surveys",
    security(()),
    params(("token" = String, Path, description = "The link's token")),
    responses(
        (status = 200, description = "The survey's questions and context", body = SurveyView),
        (status = 404, description = "No such link, or it expired", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The survey was answered already", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts from this address", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/surveys/{token}")]
pub async fn get_survey(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<SurveyView>, ApiError> {
    state
        .limits
        .check_survey_link(client_ip(&req, state.config.trust_forwarded_for))?;
    let token = path.into_inner();
    let view = db::run(&state.pool, move |conn| {
        let (link, survey) = surveys::open(conn, &token, db::now())?;
        surveys::view(conn, &link, &survey)
    })
    .await?;
    Ok(web::Json(view))
}

/// Answer a survey
///
/// Once, through the personal link of its mail; no sign-in. An outcome becomes the
/// respondent's side's negotiation report; `won` or `lost` ends that side's later outcome
/// survey.
#[utoipa::path(
    tag = "surveys",
    security(()),
    params(("token" = String, Path, description = "The link's token")),
    request_body = SurveyAnswer,
    responses(
        (status = 201, description = "The answer is recorded", body = SurveyAnswered),
        (status = 404, description = "No such link, or it expired", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The survey was answered already", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field the survey does not ask or needs; an outcome breaking the negotiation report's rules", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts from this address", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/surveys/{token}")]
pub async fn answer_survey(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    JsonBody(body): JsonBody<SurveyAnswer>,
) -> Result<HttpResponse, ApiError> {
    state
        .limits
        .check_survey_link(client_ip(&req, state.config.trust_forwarded_for))?;
    let token = path.into_inner();
    let today = japan::today();
    let row = db::write(&state.pool, move |conn| {
        surveys::answer(conn, &token, &body, today)
    })
    .await?;
    Ok(HttpResponse::Created().json(SurveyAnswered {
        id: db::parse_id(&row.id)?,
        kind: row.kind,
        status: row.status,
        answered_at: row.answered_at.map(|t| t.and_utc()),
    }))
}
