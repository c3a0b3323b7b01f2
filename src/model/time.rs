//! The dates and times users type, and the one form times are stored in: RFC 3339 in UTC to
//! the second ("2022-11-14T08:30:00Z"), which sorts as text in time order.

use chrono::{DateTime, NaiveDate, NaiveDateTime, SecondsFormat, Utc};

use crate::{Error, Result};

/// A moment in UTC, stored and compared as its RFC 3339 text.
pub type Timestamp = DateTime<Utc>;

/// `--at`, `--since`: a date (midnight UTC), a date and time (UTC), or RFC 3339 with an offset.
pub fn parse_when(text: &str) -> Result<Timestamp> {
    storable(parse_any(text)?, text)
}

/// Only moments that the stored form can hold and sort: years 0000 to 9999, and no leap
/// second (chrono would take second 60 at any minute).
fn storable(at: Timestamp, text: &str) -> Result<Timestamp> {
    use chrono::{Datelike, Timelike};
    if !(0..=9999).contains(&at.year()) || at.nanosecond() >= 1_000_000_000 {
        return Err(Error::InvalidDate(text.into()));
    }
    Ok(at)
}

fn parse_any(text: &str) -> Result<Timestamp> {
    let t = text.trim();
    if let Ok(dt) = DateTime::parse_from_rfc3339(t) {
        return Ok(dt.with_timezone(&Utc));
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(t, format) {
            return Ok(naive.and_utc());
        }
    }
    let date = parse_date(t)?;
    Ok(date
        .and_hms_opt(0, 0, 0)
        .expect("midnight exists")
        .and_utc())
}

/// `--as-of`: as `parse_when`, except that a bare date means the end of that day: "what did we
/// know on the 14th?" includes everything said during the 14th.
pub fn parse_as_of(text: &str) -> Result<Timestamp> {
    match NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d") {
        Ok(date) => storable(
            date.and_hms_opt(23, 59, 59)
                .expect("the last second of a day exists")
                .and_utc(),
            text,
        ),
        Err(_) => parse_when(text),
    }
}

/// `--happened`: a calendar date.
pub fn parse_date(text: &str) -> Result<NaiveDate> {
    use chrono::Datelike;
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .ok()
        .filter(|date| (0..=9999).contains(&date.year()))
        .ok_or_else(|| Error::InvalidDate(text.into()))
}

/// Whether a statement dated `at` is dated more than a day after `now`: a day covers every time
/// zone and a fast clock, so this is a typo ("2032" for "2023") or a date in another calendar
/// rather than a report from the future. Such a date is kept, with a warning.
pub fn is_far_future(at: Timestamp, now: Timestamp) -> bool {
    at > now + chrono::Duration::days(1)
}

/// The stored form of a moment.
pub fn format_timestamp(at: Timestamp) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn far_future_is_more_than_a_day_ahead() {
        let now = parse_when("2024-05-02T10:00:00Z").unwrap();
        assert!(!is_far_future(now, now));
        assert!(!is_far_future(
            parse_when("2024-05-03T10:00:00Z").unwrap(),
            now
        ));
        assert!(is_far_future(
            parse_when("2024-05-03T10:00:01Z").unwrap(),
            now
        ));
        assert!(!is_far_future(parse_when("1999-01-01").unwrap(), now));
    }

    #[test]
    fn accepted_forms() {
        let stored = |s: &str| format_timestamp(parse_when(s).unwrap());
        assert_eq!(stored("2022-11-14"), "2022-11-14T00:00:00Z");
        assert_eq!(stored("2022-11-14T08:30"), "2022-11-14T08:30:00Z");
        assert_eq!(stored("2022-11-14 08:30:15"), "2022-11-14T08:30:15Z");
        assert_eq!(stored("2022-11-14T11:30:00+03:00"), "2022-11-14T08:30:00Z");
        assert_eq!(stored(" 2022-11-14 "), "2022-11-14T00:00:00Z");
    }

    #[test]
    fn as_of_a_date_is_the_end_of_that_day() {
        let stored = |s: &str| format_timestamp(parse_as_of(s).unwrap());
        assert_eq!(stored("2022-11-14"), "2022-11-14T23:59:59Z");
        assert_eq!(stored("2022-11-14T09:00"), "2022-11-14T09:00:00Z");
        assert!(parse_as_of("2022-02-30").is_err());
    }

    #[test]
    fn impossible_dates_are_refused() {
        for bad in [
            "2022-13-45",
            "2022-02-30",
            "14/11/2022",
            "",
            "yesterday",
            "2022-11-14T25:00",
        ] {
            assert!(
                matches!(parse_when(bad), Err(Error::InvalidDate(_))),
                "{bad}"
            );
        }
        assert!(parse_date("2022-02-29").is_err());
        assert_eq!(parse_date("2024-02-29").unwrap().to_string(), "2024-02-29");
    }
}
