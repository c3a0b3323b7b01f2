//! Corroboration and grading (docs/rules.md): where each statement's information comes from (its
//! origin), how many independent confirmations a claim has, circular reporting, and the
//! information credibility 1–6 with the rule that fired, in words.

use super::{
    Reliability, SourceId, Stance, StatementId, Status, SummaryEntry, derive_status, summarize,
};

/// A source as the rules need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceName {
    pub id: SourceId,
    pub name: String,
}

/// One statement that counts (not retracted, not undone), in time order.
#[derive(Debug, Clone)]
pub struct Evidence {
    pub id: StatementId,
    pub stance: Stance,
    pub source: SourceName,
    /// The statement's own grade if it has one, else its source's.
    pub reliability: Reliability,
    pub via: Option<SourceName>,
    pub citing: Option<SourceName>,
}

/// Where a statement's information comes from: a source, and the channel it first came through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub source: SourceName,
    pub via: Option<String>,
}

impl Origin {
    /// "unnamed source (via Kommersant)".
    pub fn described(&self) -> String {
        match &self.via {
            Some(via) => format!("{} (via {via})", self.source.name),
            None => self.source.name.clone(),
        }
    }
}

/// The origin of each statement, index for index. A statement that cites nobody is its own
/// origin. A citation resolves to the earliest other statement on the claim that the cited
/// source made or carried (as `via`), and so on to the root; where there is none, to the cited
/// source itself. Statements that cite one another in a loop share one origin: the earliest of
/// them (two sources citing each other are one origin, not two).
pub fn origins(statements: &[Evidence]) -> Vec<Origin> {
    origins_among(statements, &vec![true; statements.len()])
}

/// As `origins`, with only the statements marked in `counting` able to carry a citation: a
/// retracted statement still has an origin, but nothing resolves through it.
pub fn origins_among(statements: &[Evidence], counting: &[bool]) -> Vec<Origin> {
    (0..statements.len())
        .map(|i| origin_of(statements, counting, i))
        .collect()
}

fn own_origin(statement: &Evidence) -> Origin {
    Origin {
        source: statement.source.clone(),
        via: statement.via.as_ref().map(|v| v.name.clone()),
    }
}

fn origin_of(statements: &[Evidence], counting: &[bool], start: usize) -> Origin {
    let mut path = vec![start];
    loop {
        let here = *path.last().expect("the path starts with one statement");
        let Some(cited) = &statements[here].citing else {
            return own_origin(&statements[here]);
        };
        let carrier = statements.iter().enumerate().position(|(j, s)| {
            j != here
                && counting.get(j).copied().unwrap_or(false)
                && (s.source.id == cited.id || s.via.as_ref().is_some_and(|v| v.id == cited.id))
        });
        match carrier {
            None => {
                return Origin {
                    source: cited.clone(),
                    via: None,
                };
            }
            Some(next) => match path.iter().position(|&p| p == next) {
                // A loop: its earliest statement stands for all of it.
                Some(start_of_loop) => {
                    let earliest = *path[start_of_loop..].iter().min().unwrap_or(&next);
                    return own_origin(&statements[earliest]);
                }
                None => path.push(next),
            },
        }
    }
}

/// Information credibility on the Admiralty scale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credibility {
    pub grade: u8,
    pub reason: String,
}

impl Credibility {
    pub fn words(grade: u8) -> &'static str {
        match grade {
            1 => "confirmed by other sources",
            2 => "probably true",
            3 => "possibly true",
            4 => "doubtful",
            5 => "improbable",
            _ => "truth cannot be judged",
        }
    }

    fn new(grade: u8, why: String) -> Credibility {
        Credibility {
            grade,
            reason: format!("{grade} {}: {why}", Credibility::words(grade)),
        }
    }
}

/// Everything derived from a claim's counting statements.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    pub status: Status,
    pub summary: String,
    pub credibility: Credibility,
    pub independent_confirmations: usize,
    /// Distinct origins of the asserts, confirms and denies, in time order.
    pub origins: Vec<String>,
    /// The circular-reporting warning, when asserts by two or more speakers share one origin
    /// (one source repeating itself is not circular reporting).
    pub circular: Option<String>,
}

fn graded(statement: &Evidence) -> String {
    format!("{} ({})", statement.source.name, statement.reliability)
}

fn is_a_to_c(reliability: Reliability) -> bool {
    reliability <= Reliability::C
}

/// Distinct origins of the statements with `stance`, in time order, each with its best-graded
/// statement and how many different speakers it reached the claim through.
fn by_origin<'a>(
    statements: &'a [Evidence],
    origins: &[Origin],
    stance: Stance,
) -> Vec<(Origin, &'a Evidence, usize)> {
    let mut groups: Vec<(Origin, &Evidence, Vec<SourceId>)> = Vec::new();
    for (statement, origin) in statements.iter().zip(origins) {
        if statement.stance != stance {
            continue;
        }
        match groups
            .iter_mut()
            .find(|(o, _, _)| o.source.id == origin.source.id)
        {
            Some(group) => {
                if !group.2.contains(&statement.source.id) {
                    group.2.push(statement.source.id);
                }
                if statement.reliability < group.1.reliability {
                    group.1 = statement;
                }
            }
            None => groups.push((origin.clone(), statement, vec![statement.source.id])),
        }
    }
    groups
        .into_iter()
        .map(|(origin, best, speakers)| (origin, best, speakers.len()))
        .collect()
}

/// "Fahrettin Altun (B), Kremlin (C)": each source once, told apart by number, not by name (two
/// anonymous sources are two).
fn names<'a>(statements: impl Iterator<Item = &'a Evidence>) -> String {
    let mut seen: Vec<(SourceId, String)> = Vec::new();
    for statement in statements {
        if !seen.iter().any(|(id, _)| *id == statement.source.id) {
            seen.push((statement.source.id, graded(statement)));
        }
    }
    seen.into_iter()
        .map(|(_, label)| label)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The status, summary, origins and credibility of a claim, from its counting statements in
/// time order. The credibility table of docs/rules.md, first rule that holds.
pub fn assess(statements: &[Evidence]) -> Assessment {
    let origins = origins(statements);
    let status = derive_status(statements.iter().map(|s| s.stance));
    let summary = summarize(
        &statements
            .iter()
            .map(|s| SummaryEntry {
                stance: s.stance,
                source: s.source.name.clone(),
                via: s.via.as_ref().map(|v| v.name.clone()),
                citing: s.citing.as_ref().map(|c| c.name.clone()),
            })
            .collect::<Vec<_>>(),
    );
    let confirmations = by_origin(statements, &origins, Stance::Confirms);
    let assertions = by_origin(statements, &origins, Stance::Asserts);
    let with = |stance: Stance| statements.iter().filter(move |s| s.stance == stance);
    let denials: Vec<&Evidence> = with(Stance::Denies).collect();
    let strong_denials: Vec<&Evidence> = denials
        .iter()
        .copied()
        .filter(|s| is_a_to_c(s.reliability))
        .collect();

    let credibility = if confirmations.len() >= 2 && denials.is_empty() {
        Credibility::new(
            1,
            format!(
                "{} independent confirmations, from {}",
                confirmations.len(),
                names(confirmations.iter().map(|(_, s, _)| *s))
            ),
        )
    } else if !strong_denials.is_empty() && confirmations.is_empty() {
        Credibility::new(
            5,
            format!("denied by {}", names(strong_denials.into_iter())),
        )
    } else if !denials.is_empty() && !confirmations.is_empty() {
        Credibility::new(
            4,
            format!(
                "contested: confirmed by {}, denied by {}",
                names(with(Stance::Confirms)),
                names(denials.into_iter())
            ),
        )
    } else if !denials.is_empty() {
        Credibility::new(
            4,
            format!(
                "denied only by sources graded D to F: {}",
                names(denials.into_iter())
            ),
        )
    } else if let [(_, best, _)] = confirmations.as_slice() {
        let grade = if is_a_to_c(best.reliability) { 2 } else { 3 };
        Credibility::new(
            grade,
            format!("one independent confirmation, from {}", graded(best)),
        )
    } else if !assertions.is_empty() {
        let from: Vec<String> = assertions.iter().map(|(o, _, _)| o.described()).collect();
        let count = match from.len() {
            1 => "1 origin".to_string(),
            n => format!("{n} origins"),
        };
        Credibility::new(3, format!("asserted from {count}: {}", from.join(", ")))
    } else if statements.is_empty() {
        Credibility::new(6, "no statements".to_string())
    } else {
        Credibility::new(
            6,
            "nobody confirmed, denied or asserted it; only 'cannot confirm or deny' or \
             declined to comment"
                .to_string(),
        )
    };

    let mut claim_origins: Vec<&SourceName> = Vec::new();
    for (statement, origin) in statements.iter().zip(&origins) {
        let informs = matches!(
            statement.stance,
            Stance::Asserts | Stance::Confirms | Stance::Denies
        );
        if informs && !claim_origins.iter().any(|o| o.id == origin.source.id) {
            claim_origins.push(&origin.source);
        }
    }
    let claim_origins: Vec<String> = claim_origins.iter().map(|o| o.name.clone()).collect();
    let circular: Vec<String> = assertions
        .iter()
        .filter(|(_, _, reports)| *reports >= 2)
        .map(|(origin, _, reports)| format!("{reports} reports, 1 origin: {}", origin.described()))
        .collect();

    Assessment {
        status,
        summary,
        credibility,
        independent_confirmations: confirmations.len(),
        origins: claim_origins,
        circular: (!circular.is_empty())
            .then(|| format!("circular reporting: {}", circular.join("; "))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small story-builder: sources are numbered by name, in order of first use.
    #[derive(Default)]
    struct Story {
        names: Vec<String>,
        statements: Vec<Evidence>,
    }

    impl Story {
        fn source(&mut self, name: &str) -> SourceName {
            let id = match self.names.iter().position(|n| n == name) {
                Some(i) => i,
                None => {
                    self.names.push(name.to_string());
                    self.names.len() - 1
                }
            };
            SourceName {
                id: SourceId(id as i64 + 1),
                name: name.to_string(),
            }
        }

        fn say(
            &mut self,
            stance: Stance,
            by: &str,
            grade: Reliability,
            via: Option<&str>,
            citing: Option<&str>,
        ) -> &mut Self {
            let evidence = Evidence {
                id: StatementId(self.statements.len() as i64 + 1),
                stance,
                source: self.source(by),
                reliability: grade,
                via: via.map(|v| self.source(v)),
                citing: citing.map(|c| self.source(c)),
            };
            self.statements.push(evidence);
            self
        }

        fn assess(&self) -> Assessment {
            assess(&self.statements)
        }
    }

    use Reliability::*;
    use Stance::*;

    #[test]
    fn grade_1_needs_two_independent_confirmations_and_no_denial() {
        let mut story = Story::default();
        story
            .say(
                Confirms,
                "Fahrettin Altun",
                B,
                Some("Associated Press"),
                None,
            )
            .say(Confirms, "White House official", F, None, None);
        let a = story.assess();
        assert_eq!(a.credibility.grade, 1, "{a:?}");
        assert_eq!(a.independent_confirmations, 2);
        assert!(
            a.credibility
                .reason
                .starts_with("1 confirmed by other sources: 2 independent confirmations, from")
        );
        story.say(Denies, "Someone", E, None, None);
        assert_eq!(story.assess().credibility.grade, 4);
    }

    #[test]
    fn two_confirmations_from_one_origin_are_one() {
        let mut story = Story::default();
        story
            .say(Asserts, "unnamed source", F, Some("Kommersant"), None)
            .say(Confirms, "Reuters", A, None, Some("Kommersant"))
            .say(Confirms, "TASS", A, None, Some("Kommersant"));
        let a = story.assess();
        assert_eq!(a.independent_confirmations, 1, "{a:?}");
        assert_eq!(a.credibility.grade, 2);
        assert_eq!(a.origins, ["unnamed source"]);
    }

    #[test]
    fn grade_5_is_a_denial_from_an_a_to_c_source_without_confirmation() {
        let mut story = Story::default();
        story
            .say(Asserts, "Blogger", F, None, None)
            .say(Denies, "Ministry", C, None, None);
        let a = story.assess();
        assert_eq!(a.credibility.grade, 5);
        assert_eq!(a.credibility.reason, "5 improbable: denied by Ministry (C)");
    }

    #[test]
    fn grade_4_is_contested_or_only_weak_denials() {
        let mut contested = Story::default();
        contested
            .say(Confirms, "Agency", A, None, None)
            .say(Denies, "Ministry", A, None, None);
        assert_eq!(contested.assess().credibility.grade, 4);
        assert!(
            contested
                .assess()
                .credibility
                .reason
                .starts_with("4 doubtful: contested")
        );
        let mut weak = Story::default();
        weak.say(Denies, "Troll farm", E, None, None);
        let a = weak.assess();
        assert_eq!(a.credibility.grade, 4);
        assert_eq!(
            a.credibility.reason,
            "4 doubtful: denied only by sources graded D to F: Troll farm (E)"
        );
    }

    #[test]
    fn grade_2_and_3_split_on_the_confirming_grade() {
        let mut strong = Story::default();
        strong.say(
            Confirms,
            "Fahrettin Altun",
            B,
            Some("Associated Press"),
            None,
        );
        assert_eq!(
            strong.assess().credibility.reason,
            "2 probably true: one independent confirmation, from Fahrettin Altun (B)"
        );
        let mut weak = Story::default();
        weak.say(Confirms, "White House official", F, None, None);
        assert_eq!(weak.assess().credibility.grade, 3);
    }

    #[test]
    fn grade_3_also_for_assertions_and_6_for_nothing_said() {
        let mut asserted = Story::default();
        asserted
            .say(Asserts, "flight-tracking data", F, None, None)
            .say(Ncnd, "Kremlin", F, None, None);
        let a = asserted.assess();
        assert_eq!(a.credibility.grade, 3);
        assert_eq!(
            a.credibility.reason,
            "3 possibly true: asserted from 1 origin: flight-tracking data"
        );
        let mut silent = Story::default();
        silent
            .say(Ncnd, "Kremlin", A, None, None)
            .say(Declines, "Turkish official", F, None, None);
        assert_eq!(silent.assess().credibility.grade, 6);
        assert_eq!(
            assess(&[]).credibility.reason,
            "6 truth cannot be judged: no statements"
        );
    }

    #[test]
    fn circular_reporting_is_one_origin_and_a_warning() {
        let mut story = Story::default();
        story.say(Asserts, "unnamed source", F, Some("Kommersant"), None);
        for outlet in ["Outlet One", "Outlet Two", "Outlet Three"] {
            story.say(Asserts, outlet, B, None, Some("Kommersant"));
        }
        let a = story.assess();
        assert_eq!(a.origins, ["unnamed source"]);
        assert_eq!(
            a.circular.as_deref(),
            Some("circular reporting: 4 reports, 1 origin: unnamed source (via Kommersant)")
        );
        assert_eq!(a.independent_confirmations, 0);
        assert_eq!(a.credibility.grade, 3);
    }

    #[test]
    fn a_source_repeating_itself_is_not_circular() {
        let mut story = Story::default();
        story
            .say(Asserts, "Papa", F, None, None)
            .say(Asserts, "Papa", F, None, None);
        assert_eq!(story.assess().circular, None);
    }

    #[test]
    fn citations_follow_chains_and_stop_at_loops_and_missing_carriers() {
        let mut story = Story::default();
        story
            .say(Asserts, "Insider", F, Some("Paper"), None)
            .say(Asserts, "Wire", F, None, Some("Paper"))
            .say(Asserts, "Blog", F, None, Some("Wire"))
            .say(Asserts, "Radio", F, None, Some("Nobody Here"))
            .say(Asserts, "Ping", F, None, Some("Pong"))
            .say(Asserts, "Pong", F, None, Some("Ping"));
        let names: Vec<String> = origins(&story.statements)
            .into_iter()
            .map(|o| o.source.name)
            .collect();
        assert_eq!(
            names,
            [
                "Insider",
                "Insider",
                "Insider",
                "Nobody Here",
                "Ping",
                "Ping"
            ]
        );
    }

    #[test]
    fn sources_citing_each_other_are_one_origin_not_two() {
        let mut story = Story::default();
        story.say(Confirms, "Ping", B, None, Some("Pong")).say(
            Confirms,
            "Pong",
            B,
            None,
            Some("Ping"),
        );
        let a = story.assess();
        assert_eq!(a.independent_confirmations, 1, "{a:?}");
        assert_eq!(a.credibility.grade, 2);
        let mut asserted = Story::default();
        asserted.say(Asserts, "Ping", F, None, Some("Pong")).say(
            Asserts,
            "Pong",
            F,
            None,
            Some("Ping"),
        );
        assert!(asserted.assess().circular.is_some());
    }

    #[test]
    fn two_anonymous_sources_are_two_origins() {
        let mut story = Story::default();
        story.say(Confirms, "unnamed source", F, Some("TASS"), None);
        // A second anonymous source: the same words, another source.
        let reuters = story.source("Reuters");
        story.statements.push(Evidence {
            id: StatementId(2),
            stance: Confirms,
            source: SourceName {
                id: SourceId(99),
                name: "unnamed source".into(),
            },
            reliability: F,
            via: Some(reuters),
            citing: None,
        });
        let a = story.assess();
        assert_eq!(a.independent_confirmations, 2);
        assert_eq!(a.origins, ["unnamed source", "unnamed source"]);
        assert_eq!(
            a.credibility.reason,
            "1 confirmed by other sources: 2 independent confirmations, from \
             unnamed source (F), unnamed source (F)"
        );
    }

    #[test]
    fn a_retracted_statement_carries_no_citation() {
        let mut story = Story::default();
        story
            .say(Asserts, "unnamed source", F, Some("Kommersant"), None)
            .say(Asserts, "Reuters", B, None, Some("Kommersant"));
        let names = |counting: &[bool]| -> Vec<String> {
            origins_among(&story.statements, counting)
                .into_iter()
                .map(|o| o.source.name)
                .collect()
        };
        assert_eq!(names(&[true, true]), ["unnamed source", "unnamed source"]);
        assert_eq!(names(&[false, true]), ["unnamed source", "Kommersant"]);
    }
}
