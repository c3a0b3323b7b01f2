//! Tables and lines for people (comfy-table).

use super::counted;
use comfy_table::{Cell, Color, ColumnConstraint, ContentArrangement, Table, Width, presets};
use textwrap::core::display_width;

use super::escape::{inert, inert_lines};
use super::history::{describe, describe_change};
use crate::model::{
    ClaimDetail, ClaimRow, Event, SearchHit, Shown, Similar, SourceDetail, SourceKind,
    SourceRecord, StatementAdded, StatementDetail, Status,
};
use crate::model::{
    ClaimRef, Ingested, MARK_END, MARK_START, Previewed, RebuildCheck, Redone, Undoable, Undone,
};

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

/// Cuts text to one line of at most `max` columns, marking the cut with "…". The cut falls
/// at a space when there is one in the second half of what is kept, so that a word is not
/// split where it need not be.
fn cut(text: &str, max: usize) -> String {
    if display_width(text) <= max {
        return text.to_string();
    }
    let mut kept = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = display_width(c.encode_utf8(&mut [0; 4]));
        if used + w > max.saturating_sub(1) {
            break;
        }
        kept.push(c);
        used += w;
    }
    if let Some(space) = kept.rfind(' ')
        && display_width(&kept[..space]) >= max / 2
    {
        kept.truncate(space);
    }
    format!("{}…", kept.trim_end())
}

/// Text wrapped at spaces into lines of at most `width` columns, the first line starting with
/// `label` and the others indented under the text after it. A word longer than a whole line is
/// the only one ever broken.
fn wrap_under(label: &str, value: &str, width: Option<u16>) -> String {
    let Some(width) = width else {
        return format!("{label}{value}\n");
    };
    let indent = " ".repeat(display_width(label));
    let options = textwrap::Options::new(usize::from(width))
        .initial_indent(label)
        .subsequent_indent(&indent)
        // Only at spaces: "flight-tracking" stays one word.
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    let mut out = textwrap::wrap(value, options).join("\n");
    out.push('\n');
    out
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

/// How wide a column must be for its header and every cell.
fn widest(header: &str, cells: impl Iterator<Item = String>) -> usize {
    cells
        .map(|cell| display_width(&cell))
        .chain([display_width(header)])
        .max()
        .unwrap_or(0)
}

/// The shape of `list` on a terminal of known width: the claim's text gets the most room and
/// the summary the rest, each cut to one line. When the short columns leave too little for
/// them, the statement count and then the last activity are left out (`show` and
/// `--format json` still give both), in that order.
#[derive(Clone, Copy, Debug)]
struct ListLayout {
    count: bool,
    time: bool,
    claim: usize,
    summary: usize,
}

impl ListLayout {
    /// Room the claim and the summary need between them before a short column gives way.
    const ENOUGH: usize = 48;

    fn fit(width: usize, always: &[usize], count: usize, time: usize) -> ListLayout {
        // Each column costs a space each side and a border; the table one more border.
        let cost = |columns: &[usize]| -> usize {
            columns.iter().map(|w| w + 3).sum::<usize>() + 1 + 2 * 3
        };
        let with = |count_kept: bool, time_kept: bool| {
            let mut columns = always.to_vec();
            if count_kept {
                columns.push(count);
            }
            if time_kept {
                columns.push(time);
            }
            width.saturating_sub(cost(&columns))
        };
        let (count, time, rest) = [(true, true), (false, true), (false, false)]
            .into_iter()
            .map(|(c, t)| (c, t, with(c, t)))
            .find(|(_, _, rest)| *rest >= Self::ENOUGH)
            .unwrap_or((false, false, with(false, false)));
        let claim = (rest * 3 / 5).max(8);
        ListLayout {
            count,
            time,
            claim,
            summary: rest.saturating_sub(claim).max(8),
        }
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

    /// The table as text, its words kept whole where they fit.
    fn render(&self, mut table: Table) -> String {
        self.keep_words_whole(&mut table);
        table.to_string() + "\n"
    }

    /// Leaves out the columns listed in `optional` when none of their cells holds anything.
    fn hide_empty(table: &mut Table, optional: &[usize]) {
        for &column in optional {
            let empty = table
                .column_cells_iter(column)
                .all(|cell| cell.is_none_or(|cell| cell.content().trim().is_empty()));
            if empty && let Some(column) = table.column_mut(column) {
                column.set_constraint(ColumnConstraint::Hidden);
            }
        }
    }

    /// On a terminal of known width, keeps every column at least as wide as its longest word,
    /// so that the table wraps its cells at spaces and never splits a word. False when the
    /// longest words cannot all fit in the width: the table would have to split some.
    fn keep_words_whole(&self, table: &mut Table) -> bool {
        let Some(width) = self.width else {
            return true;
        };
        let hidden = |table: &Table, i: usize| table.column(i).is_some_and(|c| c.is_hidden());
        let count = table.column_count();
        let longest: Vec<usize> = (0..count)
            .map(|i| {
                if hidden(table, i) {
                    return 0;
                }
                table
                    .column_cells_with_header_iter(i)
                    .flatten()
                    .flat_map(|cell| {
                        cell.content()
                            .split_whitespace()
                            .map(display_width)
                            .collect::<Vec<_>>()
                    })
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let visible = (0..count).filter(|&i| !hidden(table, i)).count();
        // Each visible column costs its padding (a space each side) and a border.
        let chrome = 3 * visible + 1;
        if chrome + longest.iter().sum::<usize>() > usize::from(width) {
            return false;
        }
        for (i, longest) in longest.into_iter().enumerate() {
            if hidden(table, i) {
                continue;
            }
            if let Some(column) = table.column_mut(i) {
                // The boundary counts the padding.
                let boundary = u16::try_from(longest + 2).unwrap_or(u16::MAX);
                column.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(boundary)));
            }
        }
        true
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
        // The header lines wrap at spaces to the width, each under its label's text.
        let mut out = wrap_under(&format!("#{} ", claim.id), &inert(&claim.text), self.width);
        // The status is coloured here (the one escape written on purpose); every other value
        // is user text or made from it.
        out.push_str(&format!(
            "  {:<9}{}\n",
            "status",
            self.status_text(claim.status)
        ));
        let width = self.width;
        let mut field = |label: &str, value: &str| {
            out.push_str(&wrap_under(&format!("  {label:<9}"), &inert(value), width));
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
        if let Some(removed) = &claim.removed {
            let command: String = removed.command.chars().take(8).collect();
            let mut line = format!(
                "{} by {} (command {command})",
                self.shown.short(&removed.at),
                removed.actor,
            );
            if let Some(why) = &removed.note {
                line.push_str(&format!(": {why}"));
            }
            field("removed", &line);
        }
        // The same on every colleague's file, where the number is not: what to give them.
        field("uuid", &claim.uuid);
        if claim.statements.is_empty() {
            out.push_str("no statements yet\n");
            return out;
        }
        // A retraction has a column of its own, so that its note never widens the stance.
        let when = self.timed("when");
        let mut table = self.table(&[
            "#",
            &when,
            "stance",
            "source",
            "grade",
            "via",
            "citing",
            "quote",
            "retracted",
        ]);
        for s in &claim.statements {
            let source = if s.source_kind == SourceKind::Anonymous {
                format!("{} (anonymous)", s.source)
            } else {
                s.source.clone()
            };
            let retracted = match (&s.retracted_at, &s.retraction_note) {
                (Some(at), Some(why)) => format!("{}: {why}", self.shown.short(at)),
                (Some(at), None) => self.shown.short(at),
                _ => String::new(),
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
                Cell::new(s.stance.as_str()),
                text(&source),
                Cell::new(s.reliability.as_str()),
                text(s.via.as_deref().unwrap_or("")),
                text(&citing),
                text(s.quote.as_deref().unwrap_or("")),
                text(&retracted),
            ]);
        }
        Self::hide_empty(&mut table, &[5, 6, 7, 8]);
        if self.keep_words_whole(&mut table) {
            out.push_str(&table.to_string());
            out.push('\n');
        } else {
            out.push_str(&self.statement_lines(claim));
        }
        out
    }

    /// The statements of `show` as wrapped lines rather than a table, for a terminal too
    /// narrow for the table's words: "#4 2022-11-14 confirms: Fahrettin Altun (B), via
    /// Associated Press", then its quote and retraction indented under it.
    fn statement_lines(&self, claim: &ClaimDetail) -> String {
        let mut out = String::new();
        for s in &claim.statements {
            let mut line = format!(
                "{} {}: {}",
                self.shown.short(&s.stated_at),
                s.stance,
                s.source
            );
            if s.source_kind == SourceKind::Anonymous {
                line.push_str(" (anonymous)");
            }
            line.push_str(&format!(", grade {}", s.reliability.as_str()));
            if let Some(via) = &s.via {
                line.push_str(&format!(", via {via}"));
            }
            if let Some(cited) = &s.citing {
                line.push_str(&format!(", citing {cited}"));
                if *cited != s.origin {
                    line.push_str(&format!(" (origin: {})", s.origin));
                }
            }
            let number = format!("  #{:<4}", s.id);
            out.push_str(&wrap_under(&number, &inert(&line), self.width));
            let indent = " ".repeat(display_width(&number));
            if let Some(quote) = &s.quote {
                out.push_str(&wrap_under(
                    &format!("{indent}quote     "),
                    &inert(quote),
                    self.width,
                ));
            }
            if let Some(at) = &s.retracted_at {
                let mut retracted = self.shown.short(at);
                if let Some(why) = &s.retraction_note {
                    retracted.push_str(&format!(": {why}"));
                }
                out.push_str(&wrap_under(
                    &format!("{indent}retracted "),
                    &inert(&retracted),
                    self.width,
                ));
            }
        }
        out
    }

    /// `statement show`: one statement whole, a field a line, under its claim's line.
    pub fn statement(&self, s: &StatementDetail, claim: &ClaimDetail) -> String {
        let mut out = wrap_under(
            &format!("statement #{} on claim #{} ", s.id, claim.id),
            &inert(&claim.text),
            self.width,
        );
        out.push_str(&format!(
            "  {:<14}{}\n",
            "claim status",
            self.status_text(claim.status)
        ));
        let width = self.width;
        let mut field = |label: &str, value: &str| {
            out.push_str(&wrap_under(&format!("  {label:<14}"), &inert(value), width));
        };
        field("stance", s.stance.as_str());
        field(
            "source",
            &format!("{} ({})", s.source, s.source_kind.as_str()),
        );
        if let Some(via) = &s.via {
            field("via", via);
        }
        if let Some(citing) = &s.citing {
            field("citing", citing);
        }
        if s.origin != s.source {
            field("origin", &s.origin);
        }
        if let Some(quote) = &s.quote {
            field("quote", quote);
        }
        if let Some(url) = &s.url {
            field("url", url);
        }
        field("said", &self.shown.short(&s.stated_at));
        field("recorded", &self.shown.short(&s.recorded_at));
        if let Some(note) = &s.note {
            field("note", note);
        }
        field("grade", s.reliability.as_str());
        if let Some(at) = &s.retracted_at {
            field("retracted", &self.shown.short(at));
            if let Some(why) = &s.retraction_note {
                field("retraction", why);
            }
        }
        field("uuid", &s.uuid);
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
        if undone.reversed.is_empty() {
            return format!(
                "your command of {} changed nothing, so there was nothing to take back; \
                 'claims undo' again takes back the one before it\n",
                inert(&self.shown.short(&undone.at)),
            );
        }
        let mut out = format!(
            "undid the command of {} by {} ({}):\n",
            inert(&self.shown.short(&undone.at)),
            inert(&undone.actor),
            counted(undone.events, "change", "changes")
        );
        for reversed in &undone.reversed {
            out.push_str(&format!("  {}\n", describe_change(reversed)));
        }
        out
    }

    pub fn redone(&self, redone: &Redone) -> String {
        let mut out = format!(
            "redid command {} ({}):\n",
            inert(&redone.command),
            counted(redone.changes.len(), "change", "changes")
        );
        for change in &redone.changes {
            out.push_str(&format!("  {}\n", describe_change(change)));
        }
        out
    }

    pub fn undoable(&self, listed: &[Undoable]) -> String {
        let Some(first) = listed.first() else {
            return "nothing of yours to undo\n".to_string();
        };
        let mut table = self.table(&["command", "when", "changes", "first change"]);
        for command in listed {
            table.add_row(vec![
                text(&command.command),
                text(&self.shown.short(&command.at)),
                text(&command.events.to_string()),
                text(&describe_change(&command.first)),
            ]);
        }
        format!(
            "{table}\nyour commands ({}), newest first; 'claims undo COMMAND' takes one back\n",
            inert(&first.actor)
        )
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
        out.push_str(&self.render(table));
        out
    }

    pub fn claims(&self, claims: &[ClaimRow]) -> String {
        if claims.is_empty() {
            return "no claims match\n".to_string();
        }
        let grades: Vec<String> = claims
            .iter()
            .map(|claim| {
                if claim.circular {
                    format!("{} ↻", claim.credibility)
                } else {
                    claim.credibility.to_string()
                }
            })
            .collect();
        let times: Vec<String> = claims
            .iter()
            .map(|claim| inert(&self.shown.short(&claim.last_activity)).into_owned())
            .collect();
        // On a terminal, a long zone name ("Europe/Berlin") goes on a line of its own under the
        // label rather than widen the column well past its times; a short one ("UTC") stays.
        let one_line = self.timed("last activity");
        let time_width = widest("", times.iter().cloned());
        let last_activity = match self.width {
            Some(_) if display_width(&one_line) > time_width + 3 => {
                format!("last activity\n({})", self.zone)
            }
            _ => one_line,
        };
        let layout = self.width.map(|width| {
            ListLayout::fit(
                usize::from(width),
                &[
                    widest("#", claims.iter().map(|c| c.id.to_string())),
                    widest(
                        "status",
                        claims.iter().map(|c| c.status.as_str().to_string()),
                    ),
                    widest("grade", grades.iter().cloned()),
                ],
                widest(
                    "statements",
                    claims.iter().map(|c| c.statements.to_string()),
                ),
                widest(
                    "",
                    times
                        .iter()
                        .cloned()
                        .chain(last_activity.lines().map(str::to_string)),
                ),
            )
        });
        let mut header = vec!["#", "status", "grade", "claim"];
        let (keep_count, keep_time) = layout.map_or((true, true), |l| (l.count, l.time));
        if keep_count {
            header.push("statements");
        }
        if keep_time {
            header.push(&last_activity);
        }
        header.push("summary");
        let mut table = self.table(&header);
        if layout.is_some() {
            // Every cell is cut to its column beforehand: nothing is left for the table to wrap.
            for column in table.column_iter_mut() {
                column.set_constraint(ColumnConstraint::ContentWidth);
            }
        }
        for ((claim, grade), time) in claims.iter().zip(grades).zip(times) {
            // One line each: the claim's and the summary's line breaks are shown as `\n`.
            // A removed claim (`list --include-removed`) says so before its text.
            let text = match claim.removed {
                true => std::borrow::Cow::Owned(format!("(removed) {}", claim.text)),
                false => std::borrow::Cow::Borrowed(claim.text.as_str()),
            };
            let (claim_text, summary) = match layout {
                Some(layout) => (
                    cut(&inert(&text), layout.claim),
                    cut(&inert(&claim.summary), layout.summary),
                ),
                None => (
                    inert(&text).into_owned(),
                    inert_lines(&claim.summary).into_owned(),
                ),
            };
            let mut row = vec![
                Cell::new(claim.id),
                self.status_cell(claim.status),
                Cell::new(grade).set_alignment(comfy_table::CellAlignment::Right),
                Cell::new(claim_text),
            ];
            if keep_count {
                row.push(Cell::new(claim.statements));
            }
            if keep_time {
                row.push(Cell::new(time));
            }
            row.push(Cell::new(summary));
            table.add_row(row);
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
        self.render(table)
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
        self.render(table)
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
                Cell::new({
                    let mut line = describe(event);
                    for met in &event.concurrent {
                        line.push_str(&super::history::concurrent_outcome(met));
                    }
                    if event.undone {
                        line.push_str(" (undone)");
                    }
                    line
                }),
            ]);
        }
        self.render(table)
    }
}

impl Tables {
    pub fn proposals(&self, proposals: &[Previewed<'_>]) -> String {
        if proposals.is_empty() {
            return "no attributed statements found\n".to_string();
        }
        let mut table = self.table(&["#", "speaker", "stance", "via", "claim", "goes to", "quote"]);
        for (i, previewed) in proposals.iter().enumerate() {
            let p = previewed.proposal;
            let speaker = if p.anonymous {
                format!("{} (anonymous)", p.speaker)
            } else {
                p.speaker.clone()
            };
            // "new" for the statement a new claim is made from, "as 1" for one that joins it.
            let goes_to = match previewed.claim_ref {
                ClaimRef::Claim(id) => format!("#{id}"),
                ClaimRef::New(founder) if founder == i => "new".to_string(),
                ClaimRef::New(founder) => format!("as {}", founder + 1),
            };
            table.add_row(vec![
                Cell::new(i + 1),
                text(&speaker),
                Cell::new(p.stance.as_str()),
                text(p.via.as_deref().unwrap_or("")),
                text(&p.claim),
                Cell::new(goes_to),
                text(p.quote.as_deref().unwrap_or("")),
            ]);
        }
        format!(
            "{table}\n{} found; 'claims ingest FILE --apply' logs them, each on the claim it \
             goes to (#N: claim N; new: a new claim; as N: statement N's)\n",
            counted(proposals.len(), "statement", "statements")
        )
    }

    pub fn ingested(&self, ingested: &Ingested) -> String {
        let already = if ingested.already.is_empty() {
            String::new()
        } else {
            format!(
                "; {} on {} claim already, not logged twice",
                counted(ingested.already.len(), "statement was", "statements were"),
                if ingested.already.len() == 1 {
                    "its"
                } else {
                    "their"
                }
            )
        };
        if ingested.statements.is_empty() && ingested.claims.is_empty() {
            // Nothing written: no command, so 'undo' would take back the one before.
            return format!("nothing logged{already}\n");
        }
        let mut out = format!(
            "logged {} and {} in one command ('claims undo' takes it back){already}\n",
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
        // At a space when one is near, so that no word is left half.
        assert_eq!(cut("confirmed by Fahrettin Altun", 16), "confirmed by…");
    }

    #[test]
    fn the_claim_gets_the_most_room_and_short_columns_give_way() {
        // #, status, grade; then the statement count and the last activity.
        let wide = ListLayout::fit(120, &[1, 9, 5], 10, 16);
        assert!(
            wide.count && wide.time && wide.claim > wide.summary,
            "{wide:?}"
        );
        let narrow = ListLayout::fit(80, &[1, 9, 5], 10, 16);
        assert!(!narrow.count && !narrow.time, "{narrow:?}");
        assert!(narrow.claim > narrow.summary, "{narrow:?}");
    }

    #[test]
    fn header_lines_wrap_at_spaces_under_their_label() {
        let wrapped = wrap_under("  origins  ", "flight-tracking data, Kremlin", Some(26));
        assert_eq!(
            wrapped,
            "  origins  flight-tracking\n           data, Kremlin\n"
        );
        assert_eq!(wrap_under("  a ", "b c", None), "  a b c\n");
    }
}
