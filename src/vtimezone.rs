//! `VTIMEZONE` components for iCalendar files, generated from the tz database (chrono-tz).
//!
//! RFC 5545 (3.2.19, 3.6.5) requires a `VTIMEZONE` for every `TZID` a calendar uses: a
//! client that does not know the IANA name (Outlook, many phones) resolves local times
//! through it alone, and a strict one rejects a `TZID` it cannot resolve. Local times with a
//! defined zone, rather than UTC, let every client show the meeting on the venue's clock and
//! move it correctly if the reader travels.
//!
//! A component covers a span: the observance in force at its start (with its real onset and
//! previous offset when the zone changed in the year before, otherwise the span's start with
//! an unchanged offset), then one `STANDARD` or `DAYLIGHT` per change of offset up to its
//! end. No `RRULE`: the offsets are the tz database's for those dates, not a rule guessed
//! from them.

use std::fmt::Write as _;

use chrono::{DateTime, Duration, Offset, TimeZone, Utc};
use chrono_tz::{OffsetComponents, OffsetName, Tz};

/// How far before a span's start to look for the onset of the observance in force at it.
const LOOKBACK: Duration = Duration::days(366);
/// The step of the scan for changes of offset; no zone changes twice within an hour.
const STEP: Duration = Duration::hours(1);

/// What a zone's clock says at an instant: its offset from UTC in seconds, whether that is
/// daylight-saving time, and its abbreviation.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Clock {
    offset_seconds: i32,
    daylight: bool,
    name: Option<String>,
}

fn clock(zone: Tz, at: DateTime<Utc>) -> Clock {
    let offset = zone.offset_from_utc_datetime(&at.naive_utc());
    Clock {
        offset_seconds: offset.fix().local_minus_utc(),
        daylight: !offset.dst_offset().is_zero(),
        name: offset.abbreviation().map(str::to_owned),
    }
}

/// From `onset` on the zone reads `to`, after `from_seconds`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Observance {
    onset: DateTime<Utc>,
    from_seconds: i32,
    to: Clock,
}

/// Every change of the zone's clock in `(from, until]`, to the second.
fn changes(zone: Tz, from: DateTime<Utc>, until: DateTime<Utc>) -> Vec<Observance> {
    let mut found = Vec::new();
    let (mut at, mut before) = (from, clock(zone, from));
    while at < until {
        let next = (at + STEP).min(until);
        let after = clock(zone, next);
        if after != before {
            // The first second of the new clock lies in (at, next]: bisect.
            let (mut low, mut high) = (at, next);
            while high - low > Duration::seconds(1) {
                let middle = low + (high - low) / 2;
                if clock(zone, middle) == before {
                    low = middle;
                } else {
                    high = middle;
                }
            }
            found.push(Observance {
                onset: high,
                from_seconds: before.offset_seconds,
                to: after.clone(),
            });
        }
        (at, before) = (next, after);
    }
    found
}

/// The observances that define every local time of `zone` from `from` to `until`.
fn observances(zone: Tz, from: DateTime<Utc>, until: DateTime<Utc>) -> Vec<Observance> {
    let earlier = changes(zone, from - LOOKBACK, from);
    let at_start = clock(zone, from);
    let first = earlier.last().cloned().unwrap_or(Observance {
        onset: from - LOOKBACK,
        from_seconds: at_start.offset_seconds,
        to: at_start,
    });
    std::iter::once(first)
        .chain(changes(zone, from, until))
        .collect()
}

/// `+0700`, `-0930`, `+053328` (seconds only when the offset has them).
fn utc_offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.unsigned_abs();
    let (hours, minutes, rest) = (s / 3600, s / 60 % 60, s % 60);
    if rest == 0 {
        format!("{sign}{hours:02}{minutes:02}")
    } else {
        format!("{sign}{hours:02}{minutes:02}{rest:02}")
    }
}

/// The `VTIMEZONE` component (CRLF lines) of `zone`, for local times from `from` to `until`.
pub fn vtimezone(zone: Tz, from: DateTime<Utc>, until: DateTime<Utc>) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write!(out, "BEGIN:VTIMEZONE\r\nTZID:{}\r\n", zone.name());
    for observance in observances(zone, from, until.max(from)) {
        let kind = if observance.to.daylight {
            "DAYLIGHT"
        } else {
            "STANDARD"
        };
        // The onset is given on the clock that was in force until then (RFC 5545 3.8.2.4).
        let onset = observance.onset + Duration::seconds(observance.from_seconds.into());
        let _ = write!(
            out,
            "BEGIN:{kind}\r\nDTSTART:{}\r\nTZOFFSETFROM:{}\r\nTZOFFSETTO:{}\r\n",
            onset.format("%Y%m%dT%H%M%S"),
            utc_offset(observance.from_seconds),
            utc_offset(observance.to.offset_seconds),
        );
        if let Some(name) = &observance.to.name {
            let _ = write!(out, "TZNAME:{name}\r\n");
        }
        let _ = write!(out, "END:{kind}\r\n");
    }
    out.push_str("END:VTIMEZONE\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    #[test]
    fn a_zone_without_changes_has_one_standard_observance() {
        let text = vtimezone(
            chrono_tz::Asia::Bangkok,
            utc("2026-12-01T00:00:00Z"),
            utc("2026-12-02T00:00:00Z"),
        );
        assert_eq!(
            text,
            "BEGIN:VTIMEZONE\r\nTZID:Asia/Bangkok\r\nBEGIN:STANDARD\r\nDTSTART:20251130T070000\r\n\
             TZOFFSETFROM:+0700\r\nTZOFFSETTO:+0700\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
        );
    }

    #[test]
    fn a_span_across_the_end_of_summer_time_has_both_observances() {
        // Berlin leaves summer time on 2026-10-25 at 01:00 UTC (03:00 CEST → 02:00 CET); it
        // entered it on 2026-03-29 at 01:00 UTC (02:00 CET → 03:00 CEST).
        let text = vtimezone(
            chrono_tz::Europe::Berlin,
            utc("2026-10-24T00:00:00Z"),
            utc("2026-10-27T00:00:00Z"),
        );
        assert_eq!(
            text,
            "BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n\
             BEGIN:DAYLIGHT\r\nDTSTART:20260329T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\nEND:DAYLIGHT\r\n\
             BEGIN:STANDARD\r\nDTSTART:20261025T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\nEND:STANDARD\r\n\
             END:VTIMEZONE\r\n"
        );
    }

    #[test]
    fn offsets_are_written_with_sign_hours_minutes_and_seconds_only_when_needed() {
        assert_eq!(utc_offset(7 * 3600), "+0700");
        assert_eq!(utc_offset(-(9 * 3600 + 30 * 60)), "-0930");
        assert_eq!(utc_offset(5 * 3600 + 33 * 60 + 28), "+053328");
        assert_eq!(utc_offset(0), "+0000");
    }
}
