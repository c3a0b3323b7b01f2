//! What `claims remote` and `claims sync` print.

use serde_json::json;

use super::{Format, Output, counted, escape};
use crate::Result;
use crate::model::Synced;

impl Output {
    /// The summary of a sync: "pushed 12, pulled 340 changes from 3 colleagues; 17 claims
    /// changed".
    pub fn synced(&self, synced: &Synced) -> Result<String> {
        match self.format {
            Format::Json => Self::json(synced),
            Format::Table => {
                let mut line = format!(
                    "pushed {}, pulled {}",
                    synced.pushed,
                    counted(synced.pulled, "change", "changes")
                );
                if synced.pulled > 0 {
                    line.push_str(&format!(
                        " from {}; {} changed",
                        counted(synced.colleagues, "colleague", "colleagues"),
                        counted(synced.claims_changed, "claim", "claims")
                    ));
                }
                if synced.concurrent_edits > 0 {
                    line.push_str(&format!(
                        "; {}",
                        counted(
                            synced.concurrent_edits,
                            "concurrent edit",
                            "concurrent edits"
                        )
                    ));
                }
                if synced.sources_merged > 0 {
                    line.push_str(&format!(
                        "; {} merged",
                        counted(
                            synced.sources_merged,
                            "same-name source",
                            "same-name sources"
                        )
                    ));
                }
                if synced.merges_void > 0 {
                    line.push_str(&format!(
                        "; {} void (an earlier merge stands)",
                        counted(synced.merges_void, "merge", "merges")
                    ));
                }
                if synced.merges_taken_back > 0 {
                    line.push_str(&format!(
                        "; {} taken back (an earlier merge stands)",
                        counted(synced.merges_taken_back, "merge", "merges")
                    ));
                }
                line.push('\n');
                // One line for each field edited concurrently: which value stands everywhere.
                for edit in &synced.concurrent {
                    line.push_str(&format!(
                        "  {} #{} {}: {}'s value stands over {}'s\n",
                        edit.item,
                        edit.id,
                        edit.field,
                        escape::inert(&edit.stands),
                        escape::inert(&edit.over)
                    ));
                }
                Ok(line)
            }
        }
    }

    /// The remote in use (`None`: no remote), and where it comes from.
    pub fn remote(&self, url: Option<&str>, from_env: bool) -> Result<String> {
        match self.format {
            Format::Json => Self::json(&json!({
                "remote": url,
                "from": if from_env { "CLAIMS_REMOTE" } else { "database" },
            })),
            Format::Table => Ok(match url {
                Some(url) if from_env => {
                    format!("{} (from CLAIMS_REMOTE)\n", escape::inert(url))
                }
                Some(url) => format!("{}\n", escape::inert(url)),
                None => "no remote; 'claims remote set URL' sets one\n".into(),
            }),
        }
    }
}
