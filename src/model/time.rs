//! The dates and times users type, and the one form times are stored in: RFC 3339 in UTC to
//! the second ("2022-11-14T08:30:00Z"), which sorts as text in time order.
//!
//! Two readers: `parse_when` and friends read the fixed forms of files (imports), where a time
//! without an offset is UTC, whoever imports it and whenever; [`Typed`] reads what people type
//! on the command line, where a time without an offset is local time and words like
//! "yesterday" or "3d" count from now. `Typed` takes its now and its zone, so it is tested with
//! fixed ones.

use chrono::{
    DateTime, Datelike, Days, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime,
    SecondsFormat, TimeZone, Utc, Weekday,
};

use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// A moment in UTC, for arithmetic and parsing.
pub type Timestamp = DateTime<Utc>;

/// A moment as the record holds it: RFC 3339 in UTC to the second ("2022-11-14T08:30:00Z"),
/// which sorts as text in time order. This is the one time type at the boundaries between
/// modules (what the store is asked and answers, the history's payloads, what output renders);
/// `Timestamp` is for computing with times. A stamp made here is always in the stored form; one
/// read back (from the database, or a file's history) is kept exactly as it was written, so that
/// a history writes back byte for byte. In JSON it is the plain string.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Stamp(String);

impl Stamp {
    /// The stored form of a moment.
    pub fn at(at: Timestamp) -> Stamp {
        Stamp(format_timestamp(at))
    }

    pub fn now() -> Stamp {
        Stamp::at(Utc::now())
    }

    /// A stamp as it was stored (read back from a database or a file): kept as it is.
    pub fn stored(text: impl Into<String>) -> Stamp {
        Stamp(text.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The moment, if the text is one (a stamp read back from a foreign file may not be).
    pub fn moment(&self) -> Option<Timestamp> {
        DateTime::parse_from_rfc3339(&self.0)
            .ok()
            .map(|at| at.with_timezone(&Utc))
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl From<Timestamp> for Stamp {
    fn from(at: Timestamp) -> Stamp {
        Stamp::at(at)
    }
}

impl std::fmt::Display for Stamp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A stamp reads as its text wherever text is wanted (rendering, comparing with stored text).
impl std::ops::Deref for Stamp {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Stamp {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for Stamp {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Stamp {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

/// A date and time in a file: a date (midnight UTC), a date and time (UTC), or RFC 3339 with an
/// offset (the seconds may be left out: "2023-03-07T23:00+01:00").
pub fn parse_when(text: &str) -> Result<Timestamp> {
    match fixed_form(text, &Utc) {
        Some(Ok(at)) => storable(at, text, Error::InvalidDate),
        _ => Err(Error::InvalidDate(text.into())),
    }
}

/// Only moments that the stored form can hold and sort: years 0000 to 9999, and no leap
/// second (chrono would take second 60 at any minute).
fn storable(at: Timestamp, text: &str, error: fn(String) -> Error) -> Result<Timestamp> {
    use chrono::Timelike;
    if !(0..=9999).contains(&at.year()) || at.nanosecond() >= 1_000_000_000 {
        return Err(error(text.into()));
    }
    Ok(at)
}

/// A moment written out, its time without an offset read in `zone`: `None` when the text is
/// not one of the written forms, `Some(Err(()))` when it is but names no moment (a local time
/// skipped by a clock change) or no day.
fn fixed_form<Tz: TimeZone>(text: &str, zone: &Tz) -> Option<std::result::Result<Timestamp, ()>> {
    let t = text.trim();
    if let Ok(dt) = DateTime::parse_from_rfc3339(t) {
        return Some(Ok(dt.with_timezone(&Utc)));
    }
    // RFC 3339 without its seconds, as people write it: an offset, or Z.
    let offset = t
        .strip_suffix(['Z', 'z'])
        .map_or(t.to_string(), |t| format!("{t}+00:00"));
    for format in [
        "%Y-%m-%dT%H:%M%:z",
        "%Y-%m-%d %H:%M%:z",
        "%Y-%m-%d %H:%M:%S%:z",
    ] {
        if let Ok(dt) = DateTime::parse_from_str(&offset, format) {
            return Some(Ok(dt.with_timezone(&Utc)));
        }
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(t, format) {
            return Some(in_zone(naive, zone).ok_or(()));
        }
    }
    let date = date_form(t)?;
    Some(midnight(date, zone).ok_or(()))
}

fn date_form(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .ok()
        .filter(|date| (0..=9999).contains(&date.year()))
}

/// A wall-clock time in `zone`; of a time a clock change goes through twice, the first.
fn in_zone<Tz: TimeZone>(naive: NaiveDateTime, zone: &Tz) -> Option<Timestamp> {
    match zone.from_local_datetime(&naive) {
        LocalResult::Single(at) | LocalResult::Ambiguous(at, _) => Some(at.with_timezone(&Utc)),
        LocalResult::None => None,
    }
}

/// The start of a day in `zone`: its midnight, or, where a clock change skips midnight, the
/// first time the day has.
fn midnight<Tz: TimeZone>(date: NaiveDate, zone: &Tz) -> Option<Timestamp> {
    (0..=3).find_map(|hour| in_zone(date.and_time(NaiveTime::from_hms_opt(hour, 0, 0)?), zone))
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
            Error::InvalidDate,
        ),
        Err(_) => parse_when(text),
    }
}

/// `--happened` in a file: a calendar date.
pub fn parse_date(text: &str) -> Result<NaiveDate> {
    date_form(text).ok_or_else(|| Error::InvalidDate(text.into()))
}

/// What people type for a date or time on the command line, read at `now` in `zone`:
///
/// - RFC 3339, with or without seconds ("2023-03-07T23:00+01:00");
/// - a date and time without an offset, in `zone` ("2024-05-02 14:00");
/// - a day: a date ("2024-05-02"), `today`, `yesterday`, or a weekday (`monday`: the most
///   recent Monday, today if today is one), which is its midnight in `zone`, or its end for
///   `--as-of`;
/// - `now`, and a time ago: a number and a unit, s, m (minutes), h, d or w, "ago" or not
///   ("3d", "2h ago", "90 min").
pub struct Typed<Tz: TimeZone> {
    pub now: Timestamp,
    pub zone: Tz,
}

/// What a typed text names: a whole day, or a moment.
enum Named {
    Day(NaiveDate),
    Moment(Timestamp),
}

impl Typed<chrono::Local> {
    /// The clock and the zone of this machine (`TZ`, else the system's).
    pub fn local() -> Self {
        Typed {
            now: Utc::now(),
            zone: chrono::Local,
        }
    }
}

impl<Tz: TimeZone> Typed<Tz> {
    /// `--at`, `--since`: a moment; a day is its start.
    pub fn when(&self, text: &str) -> Result<Timestamp> {
        let at = match self.named(text)? {
            Named::Day(date) => midnight(date, &self.zone),
            Named::Moment(at) => Some(at),
        };
        storable(self.exists(at, text)?, text, Error::InvalidTypedDate)
    }

    /// `--as-of`: a moment; a day is its last second, as everything said during the day
    /// counts.
    pub fn as_of(&self, text: &str) -> Result<Timestamp> {
        let at = match self.named(text)? {
            Named::Day(date) => date
                .checked_add_days(Days::new(1))
                .and_then(|next| midnight(next, &self.zone))
                .map(|next| next - Duration::seconds(1)),
            Named::Moment(at) => Some(at),
        };
        storable(self.exists(at, text)?, text, Error::InvalidTypedDate)
    }

    /// `--happened`: a calendar date; a moment is the day it falls on in the zone.
    pub fn date(&self, text: &str) -> Result<NaiveDate> {
        let date = match self.named(text)? {
            Named::Day(date) => date,
            Named::Moment(at) => at.with_timezone(&self.zone).date_naive(),
        };
        Some(date)
            .filter(|date| (0..=9999).contains(&date.year()))
            .ok_or_else(|| Error::InvalidTypedDate(text.into()))
    }

    fn exists(&self, at: Option<Timestamp>, text: &str) -> Result<Timestamp> {
        at.ok_or_else(|| Error::InvalidTypedDate(text.into()))
    }

    fn today(&self) -> NaiveDate {
        self.now.with_timezone(&self.zone).date_naive()
    }

    fn named(&self, text: &str) -> Result<Named> {
        let invalid = || Error::InvalidTypedDate(text.into());
        let t = text.trim();
        if let Some(date) = date_form(t) {
            return Ok(Named::Day(date));
        }
        if let Some(at) = fixed_form(t, &self.zone) {
            return at.map(Named::Moment).map_err(|()| invalid());
        }
        let word = t.to_lowercase();
        match word.as_str() {
            "now" => return Ok(Named::Moment(self.now)),
            "today" => return Ok(Named::Day(self.today())),
            "yesterday" => {
                return self.today().pred_opt().map(Named::Day).ok_or_else(invalid);
            }
            _ => {}
        }
        if let Ok(weekday) = word.parse::<Weekday>() {
            let today = self.today();
            let back =
                (7 + today.weekday().num_days_from_monday() - weekday.num_days_from_monday()) % 7;
            return today
                .checked_sub_days(Days::new(back.into()))
                .map(Named::Day)
                .ok_or_else(invalid);
        }
        self.ago(&word)
            .and_then(|ago| self.now.checked_sub_signed(ago))
            .map(Named::Moment)
            .ok_or_else(invalid)
    }

    /// "3d", "2h ago", "90 min": how long ago.
    fn ago(&self, word: &str) -> Option<Duration> {
        let word = word.strip_suffix("ago").unwrap_or(word).trim_end();
        let digits = word.find(|c: char| !c.is_ascii_digit())?;
        let (number, unit) = word.split_at(digits);
        let number: i64 = number.parse().ok()?;
        let seconds = match unit.trim_start() {
            "s" | "sec" | "secs" | "second" | "seconds" => 1,
            "m" | "min" | "mins" | "minute" | "minutes" => 60,
            "h" | "hr" | "hrs" | "hour" | "hours" => 3600,
            "d" | "day" | "days" => 86_400,
            "w" | "week" | "weeks" => 7 * 86_400,
            _ => return None,
        };
        Duration::try_seconds(number.checked_mul(seconds)?)
    }
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

/// How stored times are shown to people: in the local zone, or in UTC (`--utc`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Shown {
    #[default]
    Local,
    Utc,
}

impl Shown {
    /// A stored time, short: "2022-11-14 08:30", or the date alone when the time is the start of
    /// a day ("2022-11-14"), as a day typed alone is stored. Text that is not a stored time
    /// (an imported history carries its own) is given back as it is.
    pub fn short(self, stored: &str) -> String {
        let Ok(at) = DateTime::parse_from_rfc3339(stored) else {
            return stored.to_string();
        };
        let at = at.with_timezone(&Utc);
        match self {
            Shown::Utc => short_in(at, &Utc),
            Shown::Local => short_in(at, &chrono::Local),
        }
    }

    /// The zone the times are shown in, for table headers: "UTC", the zone's name
    /// ("Europe/Berlin", from `TZ` or the system), or else its offset now ("+01:00").
    pub fn zone(self) -> String {
        if self == Shown::Utc {
            return "UTC".into();
        }
        let name = match std::env::var("TZ") {
            Ok(tz) if !tz.is_empty() => {
                let tz = tz.trim_start_matches(':');
                Some(
                    tz.rsplit_once("zoneinfo/")
                        .map_or(tz, |(_, name)| name)
                        .to_string(),
                )
            }
            _ => iana_time_zone::get_timezone().ok(),
        };
        name.filter(|n| !n.is_empty())
            .unwrap_or_else(|| chrono::Local::now().format("%:z").to_string())
    }
}

fn short_in<Tz: TimeZone>(at: Timestamp, zone: &Tz) -> String
where
    Tz::Offset: std::fmt::Display,
{
    let local = at.with_timezone(zone);
    if midnight(local.date_naive(), zone) == Some(at) {
        local.format("%Y-%m-%d").to_string()
    } else {
        local.format("%Y-%m-%d %H:%M").to_string()
    }
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
        assert_eq!(stored("2023-03-07T23:00+01:00"), "2023-03-07T22:00:00Z");
        assert_eq!(stored("2023-03-07 23:00-02:30"), "2023-03-08T01:30:00Z");
        assert_eq!(stored("2023-03-07T23:00Z"), "2023-03-07T23:00:00Z");
        assert!(
            parse_when("yesterday").is_err(),
            "files are read without a clock"
        );
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
            "2022-11-14T08:30+1",
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

    /// Wednesday 6 March 2024, 10:30 in a zone one hour ahead of UTC (Berlin in winter).
    fn berlin() -> Typed<chrono::FixedOffset> {
        Typed {
            now: parse_when("2024-03-06T09:30:00Z").unwrap(),
            zone: chrono::FixedOffset::east_opt(3600).unwrap(),
        }
    }

    #[test]
    fn typed_times_without_an_offset_are_local() {
        let typed = berlin();
        let when = |s: &str| format_timestamp(typed.when(s).unwrap());
        assert_eq!(when("2024-01-10 14:00"), "2024-01-10T13:00:00Z");
        assert_eq!(when("2024-01-10T14:00:30"), "2024-01-10T13:00:30Z");
        assert_eq!(when("2024-01-10"), "2024-01-09T23:00:00Z");
        assert_eq!(when("2024-01-10T14:00:00Z"), "2024-01-10T14:00:00Z");
        assert_eq!(when("2023-03-07T23:00+01:00"), "2023-03-07T22:00:00Z");
        let as_of = |s: &str| format_timestamp(typed.as_of(s).unwrap());
        assert_eq!(as_of("2024-01-10"), "2024-01-10T22:59:59Z");
        assert_eq!(as_of("2024-01-10 14:00"), "2024-01-10T13:00:00Z");
    }

    #[test]
    fn words_count_from_now() {
        let typed = berlin();
        let when = |s: &str| format_timestamp(typed.when(s).unwrap());
        assert_eq!(when("now"), "2024-03-06T09:30:00Z");
        assert_eq!(when("today"), "2024-03-05T23:00:00Z");
        assert_eq!(when("Yesterday"), "2024-03-04T23:00:00Z");
        // The most recent one, today included: the 6th is a Wednesday.
        assert_eq!(when("wednesday"), "2024-03-05T23:00:00Z");
        assert_eq!(when("tuesday"), "2024-03-04T23:00:00Z");
        assert_eq!(when("monday"), "2024-03-03T23:00:00Z");
        assert_eq!(when("thu"), "2024-02-28T23:00:00Z");
        assert_eq!(when("3d"), "2024-03-03T09:30:00Z");
        assert_eq!(when("2h ago"), "2024-03-06T07:30:00Z");
        assert_eq!(when("90m"), "2024-03-06T08:00:00Z");
        assert_eq!(when("90 min ago"), "2024-03-06T08:00:00Z");
        assert_eq!(when("1w"), "2024-02-28T09:30:00Z");
        assert_eq!(when("0s"), "2024-03-06T09:30:00Z");
        let as_of = |s: &str| format_timestamp(typed.as_of(s).unwrap());
        assert_eq!(as_of("yesterday"), "2024-03-05T22:59:59Z");
        assert_eq!(as_of("today"), "2024-03-06T22:59:59Z");
        assert_eq!(as_of("2h"), "2024-03-06T07:30:00Z");
        assert_eq!(typed.date("yesterday").unwrap().to_string(), "2024-03-05");
        assert_eq!(typed.date("monday").unwrap().to_string(), "2024-03-04");
        // 23:30 UTC on the 5th is already the 6th in Berlin.
        assert_eq!(typed.date("10h").unwrap().to_string(), "2024-03-06");
    }

    #[test]
    fn typed_nonsense_is_refused() {
        let typed = berlin();
        for bad in [
            "",
            "tomorrow",
            "3",
            "d",
            "3x",
            "3 days later",
            "-3d",
            "99999999999999999999d",
            "999999999w",
            "2022-02-30",
            "14/11/2022",
            "2022-11-14T25:00",
            "1000000d",
        ] {
            assert!(
                matches!(typed.when(bad), Err(Error::InvalidTypedDate(_))),
                "{bad}"
            );
            assert!(typed.as_of(bad).is_err(), "{bad}");
            assert!(typed.date(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn shown_short_keeps_a_day_a_day() {
        assert_eq!(
            short_in(parse_when("2022-11-14").unwrap(), &Utc),
            "2022-11-14"
        );
        let zone = chrono::FixedOffset::east_opt(3600).unwrap();
        let at = parse_when("2022-11-13T23:00:00Z").unwrap();
        assert_eq!(short_in(at, &zone), "2022-11-14");
        assert_eq!(short_in(at, &Utc), "2022-11-13 23:00");
        assert_eq!(Shown::Utc.short("2022-11-14T08:30:12Z"), "2022-11-14 08:30");
        assert_eq!(Shown::Utc.short("not a time"), "not a time");
        assert_eq!(Shown::Utc.zone(), "UTC");
    }
}
