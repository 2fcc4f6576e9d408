//! Meeting slots of a trade fair, cut from its day windows.
//!
//! The desk thinks in the fair's local time ("10:00 to 17:00 in Bangkok, lunch 12 to 13");
//! the database stores UTC. Slots are therefore laid out on the wall clock of the event's
//! IANA time zone and converted afterwards, so a fair abroad gets the times its visitors see
//! on the hall's clocks, daylight-saving change days included. Pure logic: no database, no
//! HTTP; [`SlotError`] becomes a 422 through `ApiError`.

use std::ops::RangeInclusive;

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;

use crate::error::ApiError;
use crate::i18n::Msg;

/// The slot lengths generation accepts. The event setting is narrower (12 to 30 minutes in
/// practice) and is validated where the event is edited; this bound only keeps out zero and
/// values that would make a day a single meeting.
pub const SLOT_MINUTES: RangeInclusive<u32> = 5..=240;

/// One day of meetings: when meetings run on `date`, in the event's local time, and the
/// breaks inside that time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayWindow {
    pub date: NaiveDate,
    pub start: NaiveTime,
    pub end: NaiveTime,
    pub breaks: Vec<Break>,
}

/// A pause in a day window (lunch, an opening ceremony) during which no meeting runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Break {
    pub start: NaiveTime,
    pub end: NaiveTime,
}

/// One bookable slot, in UTC as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct GeneratedSlot {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

/// Why the settings cannot be turned into slots. `field` names the offending input the way
/// a request body would (`time_zone`, `slot_minutes`, `windows[1].end`,
/// `windows[0].breaks[2]`), so the API can answer 422 pointing at it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field} {message}")]
pub struct SlotError {
    pub field: String,
    pub message: Msg,
}

impl SlotError {
    fn new(field: impl Into<String>, message: Msg) -> Self {
        Self {
            field: field.into(),
            message,
        }
    }
}

impl From<SlotError> for ApiError {
    fn from(error: SlotError) -> Self {
        ApiError::invalid(error.field, error.message)
    }
}

/// The document's name for what [`parse_time_zone`] takes, listed by asking it.
pub struct TimeZoneName;

impl utoipa::PartialSchema for TimeZoneName {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        crate::codes::code_list_schema(
            "An IANA time zone named after a place (`Asia/Bangkok`), or `UTC`.",
            chrono_tz::TZ_VARIANTS
                .iter()
                .map(|zone| zone.name())
                .filter(|name| parse_time_zone(name).is_ok())
                .map(str::to_owned)
                .collect(),
        )
    }
}

impl utoipa::ToSchema for TimeZoneName {}

/// Reads an event's time zone, accepting only IANA `Area/Location` names and `UTC`.
///
/// The database also knows legacy names that are traps for a form field: `EST` is UTC-5
/// all year (no daylight saving, unlike New York), and `Etc/GMT-9` means UTC+9 because of
/// the POSIX sign convention. A fair takes place somewhere, so a place name always exists.
/// Spelling is exact, so the stored name is the canonical one.
pub fn parse_time_zone(name: &str) -> Result<Tz, SlotError> {
    let zone: Tz = name
        .parse()
        .map_err(|_| SlotError::new("time_zone", Msg::TimeZoneUnknown))?;
    let place_name = name.contains('/') && !name.starts_with("Etc/");
    if place_name || name == "UTC" || name == "Etc/UTC" {
        Ok(zone)
    } else {
        Err(SlotError::new("time_zone", Msg::TimeZonePlace))
    }
}

/// Cuts consecutive slots of `slot_minutes` from each window, on the local clock of `zone`.
///
/// Slots start at the window's start and follow each other without gaps. A slot that would
/// overlap a break is not made; the next one starts when the break ends. A slot that would
/// run past the window's end is not made either. On daylight-saving change days, a slot that
/// starts or ends at a local time that does not exist (the skipped hour), or that a clock
/// change falls inside, is left out, so every slot lasts exactly `slot_minutes`; a local time
/// that occurs twice (the repeated hour) means its first occurrence. The result is sorted by
/// start time.
pub fn generate_slots(
    zone: Tz,
    windows: &[DayWindow],
    slot_minutes: u32,
) -> Result<Vec<GeneratedSlot>, SlotError> {
    if !SLOT_MINUTES.contains(&slot_minutes) {
        return Err(SlotError::new(
            "slot_minutes",
            Msg::SlotMinutes {
                min: *SLOT_MINUTES.start(),
                max: *SLOT_MINUTES.end(),
            },
        ));
    }
    validate_windows(windows)?;
    let length = TimeDelta::minutes(i64::from(slot_minutes));
    let mut slots = Vec::new();
    for window in windows {
        let at = |time: NaiveTime| window.date.and_time(time);
        let window_end = at(window.end);
        let mut cursor = at(window.start);
        // `checked_add` only fails at the far end of the calendar; there the day simply ends.
        while let Some(slot_end) = cursor.checked_add_signed(length) {
            if slot_end > window_end {
                break;
            }
            let overlapped_break = window
                .breaks
                .iter()
                .filter(|pause| at(pause.start) < slot_end && at(pause.end) > cursor)
                .map(|pause| at(pause.end))
                .max();
            if let Some(resume_at) = overlapped_break {
                cursor = resume_at;
                continue;
            }
            if let Some(slot) = to_utc(zone, cursor, slot_end, length) {
                slots.push(slot);
            }
            cursor = slot_end;
        }
    }
    // Windows may come in any order; they never overlap (validated), so neither do slots.
    slots.sort();
    Ok(slots)
}

/// The slot in UTC, or `None` when daylight saving makes the local times nonexistent or the
/// real duration differ from the planned one.
fn to_utc(
    zone: Tz,
    start: NaiveDateTime,
    end: NaiveDateTime,
    length: TimeDelta,
) -> Option<GeneratedSlot> {
    // `earliest` is the first occurrence of a repeated wall time and `None` for a skipped one.
    let starts_at = zone.from_local_datetime(&start).earliest()?.to_utc();
    let ends_at = zone.from_local_datetime(&end).earliest()?.to_utc();
    (ends_at - starts_at == length).then_some(GeneratedSlot { starts_at, ends_at })
}

fn validate_windows(windows: &[DayWindow]) -> Result<(), SlotError> {
    for (i, window) in windows.iter().enumerate() {
        if window.end <= window.start {
            return Err(SlotError::new(
                format!("windows[{i}].end"),
                Msg::LaterThanStart,
            ));
        }
        for (j, pause) in window.breaks.iter().enumerate() {
            if pause.end <= pause.start {
                return Err(SlotError::new(
                    format!("windows[{i}].breaks[{j}].end"),
                    Msg::LaterThanStart,
                ));
            }
            if pause.start < window.start || pause.end > window.end {
                return Err(SlotError::new(
                    format!("windows[{i}].breaks[{j}]"),
                    Msg::BreakInsideWindow,
                ));
            }
        }
        if let Some((earlier, later)) =
            first_overlap(&window.breaks, |pause| (pause.start, pause.end))
        {
            return Err(SlotError::new(
                format!("windows[{i}].breaks[{later}]"),
                Msg::Overlaps {
                    other: format!("breaks[{earlier}]"),
                },
            ));
        }
    }
    // Two windows may share a date (a morning and an afternoon session) but must not overlap,
    // or the same time would be offered twice.
    if let Some((earlier, later)) = first_overlap(windows, |window| {
        (
            window.date.and_time(window.start),
            window.date.and_time(window.end),
        )
    }) {
        return Err(SlotError::new(
            format!("windows[{later}]"),
            Msg::Overlaps {
                other: format!("windows[{earlier}]"),
            },
        ));
    }
    Ok(())
}

/// Indexes `(earlier, later)` of two intervals that overlap, if any. Touching is fine.
fn first_overlap<T, K: Ord + Copy>(
    items: &[T],
    interval: impl Fn(&T) -> (K, K),
) -> Option<(usize, usize)> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|&index| (interval(&items[index]).0, index));
    order.windows(2).find_map(|pair| {
        let (earlier, later) = (pair[0], pair[1]);
        (interval(&items[later]).0 < interval(&items[earlier]).1).then_some((earlier, later))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn time(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().to_utc()
    }

    fn window(day: NaiveDate, start: NaiveTime, end: NaiveTime) -> DayWindow {
        DayWindow {
            date: day,
            start,
            end,
            breaks: Vec::new(),
        }
    }

    fn with_break(mut window: DayWindow, start: NaiveTime, end: NaiveTime) -> DayWindow {
        window.breaks.push(Break { start, end });
        window
    }

    fn zone(name: &str) -> Tz {
        parse_time_zone(name).unwrap()
    }

    /// What every generated list must satisfy, daylight saving or not.
    fn assert_well_formed(slots: &[GeneratedSlot], slot_minutes: u32) {
        for slot in slots {
            assert_eq!(
                slot.ends_at - slot.starts_at,
                TimeDelta::minutes(i64::from(slot_minutes)),
                "{slot:?} does not last {slot_minutes} minutes"
            );
        }
        for pair in slots.windows(2) {
            assert!(
                pair[0].ends_at <= pair[1].starts_at,
                "{:?} and {:?} overlap or are out of order",
                pair[0],
                pair[1]
            );
        }
    }

    fn starts(slots: &[GeneratedSlot]) -> Vec<DateTime<Utc>> {
        slots.iter().map(|slot| slot.starts_at).collect()
    }

    #[test]
    fn bangkok_day_with_lunch_gives_eighteen_twenty_minute_slots() {
        let day = with_break(
            window(date(2026, 6, 10), time(10, 0), time(17, 0)),
            time(12, 0),
            time(13, 0),
        );
        let slots = generate_slots(zone("Asia/Bangkok"), &[day], 20).unwrap();
        assert_eq!(slots.len(), 18);
        assert_well_formed(&slots, 20);
        assert_eq!(slots[0].starts_at, utc("2026-06-10T03:00:00Z"));
        // The morning ends right at lunch; the afternoon starts right after it.
        assert_eq!(slots[5].ends_at, utc("2026-06-10T05:00:00Z"));
        assert_eq!(slots[6].starts_at, utc("2026-06-10T06:00:00Z"));
        assert_eq!(slots[17].ends_at, utc("2026-06-10T10:00:00Z"));
    }

    #[test]
    fn tokyo_morning_starts_the_previous_day_in_utc() {
        let day = window(date(2026, 10, 20), time(8, 0), time(10, 0));
        let slots = generate_slots(zone("Asia/Tokyo"), &[day], 30).unwrap();
        assert_eq!(
            starts(&slots),
            vec![
                utc("2026-10-19T23:00:00Z"),
                utc("2026-10-19T23:30:00Z"),
                utc("2026-10-20T00:00:00Z"),
                utc("2026-10-20T00:30:00Z"),
            ]
        );
    }

    #[test]
    fn a_slot_overlapping_a_break_is_skipped_and_the_next_starts_when_the_break_ends() {
        let day = with_break(
            window(date(2026, 10, 20), time(9, 0), time(12, 0)),
            time(10, 15),
            time(10, 45),
        );
        let slots = generate_slots(zone("Asia/Tokyo"), &[day], 30).unwrap();
        // 09:00, 09:30, then 10:00 would cross the break: 10:45, 11:15; 11:45 would end late.
        assert_eq!(
            starts(&slots),
            vec![
                utc("2026-10-20T00:00:00Z"),
                utc("2026-10-20T00:30:00Z"),
                utc("2026-10-20T01:45:00Z"),
                utc("2026-10-20T02:15:00Z"),
            ]
        );
    }

    #[test]
    fn windows_in_any_order_give_sorted_slots() {
        let days = [
            window(date(2026, 10, 21), time(9, 0), time(10, 0)),
            window(date(2026, 10, 20), time(14, 0), time(15, 0)),
            window(date(2026, 10, 20), time(9, 0), time(10, 0)),
        ];
        let slots = generate_slots(zone("Asia/Tokyo"), &days, 30).unwrap();
        assert_eq!(slots.len(), 6);
        assert_well_formed(&slots, 30);
        assert_eq!(slots[0].starts_at, utc("2026-10-20T00:00:00Z"));
        assert_eq!(slots[2].starts_at, utc("2026-10-20T05:00:00Z"));
        assert_eq!(slots[4].starts_at, utc("2026-10-21T00:00:00Z"));
    }

    #[test]
    fn new_york_spring_forward_skips_the_missing_hour() {
        // 2026-03-08 02:00 EST becomes 03:00 EDT: 02:00 to 02:59 never happens.
        let day = window(date(2026, 3, 8), time(1, 0), time(4, 0));
        let slots = generate_slots(zone("America/New_York"), &[day], 30).unwrap();
        assert_well_formed(&slots, 30);
        // 01:30-02:00 ends in the gap, 02:00 and 02:30 start in it.
        assert_eq!(
            starts(&slots),
            vec![
                utc("2026-03-08T06:00:00Z"),
                utc("2026-03-08T07:00:00Z"),
                utc("2026-03-08T07:30:00Z"),
            ]
        );
    }

    #[test]
    fn new_york_fall_back_uses_the_first_pass_of_the_repeated_hour_once() {
        // 2026-11-01 02:00 EDT becomes 01:00 EST: 01:00 to 01:59 happens twice.
        let day = window(date(2026, 11, 1), time(0, 30), time(3, 0));
        let slots = generate_slots(zone("America/New_York"), &[day], 30).unwrap();
        assert_well_formed(&slots, 30);
        // 01:30 EDT to 02:00 EST would last 90 minutes, so it is left out.
        assert_eq!(
            starts(&slots),
            vec![
                utc("2026-11-01T04:30:00Z"),
                utc("2026-11-01T05:00:00Z"),
                utc("2026-11-01T07:00:00Z"),
                utc("2026-11-01T07:30:00Z"),
            ]
        );
    }

    #[test]
    fn berlin_change_days_keep_every_slot_exactly_its_length() {
        let berlin = zone("Europe/Berlin");
        // 2026-03-29 02:00 CET becomes 03:00 CEST.
        let spring = window(date(2026, 3, 29), time(0, 0), time(5, 0));
        let slots = generate_slots(berlin, &[spring], 45).unwrap();
        assert_well_formed(&slots, 45);
        // Local 00:00, 00:45; 01:30 would end in the gap; 02:15 starts in it; then 03:00,
        // 03:45 (CEST); 04:30 would end after 05:00.
        assert_eq!(
            starts(&slots),
            vec![
                utc("2026-03-28T23:00:00Z"),
                utc("2026-03-28T23:45:00Z"),
                utc("2026-03-29T01:00:00Z"),
                utc("2026-03-29T01:45:00Z"),
            ]
        );
        // 2026-10-25 03:00 CEST becomes 02:00 CET.
        let autumn = window(date(2026, 10, 25), time(1, 0), time(4, 0));
        let slots = generate_slots(berlin, &[autumn], 60).unwrap();
        assert_well_formed(&slots, 60);
        // 01:00-02:00 CEST; 02:00 CEST to 03:00 CET would last two hours; 03:00-04:00 CET.
        assert_eq!(
            starts(&slots),
            vec![utc("2026-10-24T23:00:00Z"), utc("2026-10-25T02:00:00Z")]
        );
    }

    #[test]
    fn time_zones_must_be_iana_place_names() {
        for good in [
            "Asia/Tokyo",
            "Asia/Bangkok",
            "America/New_York",
            "UTC",
            "Etc/UTC",
        ] {
            assert_eq!(parse_time_zone(good).unwrap().name(), good);
        }
        for bad in [
            "",
            "Mars/Olympus_Mons",
            "asia/tokyo",
            "JST",
            "EST",
            "+09:00",
            "Etc/GMT-9",
        ] {
            let error = parse_time_zone(bad).unwrap_err();
            assert_eq!(error.field, "time_zone", "{bad:?} was accepted");
        }
    }

    #[test]
    fn slot_length_must_be_sensible() {
        let day = window(date(2026, 10, 20), time(9, 0), time(17, 0));
        for bad in [0, 4, 241, u32::MAX] {
            let error =
                generate_slots(zone("Asia/Tokyo"), std::slice::from_ref(&day), bad).unwrap_err();
            assert_eq!(error.field, "slot_minutes");
        }
        let two_halves_of_the_day = generate_slots(zone("Asia/Tokyo"), &[day], 240).unwrap();
        assert_eq!(two_halves_of_the_day.len(), 2);
    }

    #[test]
    fn bad_windows_name_the_offending_field() {
        let tokyo = zone("Asia/Tokyo");
        let day = date(2026, 10, 20);
        let cases = [
            (window(day, time(17, 0), time(9, 0)), "windows[0].end"),
            (window(day, time(9, 0), time(9, 0)), "windows[0].end"),
            (
                with_break(
                    window(day, time(9, 0), time(17, 0)),
                    time(13, 0),
                    time(12, 0),
                ),
                "windows[0].breaks[0].end",
            ),
            (
                with_break(
                    window(day, time(9, 0), time(17, 0)),
                    time(8, 0),
                    time(9, 30),
                ),
                "windows[0].breaks[0]",
            ),
            (
                with_break(
                    window(day, time(9, 0), time(17, 0)),
                    time(16, 30),
                    time(17, 30),
                ),
                "windows[0].breaks[0]",
            ),
            (
                with_break(
                    with_break(
                        window(day, time(9, 0), time(17, 0)),
                        time(14, 0),
                        time(15, 0),
                    ),
                    time(12, 0),
                    time(14, 30),
                ),
                "windows[0].breaks[0]",
            ),
        ];
        for (bad, field) in cases {
            let error = generate_slots(tokyo, std::slice::from_ref(&bad), 20).unwrap_err();
            assert_eq!(error.field, field, "{bad:?}");
        }
        let overlapping_days = [
            window(day, time(9, 0), time(12, 0)),
            window(day, time(11, 0), time(15, 0)),
        ];
        let error = generate_slots(tokyo, &overlapping_days, 20).unwrap_err();
        assert_eq!(error.field, "windows[1]");
        assert_eq!(error.message.to_string(), "overlaps windows[0]");
    }

    #[test]
    fn touching_breaks_and_sessions_are_allowed() {
        let day = date(2026, 10, 20);
        let morning = with_break(
            with_break(
                window(day, time(9, 0), time(12, 0)),
                time(10, 0),
                time(10, 30),
            ),
            time(10, 30),
            time(11, 0),
        );
        let afternoon = window(day, time(12, 0), time(13, 0));
        let slots = generate_slots(zone("Asia/Tokyo"), &[morning, afternoon], 30).unwrap();
        assert_eq!(slots.len(), 6);
        assert_well_formed(&slots, 30);
    }

    #[test]
    fn a_slot_error_becomes_a_validation_problem() {
        let error = ApiError::from(SlotError::new(
            "slot_minutes",
            Msg::SlotMinutes { min: 5, max: 240 },
        ));
        assert!(matches!(
            error,
            ApiError::Validation(ref fields) if fields[0].field == "slot_minutes"
        ));
    }
}
