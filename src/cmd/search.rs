//! `search` (full text, ranked) and `similar` (near-duplicates of a claim).

use crate::cli::{SearchArgs, SimilarArgs};
use crate::model::{Notice, parse_claim_ref, search_query};
use crate::store::RANKED_AT_MOST;
use crate::{Context, Error, Result};

pub fn search(ctx: &Context, args: &SearchArgs) -> Result<()> {
    let query = args.query.join(" ");
    if search_query(&query).is_none() {
        return Err(Error::Invalid(
            "give a word to search for: letters or digits".into(),
        ));
    }
    check_limit(args.limit)?;
    let store = ctx.open_existing()?;
    let searched = store.search(&query, args.limit)?;
    if searched.more_matched {
        super::notify(&[Notice::SearchCapped {
            ranked: RANKED_AT_MOST,
        }]);
    } else if searched.matched > searched.hits.len() {
        // Cut at --limit: say so, or the list reads as everything there is.
        super::notify(&[Notice::SearchCut {
            shown: searched.hits.len(),
            matched: searched.matched,
        }]);
    }
    ctx.output.emit(&ctx.output.search(&searched.hits)?)
}

pub fn similar(ctx: &Context, args: &SimilarArgs) -> Result<()> {
    let claim = parse_claim_ref(&args.claim)?;
    check_limit(args.limit)?;
    let store = ctx.open_existing()?;
    let claim = store.resolve_claim(&claim)?;
    let detail = store.claim(claim)?;
    let similar = store.similar(&detail.text, Some(claim), 0.0, args.limit)?;
    ctx.output.emit(&ctx.output.similar(&detail, &similar)?)
}

fn check_limit(limit: usize) -> Result<()> {
    if limit == 0 {
        return Err(Error::Invalid("--limit must be at least 1".into()));
    }
    Ok(())
}
