//! The talent domain's actions against the database: each loads what a rule needs, asks
//! the policy and the rules (`jobs.rs`, `candidates.rs`, `applications.rs`, `lifecycle.rs`),
//! writes and answers the view. Handlers call one of these inside `db::run`/`db::write`.

use super::api::applications::{ApplicationChange, NewApplication};
use super::api::candidates::{CandidateChanges, NewCandidate};
use super::api::jobs::{JobChanges, NewJob};
use super::store::{self, ApplicationRow, ApplicationScope, CandidateRow, JobRow};
use super::{applications, candidates, jobs};
use super::{ApplicationStatus, ApplicationView, CandidateView, JobView};
use crate::audit::{self, Entity};
use crate::auth::policy::{self, CandidateAccess};
use crate::auth::{AuthUser, Role};
use crate::companies::store::find_company;
use crate::companies::CompanyStatus;
use crate::db::{self, parse_id, DbConn};
use crate::error::ApiError;
use crate::i18n::Msg;
use crate::japan;
use crate::notifications::facts::ApplicationFacts;
use crate::notifications::webhooks::{self, EventType};
use crate::notifications::{self, Audience, Facts, Kind};
use serde_json::json;

/// Loads a posting the caller may see (404 otherwise).
pub fn visible_job(
    conn: &mut DbConn,
    user: Option<&AuthUser>,
    id: &str,
) -> Result<JobRow, ApiError> {
    let found = store::find_job(conn, id)?;
    let user = match user {
        Some(u) => crate::companies::caller_towards(conn, u, &found.job.company_id)?,
        None => None,
    };
    let visible = policy::can_view_job(
        user,
        &parse_id(&found.job.company_id)?,
        found.company_status == CompanyStatus::Approved.as_str(),
        found.job.status == super::JobStatus::Published,
    );
    if visible {
        Ok(found.job)
    } else {
        Err(ApiError::NotFound)
    }
}

/// Posts a job for `company_id`: 404 if the caller may not see the company, 403 if it may
/// not post for it.
pub fn create_job(
    conn: &mut DbConn,
    user: &AuthUser,
    company_id: uuid::Uuid,
    body: NewJob,
) -> Result<JobView, ApiError> {
    let status = jobs::initial_status(body.status)?;
    let company = find_company(conn, &company_id.to_string())?;
    let approved = company.status == CompanyStatus::Approved;
    policy::require_within_scope(user, &company.municipality()?)?;
    if !policy::can_view_company(Some(user), &company_id, approved) {
        return Err(ApiError::NotFound);
    }
    if !policy::can_edit_company(user, &company_id) {
        return Err(ApiError::Forbidden(Msg::MembersAndDeskPostJobs));
    }
    let row = jobs::new_row(db::new_id(), company.id, body, status, db::now());
    store::insert_job(conn, &row)?;
    row.view()
}

pub fn update_job(
    conn: &mut DbConn,
    user: &AuthUser,
    key: &str,
    changes: JobChanges,
) -> Result<JobView, ApiError> {
    let mut row = visible_job(conn, Some(user), key)?;
    crate::companies::check_scope(conn, user, &row.company_id)?;
    if !policy::can_edit_company(user, &parse_id(&row.company_id)?) {
        return Err(ApiError::Forbidden(Msg::MembersAndDeskChangePostings));
    }
    jobs::apply_changes(&mut row, changes, db::now())?;
    store::save_job(conn, &row)?;
    row.view()
}

/// A candidate's whole record: its data, every application and every registration.
pub fn full_view(conn: &mut DbConn, row: &CandidateRow) -> Result<CandidateView, ApiError> {
    let applications = store::list_applications(
        conn,
        &ApplicationScope::Candidate(row.id.clone()),
        None,
        None,
        None,
        i64::MAX,
    )?
    .iter()
    .map(|a| a.view())
    .collect::<Result<_, _>>()?;
    let registrations = crate::events::registrations::of_candidate(conn, &row.id)?;
    row.view(applications, registrations)
}

/// Registers a candidate: a candidate account for itself (once), the desk for anyone.
/// `own` says which.
pub fn create_candidate(
    conn: &mut DbConn,
    user: &AuthUser,
    own: bool,
    body: NewCandidate,
) -> Result<CandidateView, ApiError> {
    let user_id = own.then(|| user.id.to_string());
    if let Some(id) = &user_id {
        if store::candidate_of_user(conn, id)?.is_some() {
            return Err(ApiError::Conflict(Msg::CandidateProfileExists));
        }
    }
    let row = candidates::new_row(db::new_id(), body, user_id, user.id.to_string(), db::now());
    store::insert_candidate(conn, &row)?;
    audit::Change::new(user.id, "create", Entity::Candidate, &row.id)
        .after(&candidates::audit_record(&row, Vec::new()))
        .record(conn)?;
    full_view(conn, &row)
}

/// Loads a candidate with what the caller may see of it (404 when nothing).
pub fn candidate_for(
    conn: &mut DbConn,
    user: &AuthUser,
    id: &str,
) -> Result<(CandidateRow, CandidateAccess), ApiError> {
    let row = store::find_candidate(conn, id)?;
    let owner = row.user_id.as_deref().map(parse_id).transpose()?;
    let applied = match (user.role, &user.company_id) {
        (Role::Sme, Some(company)) => {
            store::applied_to_company(conn, &row.id, &company.to_string())?
        }
        _ => false,
    };
    match policy::candidate_access(user, owner.as_ref(), applied) {
        CandidateAccess::None => Err(ApiError::NotFound),
        access => Ok((row, access)),
    }
}

pub fn update_candidate(
    conn: &mut DbConn,
    user: &AuthUser,
    key: &str,
    changes: CandidateChanges,
) -> Result<CandidateView, ApiError> {
    let (mut row, access) = candidate_for(conn, user, key)?;
    if access != CandidateAccess::Full {
        return Err(ApiError::Forbidden(Msg::CandidateOrDeskChanges));
    }
    let changed = candidates::apply_changes(&mut row, changes, db::now())?;
    store::save_candidate(conn, &row)?;
    audit::Change::new(user.id, "update", Entity::Candidate, &row.id)
        .after(&candidates::audit_record(&row, changed))
        .record(conn)?;
    full_view(conn, &row)
}

/// Erases a candidate's personal data for good, disables its account and revokes its
/// sessions. Erasing an erased candidate changes nothing.
pub fn erase_candidate(
    conn: &mut DbConn,
    user: &AuthUser,
    key: &str,
) -> Result<CandidateView, ApiError> {
    let (mut row, access) = candidate_for(conn, user, key)?;
    let owner = row.user_id.as_deref().map(parse_id).transpose()?;
    if !policy::can_erase_candidate(user, owner.as_ref()) {
        return Err(match access {
            CandidateAccess::Full => ApiError::Forbidden(Msg::CandidateOrAdminErases),
            _ => ApiError::NotFound,
        });
    }
    if row.erased_at.is_some() {
        return full_view(conn, &row);
    }
    let before = serde_json::to_value(candidates::audit_record(&row, Vec::new()))
        .map_err(|e| ApiError::internal(e.to_string()))?;
    let now = db::now();
    candidates::erase(&mut row, now);
    store::save_candidate(conn, &row)?;
    if let Some(user_id) = &row.user_id {
        crate::users::store::anonymise_user(conn, user_id, now)?;
        crate::auth::store::revoke_user_tokens(conn, user_id, now)?;
    }
    audit::Change::new(user.id, "erase", Entity::Candidate, &row.id)
        .before(&before)
        .after(&candidates::audit_record(
            &row,
            candidates::ERASED_FIELDS.to_vec(),
        ))
        .record(conn)?;
    full_view(conn, &row)
}

/// The candidate an application is for: a candidate's own profile (it may name only
/// itself), or the one the desk names.
fn applicant(
    conn: &mut DbConn,
    user: &AuthUser,
    named: Option<uuid::Uuid>,
) -> Result<CandidateRow, ApiError> {
    if user.role == Role::Candidate {
        let own = store::candidate_of_user(conn, &user.id.to_string())?
            .ok_or(ApiError::Conflict(Msg::ProfileBeforeApplying))?;
        if named.is_some_and(|id| id.to_string() != own.id) {
            return Err(ApiError::Forbidden(Msg::CandidateAppliesForItself));
        }
        return Ok(own);
    }
    let id = named.ok_or_else(|| ApiError::invalid("candidate_id", Msg::DeskNamesCandidate))?;
    store::find_candidate(conn, &id.to_string()).map_err(|e| match e {
        diesel::result::Error::NotFound => ApiError::invalid("candidate_id", Msg::NoSuchCandidate),
        e => e.into(),
    })
}

/// Applies to posting `job_key`: at most one open application per posting and candidate.
pub fn apply(
    conn: &mut DbConn,
    user: &AuthUser,
    job_key: &str,
    body: NewApplication,
) -> Result<ApplicationView, ApiError> {
    let job = visible_job(conn, Some(user), job_key)?;
    let candidate = applicant(conn, user, body.candidate_id)?;
    applications::check_can_apply(candidate.erased_at.is_some(), job.status)?;
    if let Some(event_id) = body.job_fair_event_id {
        let event =
            crate::events::store::find_event(conn, &event_id.to_string()).map_err(|e| match e {
                diesel::result::Error::NotFound => {
                    ApiError::invalid("job_fair_event_id", Msg::NoSuchEvent)
                }
                e => e.into(),
            })?;
        applications::check_job_fair(event.kind)?;
    }
    let now = db::now();
    let row = ApplicationRow {
        id: db::new_id(),
        job_id: job.id.clone(),
        candidate_id: candidate.id.clone(),
        status: ApplicationStatus::Applied,
        job_fair_event_id: body.job_fair_event_id.map(|id| id.to_string()),
        hired_on: None,
        created_by: user.id.to_string(),
        created_at: now,
        updated_at: now,
    };
    store::insert_application(conn, &row).map_err(|e| match e {
        diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        ) => ApiError::Conflict(Msg::OpenApplicationExists),
        e => e.into(),
    })?;
    audit::Change::new(user.id, "apply", Entity::Application, &row.id)
        .after(&row)
        .record(conn)?;
    let company = Audience::CompanyMembers(&job.company_id);
    tell(
        conn,
        Kind::ApplicationReceived,
        &row,
        &job,
        &candidate,
        company,
    )?;
    publish_application(conn, EventType::ApplicationCreated, &row, &job.company_id)?;
    row.view(&job, &candidate)
}

/// Checks the move's own fields before anything is loaded (422 before 404).
pub fn check_change(change: &ApplicationChange) -> Result<(), ApiError> {
    applications::check_hired_on(change.status, change.hired_on, japan::today())
}

/// Moves application `key` along its lifecycle, if the caller has a side in it.
pub fn move_application(
    conn: &mut DbConn,
    user: &AuthUser,
    key: &str,
    change: ApplicationChange,
) -> Result<ApplicationView, ApiError> {
    let found = store::find_application(conn, key)?;
    let (mut row, job, candidate) = (found.application, found.job, found.candidate);
    crate::companies::check_scope(conn, user, &job.company_id)?;
    let owner = candidate.user_id.as_deref().map(parse_id).transpose()?;
    let actor = policy::application_actor(user, owner.as_ref(), &parse_id(&job.company_id)?)
        .ok_or(ApiError::NotFound)?;
    applications::check_move(row.status, change.status, actor)?;
    let before = row.clone();
    row.status = change.status;
    row.hired_on = change.hired_on;
    row.updated_at = db::now();
    store::save_application(conn, &row)?;
    audit::Change::new(
        user.id,
        change.status.as_str(),
        Entity::Application,
        &row.id,
    )
    .before(&before)
    .after(&row)
    .record(conn)?;
    publish_application(conn, EventType::ApplicationUpdated, &row, &job.company_id)?;
    // The candidate learns where its application stands; when it withdrew, the company.
    match (actor, candidate.user_id.as_deref()) {
        (policy::ApplicationSide::Candidate, _) => {
            let company = Audience::CompanyMembers(&job.company_id);
            tell(
                conn,
                Kind::ApplicationUpdated,
                &row,
                &job,
                &candidate,
                company,
            )?;
        }
        (_, Some(account)) => {
            let account = Audience::Account(account);
            tell(
                conn,
                Kind::ApplicationUpdated,
                &row,
                &job,
                &candidate,
                account,
            )?;
        }
        // A candidate the desk registered without an account hears from the desk.
        (_, None) => {}
    }
    row.view(&job, &candidate)
}

/// Tells `audience` of an application's news, in the change's transaction.
fn tell(
    conn: &mut DbConn,
    kind: Kind,
    row: &ApplicationRow,
    job: &JobRow,
    candidate: &CandidateRow,
    audience: Audience<'_>,
) -> Result<(), ApiError> {
    let company = find_company(conn, &job.company_id)?;
    let facts = Facts::Application(ApplicationFacts {
        application_id: row.id.clone(),
        job_title_ja: job.title_ja.clone(),
        job_title_en: job.title_en.clone(),
        company_id: job.company_id.clone(),
        company_name_ja: company.name_ja,
        company_name_en: company.name_en,
        candidate_name: candidate.full_name.clone(),
        status: row.status.as_str().to_owned(),
    });
    notifications::tell(conn, kind, &facts, &[audience])?;
    Ok(())
}

/// An application's webhook: to the posting company's and staff subscriptions.
fn publish_application(
    conn: &mut DbConn,
    event: EventType,
    row: &ApplicationRow,
    company_id: &str,
) -> Result<(), ApiError> {
    let scope = webhooks::Scope {
        company_id: Some(company_id),
        buyer_id: None,
    };
    let data = json!({
        "application_id": row.id,
        "job_id": row.job_id,
        "company_id": company_id,
        "status": row.status,
    });
    Ok(webhooks::publish(conn, event, &row.id, scope, data)?)
}

/// Which applications the caller lists: a candidate its own (none before it has a
/// profile), a company member its company's, the desk all (a scoped desk its
/// municipality's companies'); anyone else none (403).
pub fn application_scope(
    conn: &mut DbConn,
    user: &AuthUser,
) -> Result<Option<ApplicationScope>, ApiError> {
    Ok(match (user.role, &user.company_id) {
        (Role::Admin | Role::Desk, _) => Some(match policy::municipality_scope(user) {
            Some(municipality) => ApplicationScope::Municipality(municipality.to_string()),
            None => ApplicationScope::All,
        }),
        (Role::Sme, Some(company)) => Some(ApplicationScope::Company(company.to_string())),
        (Role::Candidate, _) => store::candidate_of_user(conn, &user.id.to_string())?
            .map(|own| ApplicationScope::Candidate(own.id)),
        _ => return Err(ApiError::forbidden()),
    })
}
