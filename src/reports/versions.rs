//! Which version a publication makes: the first publishes version 1, a correction the next
//! one; publishing again without a correction, or correcting what was never published, is
//! refused. Opinions are written for the version about to be published.

use crate::error::ApiError;
use crate::i18n::Msg;

/// The version that publishing makes, given the latest published (`None`: none yet) and
/// whether it is a correction.
pub fn next_published(latest: Option<i32>, correction: bool) -> Result<i32, ApiError> {
    match (latest, correction) {
        (None, false) => Ok(1),
        (Some(latest), true) => Ok(latest + 1),
        (Some(_), false) => Err(ApiError::Conflict(Msg::ReportPublishedAlready)),
        (None, true) => Err(ApiError::Conflict(Msg::ReportNotPublished)),
    }
}

/// The version a draft stands for: the one after the latest published.
pub fn of_draft(latest: Option<i32>) -> i32 {
    latest.map_or(1, |latest| latest + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_publication_is_version_1_and_each_correction_the_next() {
        assert_eq!(next_published(None, false).unwrap(), 1);
        assert_eq!(next_published(Some(1), true).unwrap(), 2);
        assert_eq!(next_published(Some(2), true).unwrap(), 3);
    }

    #[test]
    fn publishing_twice_or_correcting_nothing_is_a_conflict() {
        assert!(matches!(
            next_published(Some(1), false),
            Err(ApiError::Conflict(Msg::ReportPublishedAlready))
        ));
        assert!(matches!(
            next_published(None, true),
            Err(ApiError::Conflict(Msg::ReportNotPublished))
        ));
    }

    #[test]
    fn a_draft_stands_for_the_version_after_the_latest() {
        assert_eq!(
            (of_draft(None), of_draft(Some(1)), of_draft(Some(4))),
            (1, 2, 5)
        );
    }
}
