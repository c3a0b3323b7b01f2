//! `claims info`: the database in use, as labelled lines for people or one JSON object.

use super::counted;
use serde_json::json;

use super::Format;
use super::Output;
use crate::Result;
use crate::model::{ChosenBy, DatabaseInUse};

impl Output {
    pub fn database_in_use(&self, database: &DatabaseInUse) -> Result<String> {
        match self.format {
            Format::Json => Output::json(&database_json(database)),
            Format::Table => Ok(database_lines(database)),
        }
    }
}

/// The JSON fields are a public interface (README, "JSON output"): the file-dependent ones
/// are null while there is no file.
fn database_json(database: &DatabaseInUse) -> serde_json::Value {
    let contents = database.contents.as_ref();
    json!({
        "database": database.path.display().to_string(),
        "chosen_by": database.chosen_by.as_str(),
        "exists": contents.is_some(),
        "folder_exists": database.folder_exists,
        "schema_version": contents.map(|c| c.schema_version),
        "current_schema_version": database.current_schema_version,
        "size_bytes": contents.map(|c| c.size_bytes),
        "wal_bytes": contents.map(|c| c.wal_bytes),
        "claims": contents.map(|c| c.claims),
        "statements": contents.map(|c| c.statements),
        "sources": contents.map(|c| c.sources),
        "events": contents.map(|c| c.events),
    })
}

fn database_lines(database: &DatabaseInUse) -> String {
    // A path is user text like any other: it may hold a terminal escape.
    let path = super::escape::inert(&database.path.to_string_lossy()).into_owned();
    let chosen_by = match database.chosen_by {
        ChosenBy::Flag => "--db",
        ChosenBy::Env => "CLAIMS_DB, from the environment",
        ChosenBy::Default => "the default path (neither --db nor CLAIMS_DB is given)",
    };
    let mut lines = vec![("database", path.clone()), ("chosen by", chosen_by.into())];
    let Some(contents) = &database.contents else {
        let mut text = label_lines(&lines);
        if database.folder_exists {
            text.push_str(&format!(
                "no database yet at {path}; it is created by the first command that writes\n"
            ));
        } else {
            text.push_str(&format!(
                "no database yet at {path}, nor its folder; both are created by the first command that writes\n"
            ));
        }
        return text;
    };
    let current = database.current_schema_version;
    let schema = if contents.schema_version < current {
        format!(
            "{} (older than this claims' {current}: the next command that opens it upgrades it)",
            contents.schema_version
        )
    } else {
        contents.schema_version.to_string()
    };
    let mut size = human_size(contents.size_bytes);
    if contents.wal_bytes > 0 {
        size.push_str(&format!(
            ", and {} of write-ahead log beside it",
            human_size(contents.wal_bytes)
        ));
    }
    lines.extend([
        ("schema", schema),
        ("size", size),
        ("claims", contents.claims.to_string()),
        ("statements", contents.statements.to_string()),
        ("sources", contents.sources.to_string()),
        ("events", contents.events.to_string()),
    ]);
    label_lines(&lines)
}

/// `label  value` lines, the values in one column (the same one with or without counts).
fn label_lines(lines: &[(&str, String)]) -> String {
    let width = "statements".len();
    lines
        .iter()
        .map(|(label, value)| format!("{label:<width$}  {value}\n"))
        .collect()
}

/// Bytes as people read them: `900 bytes`, `12.5 KiB`, `3.0 MiB`.
fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 1024 {
        return counted(bytes, "byte", "bytes");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

#[cfg(test)]
mod tests {
    use super::human_size;

    #[test]
    fn sizes_read_as_people_read_them() {
        assert_eq!(human_size(0), "0 bytes");
        assert_eq!(human_size(1), "1 byte");
        assert_eq!(human_size(1023), "1023 bytes");
        assert_eq!(human_size(1024), "1.0 KiB");
        assert_eq!(human_size(4096 * 1024 + 512 * 1024), "4.5 MiB");
        assert_eq!(human_size(3 << 30), "3.0 GiB");
    }
}
