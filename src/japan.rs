//! Japan time, where the programme counts its days: deal, hire and contact dates are
//! Japan-time days, and Japanese fiscal years run 1 April to 31 March in Japan time
//! (Asia/Tokyo, UTC+9, no daylight saving). FY2021 runs from 2021-04-01 00:00 JST
//! (2021-03-31 15:00 UTC) to 2022-04-01 00:00 JST.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, TimeDelta, Utc};

const JST_OFFSET_HOURS: i64 = 9;

/// Japan time's offset from UTC.
pub const OFFSET: TimeDelta = TimeDelta::hours(JST_OFFSET_HOURS);

/// The first day of `fiscal_year` and of the next, as dates (for deal and hire dates,
/// which are Japan-time days).
pub fn date_range(fiscal_year: i32) -> (NaiveDate, NaiveDate) {
    let start = NaiveDate::from_ymd_opt(fiscal_year, 4, 1).unwrap_or(NaiveDate::MIN);
    let end = NaiveDate::from_ymd_opt(fiscal_year + 1, 4, 1).unwrap_or(NaiveDate::MAX);
    (start, end)
}

/// The UTC instants where `fiscal_year` starts and the next one starts (for meeting times).
pub fn utc_range(fiscal_year: i32) -> (NaiveDateTime, NaiveDateTime) {
    let (start, end) = date_range(fiscal_year);
    let at_midnight_jst =
        |d: NaiveDate| d.and_time(chrono::NaiveTime::MIN) - TimeDelta::hours(JST_OFFSET_HOURS);
    (at_midnight_jst(start), at_midnight_jst(end))
}

/// The fiscal year a moment belongs to.
pub fn fiscal_year_of(moment: DateTime<Utc>) -> i32 {
    fiscal_year_of_date((moment + TimeDelta::hours(JST_OFFSET_HOURS)).date_naive())
}

/// The fiscal year a Japan-time day belongs to.
pub fn fiscal_year_of_date(day: NaiveDate) -> i32 {
    if day.month() >= 4 {
        day.year()
    } else {
        day.year() - 1
    }
}

/// Today's date in Japan.
pub fn today() -> NaiveDate {
    (Utc::now() + TimeDelta::hours(JST_OFFSET_HOURS)).date_naive()
}

pub fn current_fiscal_year() -> i32 {
    fiscal_year_of(Utc::now())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    #[test]
    fn the_year_turns_at_midnight_in_japan() {
        assert_eq!(fiscal_year_of(at("2021-03-31T14:59:59Z")), 2020);
        assert_eq!(fiscal_year_of(at("2021-03-31T15:00:00Z")), 2021);
        assert_eq!(
            fiscal_year_of(at("2021-03-31T16:00:00Z")),
            2021,
            "the plan's own example"
        );
        assert_eq!(fiscal_year_of(at("2022-03-31T14:59:59Z")), 2021);
    }

    #[test]
    fn ranges_are_half_open_and_in_utc() {
        let (start, end) = utc_range(2021);
        assert_eq!(start.to_string(), "2021-03-31 15:00:00");
        assert_eq!(end.to_string(), "2022-03-31 15:00:00");
        let (first, next) = date_range(2021);
        assert_eq!(
            (first.to_string(), next.to_string()),
            ("2021-04-01".into(), "2022-04-01".into())
        );
    }
}
