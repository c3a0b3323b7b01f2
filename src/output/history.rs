//! What an event changed, in a line for people, read from its payload.

use super::counted;
use serde_json::Value;

use crate::model::Event;

fn text(value: &Value) -> String {
    match value {
        Value::Null => "–".to_string(),
        Value::String(s) => format!("\"{s}\""),
        Value::Array(items) => format!(
            "[{}]",
            items
                .iter()
                .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        other => other.to_string(),
    }
}

/// "text \"old\" → \"new\"; tags [a] → [a, b]"
fn changes(changes: &Value) -> String {
    let Some(fields) = changes.as_object() else {
        return String::new();
    };
    fields
        .iter()
        .map(
            |(field, change)| match (change.get("added"), change.get("removed")) {
                (Some(added), _) => format!("{field} + {}", text(added)),
                (_, Some(removed)) => format!("{field} − {}", text(removed)),
                _ => format!(
                    "{field} {} → {}",
                    text(&change["old"]),
                    text(&change["new"])
                ),
            },
        )
        .collect::<Vec<_>>()
        .join("; ")
}

/// Appends "; status a → b" when the change moved the claim's status.
fn with_status(mut line: String, p: &Value) -> String {
    if let (Some(old), Some(new)) = (p["status"]["old"].as_str(), p["status"]["new"].as_str())
        && old != new
    {
        line.push_str(&format!("; status {old} → {new}"));
    }
    line
}

/// The line for people: one line whatever the stored texts hold (`escape::inert`).
pub fn describe(event: &Event) -> String {
    super::escape::inert(&line(event)).into_owned()
}

fn line(event: &Event) -> String {
    let p = &event.payload;
    let str_of = |v: &Value| v.as_str().unwrap_or("?").to_string();
    match event.kind.as_str() {
        "claim.added" => {
            let claim = &p["claim"];
            let mut line = format!("claim #{} logged: {}", claim["id"], str_of(&claim["text"]));
            if claim["tags"].as_array().is_some_and(|t| !t.is_empty()) {
                line.push_str(&format!(" {}", text(&claim["tags"])));
            }
            line
        }
        "claim.edited" => format!("claim #{} edited: {}", p["id"], changes(&p["changes"])),
        "source.added" => {
            let source = &p["source"];
            format!(
                "source #{} added: {} ({})",
                source["id"],
                str_of(&source["name"]),
                str_of(&source["kind"])
            )
        }
        "source.edited" => format!("source #{} edited: {}", p["id"], changes(&p["changes"])),
        "statement.added" => {
            let s = &p["statement"];
            let mut line = format!(
                "statement #{} on claim #{}: {} {}",
                s["id"],
                s["claim_id"],
                str_of(&s["source_name"]),
                str_of(&s["stance"])
            );
            if let Some(via) = s["via_name"].as_str() {
                line.push_str(&format!(" (via {via})"));
            }
            with_status(line, p)
        }
        "claim.removed" => format!("claim #{} removed (undo)", p["id"]),
        "source.removed" => format!("source #{} removed (undo)", p["id"]),
        "statement.removed" => with_status(
            format!(
                "statement #{} on claim #{} removed (undo)",
                p["id"], p["claim_id"]
            ),
            p,
        ),
        "statement.retracted" => {
            let mut line = format!(
                "statement #{} on claim #{} retracted",
                p["id"], p["claim_id"]
            );
            if let Some(note) = p["note"].as_str() {
                line.push_str(&format!(": {note}"));
            }
            with_status(line, p)
        }
        "statement.unretracted" => with_status(
            format!(
                "statement #{} on claim #{} counts again (undo)",
                p["id"], p["claim_id"]
            ),
            p,
        ),
        "undo" => {
            let changes = p["events"].as_array().map_or(0, Vec::len);
            format!(
                "undid the command of {} by {} ({})",
                str_of(&p["at"]).replace('T', " ").trim_end_matches('Z'),
                str_of(&p["actor"]),
                counted(changes, "change", "changes")
            )
        }
        "config.set" => format!(
            "setting {} {} → {}",
            str_of(&p["key"]),
            text(&p["old"]),
            text(&p["new"])
        ),
        other => format!("{other}: {p}"),
    }
}
