//! Tables and lines for people (comfy-table).

use super::counted;
use comfy_table::{Cell, Color, ContentArrangement, Table, presets};

use super::escape::{inert, inert_lines};
use super::history::describe;
use crate::cmd::Ingested;
use crate::ingest::Proposal;
use crate::model::{
    ClaimDetail, ClaimRow, Event, SearchHit, Shown, Similar, SourceDetail, SourceKind,
    SourceRecord, StatementAdded, Status,
};
use crate::store::{MARK_END, MARK_START, RebuildCheck, Undone};

pub struct Tables {
    pub colour: bool,
    pub width: Option<u16>,
    /// The zone times are shown in, and its name for the headers.
    pub shown: Shown,
    pub zone: String,
}

/// "2022-11-14" for a bare date (midnight UTC), else "2022-11-14 08:30", in UTC: for the
/// exports, which are read in other places and zones.
pub fn short_time(stored: &str) -> String {
    match stored.strip_suffix("T00:00:00Z") {
        Some(date) => date.to_string(),
        None => stored
            .get(..16)
            .map(|t| t.replace('T', " "))
            .unwrap_or_else(|| stored.to_string()),
    }
}

/// The width of a time as shown: "2022-11-14 08:30".
const TIME_WIDTH: usize = 16;

/// Cuts text to `max` characters, marking the cut.
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let kept: String = text.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", kept.trim_end())
}

/// A cell of user text: each line inert (`escape::inert`), the line breaks between them kept.
fn text(value: &str) -> Cell {
    Cell::new(inert_lines(value))
}

fn status_colour(status: Status) -> Option<Color> {
    match status {
        Status::Confirmed => Some(Color::Green),
        Status::Denied => Some(Color::Red),
        Status::Contested => Some(Color::Yellow),
        Status::Unverified => None,
    }
}

impl Tables {
    /// A stored time, short, in the zone shown; inert too, as an imported history carries its
    /// own times.
    fn when(&self, stored: &str) -> Cell {
        Cell::new(inert(&self.shown.short(stored)))
    }

    /// A time column's header, naming the zone: "when (Europe/Berlin)".
    fn timed(&self, label: &str) -> String {
        format!("{label} ({})", self.zone)
    }

    fn table<S: AsRef<str>>(&self, header: &[S]) -> Table {
        let mut table = Table::new();
        table.load_style(presets::UTF8_FULL_CONDENSED.with_rounded_corners());
        match self.width {
            Some(width) => {
                table
                    .set_width(width)
                    .set_content_arrangement(ContentArrangement::Dynamic);
            }
            None => {
                table.set_content_arrangement(ContentArrangement::Disabled);
            }
        }
        if self.colour {
            table.enforce_styling();
        } else {
            table.force_no_tty();
        }
        table.set_header(header.iter().map(|h| Cell::new(h.as_ref())));
        table
    }

    fn status_cell(&self, status: Status) -> Cell {
        let cell = Cell::new(status.as_str());
        match status_colour(status).filter(|_| self.colour) {
            Some(colour) => cell.fg(colour),
            None => cell,
        }
    }

    fn status_text(&self, status: Status) -> String {
        let Some(colour) = status_colour(status).filter(|_| self.colour) else {
            return status.as_str().to_string();
        };
        let ansi = match colour {
            Color::Green => anstyle::AnsiColor::Green,
            Color::Red => anstyle::AnsiColor::Red,
            _ => anstyle::AnsiColor::Yellow,
        };
        let style = anstyle::Style::new().fg_color(Some(ansi.into())).bold();
        format!("{style}{}{style:#}", status.as_str())
    }

    pub fn claim(&self, claim: &ClaimDetail) -> String {
        let mut out = format!("#{} {}\n", claim.id, inert(&claim.text));
        // The status is coloured here (the one escape written on purpose); every other value
        // is user text or made from it.
        out.push_str(&format!(
            "  {:<9}{}\n",
            "status",
            self.status_text(claim.status)
        ));
        let mut field = |label: &str, value: &str| {
            out.push_str(&format!("  {label:<9}{}\n", inert(value)));
        };
        field("summary", &claim.summary);
        field("grade", &claim.credibility_reason);
        let origins = match claim.origins.as_slice() {
            [] => String::new(),
            origins => format!("; origins: {}", origins.join(", ")),
        };
        field(
            "evidence",
            &format!(
                "{}{origins}",
                counted(
                    claim.independent_confirmations,
                    "independent confirmation",
                    "independent confirmations"
                )
            ),
        );
        if let Some(warning) = &claim.circular_warning {
            field("warning", warning);
        }
        if !claim.tags.is_empty() {
            field("tags", &claim.tags.join(", "));
        }
        if let Some(happened) = &claim.happened {
            field("happened", happened);
        }
        if let Some(note) = &claim.note {
            field("note", note);
        }
        if let Some(verdict) = &claim.verdict {
            let mut line = format!("{} (the desk's rating", verdict.rating);
            if let Some(url) = &verdict.url {
                line.push_str(&format!(", {url}"));
            }
            line.push(')');
            if let Some(why) = &verdict.explanation {
                line.push_str(&format!(": {why}"));
            }
            field("verdict", &line);
        }
        if claim.statements.is_empty() {
            out.push_str("no statements yet\n");
            return out;
        }
        let when = self.timed("when");
        let mut table = self.table(&[
            "#", &when, "stance", "source", "grade", "via", "citing", "quote",
        ]);
        for s in &claim.statements {
            let source = if s.source_kind == SourceKind::Anonymous {
                format!("{} (anonymous)", s.source)
            } else {
                s.source.clone()
            };
            let stance = match (&s.retracted_at, &s.retraction_note) {
                (Some(at), Some(why)) => {
                    format!("{} (retracted {}: {why})", s.stance, self.shown.short(at))
                }
                (Some(at), None) => format!("{} (retracted {})", s.stance, self.shown.short(at)),
                _ => s.stance.as_str().to_string(),
            };
            // Whom a citation leads back to, when that is someone else.
            let citing = match &s.citing {
                Some(cited) if *cited != s.origin => format!("{cited} (origin: {})", s.origin),
                Some(cited) => cited.clone(),
                None => String::new(),
            };
            table.add_row(vec![
                Cell::new(s.id),
                self.when(&s.stated_at),
                text(&stance),
                text(&source),
                Cell::new(s.reliability.as_str()),
                text(s.via.as_deref().unwrap_or("")),
                text(&citing),
                text(s.quote.as_deref().unwrap_or("")),
            ]);
        }
        out.push_str(&table.to_string());
        out.push('\n');
        out
    }

    pub fn claim_added(&self, claim: &ClaimDetail) -> String {
        let mut out = format!("logged claim #{}: {}\n", claim.id, inert(&claim.text));
        if let Some(first) = claim.statements.first() {
            out.push_str(&format!(
                "statement #{}: {}\n",
                first.id,
                inert(&statement_line(
                    &first.source,
                    first.stance.as_str(),
                    first.via.as_deref()
                ))
            ));
        }
        out.push_str(&format!(
            "status: {} ({})\n",
            self.status_text(claim.status),
            inert(&claim.summary)
        ));
        out
    }

    pub fn statement_added(&self, added: &StatementAdded, claim: &ClaimDetail) -> String {
        let statement = claim.statements.iter().find(|s| s.id == added.statement);
        let said = statement.map_or_else(String::new, |s| {
            format!(
                ": {}",
                inert(&statement_line(
                    &s.source,
                    s.stance.as_str(),
                    s.via.as_deref()
                ))
            )
        });
        format!(
            "statement #{} on claim #{}{said}\nclaim #{} is {}: {}\ngrade: {}\n",
            added.statement,
            added.claim,
            added.claim,
            self.status_text(added.status),
            inert(&added.summary),
            inert(&added.credibility_reason)
        )
    }

    pub fn retracted(&self, retracted: &StatementAdded, claim: &ClaimDetail) -> String {
        let statement = claim
            .statements
            .iter()
            .find(|s| s.id == retracted.statement);
        let mut when = statement
            .and_then(|s| s.retracted_at.as_deref())
            .map(|at| self.shown.short(at))
            .unwrap_or_default();
        if let Some(why) = statement.and_then(|s| s.retraction_note.as_deref()) {
            when.push_str(&format!(": {why}"));
        }
        let when = inert(&when);
        format!(
            "retracted statement #{} on claim #{} ({when})\nclaim #{} is {}: {}\ngrade: {}\n",
            retracted.statement,
            retracted.claim,
            retracted.claim,
            self.status_text(retracted.status),
            inert(&retracted.summary),
            inert(&retracted.credibility_reason)
        )
    }

    pub fn undone(&self, undone: &Undone) -> String {
        let mut out = format!(
            "undid the command of {} by {} ({}):\n",
            inert(&self.shown.short(&undone.at)),
            inert(&undone.actor),
            counted(undone.events, "change", "changes")
        );
        for (kind, payload) in &undone.reversed {
            let event = Event {
                uuid: String::new(),
                at: String::new(),
                actor: String::new(),
                kind: kind.clone(),
                payload: payload.clone(),
                undone: false,
                command: String::new(),
            };
            out.push_str(&format!("  {}\n", describe(&event)));
        }
        out
    }

    pub fn rebuild(&self, check: &RebuildCheck) -> String {
        if check.differences.is_empty() {
            return format!(
                "rebuild matches the stored tables ({} replayed)\n",
                counted(check.events, "event", "events")
            );
        }
        let mut table = self.table(&["table", "row", "column", "stored", "rebuilt"]);
        for d in &check.differences {
            table.add_row(vec![
                text(&d.table),
                text(&d.row),
                text(d.column.as_deref().unwrap_or("(whole row)")),
                text(d.stored.as_deref().unwrap_or("(missing)")),
                text(d.rebuilt.as_deref().unwrap_or("(missing)")),
            ]);
        }
        format!(
            "the stored tables differ from a rebuild from {}:\n{table}\n",
            counted(check.events, "event", "events")
        )
    }

    pub fn source_record(&self, record: &SourceRecord) -> String {
        let source = &record.source;
        let mut out = format!("#{} {} ({})\n", source.id, inert(&source.name), source.kind);
        let mut field = |label: &str, value: &str| {
            if !value.is_empty() {
                out.push_str(&format!("  {label:<14}{}\n", inert(value)));
            }
        };
        field("aliases", &source.aliases.join(", "));
        field("role", source.role.as_deref().unwrap_or(""));
        field("affiliation", source.affiliation.as_deref().unwrap_or(""));
        field("reliability", source.reliability.as_str());
        field("track record", &source.track_record);
        if record.statements.is_empty() {
            return out;
        }
        let mut table = self.table(&["#", &self.timed("when"), "stance", "claim", "claim now"]);
        for s in &record.statements {
            let stance = if s.retracted {
                format!("{} (retracted)", s.stance)
            } else {
                s.stance.as_str().to_string()
            };
            table.add_row(vec![
                Cell::new(s.id),
                self.when(&s.stated_at),
                Cell::new(stance),
                text(&format!("#{} {}", s.claim, s.claim_text)),
                self.status_cell(s.claim_status),
            ]);
        }
        out.push_str(&table.to_string());
        out.push('\n');
        out
    }

    pub fn claims(&self, claims: &[ClaimRow]) -> String {
        if claims.is_empty() {
            return "no claims match\n".to_string();
        }
        let last_activity = self.timed("last activity");
        let mut table = self.table(&[
            "#",
            "status",
            "grade",
            "claim",
            "statements",
            &last_activity,
            "summary",
        ]);
        // The claim's text is cut to one line in its share of the width; the summary wraps in
        // the rest. The other columns are as wide as their widest cell.
        let text_width = self.width.map(|width| {
            let widest = |cells: &mut dyn Iterator<Item = usize>, header: &str| {
                cells.chain([header.chars().count()]).max().unwrap_or(0)
            };
            let fixed = 8 + 2 * 7 // borders, and a space each side of each of 7 columns
                + "grade".len()
                + widest(&mut claims.iter().map(|c| c.id.to_string().len()), "#")
                + widest(&mut claims.iter().map(|c| c.status.as_str().len()), "status")
                + "statements".len()
                + TIME_WIDTH;
            let rest = usize::from(width).saturating_sub(fixed);
            (rest * 11 / 20).max(12)
        });
        if text_width.is_some()
            && let Some(column) = table.column_mut(3)
        {
            column.set_constraint(comfy_table::ColumnConstraint::ContentWidth);
        }
        // A time is never broken (16 characters and a space each side); the header naming the
        // zone wraps above it instead.
        if text_width.is_some()
            && let Some(column) = table.column_mut(5)
        {
            column.set_constraint(comfy_table::ColumnConstraint::LowerBoundary(
                comfy_table::Width::Fixed(TIME_WIDTH as u16 + 2),
            ));
        }
        for claim in claims {
            // One line: the claim's line breaks are shown as `\n`, not followed.
            let claim_text = inert(&claim.text);
            let claim_text = match text_width {
                Some(width) => cut(&claim_text, width),
                None => claim_text.into_owned(),
            };
            let grade = if claim.circular {
                format!("{} ↻", claim.credibility)
            } else {
                claim.credibility.to_string()
            };
            table.add_row(vec![
                Cell::new(claim.id),
                self.status_cell(claim.status),
                Cell::new(grade).set_alignment(comfy_table::CellAlignment::Right),
                Cell::new(claim_text),
                Cell::new(claim.statements),
                self.when(&claim.last_activity),
                text(&claim.summary),
            ]);
        }
        table.to_string() + "\n"
    }

    /// A passage with its matching words marked: in colour on a terminal, else in brackets.
    fn marked(&self, passage: &str) -> String {
        let (start, end) = if self.colour {
            let style = anstyle::Style::new()
                .fg_color(Some(anstyle::AnsiColor::Yellow.into()))
                .bold();
            (style.render().to_string(), style.render_reset().to_string())
        } else {
            ("[".to_string(), "]".to_string())
        };
        // The marks are control characters themselves: the passage is made inert around them.
        passage
            .replace('\n', " ")
            .split(MARK_START)
            .map(|piece| {
                piece
                    .split(MARK_END)
                    .map(inert)
                    .collect::<Vec<_>>()
                    .join(&end)
            })
            .collect::<Vec<_>>()
            .join(&start)
    }

    pub fn search(&self, hits: &[SearchHit]) -> String {
        if hits.is_empty() {
            return "no claims match\n".to_string();
        }
        let mut table = self.table(&["#", "status", "claim", "match", "score"]);
        for hit in hits {
            table.add_row(vec![
                Cell::new(hit.claim),
                self.status_cell(hit.status),
                text(&hit.text),
                Cell::new(self.marked(&hit.marked)),
                Cell::new(format!("{:.3}", hit.score)),
            ]);
        }
        table.to_string() + "\n"
    }

    pub fn similar(&self, claim: &ClaimDetail, similar: &[Similar]) -> String {
        let mut out = format!(
            "claims that read like #{} {}\n",
            claim.id,
            inert(&claim.text)
        );
        if similar.is_empty() {
            out.push_str("none\n");
            return out;
        }
        let mut table = self.table(&["#", "similarity", "claim"]);
        for s in similar {
            table.add_row(vec![
                Cell::new(s.id),
                Cell::new(format!("{:.2}", s.score)),
                text(&s.text),
            ]);
        }
        out + &table.to_string() + "\n"
    }

    pub fn sources(&self, sources: &[SourceDetail]) -> String {
        if sources.is_empty() {
            return "no sources yet\n".to_string();
        }
        let mut table = self.table(&[
            "#",
            "name",
            "kind",
            "aliases",
            "role",
            "reliability",
            "statements",
            "track record",
        ]);
        for source in sources {
            table.add_row(vec![
                Cell::new(source.id),
                text(&source.name),
                Cell::new(source.kind.as_str()),
                text(&source.aliases.join(", ")),
                text(source.role.as_deref().unwrap_or("")),
                Cell::new(source.reliability.as_str()),
                Cell::new(source.statements),
                text(&source.track_record),
            ]);
        }
        table.to_string() + "\n"
    }

    pub fn events(&self, events: &[Event]) -> String {
        if events.is_empty() {
            return "no history yet\n".to_string();
        }
        let mut table = self.table(&[&self.timed("when"), "actor", "change"]);
        for event in events {
            table.add_row(vec![
                self.when(&event.at),
                text(&event.actor),
                Cell::new(if event.undone {
                    format!("{} (undone)", describe(event))
                } else {
                    describe(event)
                }),
            ]);
        }
        table.to_string() + "\n"
    }
}

impl Tables {
    pub fn proposals(&self, proposals: &[Proposal]) -> String {
        if proposals.is_empty() {
            return "no attributed statements found\n".to_string();
        }
        let mut table = self.table(&["#", "speaker", "stance", "via", "claim", "quote"]);
        for (i, p) in proposals.iter().enumerate() {
            let speaker = if p.anonymous {
                format!("{} (anonymous)", p.speaker)
            } else {
                p.speaker.clone()
            };
            table.add_row(vec![
                Cell::new(i + 1),
                text(&speaker),
                Cell::new(p.stance.as_str()),
                text(p.via.as_deref().unwrap_or("")),
                text(&p.claim),
                text(p.quote.as_deref().unwrap_or("")),
            ]);
        }
        format!(
            "{table}\n{} found; 'claims ingest FILE --apply' logs them\n",
            counted(proposals.len(), "statement", "statements")
        )
    }

    pub fn ingested(&self, ingested: &Ingested) -> String {
        let mut out = format!(
            "logged {} and {} in one command ('claims undo' takes it back)\n",
            counted(ingested.statements.len(), "statement", "statements"),
            counted(ingested.claims.len(), "new claim", "new claims"),
        );
        if ingested.statements.is_empty() {
            return out;
        }
        let mut table = self.table(&["claim", "statement", "speaker", "stance"]);
        for s in &ingested.statements {
            table.add_row(vec![
                Cell::new(format!("#{}", s.claim)),
                Cell::new(format!("#{}", s.statement)),
                text(&s.speaker),
                Cell::new(s.stance.as_str()),
            ]);
        }
        out.push_str(&table.to_string());
        out.push('\n');
        out
    }
}

/// "Fahrettin Altun confirms (via Associated Press)".
fn statement_line(source: &str, stance: &str, via: Option<&str>) -> String {
    match via {
        Some(via) => format!("{source} {stance} (via {via})"),
        None => format!("{source} {stance}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_short() {
        assert_eq!(short_time("2022-11-14T00:00:00Z"), "2022-11-14");
        assert_eq!(short_time("2022-11-14T08:30:12Z"), "2022-11-14 08:30");
    }

    #[test]
    fn cutting_marks_the_cut() {
        assert_eq!(cut("short", 10), "short");
        assert_eq!(cut("a rather long claim", 8), "a rathe…");
        assert_eq!(cut("Türkiye hosted", 4), "Tür…");
    }
}
