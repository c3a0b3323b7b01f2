//! The date of a report and of what is said in it: the dateline's date ("BERLIN, March 8
//! (Wire) -", the year the latest one not after today unless written), and a weekday next to a
//! reporting verb ("said on Monday", "on Tuesday rejected") counted back from it. Pure date
//! logic: today is given.

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// How many of the report's first non-empty lines may hold the dateline (headline, byline,
/// a photo credit, then the first paragraph).
const DATELINE_WITHIN: usize = 6;

/// The date of the dateline among the report's first lines, if it has one with a date.
/// Without a year the date is the latest with that month and day not after `today` (a day's
/// grace for time zones).
pub fn find(text: &str, today: NaiveDate) -> Option<NaiveDate> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .take(DATELINE_WITHIN)
        .find_map(|line| dateline_date(line.trim(), today))
}

/// "PLACE, Month Day[, Year] [(Agency)] -": the place in capitals, then the date, then a dash
/// (or an agency in brackets) before the story starts.
fn dateline_date(line: &str, today: NaiveDate) -> Option<NaiveDate> {
    let (month, day, year) = parse(line)?;
    match year {
        Some(year) => NaiveDate::from_ymd_opt(year, month, day),
        None => latest(month, day, today),
    }
}

/// The text without the dateline it starts with, if it starts with one ("FENWICK, March 8
/// (Wire) - The council said ..." is "The council said ...").
pub fn strip(text: &str) -> &str {
    if parse(text).is_none() {
        return text;
    }
    [" - ", " \u{2013} ", " \u{2014} "]
        .iter()
        .filter_map(|dash| text.find(dash).map(|at| at + dash.len()))
        .min()
        .map_or(text, |at| text[at..].trim_start())
}

/// The month, day and year (if written) of a dateline the line starts with.
fn parse(line: &str) -> Option<(u32, u32, Option<i32>)> {
    let (place, rest) = line.split_once(", ")?;
    let capital = |c: char| c.is_uppercase() || " .'-&/".contains(c);
    let letters = place.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 2 || !place.chars().all(capital) || !place.starts_with(char::is_uppercase) {
        return None;
    }
    // Month and day, and a year after a comma.
    let mut words = rest.split_whitespace();
    let month = month(words.next()?)?;
    let day_word = words.next()?;
    let day: u32 = day_word
        .trim_end_matches([',', '-', '\u{2013}', '\u{2014}'])
        .parse()
        .ok()?;
    let mut after: Vec<&str> = words.collect();
    let mut year = None;
    if day_word.ends_with(',')
        && let Some(y) = after.first().and_then(|w| {
            w.trim_end_matches([',', '-', '\u{2013}', '\u{2014}'])
                .parse::<i32>()
                .ok()
        })
        && (1000..=9999).contains(&y)
    {
        year = Some(y);
        after.remove(0);
    }
    // What ends a dateline: a dash, or an agency in brackets (then a dash).
    let ends = day_word.ends_with(['-', '\u{2013}', '\u{2014}'])
        || after
            .first()
            .is_some_and(|w| w.starts_with('(') || w.starts_with(['-', '\u{2013}', '\u{2014}']));
    ends.then_some((month, day, year))
}

/// The latest date with this month and day not after `today` plus a day.
fn latest(month: u32, day: u32, today: NaiveDate) -> Option<NaiveDate> {
    let limit = today.checked_add_days(Days::new(1))?;
    // Eight years back finds a 29 February.
    (0..8).find_map(|back| {
        NaiveDate::from_ymd_opt(today.year() - back, month, day).filter(|d| *d <= limit)
    })
}

fn month(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.').to_lowercase();
    let n = match word.as_str() {
        "january" | "jan" => 1,
        "february" | "feb" => 2,
        "march" | "mar" => 3,
        "april" | "apr" => 4,
        "may" => 5,
        "june" | "jun" => 6,
        "july" | "jul" => 7,
        "august" | "aug" => 8,
        "september" | "sept" | "sep" => 9,
        "october" | "oct" => 10,
        "november" | "nov" => 11,
        "december" | "dec" => 12,
        _ => return None,
    };
    Some(n)
}

/// The day a statement was made: the weekday its sentence names next to a verb ("said on
/// Monday", "on Tuesday rejected", "told reporters Friday") as the latest such day not after
/// the dateline's date; "yesterday" the day before; else the dateline's date itself. A weekday
/// that dates something else ("boil their water on Sunday") is passed over.
pub fn said_on(sentence: &str, dateline: NaiveDate) -> NaiveDate {
    let words: Vec<&str> = sentence
        .split(|c: char| c.is_whitespace() || c == '\u{a0}')
        .filter(|w| !w.is_empty())
        .collect();
    let bare = |w: &str| {
        w.trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase()
    };
    for (i, word) in words.iter().enumerate() {
        let plain = bare(word);
        if plain == "yesterday" && next_to_verb(&words, i, &bare) {
            return dateline.pred_opt().unwrap_or(dateline);
        }
        // A weekday's possessive ("Monday's meeting") dates the thing, not the saying.
        if word.contains('\'') || word.contains('\u{2019}') {
            continue;
        }
        let Some(weekday) = weekday(&plain) else {
            continue;
        };
        if !word.starts_with(char::is_uppercase) || !next_to_verb(&words, i, &bare) {
            continue;
        }
        let back =
            (7 + dateline.weekday().num_days_from_monday() - weekday.num_days_from_monday()) % 7;
        return dateline
            .checked_sub_days(Days::new(back.into()))
            .unwrap_or(dateline);
    }
    dateline
}

fn weekday(word: &str) -> Option<Weekday> {
    let day = match word {
        "monday" => Weekday::Mon,
        "tuesday" => Weekday::Tue,
        "wednesday" => Weekday::Wed,
        "thursday" => Weekday::Thu,
        "friday" => Weekday::Fri,
        "saturday" => Weekday::Sat,
        "sunday" => Weekday::Sun,
        _ => return None,
    };
    Some(day)
}

/// Whether the day word at `i` (with "on", "late", "early" before it) stands next to a verb
/// of saying in the past: "said on Monday", "on Monday denied", "reported late Friday".
fn next_to_verb(words: &[&str], i: usize, bare: &dyn Fn(&str) -> String) -> bool {
    let mut first = i;
    while first > 0 && matches!(bare(words[first - 1]).as_str(), "on" | "late" | "early") {
        first -= 1;
    }
    // The day word ends a phrase if it carries a comma: "on Monday, the board said".
    let before = first.checked_sub(1).map(|j| words[j]);
    let after = words
        .get(i + 1)
        .copied()
        .filter(|_| !words[i].ends_with(','));
    let verb = |w: &str| {
        let w = bare(w);
        REPORTED.contains(&w.as_str())
            || (w.len() > 4 && w.ends_with("ed") && !NOT_SAYING.contains(&w.as_str()))
    };
    // "told reporters on Monday": the verb two words back, through its object.
    let told = first >= 2 && matches!(bare(words[first - 2]).as_str(), "told" | "tells");
    // "On Monday, the board said": a day that opens the sentence dates its main clause.
    let opens = first == 0 && i > 0;
    before.is_some_and(|w| !w.ends_with(',') && verb(w)) || after.is_some_and(verb) || told || opens
}

/// Verbs of saying that do not end in -ed.
const REPORTED: &[&str] = &[
    "said",
    "says",
    "told",
    "tells",
    "wrote",
    "writes",
    "reported",
    "reports",
    "confirmed",
    "denied",
    "declined",
    "rejected",
    "dismissed",
    "acknowledged",
    "announced",
    "stated",
    "added",
    "insisted",
    "rebuffed",
    "refused",
    "admitted",
    "claimed",
    "alleged",
    "warned",
    "disputed",
    "called",
    "quoted",
    "published",
    "posted",
];

/// Past forms next to a day that date an event rather than a statement.
const NOT_SAYING: &[&str] = &[
    "arrested",
    "hacked",
    "opened",
    "closed",
    "started",
    "launched",
    "killed",
    "injured",
    "collapsed",
    "crashed",
    "landed",
    "moored",
    "sighted",
    "destroyed",
    "happened",
    "occurred",
    "scheduled",
    "planned",
    "expected",
    "released",
    "detained",
    "stopped",
    "leaked",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_dateline_gives_the_latest_such_day_not_after_today() {
        let today = d(2026, 12, 6);
        let report = "Tram fares to rise, council says\n\nBy Ida Mott\n\nFENWICK, March 8 (Wire) - \
                      The city council said on Monday that fares would rise.";
        assert_eq!(find(report, today), Some(d(2026, 3, 8)));
        // A date later in the year than today is last year's.
        assert_eq!(
            find("LOWPORT, Dec 24 (Wire) - It snowed.", today),
            Some(d(2025, 12, 24))
        );
        // Tomorrow is today somewhere.
        assert_eq!(
            find("LOWPORT, Dec 7 - It snowed.", today),
            Some(d(2026, 12, 7))
        );
        assert_eq!(
            find("NEW HARTON, Sept. 3 \u{2014} Rain.", today),
            Some(d(2026, 9, 3))
        );
        assert_eq!(
            find("ST. ALBRECHT, Feb 29, 2024 (Wire) - Leap.", today),
            Some(d(2024, 2, 29))
        );
        assert_eq!(
            find("OSSIG, Feb 29 (Wire) - Leap.", today),
            Some(d(2024, 2, 29))
        );
    }

    #[test]
    fn a_dateline_is_stripped_from_the_text_it_opens() {
        assert_eq!(
            strip("FENWICK, March 8 (Wire) - The council said fares rise."),
            "The council said fares rise."
        );
        assert_eq!(
            strip("NEW HARTON, Sept. 3 \u{2014} Rain fell."),
            "Rain fell."
        );
        let plain = "Fares rise - a third - in May, the council said.";
        assert_eq!(strip(plain), plain);
    }

    #[test]
    fn lines_that_only_look_like_datelines_are_not() {
        let today = d(2026, 12, 6);
        assert_eq!(find("FENWICK (Wire) - No date here.", today), None);
        assert_eq!(find("Fenwick, March 8 (Wire) - Not capitals.", today), None);
        assert_eq!(
            find("UPDATE, March is the month the fares rise.", today),
            None
        );
        assert_eq!(find("FENWICK, March 8 was the day.", today), None);
        assert_eq!(find("FENWICK, Smarch 8 (Wire) - Not a month.", today), None);
        assert_eq!(find("FENWICK, April 31 (Wire) - No such day.", today), None);
        let late = "One\n\nTwo\n\nThree\n\nFour\n\nFive\n\nSix\n\nFENWICK, March 8 - Too far.";
        assert_eq!(find(late, today), None);
    }

    #[test]
    fn a_weekday_next_to_a_verb_of_saying_counts_back_from_the_dateline() {
        let sunday = d(2026, 3, 8);
        assert_eq!(sunday.weekday(), Weekday::Sun);
        let on = |s| said_on(s, sunday);
        assert_eq!(
            on("The council said on Monday that fares would rise."),
            d(2026, 3, 2)
        );
        assert_eq!(
            on("The board on Friday rejected the report."),
            d(2026, 3, 6)
        );
        assert_eq!(
            on("The mayor told reporters on Saturday it was false."),
            d(2026, 3, 7)
        );
        assert_eq!(on("The union said late Sunday it would strike."), sunday);
        assert_eq!(
            on("The club said yesterday it had no plans."),
            d(2026, 3, 7)
        );
        assert_eq!(
            on("On Thursday, the airline said the route stays."),
            d(2026, 3, 5)
        );
        // Days that date the events, not the saying.
        assert_eq!(
            on(
                "The utility, which told households to boil water on Sunday, said tests were clean."
            ),
            sunday
        );
        assert_eq!(on("Police said a man was arrested on Tuesday."), sunday);
        assert_eq!(on("The ministry said Monday's meeting went well."), sunday);
        assert_eq!(on("No day at all, the council said."), sunday);
    }
}
