//! Random sequences of commands (add, statements, edit, retract, regrade a source, mend a
//! statement, move one, merge two sources, merge, remove and restore a claim, undo, redo) driven
//! through the library: after each sequence, a rebuild from the events alone equals the stored
//! tables, and every claim's stored status, summary and credibility equal a recomputation from
//! the statements `show` lists.

use std::collections::HashMap;

use claims::model::{
    ClaimId, Evidence, Reliability, SourceId, SourceKind, SourceName, Stamp, Stance, StatementId,
    assess, derive_status,
};
use claims::store::{ClaimChanges, NewClaim, SourceChanges, StatementChanges, Store};
use proptest::prelude::*;

const SOURCES: [&str; 5] = [
    "Alpha Agency",
    "Beta Daily",
    "Gamma Wire",
    "Delta",
    "Echo Radio",
];
const STANCES: [Stance; 5] = [
    Stance::Asserts,
    Stance::Confirms,
    Stance::Denies,
    Stance::Ncnd,
    Stance::Declines,
];
const GRADES: [Reliability; 6] = [
    Reliability::A,
    Reliability::B,
    Reliability::C,
    Reliability::D,
    Reliability::E,
    Reliability::F,
];

#[derive(Debug, Clone)]
enum Op {
    Add {
        tag: Option<u8>,
    },
    Say {
        claim: u8,
        stance: u8,
        by: Option<u8>,
        via: Option<u8>,
        citing: Option<u8>,
        grade: Option<u8>,
        hour: u8,
    },
    Edit {
        claim: u8,
        text: bool,
        tag: Option<u8>,
        untag: Option<u8>,
    },
    Retract {
        statement: u8,
    },
    Regrade {
        source: u8,
        grade: u8,
    },
    Undo,
    Mend {
        statement: u8,
        stance: Option<u8>,
        hour: Option<u8>,
        via: Option<Option<u8>>,
    },
    Move {
        statement: u8,
        claim: u8,
    },
    Merge {
        source: u8,
        into: u8,
    },
    MergeClaims {
        claim: u8,
        into: u8,
    },
    Remove {
        claim: u8,
    },
    Restore {
        claim: u8,
    },
    Redo,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        2 => proptest::option::of(0u8..3).prop_map(|tag| Op::Add { tag }),
        5 => (
            0u8..6,
            0u8..5,
            proptest::option::of(0u8..5),
            proptest::option::weighted(0.3, 0u8..5),
            proptest::option::weighted(0.3, 0u8..5),
            proptest::option::weighted(0.2, 0u8..6),
            0u8..24,
        )
            .prop_map(|(claim, stance, by, via, citing, grade, hour)| Op::Say {
                claim,
                stance,
                by,
                via,
                citing,
                grade,
                hour
            }),
        1 => (0u8..6, any::<bool>(), proptest::option::of(0u8..3), proptest::option::of(0u8..3))
            .prop_map(|(claim, text, tag, untag)| Op::Edit { claim, text, tag, untag }),
        1 => (0u8..20).prop_map(|statement| Op::Retract { statement }),
        1 => (0u8..5, 0u8..6).prop_map(|(source, grade)| Op::Regrade { source, grade }),
        2 => Just(Op::Undo),
        1 => (
            0u8..20,
            proptest::option::of(0u8..5),
            proptest::option::weighted(0.3, 0u8..24),
            proptest::option::weighted(0.3, proptest::option::of(0u8..5)),
        )
            .prop_map(|(statement, stance, hour, via)| Op::Mend { statement, stance, hour, via }),
        1 => (0u8..20, 0u8..6).prop_map(|(statement, claim)| Op::Move { statement, claim }),
        1 => (0u8..5, 0u8..5).prop_map(|(source, into)| Op::Merge { source, into }),
        1 => (0u8..6, 0u8..6).prop_map(|(claim, into)| Op::MergeClaims { claim, into }),
        1 => (0u8..6).prop_map(|claim| Op::Remove { claim }),
        1 => (0u8..6).prop_map(|claim| Op::Restore { claim }),
        1 => Just(Op::Redo),
    ]
}

/// Runs one operation; refusals (an undone claim, nothing to undo...) are part of the game:
/// they must leave everything as it was.
fn run(store: &mut Store, op: &Op, claims: &mut i64) {
    let events_before = event_count(store);
    let result = store.write("prop", |w| match op {
        Op::Add { tag } => {
            *claims += 1;
            w.add_claim(&NewClaim {
                text: format!("claim {claims}"),
                tags: tag.iter().map(|t| format!("tag{t}")).collect(),
                happened: None,
                note: None,
            })
            .map(|_| ())
        }
        Op::Say {
            claim,
            stance,
            by,
            via,
            citing,
            grade,
            hour,
        } => {
            let attributed = claims::cmd::Attributed {
                by: by.map(|b| SOURCES[b as usize].to_string()),
                via: via.map(|v| SOURCES[v as usize].to_string()),
                citing: citing.map(|c| SOURCES[c as usize].to_string()),
                stated_at: Some(Stamp::stored(format!("2022-11-14T{hour:02}:00:00Z"))),
                reliability: grade.map(|g| GRADES[g as usize]),
                ..Default::default()
            };
            claims::cmd::record_statement(
                w,
                ClaimId(i64::from(*claim) + 1),
                STANCES[*stance as usize],
                &attributed,
            )
            .map(|_| ())
        }
        Op::Edit {
            claim,
            text,
            tag,
            untag,
        } => w.edit_claim(
            ClaimId(i64::from(*claim) + 1),
            &ClaimChanges {
                text: text.then(|| format!("claim {claim}, reworded")),
                add_tags: tag.iter().map(|t| format!("tag{t}")).collect(),
                remove_tags: untag.iter().map(|t| format!("tag{t}")).collect(),
                happened: None,
            },
        ),
        Op::Retract { statement } => w
            .retract_statement(StatementId(i64::from(*statement) + 1), None)
            .map(|_| ()),
        Op::Regrade { source, grade } => {
            // An undo may have reached back to the command that made the sources.
            let name = SOURCES[*source as usize];
            let found = w
                .find_source(name)?
                .ok_or_else(|| claims::Error::SourceNotFound(name.to_string()))?;
            w.edit_source(
                &found,
                &SourceChanges {
                    reliability: Some(GRADES[*grade as usize]),
                    ..SourceChanges::default()
                },
            )
        }
        Op::Undo => w.undo_last().map(|_| ()),
        Op::Mend {
            statement,
            stance,
            hour,
            via,
        } => {
            let via = match via {
                None => None,
                Some(None) => Some(None),
                Some(Some(v)) => Some(w.find_source(SOURCES[*v as usize])?),
            };
            w.edit_statement(
                StatementId(i64::from(*statement) + 1),
                StatementChanges {
                    stance: stance.map(|s| STANCES[s as usize]),
                    stated_at: hour.map(|h| Stamp::stored(format!("2022-11-14T{h:02}:00:00Z"))),
                    via,
                    ..StatementChanges::default()
                },
            )
            .map(|_| ())
        }
        Op::Move { statement, claim } => w
            .move_statement(
                StatementId(i64::from(*statement) + 1),
                ClaimId(i64::from(*claim) + 1),
            )
            .map(|_| ()),
        Op::Merge { source, into } => {
            let find = |i: &u8| {
                let name = SOURCES[*i as usize];
                w.find_source(name)?
                    .ok_or_else(|| claims::Error::SourceNotFound(name.to_string()))
            };
            let (source, into) = (find(source)?, find(into)?);
            w.merge_source(&source, &into).map(|_| ())
        }
        Op::MergeClaims { claim, into } => w.merge_claims(
            ClaimId(i64::from(*claim) + 1),
            ClaimId(i64::from(*into) + 1),
        ),
        Op::Remove { claim } => {
            w.dismiss_claim(ClaimId(i64::from(*claim) + 1), Some("junk".into()))
        }
        Op::Restore { claim } => w.undismiss_claim(ClaimId(i64::from(*claim) + 1)),
        Op::Redo => w.redo().map(|_| ()),
    });
    match result {
        // A change appends at least one event...
        Ok(_) => assert!(
            event_count(store) > events_before,
            "{op:?} recorded nothing"
        ),
        // ...and a refusal appends none (its data rolled back with it: the rebuild checks).
        Err(_) => assert_eq!(event_count(store), events_before, "{op:?} was refused"),
    }
}

fn event_count(store: &Store) -> i64 {
    store
        .connection()
        .query_row("SELECT count(*) FROM events", [], |row| row.get(0))
        .unwrap()
}

/// The claim's derived columns, recomputed from the statements `show` lists (not retracted),
/// with sources told apart by name (the test uses named sources and the desk only).
fn check_derived(store: &Store, claims: i64) {
    let names: HashMap<String, SourceId> = store
        .sources()
        .unwrap()
        .into_iter()
        .map(|s| (s.name, s.id))
        .collect();
    let named = |name: &str| SourceName {
        id: names[name],
        name: name.to_string(),
    };
    for id in 1..=claims {
        let Ok(claim) = store.claim(ClaimId(id)) else {
            continue;
        };
        let evidence: Vec<Evidence> = claim
            .statements
            .iter()
            .filter(|s| !s.retracted)
            .map(|s| Evidence {
                id: s.id,
                stance: s.stance,
                source: named(&s.source),
                reliability: s.reliability,
                via: s.via.as_deref().map(named),
                citing: s.citing.as_deref().map(named),
            })
            .collect();
        let status = derive_status(evidence.iter().map(|e| e.stance));
        let fresh = assess(&evidence);
        assert_eq!(claim.status, status, "status of claim {id}");
        assert_eq!(claim.summary, fresh.summary, "summary of claim {id}");
        assert_eq!(
            claim.credibility, fresh.credibility.grade,
            "grade of claim {id}"
        );
        assert_eq!(claim.credibility_reason, fresh.credibility.reason);
        assert_eq!(
            claim.independent_confirmations,
            fresh.independent_confirmations as i64
        );
        assert_eq!(
            claim.circular_warning, fresh.circular,
            "circular of claim {id}"
        );
        assert_eq!(claim.origins, fresh.origins, "origins of claim {id}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn the_events_rebuild_the_tables_and_the_grades_recompute(
        ops in proptest::collection::vec(op(), 1..40)
    ) {
        let mut store = Store::open_in_memory().unwrap();
        // Named sources with kinds, so that statements by name find them.
        store.write("prop", |w| {
            for (i, name) in SOURCES.iter().enumerate() {
                w.add_source(&claims::store::NewSource {
                    name: name.to_string(),
                    kind: if i % 2 == 0 { SourceKind::Outlet } else { SourceKind::Person },
                    role: None,
                    affiliation: None,
                    aliases: Vec::new(),
                    reliability: GRADES[i],
                })?;
            }
            Ok(())
        }).unwrap();
        let mut claims = 0;
        for op in &ops {
            run(&mut store, op, &mut claims);
        }
        let check = store.rebuild_check().unwrap();
        prop_assert!(check.differences.is_empty(), "{:#?}", check.differences);
        check_derived(&store, claims);
    }
}
