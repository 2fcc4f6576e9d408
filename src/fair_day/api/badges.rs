//! `/events/{id}/badges/{participant_id}`: a participant's badge, its check-in code as text
//! and as a QR code (SVG), for the desk to print and the participant to show.

use actix_web::{get, web, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::participant;
use crate::auth::policy::{self, BadgeHolder};
use crate::auth::AuthUser;
use crate::db::{self, parse_id};
use crate::download::Download;
use crate::error::{ApiError, Problem};
use crate::events::check_in_code;
use crate::fair_day::ParticipantKind;
use crate::AppState;

/// A participant's badge.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BadgeView {
    pub participant_id: Uuid,
    pub name: String,
    /// The check-in code: what the badge's QR code carries and the desk scans. Opaque; it
    /// names the event and the participant and nothing personal.
    #[schema(pattern = "^[A-Za-z0-9_-]{64}$", min_length = 64, max_length = 64)]
    pub token: String,
}

/// The badge of `participant_id` at `event_id`, if the caller may see it.
async fn badge(
    user: AuthUser,
    state: &AppState,
    (event_id, participant_id): (Uuid, Uuid),
) -> Result<BadgeView, ApiError> {
    let (event_key, participant_key) = (event_id.to_string(), participant_id.to_string());
    let row = db::run(&state.pool, move |conn| {
        participant(conn, &event_key, &participant_key)
    })
    .await?;
    let account = row.account.as_deref().map(parse_id).transpose()?;
    let holder = match row.kind {
        ParticipantKind::Company => BadgeHolder::Company(&participant_id),
        ParticipantKind::Buyer => BadgeHolder::Buyer(&participant_id),
        ParticipantKind::Candidate => BadgeHolder::Candidate {
            account: account.as_ref(),
        },
    };
    policy::badge_access(&user, holder)?;
    let token = check_in_code::code(&state.config.check_in_key(), &event_id, &participant_id)
        .ok_or_else(|| ApiError::internal("the check-in key is refused"))?;
    Ok(BadgeView {
        participant_id,
        name: row.name,
        token,
    })
}

/// Get a participant's badge
///
/// The participant's name and check-in code. For the desk, and for the participant itself:
/// a member of the company or buyer organisation, or the registered candidate.
#[utoipa::path(
    tag = "fair-day",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "Event id"),
        ("participant_id" = Uuid, Path, description = "The company's, buyer organisation's or candidate's id"),
    ),
    responses(
        (status = 200, description = "The badge", body = BadgeView),
        (status = 403, description = "A reviewer", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such event or participant, or not yours", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/events/{id}/badges/{participant_id}")]
pub async fn get_badge(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<web::Json<BadgeView>, ApiError> {
    Ok(web::Json(badge(user, &state, path.into_inner()).await?))
}

/// Get a participant's badge as a QR code
///
/// An SVG image of the QR code of the participant's check-in code, to print on the badge or
/// show on a phone at the desk. Who may: as for the badge.
#[utoipa::path(
    tag = "fair-day",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "Event id"),
        ("participant_id" = Uuid, Path, description = "The company's, buyer organisation's or candidate's id"),
    ),
    responses(
        (status = 200, description = "The QR code, as SVG", body = inline(Download), content_type = "image/svg+xml"),
        (status = 403, description = "A reviewer", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such event or participant, or not yours", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/events/{id}/badges/{participant_id}.svg")]
pub async fn get_badge_qr_code(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let badge = badge(user, &state, path.into_inner()).await?;
    let code = qrcode::QrCode::new(badge.token.as_bytes())
        .map_err(|e| ApiError::internal(format!("no QR code for a check-in code: {e}")))?;
    let svg = code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(240, 240)
        .quiet_zone(true)
        .build();
    Ok(HttpResponse::Ok().content_type("image/svg+xml").body(svg))
}
