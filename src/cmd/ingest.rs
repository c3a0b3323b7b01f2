//! `ingest`: propose the attributed statements of a report, each with the claim it goes to
//! (decided in `ingest::link`) and the date it is logged with; with --apply (or --interactive,
//! which asks about each first) log them in one command, so one `undo` takes them back. A
//! statement already on its claim (the report was ingested before) is not logged twice, and an
//! apply that logs nothing writes nothing: no command for `undo` to find.

use std::collections::HashMap;
use std::io::{BufRead, Read, Write};
use std::path::Path;

use chrono::NaiveDate;

use crate::cli::IngestArgs;
use crate::ingest::{self, Proposal};
use crate::model::{
    ClaimDetail, ClaimId, ClaimRef, Notice, Previewed, Stamp, StatementId, Timestamp, Typed,
    is_far_future, name_key, normalize_tag, optional_text, parse_claim_number, parse_claim_ref,
    required_text,
};
use crate::output::escape::inert;
use crate::store::{NewClaim, Writer};
use crate::{Context, Error, Result};

use super::stance::{Attributed, record_statement};

pub use crate::model::{Ingested, IngestedStatement};

/// How many existing claims the similarity index offers for each proposal.
const CANDIDATES: usize = 8;
/// The least similarity a candidate needs to be offered at all (`link` decides).
const CANDIDATE_SCORE: f64 = 0.3;

/// A proposal kept for logging: its place in the report's list, and the claim it goes to.
#[derive(Debug, Clone)]
pub struct Kept {
    pub index: usize,
    pub proposal: Proposal,
    pub claim_ref: ClaimRef,
}

/// Every proposal, numbered, with the claim it goes to: what review and apply start from.
fn kept_all(proposals: &[Proposal], refs: Vec<ClaimRef>) -> Vec<Kept> {
    proposals
        .iter()
        .cloned()
        .zip(refs)
        .enumerate()
        .map(|(index, (proposal, claim_ref))| Kept {
            index,
            proposal,
            claim_ref,
        })
        .collect()
}

pub fn run(ctx: &Context, args: &IngestArgs) -> Result<()> {
    let main_claim = args.claim.as_deref().map(parse_claim_ref).transpose()?;
    let tags: Vec<String> = args
        .tag
        .iter()
        .map(|t| normalize_tag(t))
        .collect::<Result<_>>()?;
    let url = optional_text(args.url.as_deref());
    let typed = Typed::local();
    let at = args.at.as_deref().map(|at| typed.when(at)).transpose()?;
    let from_stdin = args.file.as_os_str() == "-";
    if args.interactive && from_stdin {
        return Err(Error::Invalid(
            "--interactive reads its answers from standard input: give the report as a file, \
             not -"
                .into(),
        ));
    }
    let report = read_report(&args.file, from_stdin)?;
    let proposals = ingest::extract(&report);
    let today = typed.now.with_timezone(&typed.zone).date_naive();
    let dated = dates(&ingest::plain_text(&report), &proposals, at, today, &typed)?;
    let applying = args.apply || args.interactive;

    // The claims already logged, for linking: a database that does not exist has none (and
    // a preview makes none, nor its folder).
    let store = match ctx.open_existing() {
        Ok(store) => Some(store),
        Err(Error::NoDatabaseFolder { .. }) if !applying && main_claim.is_none() => None,
        Err(e) => return Err(e),
    };
    let main = match (&main_claim, &store) {
        (Some(claim), Some(store)) => {
            let id = store.resolve_claim(claim)?;
            Some((id, store.claim(id)?.text))
        }
        _ => None,
    };
    let refs = ingest::link::link(&proposals, main.as_ref(), |text| match &store {
        Some(store) => Ok(store
            .similar(text, None, CANDIDATE_SCORE, CANDIDATES)?
            .into_iter()
            .map(|s| (s.id, s.text))
            .collect()),
        None => Ok::<_, Error>(Vec::new()),
    })?;

    if !applying {
        let previews: Vec<Previewed> = proposals
            .iter()
            .zip(&refs)
            .zip(&dated)
            .map(|((proposal, &claim_ref), stated_at)| Previewed {
                proposal,
                claim_ref,
                stated_at: stated_at.clone(),
            })
            .collect();
        return ctx.output.emit(&ctx.output.proposals(&previews)?);
    }
    let mut kept = kept_all(&proposals, refs);
    if args.interactive {
        let exists = |id: ClaimId| store.as_ref().is_some_and(|s| s.claim(id).is_ok());
        kept = review(
            kept,
            &mut std::io::stdin().lock(),
            &mut std::io::stderr(),
            &exists,
        )?;
    }

    // What is on its claim already is not logged twice; when nothing is left, nothing is
    // written at all.
    let mut ingested = Ingested::default();
    if let Some(store) = &store {
        kept = not_yet_logged(kept, &mut ingested, |id| store.claim(id))?;
    }
    if kept.is_empty() {
        // Nothing to log. In a database that exists, the apply is still the actor's last
        // command, recorded as one that changed nothing: an `undo` after it must not reach
        // past it and take back the command before (say, the first ingest of this report).
        if store.is_some() {
            drop(store);
            ctx.open_existing()?
                .write(&ctx.actor, |writer| writer.record_empty("ingest --apply"))?;
        }
        warn_already(&ingested);
        return ctx.output.emit(&ctx.output.ingested(&ingested)?);
    }
    drop(store);
    let mut store = if main_claim.is_some() {
        ctx.open_existing()?
    } else {
        ctx.open()?
    };
    let plan = Plan {
        all: &proposals,
        kept: &kept,
        dated: &dated,
        tags: &tags,
        url: url.as_deref(),
    };
    let written = store.write(&ctx.actor, |writer| log(writer, &plan, ingested))?;
    super::notify(&written.notices);
    warn_already(&written.value);
    if let Some(at) = at.filter(|at| is_far_future(*at, typed.now)) {
        super::notify(&[Notice::FarFuture {
            at: Stamp::at(at),
            statements: written.value.statements.len(),
        }]);
    }
    ctx.output.emit(&ctx.output.ingested(&written.value)?)
}

/// The date each statement is logged with, in the stored form: `--at` for all; else the
/// dateline's date, or the weekday the statement's sentence names counted back from it; else
/// none (the time of logging).
fn dates(
    text: &str,
    proposals: &[Proposal],
    at: Option<Timestamp>,
    today: NaiveDate,
    typed: &Typed<chrono::Local>,
) -> Result<Vec<Option<Stamp>>> {
    if let Some(at) = at {
        return Ok(vec![Some(Stamp::at(at)); proposals.len()]);
    }
    let Some(dateline) = ingest::dateline::find(text, today) else {
        return Ok(vec![None; proposals.len()]);
    };
    proposals
        .iter()
        .map(|p| {
            let sentence = p.sentences.first().map_or(p.sentence.as_str(), |s| &s.text);
            let day = ingest::dateline::said_on(sentence, dateline);
            // As if typed: the day's start in local time, as `--at YYYY-MM-DD` is.
            let at = typed.when(&day.format("%Y-%m-%d").to_string())?;
            Ok(Some(Stamp::at(at)))
        })
        .collect()
}

/// The proposals not on their claim yet; those that are go to `ingested.already`.
fn not_yet_logged(
    kept: Vec<Kept>,
    ingested: &mut Ingested,
    mut claim: impl FnMut(ClaimId) -> Result<ClaimDetail>,
) -> Result<Vec<Kept>> {
    let mut details: HashMap<ClaimId, ClaimDetail> = HashMap::new();
    let mut left = Vec::new();
    for k in kept {
        let ClaimRef::Claim(id) = k.claim_ref else {
            left.push(k);
            continue;
        };
        if let std::collections::hash_map::Entry::Vacant(e) = details.entry(id) {
            e.insert(claim(id)?);
        }
        match on_claim_already(&details[&id], &k.proposal) {
            Some(statement) => ingested.already.push(IngestedStatement {
                claim: id,
                statement,
                speaker: k.proposal.speaker.clone(),
                stance: k.proposal.stance,
            }),
            None => left.push(k),
        }
    }
    Ok(left)
}

/// The statement on `claim` that says what `p` says: the same speaker (or unnamed speaker
/// described alike), stance, outlet and words, not retracted.
fn on_claim_already(claim: &ClaimDetail, p: &Proposal) -> Option<StatementId> {
    let key = |name: Option<&str>| name.map(name_key);
    claim
        .statements
        .iter()
        .find(|s| {
            !s.retracted
                && s.stance == p.stance
                && s.anonymous == p.anonymous
                && name_key(&s.source) == name_key(&p.speaker)
                && key(s.via.as_deref()) == key(p.via.as_deref())
                && s.quote.as_deref().map(str::trim) == p.quote.as_deref().map(str::trim)
        })
        .map(|s| s.id)
}

fn warn_already(ingested: &Ingested) {
    if ingested.already.is_empty() {
        return;
    }
    let mut claims: Vec<ClaimId> = ingested.already.iter().map(|s| s.claim).collect();
    claims.sort_unstable();
    claims.dedup();
    super::notify(&[Notice::AlreadyLogged {
        statements: ingested.already.len(),
        claims,
    }]);
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

/// What one apply logs: the report's proposals (whose claim texts make the new claims), those
/// kept with their claims, and what every statement carries.
struct Plan<'a> {
    all: &'a [Proposal],
    kept: &'a [Kept],
    dated: &'a [Option<Stamp>],
    tags: &'a [String],
    url: Option<&'a str>,
}

/// Logs the kept proposals in one write, each on its claim: an existing claim by number, or a
/// new claim made once, from the claim text of the proposal that founds it (as edited in
/// review; its sentence when it has no content of its own). A statement found on its claim
/// already is left out again here, inside the write.
fn log(writer: &mut Writer<'_>, plan: &Plan<'_>, mut ingested: Ingested) -> Result<Ingested> {
    let mut made: HashMap<usize, ClaimId> = HashMap::new();
    let mut checked: HashMap<ClaimId, ClaimDetail> = HashMap::new();
    for k in plan.kept {
        let claim = match k.claim_ref {
            ClaimRef::Claim(id) => {
                let detail = match checked.entry(id) {
                    std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                    std::collections::hash_map::Entry::Vacant(e) => e.insert(writer.claim(id)?),
                };
                if let Some(statement) = on_claim_already(detail, &k.proposal) {
                    ingested.already.push(IngestedStatement {
                        claim: id,
                        statement,
                        speaker: k.proposal.speaker.clone(),
                        stance: k.proposal.stance,
                    });
                    continue;
                }
                id
            }
            ClaimRef::New(founder) => match made.get(&founder) {
                Some(&id) => id,
                None => {
                    let p = plan
                        .kept
                        .iter()
                        .find(|k| k.index == founder)
                        .map_or(&plan.all[founder], |k| &k.proposal);
                    let text = if ingest::link::has_content(&p.claim) {
                        &p.claim
                    } else {
                        &p.sentence
                    };
                    // A claim is what was said, never where and when the report was filed.
                    let text = ingest::dateline::strip(text);
                    let id = writer.add_claim(&NewClaim {
                        text: required_text(text, "the claim's text")?,
                        tags: plan.tags.to_vec(),
                        happened: None,
                        note: None,
                    })?;
                    made.insert(founder, id);
                    ingested.claims.push(id);
                    id
                }
            },
        };
        let p = &k.proposal;
        let attributed = Attributed {
            by: Some(p.speaker.clone()),
            via: p.via.clone(),
            anonymous: p.anonymous,
            kind: (!p.anonymous).then(|| ingest::speaker_kind(&p.speaker, plan.all)),
            quote: p.quote.clone(),
            url: plan.url.map(str::to_string),
            stated_at: plan.dated.get(k.index).cloned().flatten(),
            from_report: true,
            ..Attributed::default()
        };
        let added = record_statement(writer, claim, p.stance, &attributed)?;
        ingested.statements.push(IngestedStatement {
            claim,
            statement: added.statement,
            // The source it was logged under, which a word of the report may only begin.
            speaker: writer.statement_source_name(added.statement)?,
            stance: p.stance,
        });
    }
    Ok(ingested)
}

/// Asks about each proposal on `prompt` and reads the answers from `answers`: accept (a, or
/// an empty line), edit (e: speaker, stance, via, claim, each kept by an empty line), move (m:
/// to claim #N of the database, to the claim of statement N of this report, or to a new claim
/// of its own), skip (s), or quit (q: skip the rest). An answer it does not know (a mistyped
/// stance, a claim that is not one) is asked again. The end of the answers skips the rest.
/// Works through a pipe. A claim text edited makes the statement a claim of its own, unless it
/// is then moved.
pub fn review(
    proposals: Vec<Kept>,
    answers: &mut dyn BufRead,
    prompt: &mut dyn Write,
    claim_exists: &dyn Fn(ClaimId) -> bool,
) -> Result<Vec<Kept>> {
    let total = proposals.len();
    // Each statement's place in the report and where it goes, by its number here less one.
    let numbered: Vec<usize> = proposals.iter().map(|k| k.index).collect();
    let proposed: Vec<ClaimRef> = proposals.iter().map(|k| k.claim_ref).collect();
    let mut kept: Vec<Kept> = Vec::new();
    let mut ask = |question: &str| -> Result<Option<String>> {
        write!(prompt, "{question}")?;
        prompt.flush()?;
        let mut line = String::new();
        Ok(match answers.read_line(&mut line)? {
            0 => None,
            _ => Some(line.trim().to_string()),
        })
    };
    for (i, mut k) in proposals.into_iter().enumerate() {
        let proposal = &k.proposal;
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
            "[{}/{total}] {who} {}{via}\n      claim: {}\n      goes to: {}\n\
             accept, edit, move, skip or quit? [a/e/m/s/q] ",
            i + 1,
            proposal.stance,
            inert(&proposal.claim),
            goes_to(k.claim_ref, &numbered),
        );
        let answer = loop {
            match ask(&question)?.as_deref() {
                None | Some("q" | "quit") => return Ok(kept),
                Some("" | "a" | "accept" | "y" | "yes") => break "a",
                Some("s" | "skip" | "n" | "no") => break "s",
                Some("e" | "edit") => break "e",
                Some("m" | "move") => break "m",
                Some(_) => continue,
            }
        };
        match answer {
            "s" => continue,
            "e" => {
                let p = &mut k.proposal;
                if let Some(speaker) = ask(&format!("speaker [{}]: ", inert(&p.speaker)))?
                    && !speaker.is_empty()
                {
                    p.speaker = speaker;
                }
                loop {
                    let question = format!(
                        "stance [{}] (asserts, confirms, denies, ncnd or declines): ",
                        p.stance
                    );
                    match ask(&question)? {
                        Some(stance) if !stance.is_empty() => match stance.parse() {
                            Ok(stance) => p.stance = stance,
                            Err(_) => continue,
                        },
                        _ => {}
                    }
                    break;
                }
                let shown = inert(p.via.as_deref().unwrap_or_default()).into_owned();
                if let Some(via) = ask(&format!("via [{shown}] (- for none): "))? {
                    match via.as_str() {
                        "" => {}
                        "-" => p.via = None,
                        _ => p.via = Some(via),
                    }
                }
                if let Some(claim) = ask(&format!("claim [{}]: ", inert(&p.claim)))?
                    && !claim.is_empty()
                    && claim != p.claim
                {
                    p.claim = claim;
                    k.claim_ref = ClaimRef::New(k.index);
                }
            }
            "m" => loop {
                let question = format!(
                    "move to: #N for claim N, N for statement N's claim (1 to {total}), or new \
                     [{}]: ",
                    goes_to(k.claim_ref, &numbered)
                );
                let Some(to) = ask(&question)? else { break };
                let to = to.to_lowercase();
                if to.is_empty() {
                    break;
                }
                if to == "new" {
                    k.claim_ref = ClaimRef::New(k.index);
                    break;
                }
                if to.starts_with('#') {
                    match parse_claim_number(&to) {
                        Ok(id) if claim_exists(id) => {
                            k.claim_ref = ClaimRef::Claim(id);
                            break;
                        }
                        _ => continue,
                    }
                }
                // Statement N's claim: where it goes as answered so far, else as proposed.
                let Some(other) = to
                    .parse::<usize>()
                    .ok()
                    .filter(|n| (1..=total).contains(n))
                    .map(|n| n - 1)
                else {
                    continue;
                };
                k.claim_ref = if other == i {
                    ClaimRef::New(k.index)
                } else {
                    kept.iter()
                        .find(|o| o.index == numbered[other])
                        .map_or(proposed[other], |o| o.claim_ref)
                };
                break;
            },
            _ => {}
        }
        kept.push(k);
    }
    Ok(kept)
}

/// Where a statement goes, as the review shows it.
fn goes_to(claim_ref: ClaimRef, numbered: &[usize]) -> String {
    match claim_ref {
        ClaimRef::Claim(id) => format!("claim #{id}"),
        ClaimRef::New(founder) => match numbered.iter().position(|&n| n == founder) {
            Some(n) => format!("a new claim, from statement {}", n + 1),
            None => "a new claim".to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Stance;
    use crate::store::Store;

    fn proposal(
        speaker: &str,
        stance: Stance,
        via: Option<&str>,
        claim: &str,
        sentence: &str,
    ) -> Proposal {
        Proposal {
            speaker: speaker.into(),
            via: via.map(str::to_string),
            anonymous: speaker.starts_with("unnamed"),
            stance,
            quote: None,
            claim: claim.into(),
            sentence: sentence.into(),
            sentences: Vec::new(),
        }
    }

    const LEAD: &str = "Two rival fleets met in secret at Valletta";

    fn story() -> Vec<Proposal> {
        vec![
            proposal("Harbour Gazette", Stance::Asserts, None, LEAD, "lead"),
            proposal(
                "unnamed source",
                Stance::Asserts,
                Some("Harbour Gazette"),
                LEAD,
                "lead",
            ),
            proposal(
                "Port authority",
                Stance::Declines,
                None,
                "declined to comment",
                "second",
            ),
            proposal(
                "Mayor Ann Lee",
                Stance::Confirms,
                Some("Reuters"),
                "the meeting",
                "third",
            ),
            proposal(
                "ship-tracking data",
                Stance::Asserts,
                None,
                "Two frigates lay side by side at dawn",
                "fourth",
            ),
        ]
    }

    /// Links the proposals against the store, as `run` does, and logs them all.
    fn apply(
        store: &mut Store,
        proposals: &[Proposal],
        main: Option<ClaimId>,
        tags: &[String],
        url: Option<&str>,
    ) -> Result<Ingested> {
        let main = match main {
            Some(id) => Some((id, store.claim(id)?.text)),
            None => None,
        };
        let refs = ingest::link::link(proposals, main.as_ref(), |text| {
            Ok::<_, Error>(
                store
                    .similar(text, None, CANDIDATE_SCORE, CANDIDATES)?
                    .into_iter()
                    .map(|s| (s.id, s.text))
                    .collect(),
            )
        })?;
        let kept = kept_all(proposals, refs);
        let mut ingested = Ingested::default();
        let kept = not_yet_logged(kept, &mut ingested, |id| store.claim(id))?;
        let dated = vec![None; proposals.len()];
        let plan = Plan {
            all: proposals,
            kept: &kept,
            dated: &dated,
            tags,
            url,
        };
        Ok(store.write("t", |w| log(w, &plan, ingested))?.value)
    }

    #[test]
    fn the_lead_is_the_main_claim_and_other_reports_are_new_claims() {
        let mut store = Store::open_in_memory().unwrap();
        let logged = apply(
            &mut store,
            &story(),
            None,
            &["port".into()],
            Some("https://x.test/a"),
        )
        .unwrap();
        assert_eq!(logged.claims, [1, 2], "the lead's claim, then the data's");
        let claims: Vec<ClaimId> = logged.statements.iter().map(|s| s.claim).collect();
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
        let logged = apply(&mut store, &story(), Some(ClaimId(1)), &[], None).unwrap();
        assert_eq!(logged.claims, [2], "only the data's report is new");
        assert_eq!(store.claim(ClaimId(1)).unwrap().statements.len(), 4);
        let missing = apply(&mut store, &story(), Some(ClaimId(9)), &[], None);
        assert!(matches!(missing, Err(Error::ClaimNotFound(ClaimId(9)))));
    }

    #[test]
    fn the_same_report_twice_logs_nothing_the_second_time() {
        let mut store = Store::open_in_memory().unwrap();
        apply(&mut store, &story(), None, &[], None).unwrap();
        let again = apply(&mut store, &story(), None, &[], None).unwrap();
        assert!(
            again.statements.is_empty() && again.claims.is_empty(),
            "{again:?}"
        );
        let on: Vec<(i64, i64)> = again
            .already
            .iter()
            .map(|s| (s.claim.0, s.statement.0))
            .collect();
        assert_eq!(on, [(1, 1), (1, 2), (1, 3), (1, 4), (2, 5)]);
        // A new line in the report is logged; the old ones are not.
        let mut more = story();
        more.push(proposal(
            "Port authority",
            Stance::Denies,
            None,
            "it",
            "fifth",
        ));
        let third = apply(&mut store, &more, None, &[], None).unwrap();
        assert_eq!(third.statements.len(), 1);
        assert_eq!(third.statements[0].claim, 2, "'it' answers the line before");
    }

    fn kept(proposals: Vec<Proposal>) -> Vec<Kept> {
        let refs = ingest::link::link(&proposals, None, |_| Ok::<_, ()>(Vec::new())).unwrap();
        proposals
            .into_iter()
            .zip(refs)
            .enumerate()
            .map(|(index, (proposal, claim_ref))| Kept {
                index,
                proposal,
                claim_ref,
            })
            .collect()
    }

    fn no_claims(_: ClaimId) -> bool {
        false
    }

    #[test]
    fn review_accepts_edits_skips_and_quits_through_a_pipe() {
        let answers = b"a\ns\ne\nUnnamed port official\ndenies\n-\n\nwhat\nq\n";
        let mut prompts = Vec::new();
        let kept = review(kept(story()), &mut &answers[..], &mut prompts, &no_claims).unwrap();
        assert_eq!(
            kept.len(),
            2,
            "accepted one, skipped one, edited one, then quit"
        );
        assert_eq!(kept[0].proposal.speaker, "Harbour Gazette");
        let edited = &kept[1].proposal;
        assert_eq!(edited.speaker, "Unnamed port official");
        assert_eq!(edited.stance, Stance::Denies);
        assert_eq!(edited.via, None);
        assert_eq!(edited.claim, "declined to comment");
        assert_eq!(kept[1].claim_ref, ClaimRef::New(0), "still the lead's");
        let prompts = String::from_utf8(prompts).unwrap();
        assert!(
            prompts.contains("[1/5] Harbour Gazette asserts"),
            "{prompts}"
        );
        assert!(
            prompts.contains("goes to: a new claim, from statement 1"),
            "{prompts}"
        );
        // "what" is no answer: asked again, then q.
        assert_eq!(prompts.matches("[4/5]").count(), 2, "{prompts}");
    }

    #[test]
    fn a_mistyped_stance_is_asked_again_and_the_end_of_the_answers_skips_the_rest() {
        let kept_one =
            review(kept(story()), &mut &b"a\n"[..], &mut Vec::new(), &no_claims).unwrap();
        assert_eq!(kept_one.len(), 1);
        let mut prompts = Vec::new();
        let fixed = review(
            kept(story()),
            &mut &b"e\n\nbelieves\nconfirms\n\n\n"[..],
            &mut prompts,
            &no_claims,
        )
        .unwrap();
        assert_eq!(fixed.len(), 1, "edited, then the answers ran out");
        assert_eq!(fixed[0].proposal.stance, Stance::Confirms);
        let prompts = String::from_utf8(prompts).unwrap();
        assert_eq!(prompts.matches("stance [asserts]").count(), 2, "{prompts}");
    }

    #[test]
    fn review_moves_a_proposal_to_another_claim() {
        // Statement 5 (the data) moves to statement 1's claim; statement 4 to claim #7, after a
        // claim that does not exist and a number that is no statement; 3 to a claim of its own.
        let answers = b"a\na\nm\nnew\nm\n#9\n12\n#7\nm\n1\n";
        let mut prompts = Vec::new();
        let exists = |id: ClaimId| id == 7;
        let kept = review(kept(story()), &mut &answers[..], &mut prompts, &exists).unwrap();
        let refs: Vec<ClaimRef> = kept.iter().map(|k| k.claim_ref).collect();
        assert_eq!(
            refs,
            [
                ClaimRef::New(0),
                ClaimRef::New(0),
                ClaimRef::New(2),
                ClaimRef::Claim(ClaimId(7)),
                ClaimRef::New(0)
            ]
        );
        let prompts = String::from_utf8(prompts).unwrap();
        assert_eq!(prompts.matches("move to:").count(), 5, "{prompts}");
    }
}
