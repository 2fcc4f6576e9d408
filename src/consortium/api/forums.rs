//! `/events/{id}/consortium`: the consortium members taking part in a forum, each with the
//! expert account that speaks for it, if one does.

use std::collections::HashSet;

use actix_web::{get, put, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::audit::{self, Entity};
use crate::auth::{policy, AuthUser};
use crate::consortium::store::{self, ForumMemberRow};
use crate::consortium::MemberKind;
use crate::db::{self, parse_id, DbConn};
use crate::error::{ApiError, FieldError, Problem};
use crate::events::store::find_event;
use crate::events::EventKind;
use crate::extract::JsonBody;
use crate::i18n::Msg;
use crate::AppState;

/// An expert speaking at a forum.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SpeakerView {
    pub user_id: Uuid,
    pub display_name: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ForumMemberView {
    pub member_id: Uuid,
    pub name_ja: String,
    pub name_en: String,
    pub kind: MemberKind,
    /// Always sent; `null` when no expert speaks for the member.
    #[schema(required = true)]
    pub speaker: Option<SpeakerView>,
}

/// The consortium's part in a forum.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ForumMembersView {
    pub event_id: Uuid,
    /// By kind and English name; empty for an event that is not a forum.
    pub members: Vec<ForumMemberView>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ForumMemberLink {
    pub member_id: Uuid,
    /// An active `expert` account that speaks for the member at the forum.
    pub speaker_user_id: Option<Uuid>,
}

/// Every member taking part in the forum from now on (the list before is replaced).
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ForumMemberChanges {
    #[schema(max_items = 50)]
    pub members: Vec<ForumMemberLink>,
}

fn member_view(row: ForumMemberRow) -> Result<ForumMemberView, ApiError> {
    let speaker = match (row.speaker_user_id, row.speaker_name) {
        (Some(id), Some(display_name)) => Some(SpeakerView {
            user_id: parse_id(&id)?,
            display_name,
        }),
        _ => None,
    };
    Ok(ForumMemberView {
        member_id: parse_id(&row.member_id)?,
        name_ja: row.name_ja,
        name_en: row.name_en,
        kind: row.kind,
        speaker,
    })
}

fn view(conn: &mut DbConn, event_id: Uuid) -> Result<ForumMembersView, ApiError> {
    let members = store::forum_members(conn, &event_id.to_string())?
        .into_iter()
        .map(member_view)
        .collect::<Result<_, _>>()?;
    Ok(ForumMembersView { event_id, members })
}

/// Read the consortium members taking part in an event
///
/// Their names and kinds and the experts speaking for them; no contact. Public, no
/// sign-in.
#[utoipa::path(
    tag = "consortium",
    security(()),
    params(("id" = Uuid, Path, description = "Event id")),
    responses(
        (status = 200, description = "The forum's consortium members", body = ForumMembersView),
        (status = 404, description = "No such event", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/events/{id}/consortium")]
pub async fn get_forum_members(
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
) -> Result<web::Json<ForumMembersView>, ApiError> {
    let event_id = path.into_inner();
    let members = db::run(&state.pool, move |conn| {
        find_event(conn, &event_id.to_string())?;
        view(conn, event_id)
    })
    .await?;
    Ok(web::Json(members))
}

/// Checks the links against the forum and the records: each member once and known, each
/// speaker an active expert.
fn check_links(conn: &mut DbConn, links: &[ForumMemberLink]) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    let mut seen = HashSet::new();
    for (index, link) in links.iter().enumerate() {
        let field = format!("members[{index}]");
        if !seen.insert(link.member_id) {
            errors.push(FieldError::new(
                format!("{field}.member_id"),
                Msg::MemberRepeated,
            ));
        }
        let member = link.member_id.to_string();
        if store::find_member(conn, &member).is_err() {
            errors.push(FieldError::new(
                format!("{field}.member_id"),
                Msg::NoConsortiumMember,
            ));
        }
        if let Some(speaker) = link.speaker_user_id {
            if !store::is_active_expert(conn, &speaker.to_string())? {
                errors.push(FieldError::new(
                    format!("{field}.speaker_user_id"),
                    Msg::SpeakerExpert,
                ));
            }
        }
    }
    crate::validate::finish(errors)
}

/// Name the consortium members taking part in a forum
///
/// Replaces the forum's list. The desk and admins.
#[utoipa::path(
    tag = "consortium",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Event id")),
    request_body = ForumMemberChanges,
    responses(
        (status = 200, description = "The forum's consortium members now", body = ForumMembersView),
        (status = 403, description = "Not the desk", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such event", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Business rule: only a forum takes consortium members; each member once and one of the consortium's; a speaker is an active expert account", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/events/{id}/consortium")]
pub async fn put_forum_members(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<ForumMemberChanges>,
) -> Result<web::Json<ForumMembersView>, ApiError> {
    policy::manage_consortium(&user)?;
    if body.members.len() > 50 {
        return Err(ApiError::invalid("members", Msg::AtMostEntries { max: 50 }));
    }
    let event_id = path.into_inner();
    let members = db::write(&state.pool, move |conn| {
        let key = event_id.to_string();
        if find_event(conn, &key)?.kind != EventKind::Forum {
            return Err(ApiError::invalid("id", Msg::ForumsOnly));
        }
        check_links(conn, &body.members)?;
        let before = view(conn, event_id)?;
        let links: Vec<(String, Option<String>)> = body
            .members
            .iter()
            .map(|l| {
                (
                    l.member_id.to_string(),
                    l.speaker_user_id.map(|s| s.to_string()),
                )
            })
            .collect();
        store::replace_forum_members(conn, &key, &links)?;
        let after = view(conn, event_id)?;
        audit::Change::new(user.id, "update", Entity::ForumMembers, &key)
            .before(&before.members)
            .after(&after.members)
            .record(conn)?;
        Ok(after)
    })
    .await?;
    Ok(web::Json(members))
}
