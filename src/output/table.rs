//! Tables and lines for people (comfy-table).

use comfy_table::{Cell, Color, ContentArrangement, Table, presets};

use super::history::describe;
use crate::model::{
    ClaimDetail, ClaimRow, Event, SourceDetail, SourceKind, StatementAdded, Status,
};

pub struct Tables {
    pub colour: bool,
    pub width: Option<u16>,
}

/// "2022-11-14" for a bare date (midnight UTC), else "2022-11-14 08:30"; times are UTC.
pub fn short_time(stored: &str) -> String {
    match stored.strip_suffix("T00:00:00Z") {
        Some(date) => date.to_string(),
        None => stored
            .get(..16)
            .map(|t| t.replace('T', " "))
            .unwrap_or_else(|| stored.to_string()),
    }
}

/// Cuts text to `max` characters, marking the cut.
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let kept: String = text.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", kept.trim_end())
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
    fn table(&self, header: &[&str]) -> Table {
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
        table.set_header(header.iter().map(Cell::new));
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
        let mut out = format!("#{} {}\n", claim.id, claim.text);
        let mut field = |label: &str, value: &str| {
            out.push_str(&format!("  {label:<9}{value}\n"));
        };
        field("status", &self.status_text(claim.status));
        field("summary", &claim.summary);
        if !claim.tags.is_empty() {
            field("tags", &claim.tags.join(", "));
        }
        if let Some(happened) = &claim.happened {
            field("happened", happened);
        }
        if let Some(note) = &claim.note {
            field("note", note);
        }
        if claim.statements.is_empty() {
            out.push_str("no statements yet\n");
            return out;
        }
        let mut table = self.table(&["#", "when", "stance", "source", "via", "citing", "quote"]);
        for s in &claim.statements {
            let source = if s.source_kind == SourceKind::Anonymous {
                format!("{} (anonymous)", s.source)
            } else {
                s.source.clone()
            };
            table.add_row(vec![
                Cell::new(s.id),
                Cell::new(short_time(&s.stated_at)),
                Cell::new(s.stance.as_str()),
                Cell::new(source),
                Cell::new(s.via.as_deref().unwrap_or("")),
                Cell::new(s.citing.as_deref().unwrap_or("")),
                Cell::new(s.quote.as_deref().unwrap_or("")),
            ]);
        }
        out.push_str(&table.to_string());
        out.push('\n');
        out
    }

    pub fn claim_added(&self, claim: &ClaimDetail) -> String {
        let mut out = format!("logged claim #{}: {}\n", claim.id, claim.text);
        if let Some(first) = claim.statements.first() {
            out.push_str(&format!(
                "statement #{}: {}\n",
                first.id,
                statement_line(&first.source, first.stance.as_str(), first.via.as_deref())
            ));
        }
        out.push_str(&format!(
            "status: {} ({})\n",
            self.status_text(claim.status),
            claim.summary
        ));
        out
    }

    pub fn statement_added(&self, added: &StatementAdded, claim: &ClaimDetail) -> String {
        let statement = claim.statements.iter().find(|s| s.id == added.statement);
        let said = statement.map_or_else(String::new, |s| {
            format!(
                ": {}",
                statement_line(&s.source, s.stance.as_str(), s.via.as_deref())
            )
        });
        format!(
            "statement #{} on claim #{}{said}\nclaim #{} is {}: {}\n",
            added.statement,
            added.claim,
            added.claim,
            self.status_text(added.status),
            added.summary
        )
    }

    pub fn claims(&self, claims: &[ClaimRow]) -> String {
        if claims.is_empty() {
            return "no claims match\n".to_string();
        }
        let mut table = self.table(&[
            "#",
            "status",
            "claim",
            "statements",
            "last activity",
            "summary",
        ]);
        // The claim's text is cut to one line in its share of the width; the summary wraps in
        // the rest. The other columns are as wide as their widest cell.
        let text_width = self.width.map(|width| {
            let widest = |cells: &mut dyn Iterator<Item = usize>, header: &str| {
                cells.chain([header.chars().count()]).max().unwrap_or(0)
            };
            let fixed = 7 + 2 * 6 // borders, and a space each side of each of 6 columns
                + widest(&mut claims.iter().map(|c| c.id.to_string().len()), "#")
                + widest(&mut claims.iter().map(|c| c.status.as_str().len()), "status")
                + "statements".len()
                + "last activity".len().max(16);
            let rest = usize::from(width).saturating_sub(fixed);
            (rest * 11 / 20).max(12)
        });
        if text_width.is_some()
            && let Some(column) = table.column_mut(2)
        {
            column.set_constraint(comfy_table::ColumnConstraint::ContentWidth);
        }
        for claim in claims {
            let text = match text_width {
                Some(width) => cut(&claim.text, width),
                None => claim.text.clone(),
            };
            table.add_row(vec![
                Cell::new(claim.id),
                self.status_cell(claim.status),
                Cell::new(text),
                Cell::new(claim.statements),
                Cell::new(short_time(&claim.last_activity)),
                Cell::new(&claim.summary),
            ]);
        }
        table.to_string() + "\n"
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
        ]);
        for source in sources {
            table.add_row(vec![
                Cell::new(source.id),
                Cell::new(&source.name),
                Cell::new(source.kind.as_str()),
                Cell::new(source.aliases.join(", ")),
                Cell::new(source.role.as_deref().unwrap_or("")),
                Cell::new(source.reliability.as_str()),
                Cell::new(source.statements),
            ]);
        }
        table.to_string() + "\n"
    }

    pub fn events(&self, events: &[Event]) -> String {
        if events.is_empty() {
            return "no history yet\n".to_string();
        }
        let mut table = self.table(&["when", "actor", "change"]);
        for event in events {
            table.add_row(vec![
                Cell::new(short_time(&event.at)),
                Cell::new(&event.actor),
                Cell::new(describe(event)),
            ]);
        }
        table.to_string() + "\n"
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
