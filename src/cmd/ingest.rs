//! `ingest`: propose the attributed statements of a report; with --apply (or --interactive,
//! which asks about each first) log them in one command, so one `undo` takes them back.

use std::collections::HashMap;
use std::io::{BufRead, Read, Write};
use std::path::Path;

use serde::Serialize;

use crate::cli::IngestArgs;
use crate::ingest::{self, Proposal};
use crate::model::{Stance, normalize_tag, optional_text, parse_claim_number, required_text};
use crate::output::escape::inert;
use crate::store::{NewClaim, Writer};
use crate::{Context, Error, Result};

use super::statement::{Attributed, record_statement};

/// What `ingest --apply` logged.
#[derive(Debug, Clone, Serialize)]
pub struct Ingested {
    /// The claims it made, by number.
    pub claims: Vec<crate::model::ClaimId>,
    pub statements: Vec<IngestedStatement>,
}

#[derive(Debug, Clone, Serialize)]
pub struct IngestedStatement {
    pub claim: crate::model::ClaimId,
    pub statement: crate::model::StatementId,
    pub speaker: String,
    pub stance: Stance,
}

pub fn run(ctx: &Context, args: &IngestArgs) -> Result<()> {
    let main_claim = args.claim.as_deref().map(parse_claim_number).transpose()?;
    let tags: Vec<String> = args
        .tag
        .iter()
        .map(|t| normalize_tag(t))
        .collect::<Result<_>>()?;
    let url = optional_text(args.url.as_deref());
    let from_stdin = args.file.as_os_str() == "-";
    if args.interactive && from_stdin {
        return Err(Error::Invalid(
            "--interactive reads its answers from standard input: give the report as a file, \
             not -"
                .into(),
        ));
    }
    let report = read_report(&args.file, from_stdin)?;
    let mut proposals = ingest::extract(&report);
    if args.interactive {
        proposals = review(
            proposals,
            &mut std::io::stdin().lock(),
            &mut std::io::stderr(),
        )?;
    }
    if !(args.apply || args.interactive) {
        return ctx.output.emit(&ctx.output.proposals(&proposals)?);
    }
    // A named claim must exist already; otherwise the report may start a new database.
    let mut store = if main_claim.is_some() {
        ctx.open_existing()?
    } else {
        ctx.open()?
    };
    let written = store.write(&ctx.actor, |writer| {
        log(writer, &proposals, main_claim, &tags, url.as_deref())
    })?;
    super::notify(&written.notices);
    ctx.output.emit(&ctx.output.ingested(&written.value)?)
}

/// Reads the report, refusing one over `MAX_REPORT_BYTES` without reading more than that (a
/// file by its size first; standard input, a pipe or a growing file by reading one byte past
/// the limit at most).
fn read_report(path: &Path, from_stdin: bool) -> Result<String> {
    let named = || {
        if from_stdin {
            "on standard input".to_string()
        } else {
            path.display().to_string()
        }
    };
    let too_large = || {
        Error::Invalid(format!(
            "the report {} is larger than {} MiB, the most ingest reads; give it one news report \
             at a time",
            named(),
            ingest::MAX_REPORT_BYTES / (1024 * 1024)
        ))
    };
    let cannot_read =
        |e: std::io::Error| Error::Invalid(format!("cannot read the report {}: {e}", named()));
    let mut bytes = Vec::new();
    if from_stdin {
        std::io::stdin()
            .take(ingest::MAX_REPORT_BYTES + 1)
            .read_to_end(&mut bytes)?;
    } else {
        let file = std::fs::File::open(path).map_err(cannot_read)?;
        if file.metadata().map_err(cannot_read)?.len() > ingest::MAX_REPORT_BYTES {
            return Err(too_large());
        }
        file.take(ingest::MAX_REPORT_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(cannot_read)?;
    }
    if bytes.len() as u64 > ingest::MAX_REPORT_BYTES {
        return Err(too_large());
    }
    String::from_utf8(bytes).map_err(|_| {
        Error::Invalid(format!(
            "the report {} is not UTF-8 text; convert it first (iconv -t UTF-8)",
            named()
        ))
    })
}

/// Logs the proposals in one write. What is reported as new (`asserts`) becomes a claim, the
/// lead's being the story's main claim (or the one named with --claim); asserts in one sentence
/// ("X reported, citing an unnamed source") share their claim; every other stance answers the
/// main claim.
fn log(
    writer: &mut Writer<'_>,
    proposals: &[Proposal],
    main_claim: Option<crate::model::ClaimId>,
    tags: &[String],
    url: Option<&str>,
) -> Result<Ingested> {
    if let Some(claim) = main_claim {
        writer.claim_uuid(claim)?;
    }
    let mut main = main_claim;
    let mut lead_taken = false;
    let mut claim_of_sentence: HashMap<&str, crate::model::ClaimId> = HashMap::new();
    let mut made = Vec::new();
    let mut logged = Vec::new();
    let mut new_claim = |writer: &mut Writer<'_>, text: &str| -> Result<crate::model::ClaimId> {
        let id = writer.add_claim(&NewClaim {
            text: required_text(text, "the claim's text")?,
            tags: tags.to_vec(),
            happened: None,
            note: None,
        })?;
        made.push(id);
        Ok(id)
    };
    for proposal in proposals {
        let claim = if proposal.stance == Stance::Asserts {
            match claim_of_sentence.get(proposal.sentence.as_str()) {
                Some(&claim) => claim,
                None => {
                    let claim = match (main, lead_taken) {
                        (Some(claim), false) => claim,
                        _ => new_claim(writer, &proposal.claim)?,
                    };
                    lead_taken = true;
                    main.get_or_insert(claim);
                    claim_of_sentence.insert(&proposal.sentence, claim);
                    claim
                }
            }
        } else {
            match main {
                Some(claim) => claim,
                None => {
                    let claim = new_claim(writer, &proposal.claim)?;
                    main = Some(claim);
                    lead_taken = true;
                    claim
                }
            }
        };
        let attributed = Attributed {
            by: Some(proposal.speaker.clone()),
            via: proposal.via.clone(),
            anonymous: proposal.anonymous,
            kind: (!proposal.anonymous).then(|| ingest::speaker_kind(&proposal.speaker, proposals)),
            quote: proposal.quote.clone(),
            url: url.map(str::to_string),
            ..Attributed::default()
        };
        let added = record_statement(writer, claim, proposal.stance, &attributed)?;
        logged.push(IngestedStatement {
            claim,
            statement: added.statement,
            speaker: proposal.speaker.clone(),
            stance: proposal.stance,
        });
    }
    Ok(Ingested {
        claims: made,
        statements: logged,
    })
}

/// Asks about each proposal on `prompt` and reads the answers from `answers`: accept (a, or
/// an empty line), edit (e: speaker, stance, via, claim, each kept by an empty line), skip (s),
/// or quit (q: skip the rest). The end of the answers skips the rest. Works through a pipe.
pub fn review(
    proposals: Vec<Proposal>,
    answers: &mut dyn BufRead,
    prompt: &mut dyn Write,
) -> Result<Vec<Proposal>> {
    let total = proposals.len();
    let mut kept = Vec::new();
    let mut ask = |question: &str| -> Result<Option<String>> {
        write!(prompt, "{question}")?;
        prompt.flush()?;
        let mut line = String::new();
        Ok(match answers.read_line(&mut line)? {
            0 => None,
            _ => Some(line.trim().to_string()),
        })
    };
    for (i, mut proposal) in proposals.into_iter().enumerate() {
        // What the report says is shown inert: the question's own lines are the only ones.
        let via = proposal
            .via
            .as_deref()
            .map_or(String::new(), |v| format!(", via {}", inert(v)));
        let who = if proposal.anonymous {
            format!("{} (anonymous)", inert(&proposal.speaker))
        } else {
            inert(&proposal.speaker).into_owned()
        };
        let question = format!(
            "[{}/{total}] {who} {}{via}\n      claim: {}\naccept, edit, skip or quit? [a/e/s/q] ",
            i + 1,
            proposal.stance,
            inert(&proposal.claim)
        );
        let answer = loop {
            match ask(&question)?.as_deref() {
                None | Some("q" | "quit") => return Ok(kept),
                Some("" | "a" | "accept" | "y" | "yes") => break "a",
                Some("s" | "skip" | "n" | "no") => break "s",
                Some("e" | "edit") => break "e",
                Some(_) => continue,
            }
        };
        match answer {
            "s" => continue,
            "e" => {
                if let Some(speaker) = ask(&format!("speaker [{}]: ", inert(&proposal.speaker)))?
                    && !speaker.is_empty()
                {
                    proposal.speaker = speaker;
                }
                if let Some(stance) = ask(&format!("stance [{}]: ", proposal.stance))?
                    && !stance.is_empty()
                {
                    proposal.stance = stance.parse().map_err(Error::Invalid)?;
                }
                let shown = inert(proposal.via.as_deref().unwrap_or_default()).into_owned();
                if let Some(via) = ask(&format!("via [{shown}] (- for none): "))? {
                    match via.as_str() {
                        "" => {}
                        "-" => proposal.via = None,
                        _ => proposal.via = Some(via),
                    }
                }
                if let Some(claim) = ask(&format!("claim [{}]: ", inert(&proposal.claim)))?
                    && !claim.is_empty()
                {
                    proposal.claim = claim;
                }
                kept.push(proposal);
            }
            _ => kept.push(proposal),
        }
    }
    Ok(kept)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ClaimId;
    use crate::store::Store;

    fn proposal(speaker: &str, stance: Stance, via: Option<&str>, sentence: &str) -> Proposal {
        Proposal {
            speaker: speaker.into(),
            via: via.map(str::to_string),
            anonymous: speaker.starts_with("unnamed"),
            stance,
            quote: None,
            claim: format!("what {speaker} spoke of"),
            sentence: sentence.into(),
            sentences: Vec::new(),
        }
    }

    fn story() -> Vec<Proposal> {
        vec![
            proposal("Harbour Gazette", Stance::Asserts, None, "lead"),
            proposal(
                "unnamed source",
                Stance::Asserts,
                Some("Harbour Gazette"),
                "lead",
            ),
            proposal("Port authority", Stance::Declines, None, "second"),
            proposal("Mayor Ann Lee", Stance::Confirms, Some("Reuters"), "third"),
            proposal("ship-tracking data", Stance::Asserts, None, "fourth"),
        ]
    }

    #[test]
    fn the_lead_is_the_main_claim_and_other_reports_are_new_claims() {
        let mut store = Store::open_in_memory().unwrap();
        let logged = store
            .write("t", |w| {
                log(
                    w,
                    &story(),
                    None,
                    &["port".into()],
                    Some("https://x.test/a"),
                )
            })
            .unwrap()
            .value;
        assert_eq!(logged.claims, [1, 2], "the lead's claim, then the data's");
        let claims: Vec<crate::model::ClaimId> =
            logged.statements.iter().map(|s| s.claim).collect();
        assert_eq!(claims, [1, 1, 1, 1, 2]);
        let main = store.claim(ClaimId(1)).unwrap();
        assert_eq!(main.status.as_str(), "confirmed");
        assert_eq!(main.tags, ["port"]);
        assert_eq!(main.statements[1].via.as_deref(), Some("Harbour Gazette"));
        assert!(main.statements[1].anonymous);
        assert_eq!(main.statements[3].url.as_deref(), Some("https://x.test/a"));
        let kinds: HashMap<String, String> = store
            .sources()
            .unwrap()
            .into_iter()
            .map(|s| (s.name, s.kind.as_str().to_string()))
            .collect();
        assert_eq!(
            kinds["Harbour Gazette"], "outlet",
            "it carries another's words"
        );
        assert_eq!(kinds["ship-tracking data"], "data");
        assert_eq!(kinds["Mayor Ann Lee"], "person");
        // One command: one undo takes it all back.
        store.write("t", |w| w.undo_last()).unwrap();
        assert!(store.claim(ClaimId(1)).is_err() && store.claim(ClaimId(2)).is_err());
    }

    #[test]
    fn a_named_claim_takes_the_lead_and_the_answers() {
        let mut store = Store::open_in_memory().unwrap();
        store
            .write("t", |w| {
                w.add_claim(&NewClaim {
                    text: "An earlier claim".into(),
                    tags: vec![],
                    happened: None,
                    note: None,
                })
            })
            .unwrap();
        let logged = store
            .write("t", |w| log(w, &story(), Some(ClaimId(1)), &[], None))
            .unwrap()
            .value;
        assert_eq!(logged.claims, [2], "only the data's report is new");
        assert_eq!(store.claim(ClaimId(1)).unwrap().statements.len(), 4);
        let missing = store.write("t", |w| log(w, &story(), Some(ClaimId(9)), &[], None));
        assert!(matches!(
            missing.map(|w| w.value),
            Err(Error::ClaimNotFound(ClaimId(9)))
        ));
    }

    #[test]
    fn review_accepts_edits_skips_and_quits_through_a_pipe() {
        let answers = b"a\ns\ne\nUnnamed port official\ndenies\n-\n\nwhat\nq\n";
        let mut prompts = Vec::new();
        let kept = review(story(), &mut &answers[..], &mut prompts).unwrap();
        assert_eq!(
            kept.len(),
            2,
            "accepted one, skipped one, edited one, then quit"
        );
        assert_eq!(kept[0].speaker, "Harbour Gazette");
        assert_eq!(kept[1].speaker, "Unnamed port official");
        assert_eq!(kept[1].stance, Stance::Denies);
        assert_eq!(kept[1].via, None);
        assert_eq!(kept[1].claim, "what Port authority spoke of");
        let prompts = String::from_utf8(prompts).unwrap();
        assert!(
            prompts.contains("[1/5] Harbour Gazette asserts"),
            "{prompts}"
        );
        // "what" is no answer: asked again, then q.
        assert_eq!(prompts.matches("[4/5]").count(), 2, "{prompts}");
    }

    #[test]
    fn the_end_of_the_answers_skips_the_rest() {
        let kept = review(story(), &mut &b"a\n"[..], &mut Vec::new()).unwrap();
        assert_eq!(kept.len(), 1);
        let bad = review(story(), &mut &b"e\n\nbelieves\n"[..], &mut Vec::new());
        assert!(bad.is_err(), "an unknown stance is refused");
    }
}
