//! The whole HTTP surface, one line per route. Method and path sit on each handler
//! (`#[get("/me")]`), next to its OpenAPI annotation, so the document cannot drift from
//! what is served. The answers every route shares (a malformed body, an unknown id, a missing
//! token) are added to the document here, once, rather than repeated on each handler.

use std::collections::BTreeSet;

use utoipa::openapi::content::ContentBuilder;
use utoipa::openapi::path::{Operation, Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme};
use utoipa::openapi::Required;
use utoipa::openapi::{Ref, RefOr};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::scope;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::{
    audit, buyers, capabilities, companies, consortium, events, fair_day, finance, follow_up,
    imports, kpi, matching, meetings, municipalities, negotiations, notifications, ops, reports,
    research, suggestions, talent, users,
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
        .configure(municipalities)
        .configure(companies)
        .configure(catalogue)
        .configure(buyers)
        .configure(trade_fairs)
        .configure(registrations)
        .configure(matchmaking)
        .configure(meetings)
        .configure(negotiations)
        .configure(talent)
        .configure(follow_ups)
        .configure(fair_days)
        .configure(imports)
        .configure(research)
        .configure(consortium)
        .configure(books)
        .configure(kpi_and_audit)
        .configure(yearly_reports)
        .configure(webhooks);
}

/// Bulk imports with a dry run, and their templates.
fn imports(cfg: &mut ServiceConfig) {
    cfg.service(imports::api::import_file)
        .service(imports::api::get_import_template_csv)
        .service(imports::api::get_import_template_xlsx);
}

/// Accounts and sessions.
fn accounts(cfg: &mut ServiceConfig) {
    cfg.service(users::api::sessions::register)
        .service(users::api::sessions::login)
        .service(users::api::sessions::refresh)
        .service(users::api::sessions::logout)
        .service(users::api::me::get_me)
        .service(users::api::me::update_me)
        .service(notifications::preferences::get_notification_preferences)
        .service(notifications::preferences::put_notification_preferences)
        .service(notifications::preferences::unsubscribe)
        .service(notifications::preferences::unsubscribe_page)
        .service(users::api::me::change_password);
}

/// Staff accounts (admin).
fn staff_accounts(cfg: &mut ServiceConfig) {
    cfg.service(users::api::staff::list_users)
        .service(users::api::staff::create_user)
        .service(users::api::staff::update_user);
}

/// The installation's municipalities: the host and its partners.
fn municipalities(cfg: &mut ServiceConfig) {
    cfg.service(municipalities::api::list_municipalities)
        .service(municipalities::api::create_municipality);
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
        .service(events::api::registrations::cancel_registration)
        .service(follow_up::api::attendance::mark_attendance);
}

/// Matchmaking before a fair: who comes, both sides' wishes, suggestions.
fn matchmaking(cfg: &mut ServiceConfig) {
    cfg.service(events::api::fair_buyers::list_fair_buyers)
        .service(matching::api::preferences::get_preferences)
        .service(matching::api::preferences::put_preferences)
        .service(suggestions::api::matches::list_matches);
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
        .service(follow_up::api::held::mark_meeting_held)
        .service(meetings::api::transitions::mark_meeting_no_show)
        .service(meetings::api::schedule::schedule_meeting)
        .service(meetings::api::start::start_meeting);
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

/// Surveys by their personal links, the desk's follow-up queue, the company support log.
fn follow_ups(cfg: &mut ServiceConfig) {
    cfg.service(follow_up::api::surveys::get_survey)
        .service(follow_up::api::surveys::answer_survey)
        .service(follow_up::api::follow_ups::list_follow_ups)
        .service(follow_up::api::follow_ups::update_follow_up)
        .service(follow_up::api::support_log::create_support_entry)
        .service(follow_up::api::support_log::get_support_log);
}

/// The fair day: participants, badges, check-ins and the live board. The badge's `.svg`
/// comes before the badge, whose `{participant_id}` would take `….svg` too.
fn fair_days(cfg: &mut ServiceConfig) {
    use fair_day::api;
    cfg.service(api::participants::list_participants)
        .service(api::badges::get_badge_qr_code)
        .service(api::badges::get_badge)
        .service(api::check_ins::check_in)
        .service(api::check_ins::check_in_batch)
        .service(api::live::get_live_board)
        .service(meetings::api::standby::get_standby);
}

/// Research briefs fed back to companies, their reach, and companies' subscriptions.
fn research(cfg: &mut ServiceConfig) {
    use research::api;
    cfg.service(api::briefs::list_briefs)
        .service(api::briefs::create_brief)
        .service(api::briefs::get_brief)
        .service(api::briefs::update_brief)
        .service(api::briefs::publish_brief)
        .service(api::briefs::get_brief_reach)
        .service(api::reach::get_research_reach)
        .service(api::subscriptions::get_subscriptions)
        .service(api::subscriptions::put_subscriptions);
}

/// The consortium: its public list, its members and their contacts (the desk's), and the
/// members taking part in forums.
fn consortium(cfg: &mut ServiceConfig) {
    use consortium::api;
    cfg.service(api::public::list_consortium)
        .service(api::members::list_consortium_members)
        .service(api::members::create_consortium_member)
        .service(api::members::get_consortium_member)
        .service(api::members::update_consortium_member)
        .service(api::members::delete_consortium_member)
        .service(api::contacts::create_consortium_contact)
        .service(api::contacts::update_consortium_contact)
        .service(api::contacts::delete_consortium_contact)
        .service(api::forums::get_forum_members)
        .service(api::forums::put_forum_members);
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

/// The programme's books: fees, invoices, subsidies, programme costs.
fn books(cfg: &mut ServiceConfig) {
    use finance::api::{export, fees, funds, invoices, payments};
    cfg.service(fees::create_fee_schedule)
        .service(fees::list_fee_schedules)
        .service(fees::update_fee_schedule)
        .service(invoices::create_invoice)
        .service(export::export_invoices_csv)
        .service(invoices::list_invoices)
        .service(invoices::get_invoice)
        .service(payments::pay_invoice)
        .service(payments::cancel_invoice)
        .service(funds::create_subsidy)
        .service(funds::list_subsidies)
        .service(funds::create_programme_cost)
        .service(funds::list_programme_costs);
}

/// KPIs, the audit log and the outbox.
fn kpi_and_audit(cfg: &mut ServiceConfig) {
    cfg.service(kpi::api::report::get_kpi)
        .service(kpi::api::report::get_breakdown)
        .service(kpi::api::targets::get_targets)
        .service(kpi::api::targets::put_targets)
        .service(kpi::api::public::get_public_kpi)
        .service(kpi::api::public::get_public_kpi_csv)
        .service(audit::api::list_audit)
        .service(notifications::api::list_notifications)
        .service(notifications::api::retry_notification);
}

/// The council's yearly report: drafts, reviewers' opinions, publication and corrections,
/// and the published versions for everyone. The `.csv` and `.html` come before the JSON,
/// whose `{fiscal_year}` would take `2025.csv` too.
fn yearly_reports(cfg: &mut ServiceConfig) {
    use reports::api::{drafts, opinions, public, publication};
    cfg.service(drafts::open_report)
        .service(drafts::get_report)
        .service(opinions::put_report_opinion)
        .service(publication::publish_report)
        .service(publication::correct_report)
        .service(public::get_public_report_csv)
        .service(public::get_public_report_page)
        .service(public::get_public_report)
        .service(public::get_public_report_version);
}

/// Webhook subscriptions and their delivery log.
fn webhooks(cfg: &mut ServiceConfig) {
    use notifications::webhooks::api;
    cfg.service(api::create_webhook)
        .service(api::list_webhooks)
        .service(api::get_webhook)
        .service(api::update_webhook)
        .service(api::delete_webhook)
        .service(api::rotate_webhook_secret)
        .service(api::list_webhook_deliveries)
        .service(api::redeliver_webhook);
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Sagamihara Global Matching API",
        description = "Sagamihara's manufacturers, overseas buyers and the overseas support desk: \
            catalogue, trade-fair meetings and the programme's KPIs. Errors are RFC 9457 \
            `application/problem+json`; lists take `limit` and `cursor`. Sign in with \
            `POST /api/v1/auth/login` and send the access token as `Authorization: Bearer`; \
            routes whose security lists an empty requirement also answer anonymous callers. \
            Every response carries an `x-request-id` to quote when reporting a problem.",
        contact(
            name = "Sagamihara City, overseas support desk",
            email = "global-matching@city.sagamihara.example"
        ),
        license(name = "MIT", identifier = "MIT")
    ),
    // Relative: the document is served by the API itself, on whatever host it runs.
    servers((url = "/", description = "This service")),
    // Used only by query parameters, which utoipa does not collect schemas from; without
    // them here the parameters' `$ref`s would point nowhere.
    components(schemas(audit::Entity, imports::ImportKind, events::RegistrationStatus)),
    modifiers(&BearerAuth),
    tags(
        (name = "auth", description = "Registration, login and tokens"),
        (name = "users", description = "Your account; staff accounts for admins"),
        (name = "municipalities", description = "The host municipality and its partners (All-Japan): who a company belongs to, whom a staff account is scoped to"),
        (name = "companies", description = "SME company profiles and their approval"),
        (name = "capabilities", description = "What companies make; the searchable catalogue"),
        (name = "buyers", description = "Overseas buyer organisations and their recommendations"),
        (name = "events", description = "Trade fairs and other events: exhibitors, slots, tables, interpreters, agendas"),
        (name = "meetings", description = "Business meeting requests, their lifecycle and scheduling"),
        (name = "matchmaking", description = "Before a fair: both sides' wishes and explainable suggestions"),
        (name = "negotiations", description = "Outcomes after held meetings, both sides' reports, follow-up contacts"),
        (name = "talent", description = "Global I-turn: job postings, candidates (personal data, with consent and erasure), applications"),
        (name = "surveys", description = "Follow-up surveys answered through their personal links, without signing in"),
        (name = "fair-day", description = "On the fair day: participants, their badges and check-in codes, arrivals scanned at the desk, the live board"),
        (name = "follow-ups", description = "The desk's follow-up queue and the company support log (伴走型支援)"),
        (name = "imports", description = "Bulk imports of companies, buyers, exhibitors and registrations from CSV or Excel, with a dry run"),
        (name = "research", description = "Research briefs fed back to companies: bilingual Markdown, published by the desk to the companies that follow their topics, and their reach"),
        (name = "consortium", description = "The consortium of universities, financial institutions, support bodies, companies and experts; its members' contacts; forums it takes part in"),
        (name = "finance", description = "The programme's books: fee schedules, invoices to companies and their payment, subsidies, programme costs by funding source"),
        (name = "kpi", description = "The programme's KPIs, targets and the public report"),
        (name = "reports", description = "The council's yearly report: drafts, reviewers' signed opinions, publication as immutable hashed versions and corrections, and the published versions in JSON, CSV and a printable page"),
        (name = "audit", description = "Who changed what, when"),
        (name = "notifications", description = "The outbox: mails the service sent, holds or will send"),
        (name = "webhooks", description = "Events posted to your URLs, signed the Standard Webhooks way; subscriptions and their delivery log"),
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

/// The answers every route shares, documented once in `components` and referenced from each
/// operation that can give them and does not describe that status itself: those of the
/// extractors, whatever the handler documents (`JsonBody`: 400, 413, 415, 422; `web::Path`:
/// 404 for an id that does not parse; `Query`: 422; a token: 401), and those of any route
/// (500, and 503 when the database does not answer in time). The response headers are
/// documented once as well: `x-request-id` on every answer, `Retry-After` on 429 and 503,
/// `Content-Language` and `Vary` on every problem (its texts follow `Accept-Language`, which
/// every operation lists as an optional header parameter).
/// It runs on the finished document, since the paths are collected from the route table
/// after `ApiDoc`'s own modifiers have run.
pub struct CommonResponses;

impl CommonResponses {
    /// Status, name in `components/responses`, description.
    const SHARED: [(&'static str, &'static str, &'static str); 8] = [
        ("400", "MalformedJson", "The body is not well-formed JSON"),
        ("413", "PayloadTooLarge", "The body is larger than 64 KiB"),
        ("415", "NotJson", "The body is not `application/json`"),
        ("422", "InvalidFields", "Invalid fields or parameters"),
        ("404", "NotFound", "No such resource, or not visible to you"),
        ("401", "Unauthorized", "No valid access token"),
        (
            "500",
            "InternalError",
            "Something failed on our side; quote the `x-request-id` when reporting it",
        ),
        (
            "503",
            "Unavailable",
            "The database did not answer in time; try again after `Retry-After` seconds",
        ),
    ];

    /// The shared response headers, by their name in `components/headers`.
    fn headers() -> serde_json::Value {
        serde_json::json!({
            "RequestId": {
                "description": "The request's id: the client's own `x-request-id` if it sent a \
                    plain one (at most 128 letters, digits and `-_.:`), else a new one. Logs \
                    and problem bodies carry it too; quote it when reporting a problem.",
                "required": true,
                "schema": { "type": "string", "minLength": 1, "maxLength": 128 }
            },
            "RetryAfter": {
                "description": "Seconds to wait before trying again.",
                "required": true,
                "schema": { "type": "integer", "minimum": 0 }
            },
            "ContentLanguage": {
                "description": "The language of the problem's `title`, `detail` and field \
                    messages, as `Accept-Language` chose it.",
                "schema": { "type": "string", "enum": ["en", "ja"] }
            },
            "Vary": {
                "description": "`Accept-Language`: another language may give another text.",
                "schema": { "type": "string" }
            }
        })
    }

    /// Adds the shared headers to a response given for `status`, as references. utoipa 5
    /// models neither `components/headers` nor a header `$ref`, so the headers are written
    /// as the extension field they serialize as (flattened into the response object); any a
    /// handler declared itself move along, so that `headers` appears once.
    fn add_headers(status: &str, response: &mut Response) {
        let mut headers: serde_json::Map<_, _> = std::mem::take(&mut response.headers)
            .into_iter()
            .filter_map(|(name, header)| Some((name, serde_json::to_value(header).ok()?)))
            .collect();
        let reference =
            |name: &str| serde_json::json!({ "$ref": format!("#/components/headers/{name}") });
        headers.insert("x-request-id".to_owned(), reference("RequestId"));
        if response.content.contains_key("application/problem+json") {
            headers.insert("Content-Language".to_owned(), reference("ContentLanguage"));
            headers.insert("Vary".to_owned(), reference("Vary"));
        }
        if matches!(status, "429" | "503") {
            headers.insert("Retry-After".to_owned(), reference("RetryAfter"));
        }
        response
            .extensions
            .get_or_insert_with(Default::default)
            .insert("headers".to_owned(), headers.into());
    }

    /// The request header every operation takes: the language of its problems' texts.
    fn accept_language() -> Parameter {
        ParameterBuilder::new()
            .name("Accept-Language")
            .parameter_in(ParameterIn::Header)
            .required(Required::False)
            .description(Some(
                "The language of error texts: `ja` (or `ja-JP`…) for Japanese; English \
                 otherwise and by default. q-values are honoured.",
            ))
            .schema(Some(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .examples(["ja", "en"]),
            ))
            .build()
    }

    /// Adds the shared responses `operation` can give; returns the names it refers to.
    fn add_to(operation: &mut Operation) -> Vec<&'static str> {
        operation
            .parameters
            .get_or_insert_with(Vec::new)
            .push(Self::accept_language());
        let mut shared = vec!["InternalError", "Unavailable"];
        if operation.request_body.is_some() {
            shared.extend([
                "MalformedJson",
                "PayloadTooLarge",
                "NotJson",
                "InvalidFields",
            ]);
        }
        let parameters = operation.parameters.as_deref().unwrap_or_default();
        if parameters
            .iter()
            .any(|p| p.parameter_in == ParameterIn::Path)
        {
            shared.push("NotFound");
        }
        if parameters
            .iter()
            .any(|p| p.parameter_in == ParameterIn::Query)
        {
            shared.push("InvalidFields");
        }
        // An empty requirement is the anonymous alternative: only a token can be refused.
        let takes_a_token = operation
            .security
            .iter()
            .flatten()
            .any(|requirement| *requirement != SecurityRequirement::default());
        if takes_a_token {
            shared.push("Unauthorized");
        }
        let responses = &mut operation.responses.responses;
        let mut used = Vec::new();
        for (status, name, _) in Self::SHARED {
            if shared.contains(&name) && !responses.contains_key(status) {
                responses.insert(status.to_owned(), Ref::from_response_name(name).into());
                used.push(name);
            }
        }
        for (status, response) in responses.iter_mut() {
            if let RefOr::T(response) = response {
                Self::add_headers(status, response);
            }
        }
        used
    }
}

impl Modify for CommonResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let mut used = BTreeSet::new();
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
                used.extend(Self::add_to(operation));
            }
        }
        let components = openapi.components.get_or_insert_with(Default::default);
        // Only those some operation refers to: every operation may describe a status itself.
        for (status, name, description) in Self::SHARED {
            if !used.contains(name) {
                continue;
            }
            let problem = ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("Problem")))
                .build();
            let mut response = ResponseBuilder::new()
                .description(description)
                .content("application/problem+json", problem)
                .build();
            Self::add_headers(status, &mut response);
            components
                .responses
                .insert(name.to_owned(), RefOr::T(response));
        }
        components
            .extensions
            .get_or_insert_with(Default::default)
            .insert("headers".to_owned(), Self::headers());
    }
}
