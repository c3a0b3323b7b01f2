//! `list`: claims, most recent activity first (or in another `--sort` order), narrowed by
//! status, tag, source, outlet and time.

use crate::cli::ListArgs;
use crate::model::{Stamp, Status, Typed, normalize_tag};
use crate::store::ClaimFilter;
use crate::{Context, Error, Result};

pub fn run(ctx: &Context, args: &ListArgs) -> Result<()> {
    let mut statuses = args.status.clone();
    if args.unverified && !statuses.contains(&Status::Unverified) {
        statuses.push(Status::Unverified);
    }
    let typed = Typed::local();
    let mut filter = ClaimFilter {
        statuses,
        tag: args.tag.as_deref().map(normalize_tag).transpose()?,
        source: None,
        via: None,
        since: args
            .since
            .as_deref()
            .map(|since| typed.when(since))
            .transpose()?
            .map(Stamp::at),
        stated_since: args
            .stated_since
            .as_deref()
            .map(|since| typed.when(since))
            .transpose()?
            .map(Stamp::at),
        credibility: args.credibility,
        circular: args.circular,
        as_of: args
            .as_of
            .as_deref()
            .map(|as_of| typed.as_of(as_of))
            .transpose()?
            .map(Stamp::at),
        order: args.sort,
        limit: args.limit,
        include_removed: args.include_removed,
    };
    let store = ctx.open_existing()?;
    let mut notices = Vec::new();
    if let Some(by) = &args.by {
        let (source, notice) = store.find_source_noting(Some("--by"), by)?;
        let source = source.ok_or_else(|| Error::SourceNotFound(by.clone()))?;
        notices.extend(notice);
        filter.source = Some(source.id);
    }
    // An outlet is named as a speaker is; a name that matches none is an error, as for --by
    // (listing nothing would hide a typo).
    if let Some(via) = &args.via {
        let (outlet, notice) = store.find_source_noting(Some("--via"), via)?;
        let outlet = outlet.ok_or_else(|| Error::SourceNotFound(via.clone()))?;
        notices.extend(notice);
        filter.via = Some(outlet.id);
    }
    super::notify(&notices);
    // Written as it is read: memory stays flat however many claims match.
    ctx.output
        .stream_claims(&mut |each| store.each_claim(&filter, each))
}
