//! Every change through its stored JSON and back, and what reverses it: no SQLite here.

use super::*;

fn uuid(n: u8) -> String {
    format!("0190c0de-0000-7000-8000-{n:012}")
}

fn claim_added() -> Change {
    Change::ClaimAdded(ClaimAdded {
        claim: AddedClaim {
            id: 3,
            uuid: uuid(1),
            text: "The ferry ran aground".into(),
            tags: vec!["harbour".into(), "night".into()],
            happened: Some("2026-05-02".into()),
            note: None,
            created_at: "2026-05-02T10:00:00Z".into(),
        },
    })
}

fn statement_added(reliability: Option<Option<Reliability>>) -> Change {
    Change::StatementAdded(StatementAdded {
        statement: AddedStatement {
            id: 9,
            uuid: uuid(2),
            claim: uuid(1),
            claim_id: 3,
            stance: Stance::Denies,
            source: uuid(3),
            source_name: "Port authority".into(),
            via: Some(uuid(4)),
            via_name: Some("Harbour Gazette".into()),
            citing: None,
            citing_name: None,
            quote: Some("no such thing".into()),
            url: None,
            stated_at: "2026-05-02T11:00:00Z".into(),
            recorded_at: "2026-05-02T11:05:00Z".into(),
            note: None,
            reliability,
        },
        status: Some(Move::new(Status::Unverified, Status::Denied)),
        summary: Some(Move::new(String::new(), "1 denies".into())),
    })
}

fn mark(n: i64) -> StatementMark {
    StatementMark {
        statement: uuid(2),
        id: n,
        claim_id: 3,
        status: None,
        summary: None,
    }
}

fn merged() -> ClaimMerge {
    ClaimMerge {
        claim: uuid(1),
        id: 3,
        into: uuid(6),
        into_id: 5,
        statements: vec![uuid(2), uuid(10)],
        tags: vec!["night".into()],
        note: Some(Move::new(
            Some("theirs".into()),
            Some("theirs; ours".into()),
        )),
        status: Some(Move::new(Status::Unverified, Status::Denied)),
        summary: Some(Move::new(String::new(), "1 denies".into())),
    }
}

fn dismissal(note: Option<&str>) -> ClaimDismissal {
    ClaimDismissal {
        claim: uuid(1),
        id: 3,
        at: "2026-05-05T09:00:00Z".into(),
        note: note.map(str::to_string),
    }
}

/// One of every variant, with the fields a payload may leave out both present and absent.
fn every_change() -> Vec<Change> {
    vec![
        claim_added(),
        Change::ClaimEdited(ClaimEdited {
            claim: uuid(1),
            id: 3,
            changes: ClaimFields {
                text: Some(Move::new("a".into(), "b".into())),
                happened: Some(Move::new(None, Some("2026-05-01".into()))),
                tags: Some(Move::new(vec![], vec!["x".into()])),
                ..ClaimFields::default()
            },
        }),
        Change::ClaimEdited(ClaimEdited {
            claim: uuid(1),
            id: 3,
            changes: ClaimFields {
                verdict: Some(Move::new(None, Some("false".into()))),
                verdict_explanation: Some(Move::new(None, Some("why".into()))),
                verdict_url: Some(Move::new(None, None)),
                verdict_at: Some(Move::new(None, Some("2026-05-03T00:00:00Z".into()))),
                ..ClaimFields::default()
            },
        }),
        Change::ClaimRemoved(ClaimMark {
            claim: uuid(1),
            id: 3,
        }),
        Change::ClaimRestored(ClaimMark {
            claim: uuid(1),
            id: 3,
        }),
        Change::SourceAdded(SourceAdded {
            source: AddedSource {
                id: 4,
                uuid: uuid(3),
                name: "Port authority".into(),
                kind: SourceKind::Organization,
                role: None,
                affiliation: Some("City".into()),
                aliases: vec!["the port".into()],
                reliability: Reliability::B,
                created_at: "2026-05-02T10:00:00Z".into(),
            },
        }),
        Change::SourceEdited(SourceEdited {
            source: uuid(3),
            id: 4,
            changes: SourceFields {
                kind: Some(Move::new(SourceKind::Person, SourceKind::Outlet)),
                name: Some(Move::new("a".into(), "b".into())),
                role: Some(Move::new(None, Some("spokesman".into()))),
                affiliation: Some(Move::new(Some("x".into()), None)),
                reliability: Some(Move::new(Reliability::F, Reliability::A)),
                aliases: Some(AliasChange {
                    added: Some(vec!["b2".into()]),
                    removed: None,
                }),
            },
        }),
        Change::SourceRemoved(SourceMark {
            source: uuid(3),
            id: 4,
        }),
        Change::SourceRestored(SourceMark {
            source: uuid(3),
            id: 4,
        }),
        statement_added(Some(Some(Reliability::C))),
        statement_added(Some(None)),
        statement_added(None),
        Change::StatementRetracted(StatementRetracted {
            statement: uuid(2),
            id: 9,
            claim_id: 3,
            retracted_at: "2026-05-04T00:00:00Z".into(),
            note: Some("misquoted".into()),
            status: Some(Move::new(Status::Denied, Status::Unverified)),
            summary: Some(Move::new("1 denies".into(), String::new())),
        }),
        Change::StatementUnretracted(mark(9)),
        Change::StatementRemoved(mark(9)),
        Change::StatementRestored(mark(9)),
        Change::SettingSet(SettingSet {
            key: "org".into(),
            old: None,
            new: Some("Desk".into()),
        }),
        Change::Undo(Undo {
            command: uuid(7),
            at: "2026-05-04T00:00:00Z".into(),
            actor: "alice".into(),
            events: vec![uuid(8)],
            kinds: vec!["claim.added".into()],
        }),
        Change::Redo(Redo {
            command: uuid(7),
            undo: uuid(9),
        }),
        Change::Empty(Empty {
            what: "ingest --apply".into(),
        }),
        statement_edited(),
        Change::StatementEdited(StatementEdited {
            statement: uuid(2),
            id: 9,
            claim_id: 3,
            changes: StatementFields {
                note: Some(Move::new(Some("x".into()), None)),
                ..StatementFields::default()
            },
            status: None,
            summary: None,
        }),
        statement_moved(),
        Change::SourceMerged(source_merge()),
        Change::SourceUnmerged(source_merge()),
        Change::ClaimMerged(merged()),
        Change::ClaimMerged(ClaimMerge {
            note: None,
            status: None,
            summary: None,
            tags: vec![],
            ..merged()
        }),
        Change::ClaimUnmerged(merged().swapped()),
        Change::ClaimDismissed(dismissal(Some("a duplicate"))),
        Change::ClaimUndismissed(dismissal(None)),
    ]
}

fn link(n: u8, name: &str) -> SourceLink {
    SourceLink {
        uuid: uuid(n),
        name: name.into(),
    }
}

fn statement_edited() -> Change {
    Change::StatementEdited(StatementEdited {
        statement: uuid(2),
        id: 9,
        claim_id: 3,
        changes: StatementFields {
            stance: Some(Move::new(Stance::Confirms, Stance::Denies)),
            source: Some(Move::new(link(3, "Port authority"), link(5, "Coast guard"))),
            via: Some(Move::new(Some(link(4, "Harbour Gazette")), None)),
            citing: Some(Move::new(None, Some(link(6, "Pilot")))),
            quote: Some(Move::new(None, Some("no".into()))),
            url: Some(Move::new(Some("https://a.example".into()), None)),
            stated_at: Some(Move::new(
                "2026-05-02T11:00:00Z".into(),
                "2026-05-01T09:00:00Z".into(),
            )),
            note: Some(Move::new(None, Some("misheard".into()))),
            reliability: Some(Move::new(None, Some(Reliability::B))),
        },
        status: Some(Move::new(Status::Confirmed, Status::Denied)),
        summary: Some(Move::new("1 confirms".into(), "1 denies".into())),
    })
}

fn statement_moved() -> Change {
    Change::StatementMoved(StatementMoved {
        statement: uuid(2),
        id: 9,
        claim: Move::new(uuid(10), uuid(1)),
        claim_id: Move::new(2, 3),
        from: Some(Regrading {
            status: Move::new(Status::Denied, Status::Unverified),
            summary: Move::new("1 denies".into(), String::new()),
        }),
        to: Some(Regrading {
            status: Move::new(Status::Unverified, Status::Denied),
            summary: Move::new(String::new(), "1 denies".into()),
        }),
    })
}

fn source_merge() -> SourceMerge {
    let statement = |n: i64| StatementRef {
        statement: uuid(20 + n as u8),
        id: n,
        claim_id: 3,
    };
    SourceMerge {
        source: uuid(3),
        id: 4,
        name: "Reyes".into(),
        into: uuid(5),
        into_id: 6,
        into_name: "Harbour master".into(),
        aliases: vec!["Captain Reyes".into()],
        added: vec!["Reyes".into(), "Captain Reyes".into()],
        statements: vec![statement(1), statement(2)],
        via: vec![],
        citing: vec![statement(7)],
    }
}

#[test]
fn every_change_goes_through_its_stored_json_and_back() {
    let mut kinds = std::collections::BTreeSet::new();
    for change in every_change() {
        for undoes in [None, Some(uuid(5))] {
            let recorded = Recorded {
                change: change.clone(),
                undoes,
                settled: None,
            };
            let text = recorded.payload_text();
            let back = Recorded::parse(recorded.kind(), &text).unwrap();
            assert_eq!(back, recorded, "{text}");
            assert_eq!(back.payload_text(), text);
        }
        kinds.insert(change.kind());
    }
    assert_eq!(
        kinds.len(),
        KINDS.len(),
        "a variant is missing from the test"
    );
}

#[test]
fn payloads_keep_the_field_order_and_nulls_they_always_had() {
    assert_eq!(
        Recorded::new(claim_added()).payload_text(),
        format!(
            r#"{{"claim":{{"id":3,"uuid":"{}","text":"The ferry ran aground","tags":["harbour","night"],"happened":"2026-05-02","note":null,"created_at":"2026-05-02T10:00:00Z"}}}}"#,
            uuid(1)
        )
    );
    // Written before statements had their own grade: no "reliability" key, and none added.
    let old = statement_added(None);
    let text = Recorded::new(old).payload_text();
    assert!(!text.contains("reliability"), "{text}");
    assert!(text.ends_with(r#""note":null},"status":{"old":"unverified","new":"denied"},"summary":{"old":"","new":"1 denies"}}"#), "{text}");
    let undone = Recorded {
        change: Change::ClaimRemoved(ClaimMark {
            claim: uuid(1),
            id: 3,
        }),
        undoes: Some(uuid(5)),
        settled: None,
    };
    assert_eq!(
        undone.payload_text(),
        format!(r#"{{"claim":"{}","id":3,"undoes":"{}"}}"#, uuid(1), uuid(5))
    );
}

#[test]
fn an_unknown_kind_or_field_is_an_error_that_names_it() {
    let error = Recorded::parse("claim.exploded", "{}")
        .unwrap_err()
        .to_string();
    assert!(error.contains("claim.exploded"), "{error}");
    let error = Recorded::parse("claim.removed", r#"{"claim":"x","id":1,"colour":"red"}"#)
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("colour") && error.contains("claim.removed"),
        "{error}"
    );
    let error = Recorded::parse("claim.removed", r#"{"claim":"x"}"#)
        .unwrap_err()
        .to_string();
    assert!(error.contains("id"), "{error}");
    let error = Recorded::parse("claim.removed", "not json")
        .unwrap_err()
        .to_string();
    assert!(error.contains("not JSON"), "{error}");
    let error = Recorded::parse("claim.removed", r#"{"claim":"x","id":1,"undoes":3}"#)
        .unwrap_err()
        .to_string();
    assert!(error.contains("undoes"), "{error}");
}

#[test]
fn reverse_names_what_undoes_each_change() {
    for change in every_change() {
        let reversed = change.reverse();
        match &change {
            Change::ClaimAdded(p) => assert_eq!(
                reversed,
                Some(Change::ClaimRemoved(ClaimMark {
                    claim: p.claim.uuid.clone(),
                    id: p.claim.id
                }))
            ),
            Change::ClaimEdited(p) => {
                let Some(Change::ClaimEdited(back)) = &reversed else {
                    panic!("{reversed:?}")
                };
                assert_eq!(back.id, p.id);
                if let Some(text) = &p.changes.text {
                    assert_eq!(
                        back.changes.text,
                        Some(Move::new(text.new.clone(), text.old.clone()))
                    );
                }
                // Twice back is where it started.
                assert_eq!(back.changes.swapped(), p.changes);
            }
            Change::ClaimRemoved(p) => assert_eq!(reversed, Some(Change::ClaimRestored(p.clone()))),
            Change::ClaimRestored(p) => assert_eq!(reversed, Some(Change::ClaimRemoved(p.clone()))),
            Change::SourceAdded(p) => assert_eq!(
                reversed,
                Some(Change::SourceRemoved(SourceMark {
                    source: p.source.uuid.clone(),
                    id: p.source.id
                }))
            ),
            Change::SourceEdited(p) => {
                let Some(Change::SourceEdited(back)) = &reversed else {
                    panic!("{reversed:?}")
                };
                let aliases = back.changes.aliases.as_ref().unwrap();
                assert_eq!(aliases.removed, p.changes.aliases.as_ref().unwrap().added);
                assert_eq!(aliases.added, None);
                assert_eq!(back.changes.swapped(), p.changes);
            }
            Change::SourceRemoved(p) => {
                assert_eq!(reversed, Some(Change::SourceRestored(p.clone())))
            }
            Change::SourceRestored(p) => {
                assert_eq!(reversed, Some(Change::SourceRemoved(p.clone())))
            }
            Change::StatementAdded(p) => assert_eq!(
                reversed,
                Some(Change::StatementRemoved(mark(p.statement.id)))
            ),
            Change::StatementRetracted(p) => {
                assert_eq!(reversed, Some(Change::StatementUnretracted(mark(p.id))))
            }
            Change::StatementRemoved(p) => {
                assert_eq!(reversed, Some(Change::StatementRestored(mark(p.id))))
            }
            Change::StatementRestored(p) => {
                assert_eq!(reversed, Some(Change::StatementRemoved(mark(p.id))))
            }
            Change::StatementUnretracted(_)
            | Change::Undo(_)
            | Change::Redo(_)
            | Change::Empty(_) => assert_eq!(reversed, None),
            Change::SettingSet(p) => assert_eq!(
                reversed,
                Some(Change::SettingSet(SettingSet {
                    key: p.key.clone(),
                    old: p.new.clone(),
                    new: p.old.clone()
                }))
            ),
            Change::StatementEdited(p) => {
                let Some(Change::StatementEdited(back)) = &reversed else {
                    panic!("{reversed:?}")
                };
                assert_eq!(
                    (&back.statement, back.id, back.claim_id),
                    (&p.statement, p.id, p.claim_id)
                );
                if let Some(stance) = &p.changes.stance {
                    assert_eq!(back.changes.stance, Some(stance.swapped()));
                }
                // The store fills in how the claim moves back.
                assert_eq!((&back.status, &back.summary), (&None, &None));
                assert_eq!(back.changes.swapped(), p.changes);
            }
            Change::StatementMoved(p) => {
                let Some(Change::StatementMoved(back)) = &reversed else {
                    panic!("{reversed:?}")
                };
                assert_eq!(back.claim, p.claim.swapped());
                assert_eq!(back.claim_id, p.claim_id.swapped());
                assert_eq!((&back.from, &back.to), (&None, &None));
                assert_eq!(back.swapped().claim, p.claim);
            }
            Change::SourceMerged(p) => {
                assert_eq!(reversed, Some(Change::SourceUnmerged(p.clone())))
            }
            Change::SourceUnmerged(p) => {
                assert_eq!(reversed, Some(Change::SourceMerged(p.clone())))
            }
            Change::ClaimMerged(p) | Change::ClaimUnmerged(p) => {
                let (Some(Change::ClaimUnmerged(back)) | Some(Change::ClaimMerged(back))) =
                    &reversed
                else {
                    panic!("{reversed:?}")
                };
                assert_ne!(reversed.as_ref().map(Change::kind), Some(change.kind()));
                // The same statements and tags go back; the note's move is swapped; the
                // regrading is the store's to fill in.
                assert_eq!(
                    (&back.claim, back.id, &back.into, back.into_id),
                    (&p.claim, p.id, &p.into, p.into_id)
                );
                assert_eq!((&back.statements, &back.tags), (&p.statements, &p.tags));
                assert_eq!(back.note, p.note.as_ref().map(Move::swapped));
                assert_eq!((&back.status, &back.summary), (&None, &None));
                // Twice back is where it started, but for the regrading.
                let twice = reversed.as_ref().and_then(Change::reverse);
                let mut expected = change.clone();
                if let Change::ClaimMerged(p) | Change::ClaimUnmerged(p) = &mut expected {
                    (p.status, p.summary) = (None, None);
                }
                assert_eq!(twice, Some(expected));
            }
            Change::ClaimDismissed(p) => {
                assert_eq!(reversed, Some(Change::ClaimUndismissed(p.clone())))
            }
            Change::ClaimUndismissed(p) => {
                assert_eq!(reversed, Some(Change::ClaimDismissed(p.clone())))
            }
        }
    }
}

#[test]
fn a_mended_statement_reads_back_to_where_it_started() {
    // Reversed twice (regradings aside, which the store fills in) is the change itself.
    let strip = |change: Change| match change {
        Change::StatementEdited(mut p) => {
            (p.status, p.summary) = (None, None);
            Change::StatementEdited(p)
        }
        Change::StatementMoved(mut p) => {
            (p.from, p.to) = (None, None);
            Change::StatementMoved(p)
        }
        other => other,
    };
    for change in [
        statement_edited(),
        statement_moved(),
        Change::SourceMerged(source_merge()),
    ] {
        let twice = change.reverse().unwrap().reverse().unwrap();
        assert_eq!(twice, strip(change.clone()), "{}", change.kind());
    }
}

#[test]
fn mending_payloads_have_their_documented_shape() {
    let text = Recorded::new(statement_moved()).payload_text();
    assert_eq!(
        text,
        format!(
            r#"{{"statement":"{}","id":9,"claim":{{"old":"{}","new":"{}"}},"claim_id":{{"old":2,"new":3}},"from":{{"status":{{"old":"denied","new":"unverified"}},"summary":{{"old":"1 denies","new":""}}}},"to":{{"status":{{"old":"unverified","new":"denied"}},"summary":{{"old":"","new":"1 denies"}}}}}}"#,
            uuid(2),
            uuid(10),
            uuid(1)
        )
    );
    // Only the fields that changed, a source as its uuid and name.
    let text = Recorded::new(statement_edited()).payload_text();
    assert!(
        text.starts_with(&format!(
            r#"{{"statement":"{}","id":9,"claim_id":3,"changes":{{"stance":{{"old":"confirms","new":"denies"}},"source":{{"old":{{"uuid":"{}","name":"Port authority"}}"#,
            uuid(2),
            uuid(3)
        )),
        "{text}"
    );
    assert!(text.contains(r#""via":{"old":{"uuid":"#), "{text}");
    assert!(
        text.contains(r#""reliability":{"old":null,"new":"B"}"#),
        "{text}"
    );
    let Change::StatementEdited(mut only_note) = statement_edited() else {
        unreachable!()
    };
    only_note.changes = StatementFields {
        note: Some(Move::new(None, Some("n".into()))),
        ..StatementFields::default()
    };
    (only_note.status, only_note.summary) = (None, None);
    assert_eq!(
        Recorded::new(Change::StatementEdited(only_note)).payload_text(),
        format!(
            r#"{{"statement":"{}","id":9,"claim_id":3,"changes":{{"note":{{"old":null,"new":"n"}}}}}}"#,
            uuid(2)
        )
    );
}

#[test]
fn mending_names_what_it_touches_for_the_undo_rule() {
    // An edit names the sources it took the statement from and gave it to.
    let edited = statement_edited();
    let names = edited.names();
    for n in [2, 3, 5, 4, 6] {
        assert!(names.contains(&uuid(n).as_str()), "{n}: {names:?}");
    }
    // A move names both claims.
    let moved = statement_moved();
    let names = moved.names();
    assert!(names.contains(&uuid(10).as_str()) && names.contains(&uuid(1).as_str()));
    // A merge names the source it went into and changes every statement it moved.
    let merge = Change::SourceMerged(source_merge());
    assert!(merge.names().contains(&uuid(5).as_str()));
    let changed = merge.changed();
    assert_eq!(changed, [uuid(3), uuid(21), uuid(22), uuid(27)]);
    assert_eq!(statement_edited().changed(), [uuid(2)]);
}

#[test]
fn a_merge_reads_other_sources_as_ours_on_import() {
    let mut merge = Change::SourceMerged(source_merge());
    for uuid in merge.source_uuids_mut() {
        uuid.push('!');
    }
    let Change::SourceMerged(p) = merge else {
        unreachable!()
    };
    assert!(p.source.ends_with('!') && p.into.ends_with('!'));
    let mut edit = statement_edited();
    assert_eq!(edit.source_uuids_mut().len(), 4);
}

#[test]
fn a_merge_names_and_alters_both_claims_and_what_moved() {
    let merge = Change::ClaimMerged(merged());
    assert_eq!(merge.subject(), Some(("claim", uuid(1).as_str())));
    assert_eq!(merge.claim(), Some(3));
    let names = merge.names();
    assert_eq!(names, [uuid(1), uuid(6), uuid(2), uuid(10)]);
    assert_eq!(merge.changed(), names);
    // A removal alters only its claim.
    let dismissed = Change::ClaimDismissed(dismissal(None));
    assert_eq!(dismissed.changed(), [uuid(1)]);
    assert_eq!(dismissed.names(), [uuid(1)]);
    // A merge records how the claim merged into moved.
    let mut bare = Change::ClaimMerged(ClaimMerge {
        status: None,
        summary: None,
        ..merged()
    });
    bare.set_regrading(
        Move::new(Status::Unverified, Status::Denied),
        Move::new(String::new(), "1 denies".into()),
    );
    assert_eq!(bare, merge);
}

#[test]
fn merge_and_removal_payloads_read_as_written() {
    let text = Recorded::new(Change::ClaimDismissed(dismissal(Some("dup")))).payload_text();
    assert_eq!(
        text,
        format!(
            r#"{{"claim":"{}","id":3,"at":"2026-05-05T09:00:00Z","note":"dup"}}"#,
            uuid(1)
        )
    );
    let bare = Change::ClaimMerged(ClaimMerge {
        note: None,
        status: None,
        summary: None,
        ..merged()
    });
    let text = Recorded::new(bare).payload_text();
    assert!(
        text.ends_with(&format!(
            r#""statements":["{}","{}"],"tags":["night"]}}"#,
            uuid(2),
            uuid(10)
        )),
        "{text}"
    );
}

#[test]
fn activity_is_marked_on_the_claim_of_every_change_but_its_removal() {
    for change in every_change() {
        let expected = match &change {
            Change::ClaimRemoved(_) => None,
            Change::StatementMoved(_) => {
                assert_eq!(change.marks_activity(), [2, 3], "both claims");
                continue;
            }
            Change::SourceAdded(_)
            | Change::SourceEdited(_)
            | Change::SourceRemoved(_)
            | Change::SourceRestored(_)
            | Change::SettingSet(_)
            | Change::Undo(_)
            | Change::Redo(_)
            | Change::Empty(_)
            | Change::SourceMerged(_)
            | Change::SourceUnmerged(_) => None,
            // The claim merged into gained (or lost) statements; the merged one is hidden.
            Change::ClaimMerged(p) | Change::ClaimUnmerged(p) => Some(p.into_id),
            _ => Some(3),
        };
        assert_eq!(
            change.marks_activity(),
            Vec::from_iter(expected),
            "{}",
            change.kind()
        );
    }
}

#[test]
fn regrading_is_set_only_where_it_is_recorded() {
    let mut removed = Change::StatementRemoved(mark(9));
    removed.set_regrading(
        Move::new(Status::Denied, Status::Unverified),
        Move::new("1 denies".into(), String::new()),
    );
    let text = Recorded::new(removed).payload_text();
    assert!(
        text.contains(r#""status":{"old":"denied","new":"unverified"}"#),
        "{text}"
    );
    let mut claim = claim_added();
    claim.set_regrading(
        Move::new(Status::Denied, Status::Unverified),
        Move::new(String::new(), String::new()),
    );
    assert_eq!(claim, claim_added());
}

#[test]
fn redo_restores_what_was_added_and_does_the_rest_again() {
    for change in every_change() {
        let again = change.redo();
        let kinds: Vec<&str> = again.iter().map(Change::kind).collect();
        match &change {
            Change::ClaimAdded(_) => assert_eq!(kinds, ["claim.restored"]),
            // Its aliases, freed when it was removed, come back with it.
            Change::SourceAdded(p) => {
                assert_eq!(kinds, ["source.restored", "source.edited"]);
                let Change::SourceEdited(edit) = &again[1] else {
                    panic!("{again:?}")
                };
                let aliases = edit.changes.aliases.as_ref().unwrap();
                assert_eq!(aliases.added.as_ref(), Some(&p.source.aliases));
            }
            Change::StatementAdded(_) => assert_eq!(kinds, ["statement.restored"]),
            other => assert_eq!(again, std::slice::from_ref(other)),
        }
        // What a redo does names what the change named.
        if let Some((_, subject)) = change.subject() {
            assert!(again[0].names().contains(&subject), "{}", change.kind());
        }
    }
}

#[test]
fn a_statement_names_its_claim_and_its_sources() {
    let statement = statement_added(None);
    assert_eq!(statement.names(), [uuid(2), uuid(1), uuid(3), uuid(4)]);
    assert!(
        Change::Undo(Undo {
            command: uuid(7),
            at: String::new(),
            actor: String::new(),
            events: vec![],
            kinds: vec![],
        })
        .names()
        .is_empty()
    );
}
