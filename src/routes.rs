//! The whole HTTP surface, one line per route. Method and path sit on each handler
//! (`#[get("/me")]`), next to its OpenAPI annotation, so the document cannot drift from
//! what is served. The answers every route shares (a malformed body, an unknown id, a missing
//! token) are added to the document here, once, rather than repeated on each handler.

use actix_web::{web, HttpRequest, HttpResponse};
use utoipa::openapi::content::ContentBuilder;
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::response::ResponseBuilder;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{Ref, RefOr};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::scope;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::error::ApiError;
use crate::{
    audit, auth, buyers, capabilities, companies, events, kpi, meetings, negotiations, ops, talent,
    users,
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
    cfg.service(auth::api::register)
        .service(auth::api::login)
        .service(auth::api::refresh)
        .service(auth::api::logout)
        .service(users::api::get_me)
        .service(users::api::update_me)
        .service(users::api::change_password);
}

/// Staff accounts (admin).
fn staff_accounts(cfg: &mut ServiceConfig) {
    cfg.service(users::api::list_users)
        .service(users::api::create_user)
        .service(users::api::update_user);
}

/// Companies.
fn companies(cfg: &mut ServiceConfig) {
    cfg.service(companies::api::list_companies)
        .service(companies::api::get_company)
        .service(companies::api::update_company_profile)
        .service(companies::api::approve_company)
        .service(companies::api::suspend_company)
        .service(events::api::registrations::company_attendance);
}

/// Capabilities and the catalogue.
fn catalogue(cfg: &mut ServiceConfig) {
    cfg.service(capabilities::api::list_capabilities)
        .service(capabilities::api::create_capability)
        .service(capabilities::api::get_capability)
        .service(capabilities::api::update_capability)
        .service(capabilities::api::archive_capability);
}

/// Buyers.
fn buyers(cfg: &mut ServiceConfig) {
    cfg.service(buyers::api::list_buyers)
        .service(buyers::api::get_buyer)
        .service(buyers::api::update_buyer_profile)
        .service(buyers::api::verify_buyer)
        .service(buyers::api::recommend_capabilities);
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
        .service(events::api::availability::get_availability)
        .service(events::api::availability::set_availability)
        .service(meetings::auto::auto_schedule)
        .service(meetings::agenda::get_agenda)
        .service(meetings::agenda::export_meetings_csv)
        .service(meetings::agenda::export_meetings_xlsx);
}

/// Job fairs, seminars and forums: registrations and attendance.
fn registrations(cfg: &mut ServiceConfig) {
    cfg.service(events::api::registrations::register_for_event)
        .service(events::api::registrations::list_registrations)
        .service(events::api::registrations::mark_attendance);
}

/// Meetings.
fn meetings(cfg: &mut ServiceConfig) {
    cfg.service(meetings::api::request_meeting)
        .service(meetings::api::list_meetings)
        .service(meetings::api::get_meeting)
        .service(meetings::api::accept_meeting)
        .service(meetings::api::decline_meeting)
        .service(meetings::api::withdraw_meeting)
        .service(meetings::api::cancel_meeting)
        .service(meetings::api::mark_meeting_held)
        .service(meetings::api::mark_meeting_no_show)
        .service(meetings::api::schedule_meeting);
}

/// Negotiations.
fn negotiations(cfg: &mut ServiceConfig) {
    cfg.service(negotiations::api::get_negotiation)
        .service(negotiations::api::update_negotiation)
        .service(negotiations::api::report_outcome)
        .service(negotiations::api::confirm_report)
        .service(negotiations::api::list_contacts)
        .service(negotiations::api::add_contact)
        .service(negotiations::api::list_negotiations);
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
    cfg.service(kpi::api::get_kpi)
        .service(kpi::api::get_breakdown)
        .service(kpi::api::get_targets)
        .service(kpi::api::put_targets)
        .service(kpi::api::get_public_kpi)
        .service(kpi::api::get_public_kpi_csv)
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

/// The documented methods of every path, so that a request for a known path with a method it
/// does not have is told 405 and the methods it does have (RFC 9110), not a misleading 404.
/// Built from the finished document, so a route added to the table is known here too.
#[derive(Debug, Clone, Default)]
pub struct KnownPaths(Vec<(Vec<Option<String>>, Vec<&'static str>)>);

impl KnownPaths {
    pub fn new(document: &utoipa::openapi::OpenApi) -> Self {
        let paths = document
            .paths
            .paths
            .iter()
            .map(|(template, item)| {
                // `None` stands for a `{parameter}` segment, which matches any one segment.
                let segments = template
                    .split('/')
                    .map(|s| (!(s.starts_with('{') && s.ends_with('}'))).then(|| s.to_owned()))
                    .collect();
                let methods = [
                    ("GET", item.get.is_some()),
                    ("PUT", item.put.is_some()),
                    ("POST", item.post.is_some()),
                    ("DELETE", item.delete.is_some()),
                    ("PATCH", item.patch.is_some()),
                ]
                .into_iter()
                .filter_map(|(method, present)| present.then_some(method))
                .collect();
                (segments, methods)
            })
            .collect();
        KnownPaths(paths)
    }

    /// The methods `path` answers, as an `Allow` header value; `None` for an unknown path.
    pub fn allowed(&self, path: &str) -> Option<String> {
        let segments: Vec<&str> = path.split('/').collect();
        let mut allowed: Vec<&str> = Vec::new();
        for (template, methods) in &self.0 {
            let matches = template.len() == segments.len()
                && template
                    .iter()
                    .zip(&segments)
                    // Like the router's `{id}`, a parameter takes one non-empty segment.
                    .all(|(t, s)| t.as_deref().map_or(!s.is_empty(), |t| t == *s));
            if matches {
                for method in methods {
                    if !allowed.contains(method) {
                        allowed.push(method);
                    }
                }
            }
        }
        (!allowed.is_empty()).then(|| allowed.join(", "))
    }
}

/// What answers a request no route took: 405 for a known path whose methods do not include
/// the request's, 404 for anything else.
pub async fn unmatched(
    req: HttpRequest,
    known: web::Data<KnownPaths>,
) -> Result<HttpResponse, ApiError> {
    Err(match known.allowed(req.path()) {
        Some(allow) if !allow.split(", ").any(|m| m == req.method().as_str()) => {
            ApiError::MethodNotAllowed { allow }
        }
        _ => ApiError::NotFound,
    })
}
