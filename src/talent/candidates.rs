//! What a candidate record may hold, how it changes, and what erasure blanks. No I/O: the
//! handlers in `api/candidates.rs` and the actions in `actions.rs` load and save around
//! these.

use chrono::NaiveDateTime;
use serde::Serialize;

use super::api::candidates::{CandidateChanges, NewCandidate};
use super::store::CandidateRow;
use super::{encode_languages, CandidateLanguage};
use crate::error::{ApiError, FieldError};
use crate::i18n::Msg;
use crate::validate;

/// The personal fields erasure blanks. Nationality is not one: the foreign-talent KPI is
/// broken down by it, and a country alone names no one.
pub const ERASED_FIELDS: [&str; 8] = [
    "full_name",
    "university",
    "graduation_year",
    "field_of_study",
    "languages",
    "visa_status",
    "email",
    "phone",
];

fn check_languages(languages: &[CandidateLanguage]) -> Vec<FieldError> {
    let codes: Vec<String> = languages.iter().map(|l| l.code.clone()).collect();
    validate::language_codes("languages", &codes)
}

fn check_country(field: &str, code: &str) -> Vec<FieldError> {
    if crate::codes::is_country_code(code) {
        Vec::new()
    } else {
        vec![FieldError::new(field, Msg::CountryCode { example: "VN" })]
    }
}

fn check_text(field: &str, value: &Option<Option<String>>, max: usize) -> Vec<FieldError> {
    match value {
        Some(Some(v)) if v.trim().is_empty() || v.chars().count() > max => {
            vec![FieldError::new(field, Msg::CharsOneTo { max })]
        }
        _ => Vec::new(),
    }
}

fn trimmed(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

/// What `validator`'s derive cannot say about a new candidate: the codes, and that nothing
/// is stored without the candidate's consent.
pub fn check_new(body: &NewCandidate) -> Result<(), ApiError> {
    let mut errors = check_country("nationality", &body.nationality);
    errors.extend(check_languages(&body.languages));
    if !body.consent {
        errors.push(FieldError::new("consent", Msg::Consent));
    }
    validate::finish(errors)
}

/// Checks the fields a change sets. `null` clears an optional field, so only values that
/// are present are checked.
pub fn check_changes(changes: &CandidateChanges) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    if let Some(v) = &changes.nationality {
        errors.extend(check_country("nationality", v));
    }
    if let Some(v) = &changes.languages {
        errors.extend(check_languages(v));
    }
    errors.extend(check_text("university", &changes.university, 200));
    errors.extend(check_text("field_of_study", &changes.field_of_study, 200));
    errors.extend(check_text("visa_status", &changes.visa_status, 100));
    errors.extend(check_text("phone", &changes.phone, 40));
    if let Some(Some(email)) = &changes.email {
        use validator::ValidateEmail;
        if !email.validate_email() || email.len() > 254 {
            errors.push(FieldError::new("email", Msg::Email));
        }
    }
    if let Some(Some(year)) = changes.graduation_year {
        if !(1950..=2100).contains(&year) {
            errors.push(FieldError::new("graduation_year", Msg::between(1950, 2100)));
        }
    }
    validate::finish(errors)
}

/// The row of a new candidate, consenting at `now`. `user_id` is the candidate's own
/// account when it registers itself.
pub fn new_row(
    id: String,
    body: NewCandidate,
    user_id: Option<String>,
    registered_by: String,
    now: NaiveDateTime,
) -> CandidateRow {
    CandidateRow {
        id,
        user_id,
        full_name: body.full_name.trim().to_owned(),
        nationality: body.nationality,
        university: trimmed(body.university),
        graduation_year: body.graduation_year,
        field_of_study: trimmed(body.field_of_study),
        languages: encode_languages(&body.languages),
        visa_status: trimmed(body.visa_status),
        email: trimmed(body.email),
        phone: trimmed(body.phone),
        consent_given_at: now,
        erased_at: None,
        registered_by,
        created_at: now,
        updated_at: now,
    }
}

/// Applies `changes` to `row`, returning the fields it set. An erased record takes no
/// changes: its personal data is gone for good.
pub fn apply_changes(
    row: &mut CandidateRow,
    changes: CandidateChanges,
    now: NaiveDateTime,
) -> Result<Vec<&'static str>, ApiError> {
    if row.erased_at.is_some() {
        return Err(ApiError::StateConflict {
            detail: Msg::CandidateErased,
            current_status: "erased".into(),
        });
    }
    let mut changed = Vec::new();
    if let Some(v) = changes.full_name {
        row.full_name = v.trim().to_owned();
        changed.push("full_name");
    }
    if let Some(v) = changes.nationality {
        row.nationality = v;
        changed.push("nationality");
    }
    if let Some(v) = changes.university {
        row.university = trimmed(v);
        changed.push("university");
    }
    if let Some(v) = changes.graduation_year {
        row.graduation_year = v;
        changed.push("graduation_year");
    }
    if let Some(v) = changes.field_of_study {
        row.field_of_study = trimmed(v);
        changed.push("field_of_study");
    }
    if let Some(v) = &changes.languages {
        row.languages = encode_languages(v);
        changed.push("languages");
    }
    if let Some(v) = changes.visa_status {
        row.visa_status = trimmed(v);
        changed.push("visa_status");
    }
    if let Some(v) = changes.email {
        row.email = trimmed(v);
        changed.push("email");
    }
    if let Some(v) = changes.phone {
        row.phone = trimmed(v);
        changed.push("phone");
    }
    row.updated_at = now;
    Ok(changed)
}

/// Blanks the personal fields of `row` ([`ERASED_FIELDS`]) and marks it erased at `now`.
pub fn erase(row: &mut CandidateRow, now: NaiveDateTime) {
    row.full_name = "erased".into();
    row.university = None;
    row.graduation_year = None;
    row.field_of_study = None;
    row.languages = "[]".into();
    row.visa_status = None;
    row.email = None;
    row.phone = None;
    row.erased_at = Some(now);
    row.updated_at = now;
}

/// What the audit log keeps of a candidate: never the personal fields themselves (the log
/// cannot be erased), only which of them changed.
#[derive(Debug, Serialize)]
pub struct CandidateAudit<'a> {
    id: &'a str,
    user_id: Option<&'a str>,
    erased: bool,
    personal_fields: &'static str,
    changed_fields: Vec<&'static str>,
}

pub fn audit_record<'a>(
    row: &'a CandidateRow,
    changed_fields: Vec<&'static str>,
) -> CandidateAudit<'a> {
    CandidateAudit {
        id: &row.id,
        user_id: row.user_id.as_deref(),
        erased: row.erased_at.is_some(),
        personal_fields: "redacted",
        changed_fields,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::talent::LanguageLevel;

    fn now() -> NaiveDateTime {
        chrono::DateTime::from_timestamp(1_780_000_000, 0)
            .map(|t| t.naive_utc())
            .unwrap_or_default()
    }

    fn new_candidate() -> NewCandidate {
        NewCandidate {
            full_name: "  Nguyen Van An ".into(),
            nationality: "VN".into(),
            university: Some(" Hanoi University ".into()),
            graduation_year: Some(2025),
            field_of_study: Some("  ".into()),
            languages: vec![CandidateLanguage {
                code: "vi".into(),
                level: LanguageLevel::Native,
            }],
            visa_status: None,
            email: Some("an@example.com".into()),
            phone: None,
            consent: true,
        }
    }

    fn no_changes() -> CandidateChanges {
        CandidateChanges {
            full_name: None,
            nationality: None,
            university: None,
            graduation_year: None,
            field_of_study: None,
            languages: None,
            visa_status: None,
            email: None,
            phone: None,
        }
    }

    fn row() -> CandidateRow {
        new_row(
            "c1".into(),
            new_candidate(),
            Some("u1".into()),
            "u1".into(),
            now(),
        )
    }

    fn fields(result: Result<(), ApiError>) -> Vec<String> {
        match result {
            Err(ApiError::Validation(errors)) => errors.into_iter().map(|e| e.field).collect(),
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn nothing_is_stored_without_consent() {
        let body = NewCandidate {
            consent: false,
            ..new_candidate()
        };
        assert_eq!(fields(check_new(&body)), ["consent"]);
        assert!(check_new(&new_candidate()).is_ok());
    }

    #[test]
    fn nationality_and_languages_must_be_iso_codes() {
        let body = NewCandidate {
            nationality: "vn".into(),
            languages: vec![CandidateLanguage {
                code: "Vietnamese".into(),
                level: LanguageLevel::Fluent,
            }],
            ..new_candidate()
        };
        assert_eq!(fields(check_new(&body)), ["nationality", "languages[0]"]);
    }

    #[test]
    fn a_new_record_is_trimmed_and_blank_optional_text_is_left_out() {
        let row = row();
        assert_eq!(row.full_name, "Nguyen Van An");
        assert_eq!(row.university.as_deref(), Some("Hanoi University"));
        assert_eq!(row.field_of_study, None);
        assert_eq!(row.consent_given_at, now());
    }

    #[test]
    fn a_change_checks_only_what_it_sets() {
        assert!(check_changes(&no_changes()).is_ok());
        let cleared = CandidateChanges {
            university: Some(None),
            email: Some(None),
            ..no_changes()
        };
        assert!(check_changes(&cleared).is_ok());
        let bad = CandidateChanges {
            university: Some(Some(" ".into())),
            email: Some(Some("not an address".into())),
            graduation_year: Some(Some(1900)),
            nationality: Some("XX".into()),
            ..no_changes()
        };
        assert_eq!(
            fields(check_changes(&bad)),
            ["nationality", "university", "email", "graduation_year"]
        );
    }

    #[test]
    fn a_change_reports_the_fields_it_set_and_null_clears() {
        let mut row = row();
        let changes = CandidateChanges {
            full_name: Some(" Tran Thi Binh ".into()),
            university: Some(None),
            ..no_changes()
        };
        let changed = apply_changes(&mut row, changes, now());
        assert_eq!(changed.ok(), Some(vec!["full_name", "university"]));
        assert_eq!(row.full_name, "Tran Thi Binh");
        assert_eq!(row.university, None);
    }

    #[test]
    fn an_erased_candidate_takes_no_changes() {
        let mut row = row();
        erase(&mut row, now());
        let changes = CandidateChanges {
            full_name: Some("Back again".into()),
            ..no_changes()
        };
        assert!(matches!(
            apply_changes(&mut row, changes, now()),
            Err(ApiError::StateConflict { .. })
        ));
        assert_eq!(row.full_name, "erased");
    }

    #[test]
    fn erasure_blanks_the_personal_fields_and_keeps_the_nationality() {
        let mut row = row();
        erase(&mut row, now());
        assert_eq!(row.full_name, "erased");
        assert_eq!(row.nationality, "VN");
        assert_eq!(row.languages, "[]");
        assert!(row.university.is_none() && row.email.is_none() && row.graduation_year.is_none());
        assert_eq!(row.erased_at, Some(now()));
        assert!(!ERASED_FIELDS.contains(&"nationality"));
    }

    #[test]
    fn the_audit_record_names_fields_never_their_values() {
        let row = row();
        let record = serde_json::to_value(audit_record(&row, vec!["full_name"]))
            .unwrap_or_default()
            .to_string();
        assert!(!record.contains("Nguyen"));
        assert!(record.contains("\"changed_fields\":[\"full_name\"]"));
    }
}
