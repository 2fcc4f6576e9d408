//! `/follow-ups`: the desk's follow-up queue, recomputed from the records on each read
//! (see `follow_up::queue`), with assignment and closing by hand.

use actix_web::{get, patch, web};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::audit::{self, Entity};
use crate::auth::{policy, AuthUser, Role};
use crate::db::{self, parse_id};
use crate::error::{ApiError, Problem};
use crate::extract::{JsonBody, Query};
use crate::follow_up::queue::{self, ItemStatus, Reason, Resolution};
use crate::follow_up::store::{self, FollowUpFilter, FollowUpRow};
use crate::i18n::Msg;
use crate::paging::{Page, PageParams, Paging};
use crate::AppState;

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FollowUpListQuery {
    /// `open` (the default) or `done`.
    pub status: Option<ItemStatus>,
    /// Items assigned to this desk member.
    pub assignee: Option<Uuid>,
    /// Items that fell due before this day.
    pub due_before: Option<NaiveDate>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FollowUpView {
    pub id: Uuid,
    /// Why the item is in the queue.
    pub reason: Reason,
    pub status: ItemStatus,
    /// The meeting it concerns, if any.
    pub meeting_id: Option<Uuid>,
    pub company_id: Option<Uuid>,
    /// The survey, the negotiation's meeting or the support-log entry it is about (a
    /// prospect's silence is named with the day it began: `{meeting}/{day}`).
    pub subject_id: String,
    pub due_at: DateTime<Utc>,
    pub assignee_id: Option<Uuid>,
    pub resolution: Option<Resolution>,
    pub note: Option<String>,
    pub opened_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
}

fn view(row: FollowUpRow) -> Result<FollowUpView, ApiError> {
    let id = |v: Option<String>| v.as_deref().map(parse_id).transpose();
    Ok(FollowUpView {
        id: parse_id(&row.id)?,
        reason: row.reason,
        status: row.status,
        meeting_id: id(row.meeting_id)?,
        company_id: id(row.company_id)?,
        subject_id: row.subject_id,
        due_at: row.due_at.and_utc(),
        assignee_id: id(row.assignee_id)?,
        resolution: row.resolution,
        note: row.note,
        opened_at: row.created_at.and_utc(),
        closed_at: row.closed_at.map(|t| t.and_utc()),
    })
}

/// List the follow-up queue
///
/// Held meetings whose outcome survey is unanswered 14 days after it fell due, prospects
/// without contact for 60 days, disagreeing reports not confirmed, and support-log next
/// actions due. The desk and admins.
#[utoipa::path(
    tag = "follow-ups",
    security(("bearer" = [])),
    params(FollowUpListQuery, PageParams),
    responses(
        (status = 200, description = "One page of the queue", body = Page<FollowUpView>),
        (status = 403, description = "Not the desk", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/follow-ups")]
pub async fn list_follow_ups(
    user: AuthUser,
    state: web::Data<AppState>,
    Query(query): Query<FollowUpListQuery>,
    Paging(page): Paging,
) -> Result<web::Json<Page<FollowUpView>>, ApiError> {
    policy::manage_follow_ups(&user)?;
    let request = page.clone();
    let rows = db::write(&state.pool, move |conn| {
        queue::refresh(conn, db::now())?;
        let assignee = query.assignee.map(|a| a.to_string());
        let filter = FollowUpFilter {
            status: query.status.unwrap_or(ItemStatus::Open),
            assignee_id: assignee.as_deref(),
            due_before: query.due_before.map(|d| d.and_time(chrono::NaiveTime::MIN)),
        };
        Ok(store::list_follow_ups(
            conn,
            &filter,
            request.after.as_deref(),
            request.fetch_limit(),
        )?)
    })
    .await?;
    Ok(web::Json(Page::from_rows(
        rows,
        &page,
        |r| r.id.clone(),
        view,
    )?))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FollowUpChanges {
    /// A desk or admin account; `null` unassigns.
    #[serde(default, deserialize_with = "crate::validate::double_option")]
    #[schema(value_type = Option<Uuid>)]
    pub assignee_id: Option<Option<Uuid>>,
    /// `done` closes an open item by hand (a note is required); a closed item stays closed.
    pub status: Option<ItemStatus>,
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000)]
    pub note: Option<String>,
}

/// Update a follow-up item
///
/// Assign it to a desk member, or close it (`done`) with a note. The desk and admins.
#[utoipa::path(
    tag = "follow-ups",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Follow-up item id")),
    request_body = FollowUpChanges,
    responses(
        (status = 200, description = "The item", body = FollowUpView),
        (status = 403, description = "Not the desk", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Business rule: `done` needs a note, and the assignee must be an active desk or admin account", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/follow-ups/{id}")]
pub async fn update_follow_up(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<FollowUpChanges>,
) -> Result<web::Json<FollowUpView>, ApiError> {
    policy::manage_follow_ups(&user)?;
    let id = path.into_inner().to_string();
    let row = db::write(&state.pool, move |conn| {
        let before = store::find_follow_up(conn, &id)?;
        let mut row = before.clone();
        let now = db::now();
        if let Some(assignee) = body.assignee_id {
            if let Some(assignee) = assignee {
                let account = crate::users::store::find_user(conn, &assignee.to_string())
                    .map_err(|_| ApiError::invalid("assignee_id", Msg::NotDeskMember))?;
                if !matches!(account.role, Role::Desk | Role::Admin)
                    || account.disabled_at.is_some()
                {
                    return Err(ApiError::invalid("assignee_id", Msg::NotDeskMember));
                }
            }
            row.assignee_id = assignee.map(|a| a.to_string());
        }
        if let Some(note) = &body.note {
            row.note = Some(note.trim().to_owned());
        }
        match body.status {
            Some(ItemStatus::Done) if row.status == ItemStatus::Open => {
                if body.note.is_none() {
                    return Err(ApiError::invalid("note", Msg::FollowUpNoteRequired));
                }
                row.status = ItemStatus::Done;
                row.resolution = Some(Resolution::Done);
                row.closed_at = Some(now);
                row.closed_by = Some(user.id.to_string());
            }
            _ => {}
        }
        row.updated_at = now;
        store::save_follow_up(conn, &row)?;
        audit::Change::new(user.id, "update", Entity::FollowUp, &row.id)
            .before(&before)
            .after(&row)
            .record(conn)?;
        Ok(row)
    })
    .await?;
    Ok(web::Json(view(row)?))
}
