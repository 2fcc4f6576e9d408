//! One checked record applied through its domain's own store and rules: created, updated,
//! or left as it is when the database already holds it. A refusal of the domain's rules
//! (a company not approved, a closed event) comes back as the row's error.

use super::records::Record;
use super::store::{self, Registered};
use super::Outcome;
use crate::auth::{policy, AuthUser, Role};
use crate::buyers::store::{insert_buyer, update_buyer, BuyerInsert, BuyerUpdate};
use crate::companies::store::{insert_company, update_company, CompanyInsert, CompanyUpdate};
use crate::companies::CompanyStatus;
use crate::db::{self, parse_id, DbConn};
use crate::error::ApiError;
use crate::events::api::registrations::NewRegistration;
use crate::events::store as events_store;
use crate::events::{registrations, store::EventRow};
use crate::i18n::{Locale, Msg};
use crate::municipalities::HOST_ID;
use crate::notifications::facts::BuyerFacts;
use crate::notifications::{self, Audience, Facts, Kind};
use crate::users::store::find_user_by_email;
use uuid::Uuid;

/// Where an import goes: who runs it and, for exhibitors and registrations, the event.
pub struct Target<'a> {
    pub user: &'a AuthUser,
    pub event: Option<&'a EventRow>,
    /// Whether new buyer organisations' contacts are invited.
    pub invite: bool,
    /// What signs the check-in codes in registrations' confirmations.
    pub check_in_key: &'a [u8],
}

/// Applies `record`: what became of it and whether an invitation went out, or the
/// domain's refusal.
pub fn apply(
    conn: &mut DbConn,
    target: &Target<'_>,
    record: &Record,
) -> Result<(Outcome, bool), ApiError> {
    let outcome = match record {
        Record::Company { .. } => company(conn, target.user, record),
        Record::Buyer { .. } => {
            let (outcome, id) = buyer(conn, record)?;
            let invited =
                target.invite && outcome == Outcome::Created && invite(conn, &id, record)?;
            return Ok((outcome, invited));
        }
        Record::Exhibitor {
            corporate_number,
            name_ja,
        } => exhibitor(
            conn,
            target,
            corporate_number.as_deref(),
            name_ja.as_deref(),
        ),
        Record::Registration { email } => registration(conn, target, email),
    };
    outcome.map(|outcome| (outcome, false))
}

/// Invites a new buyer organisation's contact, if the row gave an address.
fn invite(conn: &mut DbConn, buyer_id: &str, record: &Record) -> Result<bool, ApiError> {
    let Record::Buyer {
        name,
        country,
        email: Some(email),
        ..
    } = record
    else {
        return Ok(false);
    };
    let facts = Facts::Buyer(BuyerFacts {
        buyer_id: buyer_id.to_owned(),
        name: name.clone(),
    });
    let locale = if country == "JP" {
        Locale::Ja
    } else {
        Locale::En
    };
    notifications::tell(
        conn,
        Kind::BuyerInvited,
        &facts,
        &[Audience::Contact { email, locale }],
    )?;
    Ok(true)
}

/// A company of the record: a scoped desk's new companies are its municipality's, and it
/// never matches (so never changes) another municipality's: by corporate number that is
/// the row's error, by name a company of its own.
fn company(conn: &mut DbConn, user: &AuthUser, record: &Record) -> Result<Outcome, ApiError> {
    let Record::Company {
        name_ja,
        name_en,
        industry,
        corporate_number,
        employees,
    } = record
    else {
        return Err(ApiError::internal("not a company record"));
    };
    let in_scope = |found: &store::NumberedCompany| -> Result<bool, ApiError> {
        let municipality = parse_id(&found.0.municipality_id)?;
        Ok(policy::within_scope(user, &municipality).is_some())
    };
    let by_number = match corporate_number {
        Some(number) => store::company_by_corporate_number(conn, number)?,
        None => None,
    };
    if let Some(found) = &by_number {
        if !in_scope(found)? {
            return Err(ApiError::NotFound);
        }
    }
    // By name only a company without another corporate number: two companies of one name
    // with different numbers are two companies.
    let found = match by_number {
        Some(found) => Some(found),
        None => store::company_by_name(conn, name_ja)?
            .filter(|(_, number)| number.is_none() || number == corporate_number)
            .map(|found| in_scope(&found).map(|yes| yes.then_some(found)))
            .transpose()?
            .flatten(),
    };
    let now = db::now();
    let Some((row, number)) = found else {
        let id = db::new_id();
        let municipality = policy::municipality_of_new_company(user, None)
            .map_or_else(|| HOST_ID.to_owned(), Uuid::to_string);
        insert_company(
            conn,
            &CompanyInsert {
                id: &id,
                name_ja,
                name_en,
                industry: industry.as_deref().unwrap_or(""),
                status: CompanyStatus::Pending,
                created_at: now,
                updated_at: now,
                municipality_id: &municipality,
            },
        )?;
        if employees.is_some() {
            let changes = CompanyUpdate {
                employees: Some(*employees),
                ..CompanyUpdate::default()
            };
            update_company(conn, &id, &changes)?;
        }
        if let Some(number) = corporate_number {
            store::set_corporate_number(conn, &id, number)?;
        }
        return Ok(Outcome::Created);
    };
    let differs = |new: &Option<String>, old: &str| new.as_deref().is_some_and(|n| n != old);
    let changes = CompanyUpdate {
        name_ja: (row.name_ja != *name_ja).then(|| name_ja.clone()),
        name_en: (row.name_en != *name_en).then(|| name_en.clone()),
        industry: differs(industry, &row.industry).then(|| industry.clone().unwrap_or_default()),
        employees: (employees.is_some() && *employees != row.employees).then_some(*employees),
        updated_at: Some(now),
        ..CompanyUpdate::default()
    };
    let new_number = corporate_number.as_ref().filter(|_| number.is_none());
    let changed = changes.name_ja.is_some()
        || changes.name_en.is_some()
        || changes.industry.is_some()
        || changes.employees.is_some();
    if !changed && new_number.is_none() {
        return Ok(Outcome::Unchanged);
    }
    update_company(conn, &row.id, &changes)?;
    if let Some(number) = new_number {
        store::set_corporate_number(conn, &row.id, number)?;
    }
    Ok(Outcome::Updated)
}

/// A buyer organisation created, updated or found as it is; its outcome and id.
fn buyer(conn: &mut DbConn, record: &Record) -> Result<(Outcome, String), ApiError> {
    let Record::Buyer {
        name,
        country,
        industry,
        website,
        ..
    } = record
    else {
        return Err(ApiError::internal("not a buyer record"));
    };
    let now = db::now();
    let (id, outcome, old_industry, old_website) = match store::buyer_by_name(conn, name, country)?
    {
        Some(row) => (row.id, Outcome::Updated, row.industry, row.website),
        None => {
            let id = db::new_id();
            let insert = BuyerInsert {
                id: &id,
                name,
                country,
                created_at: now,
                updated_at: now,
            };
            insert_buyer(conn, &insert)?;
            (id, Outcome::Created, String::new(), None)
        }
    };
    let changes = BuyerUpdate {
        industry: industry.clone().filter(|i| *i != old_industry),
        website: website
            .clone()
            .filter(|w| old_website.as_ref() != Some(w))
            .map(Some),
        updated_at: Some(now),
        ..BuyerUpdate::default()
    };
    if changes.industry.is_none() && changes.website.is_none() {
        let outcome = match outcome {
            Outcome::Updated => Outcome::Unchanged,
            other => other,
        };
        return Ok((outcome, id));
    }
    update_buyer(conn, &id, &changes)?;
    Ok((outcome, id))
}

fn exhibitor(
    conn: &mut DbConn,
    target: &Target<'_>,
    corporate_number: Option<&str>,
    name_ja: Option<&str>,
) -> Result<Outcome, ApiError> {
    let event = target.event.ok_or_else(|| ApiError::internal("no event"))?;
    let found = match (corporate_number, name_ja) {
        (Some(number), _) => store::company_by_corporate_number(conn, number)?,
        (None, Some(name)) => store::company_by_name(conn, name)?,
        (None, None) => None,
    };
    let column = if corporate_number.is_some() {
        "corporate_number"
    } else {
        "name_ja"
    };
    let (company, _) = found.ok_or_else(|| ApiError::invalid(column, Msg::UnknownCompany))?;
    // As `POST /events/{id}/exhibitors` requires.
    if company.status != CompanyStatus::Approved {
        return Err(ApiError::invalid(column, Msg::NotApprovedCompany));
    }
    if events_store::is_exhibitor(conn, &event.id, &company.id)? {
        return Ok(Outcome::Unchanged);
    }
    events_store::add_exhibitor(conn, &event.id, &company.id, db::now())?;
    Ok(Outcome::Created)
}

fn registration(conn: &mut DbConn, target: &Target<'_>, email: &str) -> Result<Outcome, ApiError> {
    let event = target.event.ok_or_else(|| ApiError::internal("no event"))?;
    let account = find_user_by_email(conn, email)?
        .filter(|u| u.disabled_at.is_none())
        .ok_or_else(|| ApiError::invalid("email", Msg::UnknownAccount))?;
    let nothing = || ApiError::invalid("email", Msg::AccountRegistersNothing);
    let mut body = NewRegistration {
        candidate_id: None,
        company_id: None,
        buyer_id: None,
    };
    let candidate;
    let who = match (account.role, &account.company_id, &account.buyer_id) {
        (Role::Sme, Some(company), _) => {
            body.company_id = Some(db::parse_id(company)?);
            Registered::Company(company)
        }
        (Role::Buyer, _, Some(buyer)) => {
            body.buyer_id = Some(db::parse_id(buyer)?);
            Registered::Buyer(buyer)
        }
        (Role::Candidate, _, _) => {
            candidate =
                events_store::candidate_of_account(conn, &account.id)?.ok_or_else(nothing)?;
            body.candidate_id = Some(db::parse_id(&candidate)?);
            Registered::Candidate(&candidate)
        }
        _ => return Err(nothing()),
    };
    if store::is_registered(conn, &event.id, who)? {
        return Ok(Outcome::Unchanged);
    }
    registrations::register(conn, target.user, &event.id, &body, target.check_in_key)?;
    Ok(Outcome::Created)
}

/// Whether a database error is the row's own (a constraint it breaks) rather than the
/// database's, which fails the whole import.
pub fn is_rows_own(error: &ApiError) -> bool {
    !matches!(
        error,
        ApiError::Internal(_) | ApiError::Unavailable | ApiError::TooManyRequests { .. }
    )
}
