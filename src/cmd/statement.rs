//! `statement show`, `statement edit`, `statement move`: one statement whole, mended in place,
//! or taken to another claim. Edit and move answer with the claim as `show` prints
//! it.

use crate::cli::{StatementCommand, StatementEditArgs, StatementMoveArgs, StatementShowArgs};
use crate::model::{
    ItemRef, Reliability, Stamp, Stance, StatementId, Typed, WrittenAs, new_source_kind,
    parse_claim_number, parse_claim_ref, required_text,
};
use crate::store::{StatementChanges, Writer};
use crate::{Context, Error, Result};

pub fn run(ctx: &Context, command: &StatementCommand) -> Result<()> {
    match command {
        StatementCommand::Show(args) => show(ctx, args),
        StatementCommand::Edit(args) => edit(ctx, args),
        StatementCommand::Move(args) => move_to(ctx, args),
    }
}

/// A statement as typed: its number (`5` or `#5`), or a prefix of its uuid (8 hex digits
/// or more), resolved once the database is open.
pub fn statement_ref(text: &str) -> Result<ItemRef> {
    match parse_claim_ref(text) {
        Ok(item) => Ok(item),
        Err(_) => statement_number(text).map(|n| ItemRef::Number(n.0)),
    }
}

/// A statement's number as typed: `5` or `#5`.
pub fn statement_number(text: &str) -> Result<StatementId> {
    parse_claim_number(text)
        .map(|n| StatementId(n.0))
        .map_err(|e| match e {
            Error::ClaimNotFound(n) => Error::StatementNotFound(StatementId(n.0)),
            Error::InvalidClaimNumber(text) => Error::Invalid(format!(
                "'{text}' is not a statement number; 'claims show CLAIM' shows them"
            )),
            other => other,
        })
}

fn show(ctx: &Context, args: &StatementShowArgs) -> Result<()> {
    let statement = statement_ref(&args.statement)?;
    let store = ctx.open_existing()?;
    let statement = store.resolve_statement(&statement)?;
    let (detail, claim) = store.statement_whole(statement)?;
    ctx.output.emit(&ctx.output.statement(&detail, &claim)?)
}

/// An optional text as typed: `None` when not given, `Some(None)` when given empty (cleared).
fn clearable(text: &Option<String>) -> Option<Option<String>> {
    text.as_ref()
        .map(|t| crate::model::optional_text(Some(t.as_str())))
}

/// The edit's arguments, checked before the database is opened; sources are resolved inside
/// the write.
struct Checked {
    stance: Option<Stance>,
    by: Option<String>,
    via: Option<Option<String>>,
    citing: Option<Option<String>>,
    quote: Option<Option<String>>,
    url: Option<Option<String>>,
    stated_at: Option<Stamp>,
    far_future: bool,
    note: Option<Option<String>>,
    reliability: Option<Option<Reliability>>,
}

fn check(args: &StatementEditArgs) -> Result<Checked> {
    let stance = args
        .stance
        .as_deref()
        .map(|s| {
            if s.trim().is_empty() {
                return Err(Error::Empty("--stance"));
            }
            s.parse::<Stance>().map_err(Error::Invalid)
        })
        .transpose()?;
    let by = args
        .by
        .as_deref()
        .map(|by| required_text(by, "--by"))
        .transpose()?;
    let typed = Typed::local();
    let stated_at = args
        .at
        .as_deref()
        .map(|at| {
            if at.trim().is_empty() {
                return Err(Error::Empty("--at"));
            }
            typed.when(at)
        })
        .transpose()?;
    let reliability = match &args.reliability {
        None => None,
        Some(r) if r.trim().is_empty() => Some(None),
        Some(r) => Some(Some(r.parse::<Reliability>().map_err(Error::Invalid)?)),
    };
    let checked = Checked {
        stance,
        by,
        via: clearable(&args.via),
        citing: clearable(&args.citing),
        quote: clearable(&args.quote),
        url: clearable(&args.url),
        stated_at: stated_at.map(Stamp::at),
        far_future: stated_at.is_some_and(|at| crate::model::is_far_future(at, typed.now)),
        note: clearable(&args.note),
        reliability,
    };
    let nothing = checked.stance.is_none()
        && checked.by.is_none()
        && checked.via.is_none()
        && checked.citing.is_none()
        && checked.quote.is_none()
        && checked.url.is_none()
        && checked.stated_at.is_none()
        && checked.note.is_none()
        && checked.reliability.is_none();
    if nothing {
        return Err(Error::NothingToChange(
            "give what to change: --stance, --by, --via, --citing, --quote, --url, --at, \
             --note or --reliability"
                .into(),
        ));
    }
    Ok(checked)
}

/// Resolves the edit's sources as the statement verbs do (a new name makes a source).
fn changes(writer: &mut Writer<'_>, checked: &Checked) -> Result<StatementChanges> {
    let carrier = |writer: &mut Writer<'_>, name: &Option<Option<String>>, flag| {
        name.as_ref()
            .map(|name| {
                name.as_deref()
                    .map(|n| {
                        writer.resolve_source_for(flag, n, new_source_kind(n, WrittenAs::Carrier))
                    })
                    .transpose()
            })
            .transpose()
    };
    let source = checked
        .by
        .as_deref()
        .map(|by| {
            writer.resolve_source_for("--by", by, new_source_kind(by, WrittenAs::Speaker(None)))
        })
        .transpose()?;
    Ok(StatementChanges {
        stance: checked.stance,
        source,
        via: carrier(writer, &checked.via, "--via")?,
        citing: carrier(writer, &checked.citing, "--citing")?,
        quote: checked.quote.clone(),
        url: checked.url.clone(),
        stated_at: checked.stated_at.clone(),
        note: checked.note.clone(),
        reliability: checked.reliability,
    })
}

fn edit(ctx: &Context, args: &StatementEditArgs) -> Result<()> {
    let statement = statement_ref(&args.statement)?;
    let checked = check(args)?;
    let mut store = ctx.open_existing()?;
    let statement = store.resolve_statement(&statement)?;
    let written = store.write(&ctx.actor, |writer| {
        // The statement first: a missing one is named before any source is made for it.
        writer.claim_of_statement(statement)?;
        let changes = changes(writer, &checked)?;
        let claim = writer.edit_statement(statement, changes)?;
        writer.claim(claim)
    })?;
    super::notify(&written.notices);
    if let (true, Some(at)) = (checked.far_future, &checked.stated_at) {
        super::notify(&[crate::model::Notice::FarFuture {
            at: at.clone(),
            statements: 1,
        }]);
    }
    ctx.output.emit(&ctx.output.claim(&written.value)?)
}

fn move_to(ctx: &Context, args: &StatementMoveArgs) -> Result<()> {
    let statement = statement_ref(&args.statement)?;
    let claim = parse_claim_ref(&args.claim)?;
    let mut store = ctx.open_existing()?;
    let (statement, claim) = (
        store.resolve_statement(&statement)?,
        store.resolve_claim(&claim)?,
    );
    let written = store.write(&ctx.actor, |writer| {
        let claim = writer.move_statement(statement, claim)?;
        writer.claim(claim)
    })?;
    ctx.output.emit(&ctx.output.claim(&written.value)?)
}
