//! The channel of a statement: the outlet or platform named around an attribution, a generic
//! channel ("told reporters", "in a statement"), or nothing said.

use std::sync::OnceLock;

use super::extract::State;
use super::grammar::{in_list, lw};
use super::lexicon as rules;
use super::text::Tok;

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Via {
    /// The report does not say how the words came out.
    Unsaid,
    /// A generic channel ("told reporters", "in a statement"): no outlet.
    Generic,
    Named(String),
}

/// Each pattern of a word list split into its words once, rather than at every token it is
/// tried at (that splitting was most of `ingest`'s time).
pub(super) fn split_once(list: &'static [&'static str]) -> Vec<Vec<&'static str>> {
    list.iter().map(|p| p.split(' ').collect()).collect()
}

pub(super) fn via_lead_parts() -> &'static [Vec<&'static str>] {
    static PARTS: OnceLock<Vec<Vec<&'static str>>> = OnceLock::new();
    PARTS.get_or_init(|| split_once(rules::VIA_LEADS))
}

pub(super) fn outlet_suffix_parts() -> &'static [Vec<&'static str>] {
    static PARTS: OnceLock<Vec<Vec<&'static str>>> = OnceLock::new();
    PARTS.get_or_init(|| split_once(rules::OUTLET_SUFFIXES))
}

impl State {
    /// The outlet or platform named around an attribution ("told the Associated Press", "in
    /// comments to TASS", "a Reuters request for comment", "in a tweet").
    pub(super) fn find_via(&mut self, toks: &[Tok], from: usize, speaker: usize) -> Via {
        let mut k = from;
        let mut generic = false;
        while k < toks.len() {
            // "a Reuters request for comment"
            if toks[k].is("request") || toks[k].is("requests") {
                let mut a = k;
                while a > 0 && toks[a - 1].is_cap() {
                    a -= 1;
                }
                if a < k {
                    let name: Vec<&str> = toks[a..k].iter().map(|t| t.text.as_str()).collect();
                    let name = name.join(" ");
                    if rules::is_outlet_name(&name) {
                        return Via::Named(rules::canonical_outlet(&name));
                    }
                }
            }
            for (w, p) in rules::POST_PLATFORMS {
                if toks[k].is(w) {
                    return Via::Named(p.to_string());
                }
            }
            for parts in via_lead_parts() {
                if k + parts.len() > toks.len()
                    || !parts.iter().enumerate().all(|(o, p)| toks[k + o].is(p))
                {
                    continue;
                }
                let mut n = k + parts.len();
                if n < toks.len() && matches!(lw(&toks[n]), "the" | "a" | "an") {
                    n += 1;
                }
                let rest: Vec<&str> = toks[n..].iter().take(3).map(|t| t.lower.as_str()).collect();
                let rest = rest.join(" ");
                if rules::GENERIC_AUDIENCES.iter().any(|g| {
                    rest.starts_with(g.trim_start_matches("the ").trim_start_matches("a "))
                }) {
                    generic = true;
                }
                // "told the technology news site CNET", "told the news agency": lowercase
                // descriptors before the outlet's name or standing for it.
                let mut described = false;
                let mut d = n;
                let mut head_at = n;
                while d < toks.len()
                    && d < n + 4
                    && toks[d].word
                    && !toks[d].is_cap()
                    && (in_list(rules::OUTLET_HEADS, lw(&toks[d]))
                        || in_list(OUTLET_DESCRIPTORS, lw(&toks[d])))
                {
                    if in_list(rules::OUTLET_HEADS, lw(&toks[d])) || toks[d].is("site") {
                        described = true;
                        head_at = d;
                    }
                    d += 1;
                }
                if described && !toks.get(d).is_some_and(Tok::is_cap) {
                    d = head_at + 1;
                }
                if described {
                    if d < toks.len() && toks[d].is_cap() {
                        let mut e = d;
                        while e < toks.len() && toks[e].is_cap() {
                            e += 1;
                        }
                        let name: Vec<&str> = toks[d..e].iter().map(|t| t.text.as_str()).collect();
                        return Via::Named(rules::canonical_outlet(&name.join(" ")));
                    }
                    let head = lw(&toks[d - 1]);
                    if in_list(rules::OUTLET_HEADS, head)
                        && let Some(i) = self.find_by_head(head)
                        && self.speakers[i].outlet
                        && i != speaker
                    {
                        return Via::Named(self.speakers[i].name.clone());
                    }
                }
                let mut e = n;
                // "the News Agency of Nigeria": "of" inside a name.
                while e < toks.len()
                    && (toks[e].is_cap()
                        || (e > n && toks[e].is("of") && toks.get(e + 1).is_some_and(Tok::is_cap)))
                {
                    e += 1;
                }
                if e > n {
                    let name: Vec<&str> = toks[n..e].iter().map(|t| t.text.as_str()).collect();
                    let name = name.join(" ");
                    let first = toks[n].text.as_str();
                    let known = self.find_known(&name).filter(|&i| self.speakers[i].outlet);
                    if let Some(i) = known
                        && i != speaker
                    {
                        return Via::Named(self.speakers[i].name.clone());
                    }
                    if rules::is_outlet_name(&name) {
                        return Via::Named(rules::canonical_outlet(&name));
                    }
                    // "a request for comment from CNET": whoever asks for comment is an outlet.
                    if parts.last() == Some(&"from")
                        && k >= 1
                        && matches!(
                            lw(&toks[k]),
                            "comment" | "request" | "question" | "questions"
                        )
                    {
                        return Via::Named(rules::canonical_outlet(&name));
                    }
                    // "a request for comment from CNET": whoever asks for comment is an outlet.
                    if parts.last() == Some(&"from")
                        && k >= 1
                        && matches!(
                            lw(&toks[k]),
                            "comment" | "request" | "question" | "questions"
                        )
                    {
                        return Via::Named(rules::canonical_outlet(&name));
                    }
                    if rules::is_outlet_name(first)
                        || rules::is_outlet_name(&format!(
                            "{first} {}",
                            toks.get(n + 1).map_or("", |t| t.text.as_str())
                        ))
                    {
                        return Via::Named(name);
                    }
                    // "the News Agency of Nigeria", "the Harbour Times": a name that says it
                    // is an outlet.
                    if toks[n..e].iter().any(|t| {
                        in_list(rules::OUTLET_HEADS, lw(t))
                            || matches!(lw(t), "news" | "times" | "post" | "herald" | "gazette")
                    }) {
                        return Via::Named(name);
                    }
                    // "told Mehr" after "the Mehr news agency": a name seen as an outlet.
                    for parts in outlet_suffix_parts() {
                        if e + parts.len() <= toks.len()
                            && parts.iter().enumerate().all(|(o, p)| toks[e + o].is(p))
                        {
                            return Via::Named(name);
                        }
                    }
                }
                // "the agency", "the newspaper"
                if n < toks.len()
                    && in_list(rules::OUTLET_HEADS, lw(&toks[n]))
                    && toks[n - 1].is("the")
                    && let Some(i) = self.find_by_head(lw(&toks[n]))
                    && self.speakers[i].outlet
                    && i != speaker
                {
                    return Via::Named(self.speakers[i].name.clone());
                }
            }
            // "in a statement", "in a social media post"
            if toks[k].is("statement") || toks[k].is("post") || toks[k].is("briefing") {
                generic = true;
            }
            k += 1;
        }
        if generic { Via::Generic } else { Via::Unsaid }
    }
}

/// The outlet named first, in a clause before the speaker: "Speaking to the news website O,",
/// "In an interview with O,", "Asked by a follower on P whether ...,", "In a post on P,".
/// Returns the clause's closing comma and the outlet.
pub(super) fn fronted_via(toks: &[Tok]) -> Option<(usize, String)> {
    let first = toks.first()?;
    if !matches!(
        lw(first),
        "speaking"
            | "asked"
            | "interviewed"
            | "writing"
            | "talking"
            | "responding"
            | "replying"
            | "in"
            | "appearing"
            | "posting"
    ) {
        return None;
    }
    let comma = toks.iter().position(|t| t.text == ",")?;
    let clause = &toks[..comma];
    if lw(first) == "in"
        && !clause.iter().take(5).any(|t| {
            matches!(
                lw(t),
                "interview" | "comments" | "remarks" | "post" | "statement" | "video" | "message"
            )
        })
    {
        return None;
    }
    let mut k = 1;
    while k < clause.len() {
        let t = &clause[k];
        if let Some(p) = rules::PLATFORMS
            .iter()
            .find(|p| t.text == **p && p.len() > 1)
        {
            return Some((comma, p.to_string()));
        }
        if t.is_cap() {
            let mut e = k;
            while e < clause.len() && clause[e].is_cap() {
                e += 1;
            }
            let name = clause[k..e]
                .iter()
                .map(|t| t.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            let described = k > 0 && in_list(rules::OUTLET_HEADS, lw(&clause[k - 1]));
            if rules::is_outlet_name(&name) {
                return Some((comma, rules::canonical_outlet(&name)));
            }
            // "Asked by Sportingsun about the reports,": a one-word name that asks.
            let asked_by = lw(first) == "asked" && k == 2 && clause[1].is("by") && e == k + 1;
            if described || asked_by {
                return Some((comma, name));
            }
            k = e;
            continue;
        }
        k += 1;
    }
    None
}

/// Lowercase words that describe an outlet before its name ("the local radio station O", "the
/// technology news site O", "the state news agency O").
const OUTLET_DESCRIPTORS: &[&str] = &[
    "news",
    "technology",
    "tech",
    "business",
    "financial",
    "local",
    "state",
    "state-run",
    "state-owned",
    "national",
    "regional",
    "online",
    "television",
    "tv",
    "site",
    "sports",
    "website",
    "wire",
    "private",
    "public",
    "independent",
    "opposition",
    "pro-government",
    "investigative",
    "economic",
    "political",
    "official",
    "english-language",
    "weekly",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::text::tokenize;

    #[test]
    fn the_outlet_named_first_is_found() {
        let cases = [
            (
                "Speaking to the news website Harbourline, the mayor said the pier was safe.",
                Some("Harbourline"),
            ),
            (
                "Asked by a follower on Telegram whether it was true, the mayor replied no.",
                Some("Telegram"),
            ),
            (
                "In an interview with Reuters, the mayor said the pier was safe.",
                Some("Reuters"),
            ),
            ("In Portvale, the mayor said the pier was safe.", None),
        ];
        for (s, want) in cases {
            let got = fronted_via(&tokenize(s)).map(|(_, o)| o);
            assert_eq!(got.as_deref(), want, "{s}");
        }
    }
}
