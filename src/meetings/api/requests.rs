//! `/meetings`: a buyer (or the desk) requests a meeting; lists and reads meetings.

use actix_web::{get, post, web, HttpResponse};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::auth::{policy, AuthUser, Role};
use crate::codes::LanguageCode;
use crate::db;
use crate::error::{ApiError, Problem};
use crate::extract::{JsonBody, Query};
use crate::meetings::lifecycle::MeetingStatus;
use crate::meetings::request::{self, Ask};
use crate::meetings::store::{self as meetings_store, MeetingFilter};
use crate::meetings::{load_view, meeting_for, MeetingView};
use crate::paging::{Page, PageParams, Paging};
use crate::{validate, AppState};

/// A buyer asks a company exhibiting at a trade fair for a meeting (naming `company_id`), or
/// a company proposes one to a buyer registered for the fair (naming `buyer_id`); the desk
/// names both.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeetingRequest {
    pub event_id: Uuid,
    /// The company to meet; a company's member may leave it out (its own).
    pub company_id: Option<Uuid>,
    /// The capability the buyer wants to talk about, if one.
    pub capability_id: Option<Uuid>,
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000)]
    pub message: String,
    /// ISO 639-1 codes of the languages the buyer can negotiate in.
    #[serde(default)]
    #[schema(value_type = Vec<LanguageCode>, max_items = 20)]
    pub languages_needed: Vec<String>,
    /// The buyer organisation: a company proposing names it, and so does the desk requesting
    /// on a buyer's behalf; a buyer's member may leave it out (its own).
    pub buyer_id: Option<Uuid>,
}

/// Request a meeting
///
/// A business meeting between a buyer and the company offering a capability, at a trade fair
/// both attend. Either side may ask, as the event's `initiators` allow: a verified buyer's
/// members ask an exhibitor (the company answers), an exhibitor's members propose to a
/// verified buyer registered for the fair (the buyer answers; never accepted on arrival),
/// and the desk asks on a buyer's behalf (the company answers). The meeting shows
/// `initiated_by`.
#[utoipa::path(
    tag = "meetings",
    security(("bearer" = [])),
    request_body(content = MeetingRequest, example = json!({
        "event_id": "01a23482-08a2-7676-a8ed-e737b9567205",
        "company_id": "01a23481-ae70-7605-b560-8c215e47e881",
        "capability_id": "01a23481-ae98-738e-b05c-581d0003c4c0",
        "message": "We source machined aluminium housings, about 2,000 a month. Could we meet at the fair?",
        "languages_needed": [
            "en"
        ]
    })),
    responses(
        (status = 201, description = "Requested (or accepted at once where the event auto-accepts)", body = MeetingView, example = json!({
            "id": "01a23482-a07f-7242-8b1e-0752369f5e79",
            "event_id": "01a23482-08a2-7676-a8ed-e737b9567205",
            "company": {
                "id": "01a23481-ae70-7605-b560-8c215e47e881",
                "name_ja": "橋本精機第3工場",
                "name_en": "Hashimoto Precision Plant 3"
            },
            "buyer": {
                "id": "01a23481-b6b0-74b9-a64a-0aaad849c297",
                "name": "Siam Precision Parts",
                "country": "TH"
            },
            "capability_id": "01a23481-ae98-738e-b05c-581d0003c4c0",
            "message": "We source machined aluminium housings, about 2,000 a month. Could we meet at the fair?",
            "languages_needed": [
                "en"
            ],
            "status": "requested",
            "initiated_by": "buyer",
            "placement": null,
            "held_at": null,
            "started_at": null,
            "created_at": "2026-12-02T02:08:25.727098Z",
            "updated_at": "2026-12-02T02:08:25.727098Z",
            "history": [
                {
                    "from_status": null,
                    "to_status": "requested",
                    "actor_id": "01a23481-b6b1-7247-9844-d9bb4813c323",
                    "note": null,
                    "at": "2026-12-02T02:08:25.727098Z"
                }
            ]
        })),
        (status = 403, description = "Not a verified buyer, an exhibitor's member or the desk, or the event does not let this side ask", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such event", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "An open request exists, a limit is reached, or the event is not open", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Business rule: the event is a trade fair where the company exhibits; a buyer requests for its own organisation (naming `company_id`), a company proposes for its own company to a verified buyer registered for the fair (naming `buyer_id`), the desk names both and they exist", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests from this user", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/meetings")]
pub async fn request_meeting(
    user: AuthUser,
    state: web::Data<AppState>,
    JsonBody(body): JsonBody<MeetingRequest>,
) -> Result<HttpResponse, ApiError> {
    state.limits.check_meeting_request(user.id)?;
    validate::finish(validate::language_codes(
        "languages_needed",
        &body.languages_needed,
    ))?;
    let (company_id, buyer_id, initiated_by) =
        request::parties(&user, body.company_id, body.buyer_id)?;
    let ask = Ask {
        buyer_id,
        initiated_by,
        event_id: body.event_id,
        company_id,
        capability_id: body.capability_id,
        message: body.message,
        languages_needed: body.languages_needed,
    };
    let view = db::write(&state.pool, move |conn| {
        // A scoped desk asks on behalf of its own municipality's companies only.
        crate::companies::check_scope(conn, &user, &ask.company_id.to_string())?;
        let id = request::request_meeting(conn, user.id, &ask)?;
        load_view(conn, &id)
    })
    .await?;
    Ok(HttpResponse::Created().json(view))
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MeetingListQuery {
    pub event_id: Option<Uuid>,
    pub status: Option<MeetingStatus>,
    /// Desk and reviewers; members always see their own company's or organisation's.
    pub company_id: Option<Uuid>,
    pub buyer_id: Option<Uuid>,
}

/// Which meetings `user` may list with `query`: members only ever their own side's.
fn list_filter(user: &AuthUser, query: MeetingListQuery) -> Result<MeetingFilter, ApiError> {
    let mut filter = MeetingFilter {
        event_id: query.event_id.map(|v| v.to_string()),
        status: query.status,
        company_id: query.company_id.map(|v| v.to_string()),
        buyer_id: query.buyer_id.map(|v| v.to_string()),
        municipality_id: policy::municipality_scope(user).map(Uuid::to_string),
        ..MeetingFilter::default()
    };
    match user.role {
        Role::Admin | Role::Desk | Role::Reviewer => {}
        Role::Sme => filter.company_id = user.company_id.map(|id| id.to_string()),
        Role::Buyer => filter.buyer_id = user.buyer_id.map(|id| id.to_string()),
        Role::Candidate | Role::Expert => return Err(ApiError::forbidden()),
    }
    Ok(filter)
}

/// List meetings
///
/// The meetings the caller may see: a company's members their company's, a buyer's members
/// their organisation's, the desk and reviewers all (a scoped desk or reviewer its
/// municipality's companies').
#[utoipa::path(
    tag = "meetings",
    security(("bearer" = [])),
    params(MeetingListQuery, PageParams),
    responses(
        (status = 200, description = "One page of meetings", body = Page<MeetingView>),
        (status = 403, description = "Candidates and experts have no meetings", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/meetings")]
pub async fn list_meetings(
    user: AuthUser,
    state: web::Data<AppState>,
    Query(query): Query<MeetingListQuery>,
    Paging(page): Paging,
) -> Result<web::Json<Page<MeetingView>>, ApiError> {
    let filter = list_filter(&user, query)?;
    let (after, fetch) = (page.after.clone(), page.fetch_limit());
    let rows = db::run(&state.pool, move |conn| {
        Ok(meetings_store::list_meetings(
            conn,
            &filter,
            after.as_deref(),
            fetch,
        )?)
    })
    .await?;
    Ok(web::Json(Page::from_rows(
        rows,
        &page,
        |r| r.meeting.id.clone(),
        |r| r.view(None),
    )?))
}

/// Get a meeting
///
/// With its history. The company's and the buyer's members, the desk and reviewers.
#[utoipa::path(
    tag = "meetings",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Meeting id")),
    responses(
        (status = 200, description = "The meeting", body = MeetingView),
        (status = 404, description = "No such meeting, or not yours", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/meetings/{id}")]
pub async fn get_meeting(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
) -> Result<web::Json<MeetingView>, ApiError> {
    let key = path.into_inner().to_string();
    let view = db::run(&state.pool, move |conn| {
        meeting_for(conn, &user, &key)?;
        load_view(conn, &key)
    })
    .await?;
    Ok(web::Json(view))
}
