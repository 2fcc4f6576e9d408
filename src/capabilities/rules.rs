//! The rules of writing a capability: what a new one may start as, how a change moves it
//! along `draft → published → archived`, what the lists may hold, and who may list which
//! statuses. Pure: the handlers load and save around them.

use chrono::NaiveDateTime;
use uuid::Uuid;

use super::api::manage::{CapabilityChanges, NewCapability};
use super::store::{CapabilityRecord, Visibility};
use super::CapabilityStatus;
use crate::auth::{policy, AuthUser};
use crate::db::{self, encode_list};
use crate::error::{ApiError, FieldError};
use crate::i18n::Msg;
use crate::{search_terms, validate};

/// The document's name for what a new capability may start as, listed by asking
/// [`initial_status`].
pub struct InitialCapabilityStatus;

impl utoipa::PartialSchema for InitialCapabilityStatus {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        let statuses = [
            CapabilityStatus::Draft,
            CapabilityStatus::Published,
            CapabilityStatus::Archived,
        ];
        crate::codes::code_list_schema(
            "What a new capability starts as: a draft (the default) or published.",
            statuses
                .into_iter()
                .filter(|s| initial_status(Some(*s)).is_ok())
                .map(|s| s.as_str().to_owned())
                .collect(),
        )
    }
}

impl utoipa::ToSchema for InitialCapabilityStatus {}

/// A new capability is a draft (the default) or published at once; never born archived.
fn initial_status(asked: Option<CapabilityStatus>) -> Result<CapabilityStatus, ApiError> {
    let status = asked.unwrap_or(CapabilityStatus::Draft);
    if status == CapabilityStatus::Archived {
        return Err(ApiError::invalid("status", Msg::NewCapabilityStatus));
    }
    Ok(status)
}

/// The field checks a new capability needs beyond its own `validate` attributes: the lists'
/// sizes, and that it starts as a draft or published (422 otherwise).
pub fn check_new(body: &NewCapability) -> Result<CapabilityStatus, ApiError> {
    validate::finish(check_lists(
        Some(&body.tags),
        Some(&body.materials),
        Some(&body.certifications),
    ))?;
    initial_status(body.status)
}

/// The field checks of a change: the lists' sizes and the numbers a `null` may clear.
pub fn check_changes(body: &CapabilityChanges) -> Result<(), ApiError> {
    let mut errors = check_lists(
        body.tags.as_deref(),
        body.materials.as_deref(),
        body.certifications.as_deref(),
    );
    errors.extend(check_range("min_lot", body.min_lot, 1, 100_000_000));
    errors.extend(check_range("lead_time_days", body.lead_time_days, 0, 3650));
    validate::finish(errors)
}

/// A new capability of `company_id`, checked by [`check_new`], with empty search columns
/// (`CapabilityRecord::index` fills them).
pub fn new_record(
    company_id: &str,
    body: NewCapability,
    status: CapabilityStatus,
    now: NaiveDateTime,
) -> CapabilityRecord {
    CapabilityRecord {
        id: db::new_id(),
        company_id: company_id.to_owned(),
        title_ja: body.title_ja.trim().to_owned(),
        title_en: body.title_en.trim().to_owned(),
        description_ja: body.description_ja,
        description_en: body.description_en,
        category: body.category,
        tags: encode_list(&normalized_tags(&body.tags)),
        materials: encode_list(&trimmed(&body.materials)),
        certifications: encode_list(&trimmed(&body.certifications)),
        min_lot: body.min_lot,
        lead_time_days: body.lead_time_days,
        status,
        search_primary: String::new(),
        search_secondary: String::new(),
        published_at: (status == CapabilityStatus::Published).then_some(now),
        archived_at: None,
        created_at: now,
        updated_at: now,
    }
}

/// Applies a change to a capability now in `current`. An archived capability is kept as it
/// was, and the status moves only along `draft → published → archived` (409 otherwise);
/// publishing and archiving are stamped with `now`.
pub fn apply_changes(
    record: &mut CapabilityRecord,
    current: CapabilityStatus,
    body: CapabilityChanges,
    now: NaiveDateTime,
) -> Result<(), ApiError> {
    if current == CapabilityStatus::Archived {
        return Err(ApiError::Conflict(Msg::CapabilityArchived));
    }
    if let Some(next) = body.status {
        move_status(record, current, next, now)?;
    }
    set(
        &mut record.title_ja,
        body.title_ja.map(|v| v.trim().to_owned()),
    );
    set(
        &mut record.title_en,
        body.title_en.map(|v| v.trim().to_owned()),
    );
    set(&mut record.description_ja, body.description_ja);
    set(&mut record.description_en, body.description_en);
    set(&mut record.category, body.category);
    set(
        &mut record.tags,
        body.tags.map(|v| encode_list(&normalized_tags(&v))),
    );
    set(
        &mut record.materials,
        body.materials.map(|v| encode_list(&trimmed(&v))),
    );
    set(
        &mut record.certifications,
        body.certifications.map(|v| encode_list(&trimmed(&v))),
    );
    set(&mut record.min_lot, body.min_lot);
    set(&mut record.lead_time_days, body.lead_time_days);
    record.updated_at = now;
    Ok(())
}

/// Archives a capability (nothing to do when it already is: archiving twice is archiving).
/// Returns whether it changed.
pub fn archive(
    record: &mut CapabilityRecord,
    current: CapabilityStatus,
    now: NaiveDateTime,
) -> bool {
    if current == CapabilityStatus::Archived {
        return false;
    }
    record.status = CapabilityStatus::Archived;
    record.archived_at = Some(now);
    record.updated_at = now;
    true
}

fn move_status(
    record: &mut CapabilityRecord,
    current: CapabilityStatus,
    next: CapabilityStatus,
    now: NaiveDateTime,
) -> Result<(), ApiError> {
    if !current.can_become(next) {
        return Err(ApiError::Conflict(Msg::CapabilityCannotBecome {
            from: current.as_str().to_owned(),
            to: next.as_str().to_owned(),
        }));
    }
    if next != current {
        record.status = next;
        match next {
            CapabilityStatus::Published => record.published_at = Some(now),
            CapabilityStatus::Archived => record.archived_at = Some(now),
            CapabilityStatus::Draft => {}
        }
    }
    Ok(())
}

fn set<T>(field: &mut T, value: Option<T>) {
    if let Some(value) = value {
        *field = value;
    }
}

/// Which capabilities a catalogue request may see. Without `status`, the public catalogue;
/// other statuses are for the desk and for a company's own members naming their company.
/// `published` asked by anyone else is simply the public catalogue.
pub fn catalogue_visibility(
    user: Option<&AuthUser>,
    status: Option<CapabilityStatus>,
    company_id: Option<&Uuid>,
) -> Result<Visibility, ApiError> {
    let privileged = user.is_some_and(|u| {
        policy::lists_unpublished(u) || company_id.is_some_and(|c| policy::is_company_member(u, c))
    });
    match status {
        None => Ok(Visibility::Public),
        Some(CapabilityStatus::Published) if !privileged => Ok(Visibility::Public),
        Some(status) if privileged => Ok(Visibility::Status(status)),
        Some(_) => Err(ApiError::Forbidden(Msg::UnpublishedCapabilities)),
    }
}

fn check_lists(
    tags: Option<&[String]>,
    materials: Option<&[String]>,
    certifications: Option<&[String]>,
) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if let Some(tags) = tags {
        errors.extend(validate::short_list("tags", tags, 20, 50));
    }
    if let Some(materials) = materials {
        errors.extend(validate::short_list("materials", materials, 30, 100));
    }
    if let Some(certifications) = certifications {
        errors.extend(validate::short_list(
            "certifications",
            certifications,
            30,
            100,
        ));
    }
    errors
}

fn check_range(field: &str, value: Option<Option<i32>>, min: i32, max: i32) -> Vec<FieldError> {
    match value {
        Some(Some(n)) if !(min..=max).contains(&n) => {
            vec![FieldError::new(field, Msg::between(min, max))]
        }
        _ => Vec::new(),
    }
}

fn normalized_tags(tags: &[String]) -> Vec<String> {
    let mut tags: Vec<String> = tags
        .iter()
        .map(|t| search_terms::normalize_tag(t))
        .collect();
    tags.dedup();
    tags
}

fn trimmed(list: &[String]) -> Vec<String> {
    list.iter().map(|s| s.trim().to_owned()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;
    use crate::capabilities::Category;

    fn new_capability(status: Option<CapabilityStatus>) -> NewCapability {
        NewCapability {
            title_ja: " 精密板金 ".into(),
            title_en: "Sheet metal".into(),
            description_ja: String::new(),
            description_en: String::new(),
            category: Category::Stamping,
            tags: vec!["CNC".into(), "cnc".into()],
            materials: vec![" aluminium ".into()],
            certifications: Vec::new(),
            min_lot: None,
            lead_time_days: None,
            status,
        }
    }

    fn no_changes() -> CapabilityChanges {
        CapabilityChanges {
            title_ja: None,
            title_en: None,
            description_ja: None,
            description_en: None,
            category: None,
            tags: None,
            materials: None,
            certifications: None,
            min_lot: None,
            lead_time_days: None,
            status: None,
        }
    }

    fn now() -> NaiveDateTime {
        db::now()
    }

    fn user(role: Role, company_id: Option<Uuid>) -> AuthUser {
        AuthUser {
            id: Uuid::now_v7(),
            role,
            company_id,
            buyer_id: None,
            municipality_id: None,
        }
    }

    #[test]
    fn a_new_capability_is_a_draft_or_published_never_archived() {
        assert_eq!(
            check_new(&new_capability(None)).unwrap(),
            CapabilityStatus::Draft
        );
        let archived = new_capability(Some(CapabilityStatus::Archived));
        assert!(matches!(check_new(&archived), Err(ApiError::Validation(_))));
    }

    #[test]
    fn a_published_capability_is_stamped_and_its_tags_normalised() {
        let record = new_record(
            "c1",
            new_capability(None),
            CapabilityStatus::Published,
            now(),
        );
        assert!(record.published_at.is_some());
        assert_eq!(record.title_ja, "精密板金");
        assert_eq!(record.tags, encode_list(&["cnc".to_owned()]));
        assert_eq!(record.materials, encode_list(&["aluminium".to_owned()]));
    }

    #[test]
    fn an_archived_capability_is_kept_as_it_was() {
        let mut record = new_record("c1", new_capability(None), CapabilityStatus::Draft, now());
        let mut change = no_changes();
        change.title_en = Some("New".into());
        let err = apply_changes(&mut record, CapabilityStatus::Archived, change, now());
        assert!(matches!(err, Err(ApiError::Conflict(_))));
        assert_eq!(record.title_en, "Sheet metal");
    }

    #[test]
    fn a_published_capability_cannot_go_back_to_draft() {
        let mut record = new_record(
            "c1",
            new_capability(None),
            CapabilityStatus::Published,
            now(),
        );
        let mut change = no_changes();
        change.status = Some(CapabilityStatus::Draft);
        let err = apply_changes(&mut record, CapabilityStatus::Published, change, now());
        assert!(matches!(err, Err(ApiError::Conflict(_))));
    }

    #[test]
    fn publishing_a_draft_stamps_it_and_null_clears_a_number() {
        let mut body = new_capability(None);
        body.min_lot = Some(10);
        let mut record = new_record("c1", body, CapabilityStatus::Draft, now());
        let mut change = no_changes();
        change.status = Some(CapabilityStatus::Published);
        change.min_lot = Some(None);
        apply_changes(&mut record, CapabilityStatus::Draft, change, now()).unwrap();
        assert_eq!(record.status, CapabilityStatus::Published);
        assert!(record.published_at.is_some());
        assert_eq!(record.min_lot, None);
    }

    #[test]
    fn archiving_twice_changes_nothing_the_second_time() {
        let mut record = new_record("c1", new_capability(None), CapabilityStatus::Draft, now());
        assert!(archive(&mut record, CapabilityStatus::Draft, now()));
        assert!(record.archived_at.is_some());
        assert!(!archive(&mut record, CapabilityStatus::Archived, now()));
    }

    #[test]
    fn only_the_desk_and_the_companys_members_list_unpublished_capabilities() {
        let company = Uuid::now_v7();
        let member = user(Role::Sme, Some(company));
        let desk = user(Role::Desk, None);
        let buyer = user(Role::Buyer, None);
        let drafts = Some(CapabilityStatus::Draft);
        assert!(matches!(
            catalogue_visibility(Some(&member), drafts, Some(&company)),
            Ok(Visibility::Status(_))
        ));
        assert!(matches!(
            catalogue_visibility(Some(&desk), drafts, None),
            Ok(Visibility::Status(_))
        ));
        assert!(matches!(
            catalogue_visibility(Some(&member), drafts, None),
            Err(ApiError::Forbidden(_))
        ));
        assert!(matches!(
            catalogue_visibility(Some(&buyer), drafts, Some(&company)),
            Err(ApiError::Forbidden(_))
        ));
        // Published, asked by anyone else, is the public catalogue.
        assert_eq!(
            catalogue_visibility(None, Some(CapabilityStatus::Published), None).unwrap(),
            Visibility::Public
        );
    }

    #[test]
    fn out_of_range_numbers_and_long_lists_are_invalid_fields() {
        let mut change = no_changes();
        change.min_lot = Some(Some(0));
        change.tags = Some((0..21).map(|i| format!("t{i}")).collect());
        match check_changes(&change) {
            Err(ApiError::Validation(errors)) => {
                let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
                assert!(
                    fields.contains(&"min_lot") && fields.contains(&"tags"),
                    "{fields:?}"
                );
            }
            other => panic!("expected 422, got {other:?}"),
        }
    }
}
