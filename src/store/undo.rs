//! Undo and redo. Undo takes back a command by compensating events, newest first: nothing is
//! deleted, what the command added is marked removed, what it changed gets its old values
//! back (`Change::reverse`), and an `undo` record names the command. Undo is yours: it takes
//! back the newest command of the actor not yet undone (or one named), and refuses when a later
//! command that is not undone names what it made or changed (a statement on its claim, an edit
//! of its source), naming that command, so that no one's work is reversed from under them.
//! Redo applies the actor's last undone command again (`Change::redo`), under the same rule.

use std::collections::HashSet;

use rusqlite::{OptionalExtension, params};

use super::apply::Apply;
use super::read;
use super::write::Writer;
use crate::model::event::{self, Change, Recorded};
use crate::model::{ClaimId, Redone, Stamp, Undoable, Undone};
use crate::{Error, Result};

/// Which command to undo.
pub enum UndoTarget<'a> {
    /// The actor's newest command not yet undone.
    Last,
    /// A command by its id (the uuid `log` and `undo --list` show, or a prefix of 8 or more
    /// of its characters).
    Command(&'a str),
}

/// The SQL condition "the command of `e` is not undone and is not an undo": a command is
/// undone when an undo record names it. Parameter `?{undone}` is the JSON array of the undone
/// commands (`Writer::undone`), read from the undo records in Rust: no SQL reads a payload.
fn live(undone: usize) -> String {
    format!(
        "e.command NOT IN (SELECT value FROM json_each(?{undone}))
         AND e.command NOT IN (SELECT command FROM events WHERE kind = 'undo')"
    )
}

impl Writer<'_> {
    /// The commands an undo record names, as a JSON array for `live`.
    fn undone(&self) -> Result<String> {
        let undone: Vec<String> = read::undone_commands(&self.tx)?.into_iter().collect();
        Ok(serde_json::to_string(&undone)?)
    }

    /// The actor's commands that undo can take back, newest first.
    pub fn undoable(&self, limit: usize) -> Result<Vec<Undoable>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut stmt = self.tx.prepare(&format!(
            "SELECT e.command, min(e.at), count(*), min(e.id) FROM events e
              WHERE e.actor = ?1 AND {}
              GROUP BY e.command ORDER BY max(e.id) DESC LIMIT ?2",
            live(3)
        ))?;
        let rows: Vec<(String, String, i64, i64)> = stmt
            .query_map(params![self.actor, limit, self.undone()?], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        rows.into_iter()
            .map(|(command, at, events, first)| {
                let (kind, payload): (String, String) = self.tx.query_row(
                    "SELECT kind, payload FROM events WHERE id = ?1",
                    [first],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )?;
                Ok(Undoable {
                    command,
                    at: Stamp::stored(at),
                    actor: self.actor.clone(),
                    events: events as usize,
                    first: Recorded::parse(&kind, &payload)?,
                })
            })
            .collect()
    }

    /// The command `target` names, with its time and actor.
    fn undo_target(&self, target: &UndoTarget<'_>) -> Result<(String, String, String)> {
        let nothing = || Error::NothingToUndo {
            actor: self.actor.clone(),
        };
        match target {
            UndoTarget::Last => self
                .tx
                .query_row(
                    &format!(
                        "SELECT e.command, e.at, e.actor FROM events e
                          WHERE e.actor = ?1 AND {}
                          ORDER BY e.id DESC LIMIT 1",
                        live(2)
                    ),
                    params![self.actor, self.undone()?],
                    |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
                )
                .optional()?
                .ok_or_else(nothing),
            UndoTarget::Command(given) => {
                let given = given.trim().to_ascii_lowercase();
                let no_such = || Error::NoSuchCommand {
                    actor: self.actor.clone(),
                    given: format!("has the id {given}"),
                };
                if given.len() < 8 || !given.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
                    return Err(no_such());
                }
                let found: Vec<(String, String, String)> = self
                    .tx
                    .prepare(&format!(
                        "SELECT e.command, min(e.at), e.actor FROM events e
                          WHERE e.command >= ?1 AND e.command < ?1 || 'g'
                            AND e.actor = ?2 AND {}
                          GROUP BY e.command LIMIT 2",
                        live(3)
                    ))?
                    .query_map(params![given, self.actor, self.undone()?], |row| {
                        Ok((row.get(0)?, row.get(1)?, row.get(2)?))
                    })?
                    .collect::<rusqlite::Result<_>>()?;
                match found.len() {
                    0 => Err(no_such()),
                    1 => Ok(found.into_iter().next().expect("one")),
                    _ => Err(Error::AmbiguousCommand(given)),
                }
            }
        }
    }

    /// The command's events, newest first, read into changes.
    fn command_events(&self, command: &str) -> Result<Vec<(i64, String, Recorded)>> {
        self.tx
            .prepare(
                "SELECT id, uuid, kind, payload FROM events WHERE command = ?1 ORDER BY id DESC",
            )?
            .query_map([command], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                ))
            })?
            .map(|row| {
                let (id, uuid, kind, payload) = row?;
                Ok((id, uuid, Recorded::parse(&kind, &payload)?))
            })
            .collect()
    }

    /// Refuses when a command after event `after` (other than `command`, not undone, not an
    /// undo) names anything in `subjects`: it was made on top of what is to be taken back.
    fn refuse_if_depended_on(
        &self,
        verb: &'static str,
        subjects: &HashSet<String>,
        after: i64,
        command: &str,
    ) -> Result<()> {
        if subjects.is_empty() {
            return Ok(());
        }
        let mut stmt = self.tx.prepare(&format!(
            "SELECT e.command, e.actor, e.at, e.kind, e.payload FROM events e
              WHERE e.id > ?1 AND e.command <> ?2 AND {}
              ORDER BY e.id",
            live(3)
        ))?;
        let mut rows = stmt.query(params![after, command, self.undone()?])?;
        while let Some(row) = rows.next()? {
            let recorded = Recorded::parse(&row.get::<_, String>(3)?, &row.get::<_, String>(4)?)?;
            if recorded
                .change
                .names()
                .iter()
                .any(|name| subjects.contains(*name))
            {
                return Err(Error::LaterCommandDepends {
                    verb,
                    kind: recorded.kind(),
                    claim: recorded.change.claim().map(ClaimId),
                    actor: row.get(1)?,
                    at: row.get(2)?,
                    command: row.get(0)?,
                });
            }
        }
        Ok(())
    }

    /// Reverses a command of the actor: the newest not yet undone, or the one named.
    pub fn undo(&mut self, target: UndoTarget<'_>) -> Result<Undone> {
        let (command, at, actor) = self.undo_target(&target)?;
        let events = self.command_events(&command)?;
        let subjects: HashSet<String> = events
            .iter()
            .flat_map(|(_, _, r)| r.change.changed())
            .map(str::to_string)
            .collect();
        let last = events.first().map_or(0, |(id, _, _)| *id);
        self.refuse_if_depended_on("undo", &subjects, last, &command)?;
        let mut reversed = Vec::new();
        for (_, uuid, recorded) in &events {
            if recorded.change.is_record() {
                continue;
            }
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
                settled: None,
            };
            self.event(&reversal)?;
            reversed.push(reversal);
        }
        let kinds: Vec<String> = events
            .iter()
            .map(|(_, _, recorded)| recorded.kind().to_string())
            .collect();
        self.event(&Recorded::new(Change::Undo(event::Undo {
            command: command.clone(),
            at: at.clone(),
            actor: actor.clone(),
            events: events.iter().map(|(_, uuid, _)| uuid.clone()).collect(),
            kinds: kinds.clone(),
        })))?;
        Ok(Undone {
            command,
            at: Stamp::stored(at),
            actor,
            events: events.len(),
            kinds,
            reversed,
        })
    }

    /// Reverses the actor's newest command not yet undone.
    pub fn undo_last(&mut self) -> Result<Undone> {
        self.undo(UndoTarget::Last)
    }

    /// Applies again the command the actor's newest undo reversed, unless it was redone
    /// already or a later command changed what it changes.
    pub fn redo(&mut self) -> Result<Redone> {
        // The commands applied again already, each named by its redo record.
        let mut redone = HashSet::new();
        let mut stmt = self
            .tx
            .prepare_cached("SELECT kind, payload FROM events WHERE kind = 'redo'")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let recorded = Recorded::parse(&row.get::<_, String>(0)?, &row.get::<_, String>(1)?)?;
            if let Change::Redo(redo) = recorded.change {
                redone.insert(redo.command);
            }
        }
        drop(rows);
        drop(stmt);
        // The actor's newest undo whose command is not applied again.
        let mut found: Option<(i64, String, String)> = None;
        let mut stmt = self.tx.prepare_cached(
            "SELECT id, command, kind, payload FROM events
              WHERE kind = 'undo' AND actor = ?1 ORDER BY id DESC",
        )?;
        let mut rows = stmt.query([&self.actor])?;
        while let Some(row) = rows.next()? {
            let recorded = Recorded::parse(&row.get::<_, String>(2)?, &row.get::<_, String>(3)?)?;
            if let Change::Undo(undo) = recorded.change
                && !redone.contains(&undo.command)
            {
                found = Some((row.get(0)?, row.get(1)?, undo.command));
                break;
            }
        }
        drop(rows);
        drop(stmt);
        let (undo_id, undo, command) = found.ok_or_else(|| Error::NothingToRedo {
            actor: self.actor.clone(),
        })?;
        let mut events = self.command_events(&command)?;
        events.reverse();
        let subjects: HashSet<String> = events
            .iter()
            .flat_map(|(_, _, r)| r.change.changed())
            .map(str::to_string)
            .collect();
        self.refuse_if_depended_on("redo", &subjects, undo_id, &undo)?;
        let mut changes = Vec::new();
        for (_, _, recorded) in &events {
            if recorded.change.is_record() {
                continue;
            }
            for mut again in recorded.change.redo() {
                Apply::local(&self.tx, &self.now, true).apply(&mut again)?;
                let again = Recorded::new(again);
                self.event(&again)?;
                changes.push(again);
            }
        }
        self.event(&Recorded::new(Change::Redo(event::Redo {
            command: command.clone(),
            undo: undo.clone(),
        })))?;
        Ok(Redone {
            command,
            undo,
            actor: self.actor.clone(),
            changes,
        })
    }
}
