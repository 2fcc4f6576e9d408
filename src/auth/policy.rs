//! Every role and ownership rule of the API, in one place. Handlers ask here before they
//! act; nothing else decides who may do what.

use uuid::Uuid;

use super::{AuthUser, Role};
use crate::error::ApiError;

/// The caller's role must be one of `roles` (403 otherwise).
pub fn require_role(user: &AuthUser, roles: &[Role]) -> Result<(), ApiError> {
    if roles.contains(&user.role) {
        Ok(())
    } else {
        Err(ApiError::forbidden())
    }
}

/// Managing accounts of other people is an admin's job, and a host-wide admin's only: a
/// scoped admin would otherwise see and change every municipality's staff.
pub fn manage_users(user: &AuthUser) -> Result<(), ApiError> {
    require_host_admin(user)
}

/// An admin of the host municipality who is not scoped to one municipality (403 otherwise).
pub fn require_host_admin(user: &AuthUser) -> Result<(), ApiError> {
    require_role(user, &[Role::Admin])?;
    match municipality_scope(user) {
        None => Ok(()),
        Some(_) => Err(ApiError::Forbidden(crate::i18n::Msg::HostAdminsOnly)),
    }
}

/// Partner municipalities are added by the host's host-wide admins.
pub fn manage_municipalities(user: &AuthUser) -> Result<(), ApiError> {
    require_host_admin(user)
}

/// The municipality a staff account is scoped to; `None` for host-wide staff and for
/// every account that is not staff (companies, buyers and candidates have their own
/// rules, and buyers and candidates are shared by all municipalities).
pub fn municipality_scope(user: &AuthUser) -> Option<&Uuid> {
    user.municipality_id
        .as_ref()
        .filter(|_| user.role.is_staff())
}

/// Which staff roles may be scoped to one municipality: admin, desk and reviewer (an
/// expert works for the whole consortium).
pub fn may_be_scoped(role: Role) -> bool {
    matches!(role, Role::Admin | Role::Desk | Role::Reviewer)
}

/// The caller as it stands towards an object of a company of `municipality_id`: itself
/// when its scope reaches the municipality (host-wide staff, and every account that is
/// not staff, whose own rules decide), and nobody (`None`) for a scoped staff account of
/// another municipality, which sees of the object what the public sees and acts on none
/// of it. The rules below then run on that caller, so a scoped desk of A is told of B's
/// objects exactly what an anonymous caller is: mostly 404.
pub fn within_scope<'a>(user: &'a AuthUser, municipality_id: &Uuid) -> Option<&'a AuthUser> {
    match municipality_scope(user) {
        Some(own) if own != municipality_id => None,
        _ => Some(user),
    }
}

/// [`within_scope`] as a check: an object outside the caller's municipality is not
/// found (404), so that its existence is not told.
pub fn require_within_scope(user: &AuthUser, municipality_id: &Uuid) -> Result<(), ApiError> {
    within_scope(user, municipality_id)
        .map(|_| ())
        .ok_or(ApiError::NotFound)
}

/// The municipality a new company of the caller's belongs to: a scoped desk's are its
/// own municipality's, whatever it names; host-wide staff name one or get the host's
/// (`None`).
pub fn municipality_of_new_company<'a>(
    user: &'a AuthUser,
    named: Option<&'a Uuid>,
) -> Option<&'a Uuid> {
    municipality_scope(user).or(named)
}

/// Which municipality's rows a list, the KPIs or the audit log show the caller: a scoped
/// staff account its own only (naming another is a 404); anyone else the one it names,
/// or all of them (`None`).
pub fn municipality_filter<'a>(
    user: &'a AuthUser,
    named: Option<&'a Uuid>,
) -> Result<Option<&'a Uuid>, ApiError> {
    match (municipality_scope(user), named) {
        (Some(own), Some(named)) if own != named => Err(ApiError::NotFound),
        (Some(own), _) => Ok(Some(own)),
        (None, named) => Ok(named),
    }
}

/// The overseas support desk's powers (admins have them too).
pub fn is_desk(user: &AuthUser) -> bool {
    matches!(user.role, Role::Desk | Role::Admin)
}

pub fn require_desk(user: &AuthUser) -> Result<(), ApiError> {
    require_role(user, &[Role::Desk, Role::Admin])
}

/// Lists of what is not public yet (draft capabilities, unpublished postings) across
/// every company: the host-wide desk's and admins'. A scoped desk reads its companies'
/// one by one.
pub fn lists_unpublished(user: &AuthUser) -> bool {
    is_desk(user) && municipality_scope(user).is_none()
}

/// Not scoped to one municipality (403 otherwise): what reads across every municipality
/// (the KPI breakdowns) ask of staff.
pub fn require_host_wide(user: &AuthUser) -> Result<(), ApiError> {
    match municipality_scope(user) {
        None => Ok(()),
        Some(_) => Err(ApiError::Forbidden(crate::i18n::Msg::HostWideStaffOnly)),
    }
}

/// The desk's work on a fair as a whole or on the programme as a whole: a host-wide
/// desk's or admin's. A desk scoped to one municipality acts on that municipality's
/// companies only (403 here), until joint fairs give it its share of a fair.
pub fn require_host_desk(user: &AuthUser) -> Result<(), ApiError> {
    require_desk(user)?;
    require_host_wide(user)
}

/// Events and what the desk sets up for them (slots, tables, interpreters, exhibitors,
/// registrations, attendance) and the auto-scheduler, which places every company's
/// meetings of a fair: host-wide desks and admins.
pub fn manage_events(user: &AuthUser) -> Result<(), ApiError> {
    require_host_desk(user)
}

/// Starting a meeting on the fair day is the desk's and admins' (both sides' check-ins
/// start it too, without anyone's say).
pub fn start_meeting(user: &AuthUser) -> Result<(), ApiError> {
    require_desk(user)
}

/// A company's standby list (who could take a freed slot with it): the desk's and admins',
/// and the company's own members'.
pub fn see_standby(user: &AuthUser, company_id: &Uuid) -> Result<(), ApiError> {
    let host_desk = is_desk(user) && municipality_scope(user).is_none();
    if host_desk || is_company_member(user, company_id) {
        Ok(())
    } else {
        Err(ApiError::forbidden())
    }
}

/// Bulk imports (companies, buyers, exhibitors, registrations) and their templates are the
/// desk's and admins'.
pub fn may_import(user: &AuthUser) -> Result<(), ApiError> {
    require_desk(user)
}

/// The outbox (what the service sent or holds) is the desk's and admins' to read and to
/// send again.
pub fn manage_outbox(user: &AuthUser) -> Result<(), ApiError> {
    require_host_desk(user)
}

/// Recipients' addresses in the outbox are personal data: admins only.
pub fn sees_recipient_addresses(user: &AuthUser) -> bool {
    user.role == Role::Admin
}

/// Whose events a webhook subscriber receives and whose subscriptions it sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubscriberScope {
    /// Staff: every object's events, every subscription.
    Everything,
    Company(Uuid),
    Buyer(Uuid),
}

/// Webhooks: the desk and admins subscribe to everything, an sme member to its company's
/// events, a buyer member to its organisation's; candidates and reviewers not at all (403).
/// Subscriptions outside the scope are not revealed (404).
pub fn webhook_scope(user: &AuthUser) -> Result<SubscriberScope, ApiError> {
    match (user.role, user.company_id, user.buyer_id) {
        // Until events are told per municipality, a scoped desk subscribes to nothing.
        (Role::Admin | Role::Desk, _, _) => {
            require_host_wide(user).map(|()| SubscriberScope::Everything)
        }
        (Role::Sme, Some(company), _) => Ok(SubscriberScope::Company(company)),
        (Role::Buyer, _, Some(buyer)) => Ok(SubscriberScope::Buyer(buyer)),
        (Role::Sme | Role::Buyer, _, _) => {
            Err(ApiError::Forbidden(crate::i18n::Msg::WebhookScopeless))
        }
        _ => Err(ApiError::forbidden()),
    }
}

/// A member of the company: an `sme` user whose token names it.
pub fn is_company_member(user: &AuthUser, company_id: &Uuid) -> bool {
    user.role == Role::Sme && user.company_id.as_ref() == Some(company_id)
}

/// Approved companies are public; others only to their members and the desk.
pub fn can_view_company(user: Option<&AuthUser>, company_id: &Uuid, approved: bool) -> bool {
    approved || user.is_some_and(|u| is_desk(u) || is_company_member(u, company_id))
}

/// A company's profile, capabilities and answers are its members' and the desk's to change.
pub fn can_edit_company(user: &AuthUser, company_id: &Uuid) -> bool {
    is_desk(user) || is_company_member(user, company_id)
}

/// A published capability of an approved company is public; anything else only to the
/// company's members and the desk.
pub fn can_view_capability(
    user: Option<&AuthUser>,
    company_id: &Uuid,
    company_approved: bool,
    published: bool,
) -> bool {
    (company_approved && published)
        || user.is_some_and(|u| is_desk(u) || is_company_member(u, company_id))
}

/// A buyer organisation is seen and edited by its own members and the desk; a buyer never
/// sees another buyer organisation.
pub fn can_manage_buyer(user: &AuthUser, buyer_id: &Uuid) -> bool {
    is_desk(user) || (user.role == Role::Buyer && user.buyer_id.as_ref() == Some(buyer_id))
}

/// A published job posting of an approved company is public; anything else only to the
/// company's members and the desk (the same rule as a capability).
pub fn can_view_job(
    user: Option<&AuthUser>,
    company_id: &Uuid,
    company_approved: bool,
    published: bool,
) -> bool {
    can_view_capability(user, company_id, company_approved, published)
}

/// How much of a candidate's personal data the caller may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CandidateAccess {
    /// The whole record: the candidate itself, the desk and admins.
    Full,
    /// What an application needs (name, nationality, languages, university, field): a
    /// company the candidate applied to.
    Applicant,
    /// Nothing; the candidate's existence is not revealed (404).
    None,
}

/// `candidate_user_id` is the candidate's own account, if any; `applied_to_callers_company`
/// says whether the candidate applied to a job of the caller's company. Reviewers and
/// buyers never see candidates, whatever they ask.
pub fn candidate_access(
    user: &AuthUser,
    candidate_user_id: Option<&Uuid>,
    applied_to_callers_company: bool,
) -> CandidateAccess {
    if is_desk(user) || (user.role == Role::Candidate && candidate_user_id == Some(&user.id)) {
        CandidateAccess::Full
    } else if user.role == Role::Sme && applied_to_callers_company {
        CandidateAccess::Applicant
    } else {
        CandidateAccess::None
    }
}

/// Registering candidates (at a job fair) and listing them is the desk's job.
pub fn manage_candidates(user: &AuthUser) -> Result<(), ApiError> {
    require_desk(user)
}

/// A candidate's personal data is erased at the candidate's own request or by an admin.
pub fn can_erase_candidate(user: &AuthUser, candidate_user_id: Option<&Uuid>) -> bool {
    user.role == Role::Admin
        || (user.role == Role::Candidate && candidate_user_id == Some(&user.id))
}

/// The side of an application a caller is on; the application lifecycle says which moves
/// each side makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApplicationSide {
    Candidate,
    Company,
    Desk,
}

/// The caller's part in an application, if any.
pub fn application_actor(
    user: &AuthUser,
    candidate_user_id: Option<&Uuid>,
    job_company_id: &Uuid,
) -> Option<ApplicationSide> {
    if is_desk(user) {
        Some(ApplicationSide::Desk)
    } else if user.role == Role::Candidate && candidate_user_id == Some(&user.id) {
        Some(ApplicationSide::Candidate)
    } else if is_company_member(user, job_company_id) {
        Some(ApplicationSide::Company)
    } else {
        None
    }
}

/// Registering for a job fair, seminar or forum: a candidate, company member or buyer
/// registers itself; the desk registers anyone.
pub fn can_register_for_event(user: &AuthUser, registrant: Registrant) -> bool {
    if is_desk(user) {
        return true;
    }
    match registrant {
        Registrant::Company(id) => is_company_member(user, id),
        Registrant::Buyer(id) => user.role == Role::Buyer && user.buyer_id.as_ref() == Some(id),
        // The candidate's own profile is resolved from its account before asking.
        Registrant::Candidate { user_id } => {
            user.role == Role::Candidate && user_id == Some(&user.id)
        }
    }
}

/// A registration is cancelled by whoever may register its participant: the registrant
/// itself (a member of the company or buyer organisation, the candidate's own account) or
/// the desk. Another party is not told the registration exists (404); reviewers have no
/// part in registrations (403).
pub fn cancel_registration(user: &AuthUser, registrant: Registrant) -> Result<(), ApiError> {
    if can_register_for_event(user, registrant) {
        return Ok(());
    }
    if user.role == Role::Reviewer {
        return Err(ApiError::forbidden());
    }
    Err(ApiError::NotFound)
}

/// Whom a registration is for, as far as the policy cares: a company or buyer by id, a
/// candidate by its own account (if it has one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Registrant<'a> {
    Candidate { user_id: Option<&'a Uuid> },
    Company(&'a Uuid),
    Buyer(&'a Uuid),
}

/// How much of a company's support log (伴走型支援) the caller sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SupportLogAccess {
    /// Every entry with its notes; may write: the desk and admins.
    Full,
    /// Its own entries, without the notes marked internal: the company's members.
    Company,
    /// Counts only, no entry: reviewers.
    Counts,
}

/// The support log of `company_id`: another company's member is not told it exists (404),
/// buyers and candidates have no part in it (403).
pub fn support_log_access(
    user: &AuthUser,
    company_id: &Uuid,
) -> Result<SupportLogAccess, ApiError> {
    match user.role {
        Role::Admin | Role::Desk => Ok(SupportLogAccess::Full),
        Role::Reviewer => Ok(SupportLogAccess::Counts),
        Role::Sme if is_company_member(user, company_id) => Ok(SupportLogAccess::Company),
        Role::Sme => Err(ApiError::NotFound),
        Role::Buyer | Role::Candidate | Role::Expert => Err(ApiError::forbidden()),
    }
}

/// The support log is written by the desk (and admins) only, whoever else reads it.
pub fn record_support(user: &AuthUser) -> Result<(), ApiError> {
    require_desk(user)
}

/// The follow-up queue is the desk's worklist.
pub fn manage_follow_ups(user: &AuthUser) -> Result<(), ApiError> {
    require_host_desk(user)
}
/// The buyers registered for a fair, with their business fields: the desk, admins, and the
/// members of a company exhibiting there (`exhibits`, as the caller found).
pub fn can_list_fair_buyers(user: &AuthUser, exhibits: bool) -> bool {
    is_desk(user) || (user.role == Role::Sme && user.company_id.is_some() && exhibits)
}

/// Whose wishes (and suggestions) at a fair: one company's or one buyer organisation's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WishParty<'a> {
    Company(&'a Uuid),
    Buyer(&'a Uuid),
}

/// A party's wishes about its counterparts, and the suggestions made to it, are its own
/// members' and the desk's: nobody else ever reads them, least of all the counterparts
/// they are about.
pub fn may_handle_wishes(user: &AuthUser, party: WishParty<'_>) -> bool {
    if is_desk(user) {
        return true;
    }
    match party {
        WishParty::Company(id) => is_company_member(user, id),
        WishParty::Buyer(id) => user.role == Role::Buyer && user.buyer_id.as_ref() == Some(id),
    }
}

/// The fair day's desk work: the participant list, recording arrivals (one scan or an
/// offline batch) and the live board. The desk and admins only: a participant who could
/// scan could check itself (or its counterpart) in without coming.
pub fn run_fair_day(user: &AuthUser) -> Result<(), ApiError> {
    require_host_desk(user)
}

/// Whose badge (check-in code) is asked for: a company's, a buyer organisation's, or a
/// candidate's by its own account (if it has one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadgeHolder<'a> {
    Company(&'a Uuid),
    Buyer(&'a Uuid),
    Candidate { account: Option<&'a Uuid> },
}

/// A badge is the desk's to print and the participant's own to show: a member of the
/// company or buyer organisation, or the registered candidate. Another party is not told
/// the participant exists (404); reviewers have no part in the fair day (403).
pub fn badge_access(user: &AuthUser, holder: BadgeHolder<'_>) -> Result<(), ApiError> {
    if is_desk(user) {
        return Ok(());
    }
    let own = match holder {
        BadgeHolder::Company(id) => is_company_member(user, id),
        BadgeHolder::Buyer(id) => user.role == Role::Buyer && user.buyer_id.as_ref() == Some(id),
        BadgeHolder::Candidate { account } => {
            user.role == Role::Candidate && account == Some(&user.id)
        }
    };
    match (own, user.role) {
        (true, _) => Ok(()),
        (false, Role::Reviewer) => Err(ApiError::forbidden()),
        (false, _) => Err(ApiError::NotFound),
    }
}

/// The programme's books (fee schedules, invoices, subsidies, programme costs, the
/// accounting office's export) are kept by the host-wide desk and admins (cost splitting
/// between municipalities is still to come).
pub fn keep_books(user: &AuthUser) -> Result<(), ApiError> {
    require_host_desk(user)
}

/// Whose invoices a caller sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvoiceScope {
    /// The desk and admins: every company's.
    All,
    /// A company's members: their own company's only.
    Company(Uuid),
}

/// Invoices are the desk's, the admins' and each company's own members'. Reviewers see
/// the totals in the KPI report, never an invoice (403), nor do buyers and candidates.
pub fn invoice_scope(user: &AuthUser) -> Result<InvoiceScope, ApiError> {
    match (user.role, user.company_id) {
        _ if is_desk(user) => require_host_desk(user).map(|()| InvoiceScope::All),
        (Role::Sme, Some(company)) => Ok(InvoiceScope::Company(company)),
        _ => Err(ApiError::forbidden()),
    }
}

/// One invoice, of `company_id`: another company's is not found (404), so that its
/// existence is not told.
pub fn see_invoice(user: &AuthUser, company_id: &Uuid) -> Result<(), ApiError> {
    match invoice_scope(user)? {
        InvoiceScope::All => Ok(()),
        InvoiceScope::Company(own) if own == *company_id => Ok(()),
        InvoiceScope::Company(_) => Err(ApiError::NotFound),
    }
}

/// Research briefs are written by the desk, admins and the consortium's experts.
pub fn write_briefs(user: &AuthUser) -> Result<(), ApiError> {
    if matches!(user.role, Role::Desk | Role::Admin | Role::Expert) {
        Ok(())
    } else {
        Err(ApiError::Forbidden(crate::i18n::Msg::BriefWriters))
    }
}

/// A draft brief is its author's and the desk's; a published one is everyone's when
/// `public`, and otherwise every signed-in account's that belongs to the programme: a
/// company's, a buyer's, staff's and the experts' (not a candidate's, who joined for jobs).
pub fn can_read_brief(
    user: Option<&AuthUser>,
    author_id: &Uuid,
    published: bool,
    public: bool,
) -> bool {
    if !published {
        return user.is_some_and(|u| is_desk(u) || &u.id == author_id);
    }
    public || user.is_some_and(|u| u.role != Role::Candidate)
}

/// What the caller's list of briefs holds besides the published public ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BriefScope<'a> {
    /// Every draft: the desk and admins.
    pub all_drafts: bool,
    /// The caller's own drafts: an expert (or any author).
    pub own_drafts: Option<&'a Uuid>,
    /// Published `members` briefs too.
    pub members: bool,
}

/// The same rule as [`can_read_brief`], for a list.
pub fn brief_scope(user: Option<&AuthUser>) -> BriefScope<'_> {
    BriefScope {
        all_drafts: user.is_some_and(is_desk),
        own_drafts: user.filter(|u| u.role == Role::Expert).map(|u| &u.id),
        members: user.is_some_and(|u| u.role != Role::Candidate),
    }
}

/// The desk and admins change any brief; an expert its own drafts only.
pub fn edit_brief(user: &AuthUser, author_id: &Uuid, published: bool) -> Result<(), ApiError> {
    if is_desk(user) || (user.role == Role::Expert && &user.id == author_id && !published) {
        Ok(())
    } else {
        Err(ApiError::Forbidden(crate::i18n::Msg::BriefAuthorsDrafts))
    }
}

/// Publishing tells every subscribed company: the desk's (and admins') decision, also for
/// an expert's draft.
pub fn publish_brief(user: &AuthUser) -> Result<(), ApiError> {
    require_desk(user)
}

/// Who read what (per brief, per fiscal year): the desk's and admins' to see, and the
/// reviewers', who verify the programme's figures. Counts only, never who.
pub fn see_research_reach(user: &AuthUser) -> Result<(), ApiError> {
    require_role(user, &[Role::Admin, Role::Desk, Role::Reviewer])
}

/// The company whose reach a read counts toward: a company member's only (staff, buyers
/// and experts read without being counted).
pub fn counted_reader(user: &AuthUser) -> Option<&Uuid> {
    (user.role == Role::Sme)
        .then_some(user.company_id.as_ref())
        .flatten()
}

/// A company's research subscriptions: its members' and the desk's. Another company's
/// member is not told what it follows (404); anyone else has no part in them (403).
pub fn manage_brief_subscriptions(user: &AuthUser, company_id: &Uuid) -> Result<(), ApiError> {
    if can_edit_company(user, company_id) {
        Ok(())
    } else if user.role == Role::Sme {
        Err(ApiError::NotFound)
    } else {
        Err(ApiError::forbidden())
    }
}

/// The consortium's members and their contacts (personal data), and which members take
/// part in a forum: the desk's and admins' to manage.
pub fn manage_consortium(user: &AuthUser) -> Result<(), ApiError> {
    require_host_desk(user)
}

/// The yearly report is the admins' to open, publish and correct.
pub fn manage_reports(user: &AuthUser) -> Result<(), ApiError> {
    require_role(user, &[Role::Admin])
}

/// A report's draft, its opinions and versions: the admins' and the council's reviewers',
/// who verify the programme's progress (the published versions are everyone's).
pub fn read_report_drafts(user: &AuthUser) -> Result<(), ApiError> {
    require_role(user, &[Role::Admin, Role::Reviewer])
}

/// Opinions on the report are the council's: a reviewer writes and signs its own, and only
/// its own (the route names no other reviewer's).
pub fn sign_report_opinion(user: &AuthUser) -> Result<(), ApiError> {
    if user.role == Role::Reviewer {
        Ok(())
    } else {
        Err(ApiError::Forbidden(
            crate::i18n::Msg::ReportOpinionReviewers,
        ))
    }
}

#[cfg(test)]
mod tests;
