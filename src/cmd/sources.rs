//! `sources`, `source add`, `source edit`: the people, bodies, outlets and data that speak.

use crate::cli::{SourceAddArgs, SourceCommand, SourceEditArgs, SourceMergeArgs};
use crate::model::{optional_text, required_text};
use crate::store::{NewSource, SourceChanges};
use crate::{Context, Error, Result};

pub fn list(ctx: &Context) -> Result<()> {
    let store = ctx.open_existing()?;
    // Every source's track record reads every statement: over a second on a large database,
    // all of it before the first source comes. Written as it is read after that.
    let spinner = crate::progress::spinner("reading track records");
    let mut spinning = true;
    let result = ctx.output.stream_sources(&mut |each| {
        store.each_source(&mut |source| {
            if spinning {
                spinner.finish_and_clear();
                spinning = false;
            }
            each(source)
        })
    });
    spinner.finish_and_clear();
    result
}

pub fn run(ctx: &Context, command: &SourceCommand) -> Result<()> {
    match command {
        SourceCommand::Show(args) => show_record(ctx, &args.name),
        SourceCommand::Add(args) => add(ctx, args),
        SourceCommand::Edit(args) => edit(ctx, args),
        SourceCommand::Merge(args) => merge(ctx, args),
    }
}

/// A source named for `source merge`: by name as everywhere, an anonymous one only by its
/// number, and never one merged already (its number would answer for another).
fn merge_side(
    writer: &mut crate::store::Writer<'_>,
    typed: &str,
) -> Result<crate::store::SourceRef> {
    if let Some(number) = typed.trim().strip_prefix('#')
        && let Ok(id) = number.parse::<i64>()
        && let Some(into) = writer.merged_into(crate::model::SourceId(id))?
    {
        return Err(Error::SourceWasMerged {
            id: crate::model::SourceId(id),
            into: into.id,
            into_name: into.name,
        });
    }
    if let Some(found) = writer.find_source_for(None, typed)? {
        return Ok(found);
    }
    let anonymous = writer.anonymous_described(typed)?;
    if !anonymous.is_empty() {
        return Err(Error::AnonymousByName {
            name: typed.trim().to_string(),
            numbers: anonymous.iter().map(|s| format!("#{}", s.id)).collect(),
        });
    }
    Err(Error::SourceNotFound(typed.to_string()))
}

fn merge(ctx: &Context, args: &SourceMergeArgs) -> Result<()> {
    required_text(&args.source, "the source to merge")?;
    required_text(&args.into, "the source to merge into")?;
    let mut store = ctx.open_existing()?;
    let written = store.write(&ctx.actor, |writer| {
        let source = merge_side(writer, &args.source)?;
        let into = merge_side(writer, &args.into)?;
        writer.merge_source(&source, &into)?;
        Ok(into.id)
    })?;
    super::notify(&written.notices);
    let record = store.source_record(written.value)?;
    ctx.output.emit(&ctx.output.source_record(&record)?)
}

fn add(ctx: &Context, args: &SourceAddArgs) -> Result<()> {
    if !args.kind.answers_to_names() {
        return Err(Error::Invalid(format!(
            "a {} source is made by statements (--anonymous, or no --by), not by 'source add'",
            args.kind
        )));
    }
    let new = NewSource {
        name: required_text(&args.name, "a source name")?,
        kind: args.kind,
        role: optional_text(args.role.as_deref()),
        affiliation: optional_text(args.affiliation.as_deref()),
        aliases: args.alias.clone(),
        reliability: args.reliability,
    };
    let mut store = ctx.open()?;
    let written = store.write(&ctx.actor, |writer| writer.add_source(&new))?;
    super::notify(&written.notices);
    show(ctx, &store, written.value.id)
}

fn edit(ctx: &Context, args: &SourceEditArgs) -> Result<()> {
    let changes = SourceChanges {
        name: args
            .rename
            .as_deref()
            .map(|n| required_text(n, "a source name"))
            .transpose()?,
        kind: args.kind,
        role: optional_text(args.role.as_deref()),
        affiliation: optional_text(args.affiliation.as_deref()),
        add_aliases: args.alias.clone(),
        reliability: args.reliability,
    };
    let mut store = ctx.open_existing()?;
    let written = store.write(&ctx.actor, |writer| {
        let source = writer
            .find_source_for(None, &args.name)?
            .ok_or_else(|| Error::SourceNotFound(args.name.clone()))?;
        writer.edit_source(&source, &changes)?;
        Ok(source.id)
    })?;
    super::notify(&written.notices);
    show(ctx, &store, written.value)
}

fn show_record(ctx: &Context, name: &str) -> Result<()> {
    let store = ctx.open_existing()?;
    let (source, notice) = store.find_source_noting(None, name)?;
    let source = source.ok_or_else(|| Error::SourceNotFound(name.to_string()))?;
    super::notify(notice.as_slice());
    let record = store.source_record(source.id)?;
    ctx.output.emit(&ctx.output.source_record(&record)?)
}

fn show(ctx: &Context, store: &crate::store::Store, id: crate::model::SourceId) -> Result<()> {
    let source = store.source(id)?;
    ctx.output.emit(&ctx.output.source(&source)?)
}
