//! The story page (`export --format html`): one self-contained HTML file an editor opens in a
//! browser, written one claim at a time like the other exports. Its style sheet and its small
//! script are inlined and allowed by a per-page nonce in its Content-Security-Policy, which also
//! forbids every network load, so the page works offline and a text that slipped past the
//! escaping still could not run. All user text goes through `escape::html`.

use super::counted;
use std::io::Write;

use super::escape::{html, web_url};
use super::short_time;
use crate::Result;
use crate::model::{ClaimDetail, Credibility, StatementDetail, Status};

const STYLE: &str = include_str!("page.css");
const SCRIPT: &str = include_str!("page.js");

/// The statuses in the filter, settled ones first; a status no claim has is left out.
const FILTER_ORDER: [Status; 4] = [
    Status::Confirmed,
    Status::Denied,
    Status::Contested,
    Status::Unverified,
];

/// What the top of the page says: its title (the tag, or "claims"), when it was made (a stored
/// timestamp), how many claims it holds with each status, and the nonce its own style sheet and
/// script carry (fresh for each page, so no text written before it can guess it).
pub struct PageHead<'a> {
    pub title: &'a str,
    pub made_at: &'a str,
    pub counts: &'a [(Status, u64)],
    pub nonce: &'a str,
}

pub fn start(out: &mut dyn Write, head: &PageHead<'_>) -> Result<()> {
    let title = html(head.title);
    let nonce = html(head.nonce);
    let total: u64 = head.counts.iter().map(|(_, n)| n).sum();
    write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'nonce-{nonce}'; script-src 'nonce-{nonce}'; base-uri 'none'; \
         form-action 'none'\">\n\
         <meta name=\"generator\" content=\"claims {version}\">\n\
         <title>{title} · story page</title>\n\
         <style nonce=\"{nonce}\">\n{STYLE}</style>\n</head>\n<body>\n\
         <header class=\"page\">\n<p class=\"kicker\">Story page</p>\n<h1>{title}</h1>\n\
         <p class=\"made\">{claims}, made <time datetime=\"{made}\">{made_short} UTC</time>. \
         Times are UTC. Status is derived from the statements; a verdict is the desk's \
         published rating.</p>\n",
        version = env!("CARGO_PKG_VERSION"),
        claims = counted(total, "claim", "claims"),
        made = html(head.made_at),
        made_short = html(&short_time(head.made_at)),
    )?;
    if total > 0 {
        out.write_all(b"<form class=\"filter\" aria-label=\"Show claims by status\">\n<span class=\"label\">Show</span>\n")?;
        for status in FILTER_ORDER {
            let n = head
                .counts
                .iter()
                .find(|(s, _)| *s == status)
                .map_or(0, |(_, n)| *n);
            if n == 0 {
                continue;
            }
            let status = status.as_str();
            writeln!(
                out,
                "<label class=\"badge status {status}\"><input type=\"checkbox\" \
                 id=\"show-{status}\" value=\"{status}\" checked> {status} \
                 <span class=\"count\">{n}</span></label>"
            )?;
        }
        out.write_all(b"<output id=\"shown\" aria-live=\"polite\"></output>\n</form>\n")?;
    }
    out.write_all(b"</header>\n<main>\n")?;
    Ok(())
}

/// A URL as a link when it is a web address (`escape::web_url`), else as plain text.
fn link(url: &str, label: Option<&str>) -> String {
    match web_url(url) {
        Some(url) => format!(
            "<a href=\"{}\" rel=\"noopener noreferrer\">{}</a>",
            html(url),
            html(label.unwrap_or(url))
        ),
        None => format!("<span class=\"url\">{}</span>", html(url)),
    }
}

fn time(stored: &str) -> String {
    format!(
        "<time datetime=\"{}\">{}</time>",
        html(stored),
        html(&short_time(stored))
    )
}

pub fn claim(out: &mut dyn Write, claim: &ClaimDetail) -> Result<()> {
    let status = claim.status.as_str();
    let id = claim.id;
    writeln!(
        out,
        "<article class=\"claim\" id=\"claim-{id}\" data-status=\"{status}\">\n<header>\n\
         <h2><a class=\"number\" href=\"#claim-{id}\">#{id}</a> <span class=\"text\">{}</span></h2>\n\
         <p class=\"badges\"><span class=\"badge status {status}\">{status}</span> \
         <span class=\"badge grade grade-{grade}\">grade {grade} · {words}</span>{circular}{verdict}</p>\n\
         </header>",
        html(&claim.text),
        grade = claim.credibility,
        words = Credibility::words(claim.credibility),
        circular = if claim.circular {
            " <span class=\"badge circular\">circular reporting</span>"
        } else {
            ""
        },
        verdict = match &claim.verdict {
            Some(v) => format!(
                " <span class=\"badge verdict\">verdict: {}</span>",
                html(&v.rating.label())
            ),
            None => String::new(),
        },
    )?;
    writeln!(out, "<p class=\"summary\">{}</p>", html(&claim.summary))?;
    out.write_all(b"<dl class=\"facts\">\n")?;
    writeln!(
        out,
        "<div><dt>Grade</dt><dd>{}</dd></div>",
        html(&claim.credibility_reason)
    )?;
    if let Some(warning) = &claim.circular_warning {
        writeln!(
            out,
            "<div class=\"warning\"><dt>Circular</dt><dd>{}</dd></div>",
            html(warning)
        )?;
    }
    if let Some(verdict) = &claim.verdict {
        let mut line = format!("<strong>{}</strong>", html(&verdict.rating.label()));
        if let Some(why) = &verdict.explanation {
            line.push_str(&format!(": {}", html(why)));
        }
        if let Some(url) = &verdict.url {
            line.push_str(&format!(" ({})", link(url, Some("fact-check"))));
        }
        line.push_str(&format!(", {}", time(&verdict.at)));
        writeln!(out, "<div><dt>Verdict</dt><dd>{line}</dd></div>")?;
    }
    if let Some(happened) = &claim.happened {
        writeln!(
            out,
            "<div><dt>Happened</dt><dd>{}</dd></div>",
            time(happened)
        )?;
    }
    if !claim.tags.is_empty() {
        writeln!(
            out,
            "<div><dt>Tags</dt><dd>{}</dd></div>",
            html(&claim.tags.join(", "))
        )?;
    }
    if let Some(note) = &claim.note {
        writeln!(out, "<div><dt>Note</dt><dd>{}</dd></div>", html(note))?;
    }
    // Only with `export --include-removed`.
    if let Some(removed) = &claim.removed {
        let mut line = time(&removed.at);
        if let Some(why) = &removed.note {
            line.push_str(&format!(": {}", html(why)));
        }
        writeln!(out, "<div><dt>Removed</dt><dd>{line}</dd></div>")?;
    }
    out.write_all(b"</dl>\n")?;
    if claim.statements.is_empty() {
        out.write_all(b"<p class=\"none\">No statements yet.</p>\n</article>\n")?;
        return Ok(());
    }
    out.write_all(b"<ol class=\"timeline\">\n")?;
    for s in &claim.statements {
        statement(out, s)?;
    }
    out.write_all(b"</ol>\n</article>\n")?;
    Ok(())
}

/// One statement of the timeline, in the colour of its stance; a retracted one is struck out
/// (`<del>`) with when and why beside it.
fn statement(out: &mut dyn Write, s: &StatementDetail) -> Result<()> {
    let stance = s.stance.as_str();
    let retracted = if s.retracted { " retracted" } else { "" };
    writeln!(
        out,
        "<li class=\"statement {stance}{retracted}\">{}",
        time(&s.stated_at)
    )?;
    let mut said = format!(
        "<p class=\"who\"><strong class=\"source\">{}</strong>",
        html(&s.source)
    );
    if s.anonymous {
        said.push_str(" <span class=\"anonymous\">anonymous</span>");
    }
    said.push_str(&format!(
        " <span class=\"stance\">{}</span>",
        s.stance.phrase()
    ));
    if let Some(via) = &s.via {
        said.push_str(&format!(
            " <span class=\"via\">via <b>{}</b></span>",
            html(via)
        ));
    }
    if let Some(cited) = &s.citing {
        said.push_str(&format!(
            " <span class=\"citing\">citing <b>{}</b></span>",
            html(cited)
        ));
    }
    said.push_str("</p>");
    if let Some(quote) = &s.quote {
        said.push_str(&format!("<blockquote>{}</blockquote>", html(quote)));
    }
    if let Some(url) = &s.url {
        said.push_str(&format!("<p class=\"link\">{}</p>", link(url, None)));
    }
    if let Some(note) = &s.note {
        said.push_str(&format!("<p class=\"note\">{}</p>", html(note)));
    }
    if s.retracted {
        writeln!(out, "<div class=\"said\"><del>{said}</del>")?;
        let mut why = String::from("<p class=\"retraction\">Retracted");
        if let Some(at) = &s.retracted_at {
            why.push_str(&format!(" {}", time(at)));
        }
        if let Some(note) = &s.retraction_note {
            why.push_str(&format!(": {}", html(note)));
        }
        writeln!(out, "{why}</p></div></li>")?;
    } else {
        writeln!(out, "<div class=\"said\">{said}</div></li>")?;
    }
    Ok(())
}

/// The end of the page: a line when no claim matched, the footer, and the script.
pub fn end(out: &mut dyn Write, any: bool, nonce: &str) -> Result<()> {
    if !any {
        out.write_all(b"<p class=\"none\">No claims match.</p>\n")?;
    }
    write!(
        out,
        "</main>\n<footer>Made with <code>claims export --format html</code>. Grades are \
         information credibility on the Admiralty scale, 1 (confirmed by other sources) to 6 \
         (truth cannot be judged).</footer>\n<script nonce=\"{}\">\n{SCRIPT}</script>\n\
         </body>\n</html>\n",
        html(nonce)
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Rating, Reliability, SourceKind, Stamp, Stance, Verdict};

    /// A text that would open a tag, end either kind of attribute and start an entity.
    const HOSTILE: &str = "<u x='1' y=\"2\">&amp;";
    const ESCAPED: &str = "&lt;u x=&#39;1&#39; y=&quot;2&quot;&gt;&amp;amp;";

    fn statement(retracted: bool) -> StatementDetail {
        StatementDetail {
            id: crate::model::StatementId(1),
            uuid: HOSTILE.into(),
            stance: Stance::Confirms,
            source: HOSTILE.into(),
            source_kind: SourceKind::Anonymous,
            anonymous: true,
            via: Some(HOSTILE.into()),
            citing: Some(HOSTILE.into()),
            quote: Some(HOSTILE.into()),
            url: Some("https://example.org/?a='1'&b=\"2\"<u>".into()),
            stated_at: Stamp::stored(HOSTILE),
            recorded_at: Stamp::stored(HOSTILE),
            note: Some(HOSTILE.into()),
            retracted,
            retracted_at: retracted.then(|| Stamp::stored(HOSTILE)),
            retraction_note: retracted.then(|| HOSTILE.into()),
            reliability: Reliability::F,
            own_reliability: None,
            source_reliability: Reliability::F,
            origin: HOSTILE.into(),
        }
    }

    #[test]
    fn every_piece_of_user_text_is_escaped() {
        let claim = ClaimDetail {
            id: crate::model::ClaimId(1),
            uuid: HOSTILE.into(),
            text: HOSTILE.into(),
            status: Status::Confirmed,
            summary: HOSTILE.into(),
            credibility: 1,
            credibility_reason: HOSTILE.into(),
            independent_confirmations: 1,
            origins: vec![HOSTILE.into()],
            circular: true,
            circular_warning: Some(HOSTILE.into()),
            tags: vec![HOSTILE.into()],
            happened: Some(HOSTILE.into()),
            note: Some(HOSTILE.into()),
            created_at: Stamp::stored(HOSTILE),
            last_activity: Stamp::stored(HOSTILE),
            verdict: Some(Verdict {
                rating: Rating::True,
                explanation: Some(HOSTILE.into()),
                url: Some("javascript:alert(1)".into()),
                at: Stamp::stored(HOSTILE),
            }),
            statements: vec![statement(false), statement(true)],
            merged_from: None,
            merged_into: None,
            removed: Some(crate::model::Removal {
                at: Stamp::stored(HOSTILE),
                actor: HOSTILE.into(),
                command: HOSTILE.into(),
                note: Some(HOSTILE.into()),
            }),
        };
        let mut page = Vec::new();
        let head = PageHead {
            title: HOSTILE,
            made_at: HOSTILE,
            counts: &[(Status::Confirmed, 1)],
            nonce: "n",
        };
        start(&mut page, &head).unwrap();
        super::claim(&mut page, &claim).unwrap();
        end(&mut page, true, "n").unwrap();
        let page = String::from_utf8(page).unwrap();
        assert!(!page.contains("<u"), "{page}");
        assert!(!page.contains("'1'"), "{page}");
        assert!(!page.contains("href=\"javascript"), "{page}");
        assert!(page.contains("<span class=\"url\">javascript:alert(1)</span>"));
        assert!(
            page.contains(
                "href=\"https://example.org/?a=&#39;1&#39;&amp;b=&quot;2&quot;&lt;u&gt;\""
            )
        );
        // Title twice, made at; text, summary, reason, warning, tags, note, verdict and its
        // time, happened; per statement its time, source, via, citing, quote, note; the
        // retraction's time and note; the removal's time and note.
        assert!(
            page.matches(ESCAPED).count() >= 3 + 9 + 2 * 6 + 2 + 2,
            "{page}"
        );
    }
}
