//! Undo: the last command's changes reversed by compensating events, newest first. Nothing is
//! deleted: what an undone command added is marked removed, what it changed gets its old
//! values back, and an `undo` event names the command it reversed. Undo is last in, first out
//! over the commands not yet undone (undo commands themselves are never undone), so whatever a
//! reversed change touched was made by a command that is itself already undone or earlier.

use rusqlite::OptionalExtension;

use super::apply::Apply;
use super::write::Writer;
use crate::model::Undone;
use crate::model::event::{self, Change, Recorded};
use crate::{Error, Result};

impl Writer<'_> {
    /// Reverses the newest command that is neither an undo nor undone already.
    pub fn undo_last(&mut self) -> Result<Undone> {
        let command: Option<(String, String, String)> = self
            .tx
            .query_row(
                "SELECT e.command, e.at, e.actor FROM events e
                  WHERE NOT EXISTS (SELECT 1 FROM events u
                                     WHERE u.command = e.command AND u.kind = 'undo')
                    AND e.command NOT IN (SELECT json_extract(payload, '$.command') FROM events
                                           WHERE kind = 'undo'
                                             AND json_extract(payload, '$.command') IS NOT NULL)
                  ORDER BY e.id DESC LIMIT 1",
                [],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .optional()?;
        let (command, at, actor) = command.ok_or(Error::NothingToUndo)?;
        let events: Vec<(String, Recorded)> = self
            .tx
            .prepare("SELECT uuid, kind, payload FROM events WHERE command = ?1 ORDER BY id DESC")?
            .query_map([&command], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                ))
            })?
            .map(|row| {
                let (uuid, kind, payload) = row?;
                Ok((uuid, Recorded::parse(&kind, &payload)?))
            })
            .collect::<Result<_>>()?;
        let mut reversed = Vec::new();
        for (uuid, recorded) in &events {
            let Some(mut reversal) = recorded.change.reverse() else {
                return Err(Error::Invalid(format!(
                    "cannot undo an event of kind '{}'; run 'claims rebuild --check'",
                    recorded.kind()
                )));
            };
            Apply::local(&self.tx, &self.now, true).apply(&mut reversal)?;
            let reversal = Recorded {
                change: reversal,
                undoes: Some(uuid.clone()),
            };
            self.event(&reversal)?;
            reversed.push(reversal);
        }
        let kinds: Vec<String> = events
            .iter()
            .map(|(_, recorded)| recorded.kind().to_string())
            .collect();
        self.event(&Recorded::new(Change::Undo(event::Undo {
            command: command.clone(),
            at: at.clone(),
            actor: actor.clone(),
            events: events.iter().map(|(uuid, _)| uuid.clone()).collect(),
            kinds: kinds.clone(),
        })))?;
        Ok(Undone {
            command,
            at,
            actor,
            events: events.len(),
            kinds,
            reversed,
        })
    }
}
