//! The check-in part of a registration's confirmation: the code to show at the desk on the
//! fair day and where the badge with its QR code is.

use crate::i18n::Locale;
use crate::notifications::facts::RegistrationFacts;

/// The check-in code of a registration, to show at the desk on the day, and where its badge
/// (with the QR code) is found.
pub(super) fn check_in_lines(
    locale: Locale,
    r: &RegistrationFacts,
    base: Option<&str>,
) -> Vec<String> {
    let Some(code) = &r.check_in_code else {
        return Vec::new();
    };
    let mut lines = vec![match locale {
        Locale::Ja => format!("当日の受付コード: {code}"),
        Locale::En => format!("Your check-in code for the day: {code}"),
    }];
    if let (Some(base), Some(participant)) = (base, &r.participant_id) {
        let base = base.trim_end_matches('/');
        let badge = format!(
            "{base}/api/v1/events/{}/badges/{participant}.svg",
            r.event_id
        );
        lines.push(match locale {
            Locale::Ja => format!("受付用QRコード（サインインして表示）: {badge}"),
            Locale::En => format!("Its QR code, to show at the desk (sign in to see it): {badge}"),
        });
    }
    lines
}
