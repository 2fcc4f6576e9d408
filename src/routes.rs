//! The whole HTTP surface, one line per route. Method and path sit on each handler
//! (`#[get("/me")]`), next to its OpenAPI annotation, so the document cannot drift from
//! what is served. The answers every route shares (a malformed body, an unknown id, a missing
//! token) are added to the document here, once, rather than repeated on each handler.

use utoipa::openapi::content::ContentBuilder;
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::response::ResponseBuilder;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{Ref, RefOr};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::scope;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::{
    audit, buyers, capabilities, companies, events, kpi, meetings, negotiations, ops, talent, users,
};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(ops::healthz)
        .service(ops::readyz)
        .service(ops::metrics)
        .service(scope::scope("/api/v1").configure(api_v1));
}

fn api_v1(cfg: &mut ServiceConfig) {
    cfg.configure(accounts)
        .configure(staff_accounts)
        .configure(companies)
        .configure(catalogue)
        .configure(buyers)
        .configure(trade_fairs)
        .configure(registrations)
        .configure(meetings)
        .configure(negotiations)
        .configure(talent)
        .configure(kpi_and_audit);
}

/// Accounts and sessions.
fn accounts(cfg: &mut ServiceConfig) {
    cfg.service(users::api::sessions::register)
        .service(users::api::sessions::login)
        .service(users::api::sessions::refresh)
        .service(users::api::sessions::logout)
        .service(users::api::me::get_me)
        .service(users::api::me::update_me)
        .service(users::api::me::change_password);
}

/// Staff accounts (admin).
fn staff_accounts(cfg: &mut ServiceConfig) {
    cfg.service(users::api::staff::list_users)
        .service(users::api::staff::create_user)
        .service(users::api::staff::update_user);
}

/// Companies.
fn companies(cfg: &mut ServiceConfig) {
    cfg.service(companies::api::profiles::list_companies)
        .service(companies::api::profiles::get_company)
        .service(companies::api::profiles::update_company_profile)
        .service(companies::api::decisions::approve_company)
        .service(companies::api::decisions::suspend_company)
        .service(events::api::registrations::company_attendance);
}

/// Capabilities and the catalogue.
fn catalogue(cfg: &mut ServiceConfig) {
    cfg.service(capabilities::api::catalogue::list_capabilities)
        .service(capabilities::api::manage::create_capability)
        .service(capabilities::api::catalogue::get_capability)
        .service(capabilities::api::manage::update_capability)
        .service(capabilities::api::manage::archive_capability);
}

/// Buyers.
fn buyers(cfg: &mut ServiceConfig) {
    cfg.service(buyers::api::organisations::list_buyers)
        .service(buyers::api::organisations::get_buyer)
        .service(buyers::api::organisations::update_buyer_profile)
        .service(buyers::api::organisations::verify_buyer)
        .service(meetings::api::recommendations::recommend_capabilities);
}

/// Events: trade fairs and their timetables.
fn trade_fairs(cfg: &mut ServiceConfig) {
    cfg.service(events::api::events::list_events)
        .service(events::api::events::create_event)
        .service(events::api::events::get_event)
        .service(events::api::events::update_event)
        .service(events::api::exhibitors::list_exhibitors)
        .service(events::api::exhibitors::add_exhibitor)
        .service(events::api::slots::list_slots)
        .service(events::api::slots::generate_slots)
        .service(events::api::tables::list_tables)
        .service(events::api::tables::add_tables)
        .service(events::api::interpreters::list_interpreters)
        .service(events::api::interpreters::add_interpreter)
        .service(meetings::api::availability::get_availability)
        .service(meetings::api::availability::set_availability)
        .service(meetings::api::auto::auto_schedule)
        .service(meetings::api::agenda::get_agenda)
        .service(meetings::api::exports::export_meetings_csv)
        .service(meetings::api::exports::export_meetings_xlsx);
}

/// Job fairs, seminars and forums: registrations and attendance.
fn registrations(cfg: &mut ServiceConfig) {
    cfg.service(events::api::registrations::register_for_event)
        .service(events::api::registrations::list_registrations)
        .service(events::api::registrations::mark_attendance);
}

/// Meetings.
fn meetings(cfg: &mut ServiceConfig) {
    cfg.service(meetings::api::requests::request_meeting)
        .service(meetings::api::requests::list_meetings)
        .service(meetings::api::requests::get_meeting)
        .service(meetings::api::transitions::accept_meeting)
        .service(meetings::api::transitions::decline_meeting)
        .service(meetings::api::transitions::withdraw_meeting)
        .service(meetings::api::transitions::cancel_meeting)
        .service(negotiations::api::held::mark_meeting_held)
        .service(meetings::api::transitions::mark_meeting_no_show)
        .service(meetings::api::schedule::schedule_meeting);
}

/// Negotiations.
fn negotiations(cfg: &mut ServiceConfig) {
    cfg.service(negotiations::api::negotiation::get_negotiation)
        .service(negotiations::api::negotiation::update_negotiation)
        .service(negotiations::api::reports::report_outcome)
        .service(negotiations::api::reports::confirm_report)
        .service(negotiations::api::contacts::list_contacts)
        .service(negotiations::api::contacts::add_contact)
        .service(negotiations::api::list::list_negotiations);
}

/// Global I-turn: job postings, candidates, applications.
fn talent(cfg: &mut ServiceConfig) {
    cfg.service(talent::api::jobs::list_jobs)
        .service(talent::api::jobs::create_job)
        .service(talent::api::jobs::get_job)
        .service(talent::api::jobs::update_job)
        .service(talent::api::candidates::list_candidates)
        .service(talent::api::candidates::create_candidate)
        .service(talent::api::candidates::get_candidate)
        .service(talent::api::candidates::update_candidate)
        .service(talent::api::candidates::erase_candidate)
        .service(talent::api::applications::create_application)
        .service(talent::api::applications::list_applications)
        .service(talent::api::applications::update_application);
}

/// KPIs and the audit log.
fn kpi_and_audit(cfg: &mut ServiceConfig) {
    cfg.service(kpi::api::report::get_kpi)
        .service(kpi::api::report::get_breakdown)
        .service(kpi::api::targets::get_targets)
        .service(kpi::api::targets::put_targets)
        .service(kpi::api::public::get_public_kpi)
        .service(kpi::api::public::get_public_kpi_csv)
        .service(audit::api::list_audit);
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Sagamihara Global Matching API",
        description = "Sagamihara's manufacturers, overseas buyers and the overseas support desk: \
            catalogue, trade-fair meetings and the programme's KPIs. Errors are RFC 9457 \
            `application/problem+json`; lists take `limit` and `cursor`."
    ),
    // Schemas used only by query parameters are not collected from the paths; listed here
    // so their `$ref`s resolve.
    components(schemas(audit::Entity)),
    modifiers(&BearerAuth),
    tags(
        (name = "auth", description = "Registration, login and tokens"),
        (name = "users", description = "Your account; staff accounts for admins"),
        (name = "companies", description = "SME company profiles and their approval"),
        (name = "capabilities", description = "What companies make; the searchable catalogue"),
        (name = "buyers", description = "Overseas buyer organisations and their recommendations"),
        (name = "events", description = "Trade fairs and other events: exhibitors, slots, tables, interpreters, agendas"),
        (name = "meetings", description = "Business meeting requests, their lifecycle and scheduling"),
        (name = "negotiations", description = "Outcomes after held meetings, both sides' reports, follow-up contacts"),
        (name = "talent", description = "Global I-turn: job postings, candidates (personal data, with consent and erasure), applications"),
        (name = "kpi", description = "The programme's KPIs, targets and the public report"),
        (name = "audit", description = "Who changed what, when"),
        (name = "operations", description = "Health, readiness and metrics"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        openapi
            .components
            .get_or_insert_with(Default::default)
            .add_security_scheme(
                "bearer",
                SecurityScheme::Http(
                    HttpBuilder::new()
                        .scheme(HttpAuthScheme::Bearer)
                        .bearer_format("JWT")
                        .build(),
                ),
            );
    }
}

/// The error answers the extractors give on every route, whatever the handler documents:
/// `JsonBody` (400, 413, 415, 422), `web::Path` (404 for an id that does not parse),
/// `Query` (422) and `AuthUser` (401). Each is added, as a reference to one shared response,
/// to every operation that takes such an input and does not describe that status itself.
/// It runs on the finished document, since the paths are collected from the route table
/// after `ApiDoc`'s own modifiers have run.
pub struct CommonResponses;

impl CommonResponses {
    const SHARED: [(&'static str, &'static str); 6] = [
        ("MalformedJson", "The body is not well-formed JSON"),
        ("PayloadTooLarge", "The body is larger than 64 KiB"),
        ("NotJson", "The body is not `application/json`"),
        ("InvalidFields", "Invalid fields or parameters"),
        ("NotFound", "No such resource, or not visible to you"),
        ("Unauthorized", "No valid access token"),
    ];

    fn add_to(operation: &mut Operation) {
        let mut statuses = Vec::new();
        if operation.request_body.is_some() {
            statuses.extend([
                ("400", "MalformedJson"),
                ("413", "PayloadTooLarge"),
                ("415", "NotJson"),
                ("422", "InvalidFields"),
            ]);
        }
        let parameters = operation.parameters.as_deref().unwrap_or_default();
        if parameters
            .iter()
            .any(|p| p.parameter_in == ParameterIn::Path)
        {
            statuses.push(("404", "NotFound"));
        }
        if parameters
            .iter()
            .any(|p| p.parameter_in == ParameterIn::Query)
        {
            statuses.push(("422", "InvalidFields"));
        }
        if operation.security.as_ref().is_some_and(|s| !s.is_empty()) {
            statuses.push(("401", "Unauthorized"));
        }
        for (status, name) in statuses {
            operation
                .responses
                .responses
                .entry(status.to_owned())
                .or_insert_with(|| RefOr::Ref(Ref::from_response_name(name)));
        }
    }
}

impl Modify for CommonResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        for (name, description) in Self::SHARED {
            let problem = ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("Problem")))
                .build();
            components.responses.insert(
                name.to_owned(),
                RefOr::T(
                    ResponseBuilder::new()
                        .description(description)
                        .content("application/problem+json", problem)
                        .build(),
                ),
            );
        }
        for item in openapi.paths.paths.values_mut() {
            for operation in [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ]
            .into_iter()
            .flatten()
            {
                Self::add_to(operation);
            }
        }
    }
}
