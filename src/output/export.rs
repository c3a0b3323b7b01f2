//! The files `export` writes, one claim or line at a time: JSON Lines for scripts, CSV for a
//! newsroom's sheet, a Markdown dossier for editors, and schema.org ClaimReview for publishing.

use super::counted;
use std::io::Write;

use serde_json::{Value, json};

use super::escape::{csv_cell, json_for_page, markdown_link, markdown_text, web_url};
use super::short_time;
use crate::Result;
use crate::interchange::{Line, SHEET_COLUMNS};
use crate::model::{ClaimDetail, Rating, Reliability, SourceKind, Stance};

pub fn jsonl(out: &mut dyn Write, line: &Line) -> Result<()> {
    serde_json::to_writer(&mut *out, line)?;
    out.write_all(b"\n")?;
    Ok(())
}

/// The columns of the claims sheet (one row per claim).
pub const CLAIM_COLUMNS: [&str; 13] = [
    "id",
    "uuid",
    "claim",
    "status",
    "summary",
    "tags",
    "happened",
    "first_reported",
    "last_activity",
    "sources",
    "removed",
    "removal_note",
    "merged_into",
];

fn csv_error(error: csv::Error) -> crate::Error {
    match error.into_kind() {
        csv::ErrorKind::Io(error) => crate::Error::Io(error),
        other => crate::Error::Invalid(format!("cannot write CSV: {other:?}")),
    }
}

/// The header: the claims sheet's columns, or for the statements sheet the claim's number and
/// then exactly the columns `import` reads (`interchange::SHEET_COLUMNS`), so that the two
/// cannot drift apart.
pub fn csv_header<W: Write>(out: &mut csv::Writer<W>, statements: bool) -> Result<()> {
    if statements {
        out.write_record(std::iter::once("claim_id").chain(SHEET_COLUMNS))
    } else {
        out.write_record(CLAIM_COLUMNS)
    }
    .map_err(csv_error)
}

fn write_row<W: Write, const N: usize>(out: &mut csv::Writer<W>, row: [&str; N]) -> Result<()> {
    let cells = row.map(csv_cell);
    out.write_record(cells.iter().map(|cell| cell.as_bytes()))
        .map_err(csv_error)
}

/// One row for the claim, or with `statements` one row per statement on it. Every cell is
/// neutralised (`escape::csv_cell`), so a claim or a source name cannot run as a formula.
pub fn csv_rows<W: Write>(
    out: &mut csv::Writer<W>,
    claim: &ClaimDetail,
    statements: bool,
) -> Result<()> {
    let tags = claim.tags.join(", ");
    let id = claim.id.to_string();
    let removed_at = claim.removed.as_ref().map_or("", |r| r.at.as_str());
    let removal_note = claim
        .removed
        .as_ref()
        .and_then(|r| r.note.as_deref())
        .unwrap_or("");
    if statements {
        for s in &claim.statements {
            let grade = |r: Option<Reliability>| r.map(Reliability::as_str).unwrap_or("");
            let row = [
                id.as_str(),
                &claim.text,
                s.stance.as_str(),
                &s.source,
                s.via.as_deref().unwrap_or(""),
                s.citing.as_deref().unwrap_or(""),
                s.quote.as_deref().unwrap_or(""),
                s.url.as_deref().unwrap_or(""),
                &s.stated_at,
                &tags,
                s.note.as_deref().unwrap_or(""),
                s.retracted_at.as_deref().unwrap_or(""),
                s.retraction_note.as_deref().unwrap_or(""),
                if s.anonymous { "yes" } else { "" },
                s.source_kind.as_str(),
                grade(s.own_reliability),
                s.source_reliability.as_str(),
                removed_at,
                removal_note,
            ];
            write_row(out, row)?;
        }
        return Ok(());
    }
    let first_reported = claim.statements.iter().map(|s| &s.stated_at).min();
    let mut sources: Vec<&str> = Vec::new();
    for s in &claim.statements {
        if !sources.contains(&s.source.as_str()) {
            sources.push(&s.source);
        }
    }
    let sources = sources.join("; ");
    let merged_into = claim.merged_into.map_or(String::new(), |c| c.to_string());
    let row = [
        id.as_str(),
        &claim.uuid,
        &claim.text,
        claim.status.as_str(),
        &claim.summary,
        &tags,
        claim.happened.as_deref().unwrap_or(""),
        first_reported.map_or("", |at| at.as_str()),
        &claim.last_activity,
        &sources,
        removed_at,
        removal_note,
        &merged_into,
    ];
    write_row(out, row)
}

pub fn markdown_start(out: &mut dyn Write, claims: u64, exported_at: &str) -> Result<()> {
    writeln!(
        out,
        "# Claims dossier\n\n{}, exported {}. Times are UTC. Status is derived from \
         the statements; a verdict is the desk's published rating.\n",
        counted(claims, "claim", "claims"),
        short_time(exported_at)
    )?;
    Ok(())
}

pub fn markdown_claim(out: &mut dyn Write, claim: &ClaimDetail) -> Result<()> {
    writeln!(out, "## #{} {}\n", claim.id, markdown_text(&claim.text))?;
    writeln!(
        out,
        "**{}**: {}  ",
        claim.status.as_str().to_uppercase(),
        markdown_text(&claim.summary)
    )?;
    writeln!(out, "Grade: {}  ", markdown_text(&claim.credibility_reason))?;
    if let Some(warning) = &claim.circular_warning {
        writeln!(out, "Warning: {}  ", markdown_text(warning))?;
    }
    if !claim.tags.is_empty() {
        writeln!(out, "Tags: {}  ", markdown_text(&claim.tags.join(", ")))?;
    }
    if let Some(happened) = &claim.happened {
        writeln!(out, "Happened: {happened}  ")?;
    }
    if let Some(note) = &claim.note {
        writeln!(out, "Note: {}  ", markdown_text(note))?;
    }
    if let Some(verdict) = &claim.verdict {
        write!(out, "Verdict: **{}**", verdict.rating.label())?;
        if let Some(why) = &verdict.explanation {
            write!(out, ": {}", markdown_text(why))?;
        }
        if let Some(url) = &verdict.url {
            write!(out, " ({})", markdown_link("fact-check", url))?;
        }
        writeln!(out, "  ")?;
    }
    // Only with `export --include-removed`.
    if let Some(removed) = &claim.removed {
        write!(out, "Removed from lists: {}", markdown_text(&removed.at))?;
        if let Some(why) = &removed.note {
            write!(out, ": {}", markdown_text(why))?;
        }
        writeln!(out, "  ")?;
    }
    writeln!(out)?;
    if claim.statements.is_empty() {
        writeln!(out, "No statements yet.\n")?;
        return Ok(());
    }
    for s in &claim.statements {
        // The list marker stays outside the strikethrough of a retracted statement, which
        // is still an item of the list.
        let mut line = format!(
            "{} — **{}**",
            short_time(&s.stated_at),
            markdown_text(&s.source)
        );
        if s.source_kind == SourceKind::Anonymous {
            line.push_str(" (anonymous)");
        }
        line.push(' ');
        line.push_str(match s.stance {
            Stance::Asserts => "asserted it",
            Stance::Confirms => "confirmed it",
            Stance::Denies => "denied it",
            Stance::Ncnd => "could neither confirm nor deny it",
            Stance::Declines => "declined to comment",
        });
        if let Some(via) = &s.via {
            line.push_str(&format!(", via {}", markdown_text(via)));
        }
        if let Some(cited) = &s.citing {
            line.push_str(&format!(", citing {}", markdown_text(cited)));
        }
        if let Some(quote) = &s.quote {
            line.push_str(&format!(": “{}”", markdown_text(quote)));
        }
        if let Some(url) = &s.url {
            line.push_str(&format!(" ({})", markdown_link("link", url)));
        }
        if let Some(at) = &s.retracted_at {
            line = format!("~~{line}~~ (retracted {})", short_time(at));
            if let Some(why) = &s.retraction_note {
                line.push_str(&format!(": {}", markdown_text(why)));
            }
        }
        writeln!(out, "- {line}")?;
    }
    writeln!(out)?;
    Ok(())
}

/// The date part of a stored time: ClaimReview's dates are ISO 8601 dates.
fn date(stored: &str) -> &str {
    stored.get(..10).unwrap_or(stored)
}

fn person_or_organization(kind: SourceKind) -> &'static str {
    match kind {
        SourceKind::Person | SourceKind::Anonymous => "Person",
        _ => "Organization",
    }
}

/// A claim's ClaimReview node (schema.org), or `None` when the desk has given it no verdict.
/// The claim's author is the source of its earliest statement, and its appearances are the
/// statements' links in time order. Only `http` and `https` URLs are published: any other
/// (`javascript:`) is left out.
pub fn claimreview(claim: &ClaimDetail, org: &str) -> Option<Value> {
    let verdict = claim.verdict.as_ref()?;
    let first = claim.statements.first();
    let appearances: Vec<Value> = claim
        .statements
        .iter()
        .filter_map(|s| s.url.as_deref().and_then(web_url))
        .map(|url| json!({"@type": "CreativeWork", "url": url}))
        .collect();
    Some(json!({
        "@type": "ClaimReview",
        "claimReviewed": claim.text,
        "itemReviewed": {
            "@type": "Claim",
            "author": first.map(|s| json!({
                "@type": person_or_organization(s.source_kind),
                "name": s.source,
            })),
            "datePublished": first.map(|s| date(&s.stated_at)),
            "appearance": appearances,
            "firstAppearance": appearances.first(),
        },
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": verdict.rating.value(),
            "bestRating": Rating::BEST,
            "worstRating": Rating::WORST,
            "alternateName": verdict.rating.label(),
        },
        "author": {"@type": "Organization", "name": org},
        "datePublished": date(&verdict.at),
        "url": verdict.url.as_deref().and_then(web_url),
        "reviewBody": verdict.explanation,
    }))
}

pub fn claimreview_start(out: &mut dyn Write) -> Result<()> {
    out.write_all(b"{\n  \"@context\": \"https://schema.org\",\n  \"@graph\": [")?;
    Ok(())
}

/// A node of the graph, escaped for a `<script type="application/ld+json">` block
/// (`escape::json_for_page`): a site embeds ClaimReview in its pages.
pub fn claimreview_node(out: &mut dyn Write, node: &Value, first: bool) -> Result<()> {
    out.write_all(if first { b"\n    " } else { b",\n    " })?;
    out.write_all(json_for_page(&serde_json::to_string(node)?).as_bytes())?;
    Ok(())
}

pub fn claimreview_end(out: &mut dyn Write, any: bool) -> Result<()> {
    out.write_all(if any { b"\n  ]\n}\n" } else { b"]\n}\n" })?;
    Ok(())
}
