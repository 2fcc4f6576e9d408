//! Which time an arrival counts from, and what a scan did. A scan made online counts from
//! the moment the service records it; one made offline from the device's clock, as the
//! device reports it, but never from the future (a device clock running fast). The earliest
//! known time of a participant's arrival wins, whatever order the scans reach the service in.

use chrono::NaiveDateTime;
use serde::Serialize;
use utoipa::ToSchema;

/// The time an arrival counts from: the device's `scanned_at`, if any, but no later than
/// `now`.
pub fn counts_from(scanned_at: Option<NaiveDateTime>, now: NaiveDateTime) -> NaiveDateTime {
    scanned_at.map_or(now, |at| at.min(now))
}

/// What one scan did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ScanOutcome {
    /// The participant's first arrival.
    CheckedIn,
    /// The participant had arrived earlier; that time stands.
    AlreadyCheckedIn,
    /// The participant had arrived, recorded later than this scan was made: the arrival now
    /// counts from this scan's time.
    MovedEarlier,
    /// Not a code of this event's participants (another fair's, or forged).
    UnknownCode,
}

/// What a scan did, from whether it was the first and whether it moved an earlier record.
pub fn outcome(inserted: bool, moved_earlier: bool) -> ScanOutcome {
    match (inserted, moved_earlier) {
        (true, _) => ScanOutcome::CheckedIn,
        (false, true) => ScanOutcome::MovedEarlier,
        (false, false) => ScanOutcome::AlreadyCheckedIn,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeDelta;

    fn now() -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 12, 1)
            .and_then(|d| d.and_hms_opt(10, 0, 0))
            .unwrap()
    }

    #[test]
    fn an_online_scan_counts_from_now_and_an_offline_one_from_the_device() {
        assert_eq!(counts_from(None, now()), now());
        let earlier = now() - TimeDelta::minutes(7);
        assert_eq!(counts_from(Some(earlier), now()), earlier);
    }

    #[test]
    fn a_device_clock_running_fast_counts_from_now() {
        assert_eq!(counts_from(Some(now() + TimeDelta::hours(1)), now()), now());
    }

    #[test]
    fn the_first_scan_checks_in_and_later_ones_keep_or_move_the_earliest() {
        assert_eq!(outcome(true, false), ScanOutcome::CheckedIn);
        assert_eq!(outcome(false, false), ScanOutcome::AlreadyCheckedIn);
        assert_eq!(outcome(false, true), ScanOutcome::MovedEarlier);
    }
}
