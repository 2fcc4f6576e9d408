//! `/companies/{id}/support-log`: the desk's record of its support to a company (伴走型支援).

use std::collections::BTreeMap;

use actix_web::{get, post, web, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::auth::policy::{self, SupportLogAccess};
use crate::auth::AuthUser;
use crate::db::{self, parse_id};
use crate::error::{ApiError, Problem};
use crate::extract::JsonBody;
use crate::follow_up::store::SupportEntryRow;
use crate::follow_up::support_log::{self, SupportChannel, SupportEntry, SupportTopic};
use crate::paging::{Page, PageParams, Paging};
use crate::AppState;

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSupportEntry {
    pub occurred_on: NaiveDate,
    pub channel: SupportChannel,
    pub topic: SupportTopic,
    #[validate(length(min = 1, max = 4000))]
    #[schema(min_length = 1, max_length = 4000)]
    pub notes: String,
    /// Notes for the desk only: the company sees the entry without them.
    pub internal: bool,
    /// When the desk means to follow up; the item enters the follow-up queue that day.
    pub next_action_on: Option<NaiveDate>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SupportEntryView {
    pub id: Uuid,
    pub company_id: Uuid,
    pub occurred_on: NaiveDate,
    pub channel: SupportChannel,
    pub topic: SupportTopic,
    /// `null` for the company when the notes are internal.
    pub notes: Option<String>,
    pub internal: bool,
    pub next_action_on: Option<NaiveDate>,
    /// The desk member who recorded it.
    pub recorded_by: Uuid,
    pub recorded_at: DateTime<Utc>,
}

/// How much support a company had, by channel and by topic.
#[derive(Debug, Serialize, ToSchema)]
pub struct SupportCounts {
    pub total: usize,
    pub by_channel: BTreeMap<String, usize>,
    pub by_topic: BTreeMap<String, usize>,
}

/// A company's support log: the counts for everyone who may see it, the entries for the
/// desk and the company (`null` for reviewers).
#[derive(Debug, Serialize, ToSchema)]
pub struct SupportLogView {
    pub counts: SupportCounts,
    /// One page of the entries, newest first.
    pub entries: Option<Vec<SupportEntryView>>,
    /// Pass as `cursor` for the next page of entries; `null` on the last page and for
    /// reviewers. Always sent.
    #[schema(required = true)]
    pub next_cursor: Option<String>,
}

fn entry_view(row: SupportEntryRow, company_view: bool) -> Result<SupportEntryView, ApiError> {
    Ok(SupportEntryView {
        id: parse_id(&row.id)?,
        company_id: parse_id(&row.company_id)?,
        occurred_on: row.occurred_on,
        channel: row.channel,
        topic: row.topic,
        notes: (!(company_view && row.internal)).then_some(row.notes),
        internal: row.internal,
        next_action_on: row.next_action_on,
        recorded_by: parse_id(&row.recorded_by)?,
        recorded_at: row.created_at.and_utc(),
    })
}

/// Record support given to a company
///
/// The desk and admins; the caller is the desk member on record.
#[utoipa::path(
    tag = "follow-ups",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Company id")),
    request_body = NewSupportEntry,
    responses(
        (status = 201, description = "The entry", body = SupportEntryView),
        (status = 403, description = "Not the desk", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such company, or outside your municipality", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/companies/{id}/support-log")]
pub async fn create_support_entry(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<NewSupportEntry>,
) -> Result<HttpResponse, ApiError> {
    policy::record_support(&user)?;
    let company = path.into_inner();
    let row = db::write(&state.pool, move |conn| {
        crate::companies::check_scope(conn, &user, &company.to_string())?;
        let entry = SupportEntry {
            occurred_on: body.occurred_on,
            channel: body.channel,
            topic: body.topic,
            notes: &body.notes,
            internal: body.internal,
            next_action_on: body.next_action_on,
        };
        support_log::record(conn, &user, &company.to_string(), entry)
    })
    .await?;
    Ok(HttpResponse::Created().json(entry_view(row, false)?))
}

/// Read a company's support log
///
/// Newest first, a page at a time; the counts cover the whole log. The desk and admins
/// read every entry; the company's members their own entries without internal notes;
/// reviewers the counts only.
#[utoipa::path(
    tag = "follow-ups",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Company id"), PageParams),
    responses(
        (status = 200, description = "The log", body = SupportLogView),
        (status = 403, description = "Buyers and candidates", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such company, or not yours", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/companies/{id}/support-log")]
pub async fn get_support_log(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    Paging(page): Paging,
) -> Result<web::Json<SupportLogView>, ApiError> {
    let company = path.into_inner();
    let access = policy::support_log_access(&user, &company)?;
    let request = page.clone();
    let (all, visible) = db::run(&state.pool, move |conn| {
        crate::companies::check_scope(conn, &user, &company.to_string())?;
        support_log::read(conn, access, &company.to_string(), &request)
    })
    .await?;
    let mut counts = SupportCounts {
        total: all.len(),
        by_channel: BTreeMap::new(),
        by_topic: BTreeMap::new(),
    };
    for entry in &all {
        *counts
            .by_channel
            .entry(<&str>::from(entry.channel).to_owned())
            .or_default() += 1;
        *counts
            .by_topic
            .entry(<&str>::from(entry.topic).to_owned())
            .or_default() += 1;
    }
    let company_view = access == SupportLogAccess::Company;
    let (entries, next_cursor) = match visible {
        None => (None, None),
        Some(rows) => {
            let page = Page::from_rows(rows, &page, support_log::entry_key, |r| {
                entry_view(r, company_view)
            })?;
            (Some(page.items), page.next_cursor)
        }
    };
    Ok(web::Json(SupportLogView {
        counts,
        entries,
        next_cursor,
    }))
}
