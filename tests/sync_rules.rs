//! The merge rules of `claims sync` (issue 14), through the real binary and a real PostgreSQL
//! (tests/support/pg.rs): sources named alike on two laptops become one whatever the order of
//! syncs, a merge made twice changes nothing the second time, a concurrent edit is named in the
//! sync's summary and in `log`, and `sync.auto` syncs after a write without ever failing it.

mod common;
#[path = "support/desk.rs"]
mod desk;
#[path = "support/pg.rs"]
mod pg;

use desk::Laptop;
use serde_json::Value;

/// A remote of this test's own: (admin URL, database name).
fn remote() -> (String, String) {
    let server = pg::server();
    let db = server.database();
    (server.url(&db, None), db)
}

/// Every laptop rebuilds as it stands and exports whole into a new file, and all read alike.
fn alike(laptops: &[Laptop]) {
    for laptop in laptops {
        laptop.rebuild_checks();
        laptop.exports_whole();
    }
    for laptop in &laptops[1..] {
        assert_eq!(
            laptops[0].canonical(),
            laptop.canonical(),
            "{}",
            laptop.actor
        );
    }
}

/// Two laptops sync in turn: `first`, the other, `first` again.
fn in_turn(laptops: &[Laptop], first: usize) {
    for i in [first, 1 - first, first] {
        laptops[i].sync();
    }
}

/// The live sources of a laptop of one kind: (uuid, name).
fn sources_of_kind(laptop: &Laptop, kind: &str) -> Vec<(String, String)> {
    laptop
        .json(&["sources"])
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["kind"] == kind)
        .map(|s| {
            (
                s["uuid"].as_str().unwrap().to_string(),
                s["name"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The uuid of the source a laptop's claim's first statement is by.
fn speaker_of(laptop: &Laptop, claim_text: &str) -> String {
    let list = laptop.json(&["list"]);
    let id = list
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["text"] == claim_text)
        .unwrap_or_else(|| panic!("{} lacks {claim_text:?}: {list}", laptop.actor))["id"]
        .as_i64()
        .unwrap();
    let shown = laptop.json(&["show", &id.to_string()]);
    let by = &shown["statements"][0]["source"];
    by.as_str()
        .unwrap_or_else(|| panic!("no source in {shown}"))
        .to_string()
}

/// Ann, Bob and Cyd each log a claim by "Port Authority" (an organisation) and by an unnamed
/// "harbour official", before any of them syncs; the syncs run in `order`. Every laptop ends
/// with one Port Authority, the one of the smallest uuid, speaking on every claim, and with
/// three anonymous officials.
fn named_alike(order: &[usize]) {
    let (url, _) = remote();
    let laptops = [
        Laptop::new("ann", &url),
        Laptop::new("bob", &url),
        Laptop::new("cyd", &url),
    ];
    let mut made = Vec::new();
    for laptop in &laptops {
        let claim = format!("The port closes, says {}", laptop.actor);
        laptop.ok(&[
            "add",
            &claim,
            "--by",
            "Port  authority",
            "--kind",
            "organization",
        ]);
        laptop.ok(&["confirm", "1", "--by", "a harbour official", "--anonymous"]);
        made.push(sources_of_kind(laptop, "organization")[0].0.clone());
    }
    let kept = made.iter().min().unwrap().clone();
    for &i in order {
        laptops[i].sync();
    }
    // Twice round: whatever each recorded reaches the others.
    for _ in 0..2 {
        for laptop in &laptops {
            laptop.sync();
        }
    }
    let canonical = laptops[0].canonical();
    for laptop in &laptops {
        assert_eq!(
            laptop.canonical(),
            canonical,
            "order {order:?}: {}",
            laptop.actor
        );
        laptop.rebuild_checks();
        let named = sources_of_kind(laptop, "organization");
        assert_eq!(
            named.len(),
            1,
            "order {order:?}: {}: {named:?}",
            laptop.actor
        );
        assert_eq!(named[0].0, kept, "order {order:?}: the smallest uuid stays");
        assert_eq!(
            sources_of_kind(laptop, "anonymous").len(),
            3,
            "order {order:?}: anonymous sources never merge"
        );
        for other in &laptops {
            let claim = format!("The port closes, says {}", other.actor);
            assert_eq!(speaker_of(laptop, &claim), named[0].1, "{claim}");
        }
        // The name finds it, on every laptop.
        let found = laptop.json(&["source", "show", "port authority"]);
        assert_eq!(found["uuid"], kept.as_str(), "{found}");
    }
}

#[test]
fn sources_named_alike_on_several_laptops_become_one_whatever_the_order_of_syncs() {
    named_alike(&[0, 1, 2]);
    named_alike(&[2, 1, 0]);
    named_alike(&[1, 0, 2, 1]);
}

#[test]
fn a_same_name_merge_made_twice_changes_nothing_the_second_time() {
    let (url, db) = remote();
    let ann = Laptop::new("ann", &url);
    let bob = Laptop::new("bob", &url);
    desk::one_outlet_on_two_with(
        &ann,
        &bob,
        &["source", "edit", "Reuters", "--alias", "Reuters News"],
    );
    bob.ok(&["source", "edit", "reuters", "--alias", "Thomson Reuters"]);
    ann.sync();
    assert_eq!(bob.sync()["sources_merged"], 1);
    // A third laptop that met both sources before either merge reached it made the same
    // merge: its copy, under its own uuid, reaches both.
    pg::server().sql(
        &db,
        "INSERT INTO claims_sync.events (uuid, replica, command, at, actor, kind, payload)
         SELECT gen_random_uuid()::text, 'dans-laptop', gen_random_uuid()::text, at,
                'dan (sync)', kind, payload
           FROM claims_sync.events WHERE kind = 'source.merged'",
    );
    for laptop in [&ann, &bob, &ann] {
        let synced = laptop.sync();
        assert_eq!(synced["sources_merged"], 0, "{synced}");
    }
    assert_eq!(ann.canonical(), bob.canonical());
    for laptop in [&ann, &bob] {
        laptop.rebuild_checks();
        let outlets = laptop.json(&["sources"]);
        let live: Vec<&Value> = outlets
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["kind"] == "outlet")
            .collect();
        assert_eq!(live.len(), 1, "{outlets}");
        let mut aliases: Vec<&str> = live[0]["aliases"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap())
            .collect();
        aliases.sort_unstable();
        assert_eq!(aliases, ["Reuters News", "Thomson Reuters"], "{outlets}");
    }
    // The merges are the sync's: nobody's undo takes one back as their last command.
    let log = ann.json(&["log"]);
    let merges: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "source.merged")
        .map(|e| e["actor"].as_str().unwrap())
        .collect();
    assert_eq!(merges.len(), 2, "{log}");
    assert!(merges.iter().all(|a| a.ends_with(" (sync)")), "{merges:?}");
}

#[test]
fn a_statement_by_a_source_before_its_merge_reached_the_speaker_joins_the_one_kept() {
    let (url, _) = remote();
    let ann = Laptop::new("ann", &url);
    let bob = Laptop::new("bob", &url);
    let cyd = Laptop::new("cyd", &url);
    desk::one_outlet_on_two(&ann, &bob);
    let kept = sources_of_kind(&ann, "outlet")[0].0.clone();
    bob.sync();
    // Cyd has Bob's source only, and logs a claim by it; the merge is made meanwhile.
    cyd.sync();
    cyd.ok(&["add", "Rates will fall", "--by", "Reuters"]);
    assert_eq!(ann.sync()["sources_merged"], 1);
    for laptop in [&cyd, &bob, &ann, &cyd] {
        laptop.sync();
    }
    let canonical = ann.canonical();
    for laptop in [&ann, &bob, &cyd] {
        assert_eq!(laptop.canonical(), canonical, "{}", laptop.actor);
        laptop.rebuild_checks();
        let outlets: Vec<Value> = laptop
            .json(&["sources"])
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["kind"] == "outlet")
            .cloned()
            .collect();
        assert_eq!(outlets.len(), 1, "{}: {outlets:?}", laptop.actor);
        assert_eq!(outlets[0]["uuid"], kept.as_str());
        assert_eq!(outlets[0]["statements"], 3, "{}: {outlets:?}", laptop.actor);
    }
    // Cyd's statement joined by a merge made again, by Cyd's sync, which met it first.
    let log = ann.json(&["log"]);
    let again = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "source.merged" && e["actor"] == "cyd (sync)")
        .count();
    assert_eq!(again, 1, "{log}");
}

/// Redacts what changes from run to run in a `log` entry.
fn redacted(mut event: Value) -> Value {
    let o = event.as_object_mut().unwrap();
    for key in ["uuid", "at", "command"] {
        o.insert(key.into(), Value::from(format!("[{key}]")));
    }
    o.shift_remove("payload");
    if let Some(met) = o.get_mut("concurrent").and_then(Value::as_array_mut) {
        for m in met {
            m["other"] = Value::from("[uuid]");
        }
    }
    event
}

#[test]
fn a_concurrent_edit_is_listed_by_the_sync_and_named_in_log() {
    let (url, _) = remote();
    let ann = Laptop::new("ann", &url);
    let bob = Laptop::new("bob", &url);
    ann.ok(&["add", "The ferry sank at noon", "--by", "Coastguard"]);
    ann.sync();
    bob.sync();
    ann.ok(&["edit", "1", "--text", "The ferry sank at 12:10"]);
    ann.sync();
    std::thread::sleep(std::time::Duration::from_millis(20));
    bob.ok(&["edit", "1", "--text", "The ferry capsized at noon"]);
    // Bob's edit is later: his text stands, and his sync says so, beside the count.
    let synced = bob.sync();
    assert_eq!(synced["concurrent_edits"], 1, "{synced}");
    let listed = &synced["concurrent"];
    assert_eq!(listed.as_array().map(Vec::len), Some(1), "{synced}");
    assert_eq!(listed[0]["item"], "claim");
    assert_eq!(listed[0]["id"], 1);
    assert_eq!(listed[0]["field"], "text");
    assert_eq!(listed[0]["pulled_won"], false);
    assert_eq!(listed[0]["stands"], "bob");
    assert_eq!(listed[0]["over"], "ann");
    // Ann's pulled edit, in Bob's log: which field, whose value stands.
    let log = bob.json(&["log", "1"]);
    let pulled = log
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "claim.edited" && e["actor"] == "ann")
        .unwrap_or_else(|| panic!("no edit of Ann's in {log}"))
        .clone();
    insta::assert_json_snapshot!("log_pulled_edit_that_lost", redacted(pulled));
    let own = log
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "claim.edited" && e["actor"] == "bob")
        .unwrap();
    // Bob's own edit says the same from its side.
    assert_eq!(own["concurrent"][0]["field"], "text", "{own}");
    assert_eq!(own["concurrent"][0]["won"], true, "{own}");
    assert_eq!(own["concurrent"][0]["other_actor"], "ann", "{own}");
    let table = bob.ok(&["log", "1"]);
    assert!(
        table.contains("(concurrent edit of text: bob's value stands; this one is kept in"),
        "{table}"
    );
    // The same, for people: one line under the summary.
    ann.ok(&["edit", "1", "--text", "The ferry sank at ten past noon"]);
    std::thread::sleep(std::time::Duration::from_millis(20));
    bob.ok(&["edit", "1", "--text", "The ferry capsized at ten past noon"]);
    ann.sync();
    let summary = bob.ok(&["sync"]);
    assert!(
        summary.ends_with("; 1 concurrent edit\n  claim #1 text: bob's value stands over ann's\n"),
        "{summary}"
    );
    assert_eq!(
        ann.json(&["show", "1"])["text"],
        "The ferry sank at ten past noon"
    );
    ann.sync();
    assert_eq!(ann.canonical(), bob.canonical());
    assert_eq!(
        ann.json(&["show", "1"])["text"],
        "The ferry capsized at ten past noon"
    );
    ann.rebuild_checks();
    bob.rebuild_checks();
}

#[test]
fn sync_auto_takes_a_duration_or_off_and_refuses_anything_else() {
    let env = common::Env::new();
    for bad in ["5", "5 minutes", "0s", "1.5h", "soon", ""] {
        let out = env
            .std_cmd()
            .args(["config", "set", "sync.auto", bad])
            .output()
            .unwrap();
        let (code, line) = common::error_shape(&out)
            .unwrap_or_else(|p| panic!("{p}\n{}", common::describe(&["config"], &out)));
        assert_eq!(code, 1);
        assert!(line.contains("30s, 5m or 1h, or off"), "{line}");
    }
    assert!(!env.db().exists(), "a refused value makes no file");
    for (typed, kept) in [("30s", "30s"), ("5M", "5m"), ("1h", "1h"), ("off", "off")] {
        let out = env
            .std_cmd()
            .args(["config", "set", "sync.auto", typed])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            common::describe(&["config"], &out)
        );
        let got = env
            .std_cmd()
            .args(["config", "get", "sync.auto"])
            .output()
            .unwrap();
        assert_eq!(String::from_utf8_lossy(&got.stdout), format!("{kept}\n"));
    }
}

#[test]
fn with_an_unreachable_remote_a_write_still_succeeds_and_prints_what_it_always_does() {
    // A port nothing listens on: bound, then let go.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("postgresql://nobody@127.0.0.1:{port}/claims");
    let quiet = Laptop::new("ann", &url);
    let eager = Laptop::new("ann", &url);
    eager.ok(&["config", "set", "sync.auto", "1s"]);
    let add = [
        "add",
        "The bridge reopens",
        "--by",
        "Council",
        "--format",
        "json",
    ];
    let plain = quiet.run(&add);
    let out = eager.run(&add);
    assert!(out.status.success(), "{}", common::describe(&add, &out));
    let shown = |out: &std::process::Output| {
        let mut v: Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
        redacted_claim(&mut v);
        v
    };
    assert_eq!(shown(&out), shown(&plain), "stdout is the command's alone");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let notes: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("automatic sync"))
        .collect();
    assert_eq!(notes.len(), 1, "{stderr}");
    assert!(notes[0].starts_with("note: "), "{stderr}");
    // The write is there, and the next one tries again (the failed sync set no time).
    assert_eq!(eager.json(&["list"]).as_array().map(Vec::len), Some(1));
    let again = eager.run(&["edit", "1", "--text", "The bridge reopens on Monday"]);
    assert!(again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("automatic sync"));
    // A read never syncs.
    let read = eager.run(&["list"]);
    assert!(!String::from_utf8_lossy(&read.stderr).contains("automatic sync"));
}

/// Takes out of `add --format json`'s output what differs between two files.
fn redacted_claim(v: &mut Value) {
    match v {
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                if [
                    "uuid",
                    "at",
                    "created_at",
                    "recorded_at",
                    "last_activity",
                    "stated_at",
                ]
                .contains(&key.as_str())
                {
                    *value = Value::Null;
                } else {
                    redacted_claim(value);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(redacted_claim),
        _ => {}
    }
}

#[test]
fn with_sync_auto_a_colleague_sees_a_write_by_only_pulling() {
    let (url, _) = remote();
    let ann = Laptop::new("ann", &url);
    let bob = Laptop::new("bob", &url);
    ann.ok(&["config", "set", "sync.auto", "1h"]);
    let out = ann.run(&["add", "The library closes early", "--by", "Librarian"]);
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr)
            .matches("automatic sync")
            .count(),
        0
    );
    // Bob only pulls: Ann's write is on the remote already.
    let synced = bob.sync();
    assert_eq!(synced["pushed"], 0, "{synced}");
    assert!(synced["pulled"].as_u64().unwrap() > 0, "{synced}");
    let list = bob.json(&["list"]);
    assert_eq!(list[0]["text"], "The library closes early", "{list}");
    // Within the hour, Ann's next write does not sync again; with auto sync off, never.
    ann.ok(&["add", "The pool reopens", "--by", "Librarian"]);
    assert_eq!(bob.sync()["pulled"], 0);
    ann.ok(&["config", "set", "sync.auto", "1s"]);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    ann.ok(&["add", "The museum reopens", "--by", "Curator"]);
    assert!(bob.sync()["pulled"].as_u64().unwrap() > 0);
    // A write to a claim already there (the file opened as it is) syncs too; a read does not.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    ann.ok(&["list"]);
    assert_eq!(bob.sync()["pulled"], 0);
    ann.ok(&["confirm", "1", "--by", "Mayor"]);
    assert!(bob.sync()["pulled"].as_u64().unwrap() > 0);
    ann.ok(&["config", "set", "sync.auto", "off"]);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    ann.ok(&["add", "The zoo reopens", "--by", "Keeper"]);
    assert_eq!(bob.sync()["pulled"], 0);
    ann.rebuild_checks();
}

#[test]
fn a_file_from_before_the_field_table_learns_its_edits_from_its_history() {
    let (url, _) = remote();
    let ann = Laptop::new("ann", &url);
    let bob = Laptop::new("bob", &url);
    ann.ok(&["add", "The dam holds", "--by", "Engineer"]);
    ann.sync();
    bob.sync();
    ann.ok(&["edit", "1", "--text", "The dam holds for now"]);
    std::thread::sleep(std::time::Duration::from_millis(20));
    bob.ok(&["edit", "1", "--text", "The dam is holding"]);
    // Bob's file as an older claims left it: no record of the latest edit of each field. Set
    // back to the schema before it, it is made again, from the history.
    {
        let conn = rusqlite::Connection::open(bob.env.db()).unwrap();
        conn.execute_batch("DROP TABLE field_edits; PRAGMA user_version = 9;")
            .unwrap();
    }
    ann.sync();
    let synced = bob.sync();
    assert_eq!(synced["concurrent_edits"], 1, "{synced}");
    assert_eq!(bob.json(&["show", "1"])["text"], "The dam is holding");
    ann.sync();
    assert_eq!(ann.json(&["show", "1"])["text"], "The dam is holding");
    assert_eq!(ann.canonical(), bob.canonical());
    bob.rebuild_checks();
}

/// Ann and Bob both remove one claim from the lists, and both retract one statement, before
/// either syncs, each with a note of their own, Bob a moment later. Whatever the order of the
/// syncs, both files end with Ann's removal and retraction (the earlier), and pass `rebuild
/// --check`.
#[test]
fn a_claim_removed_or_a_statement_retracted_on_two_laptops_keeps_the_earlier_everywhere() {
    for first in [0, 1] {
        let (url, _) = remote();
        let laptops = [Laptop::new("ann", &url), Laptop::new("bob", &url)];
        laptops[0].ok(&["add", "The ferry sank", "--by", "Harbour master"]);
        laptops[0].ok(&["add", "The pier burned", "--by", "Fire chief"]);
        laptops[0].sync();
        laptops[1].sync();
        let claim = laptops[0].json(&["show", "1"])["uuid"]
            .as_str()
            .unwrap()
            .to_string();
        let statement = laptops[0].json(&["show", "2"])["statements"][0]["uuid"]
            .as_str()
            .unwrap()
            .to_string();
        for (laptop, note) in laptops.iter().zip(["ann's reason", "bob's reason"]) {
            laptop.ok(&["remove", &claim, "--note", note]);
            laptop.ok(&["retract", &statement, "--note", note]);
            // The next second: Bob's are later than Ann's.
            std::thread::sleep(std::time::Duration::from_millis(1100));
        }
        let order = [first, 1 - first, first];
        for &i in &order {
            laptops[i].sync();
        }
        for laptop in &laptops {
            let removed = laptop.json(&["show", &claim]);
            assert_eq!(removed["removed"]["note"], "ann's reason", "{removed}");
            assert_eq!(removed["removed"]["actor"], "ann", "{removed}");
            let retracted = laptop.json(&["statement", "show", &statement]);
            assert_eq!(
                retracted["statement"]["retraction_note"], "ann's reason",
                "{retracted}"
            );
        }
        alike(&laptops);
    }
}

/// Ann moves a statement to one claim and Bob, a moment later, to another, before either
/// syncs. Whatever the order of the syncs, the statement ends on Bob's claim on both files,
/// every claim reads the same on both, and both pass `rebuild --check`; the sync that met the
/// two moves names the concurrent edit of the statement's claim.
#[test]
fn a_statement_moved_apart_on_two_laptops_ends_where_the_later_move_put_it() {
    for first in [0, 1] {
        let (url, _) = remote();
        let laptops = [Laptop::new("ann", &url), Laptop::new("bob", &url)];
        for text in [
            "The dam cracked",
            "The dam was inspected",
            "The dam was closed",
        ] {
            laptops[0].ok(&["add", text, "--by", "Engineer"]);
        }
        laptops[0].sync();
        laptops[1].sync();
        let uuid = |claim: &str| {
            laptops[0].json(&["show", claim])["uuid"]
                .as_str()
                .unwrap()
                .to_string()
        };
        let (b, c) = (uuid("2"), uuid("3"));
        let statement = laptops[0].json(&["show", "1"])["statements"][0]["uuid"]
            .as_str()
            .unwrap()
            .to_string();
        laptops[0].ok(&["statement", "move", &statement, &b]);
        std::thread::sleep(std::time::Duration::from_millis(1100));
        laptops[1].ok(&["statement", "move", &statement, &c]);
        let mut concurrent = 0;
        for i in [first, 1 - first, first] {
            concurrent += laptops[i].sync()["concurrent_edits"].as_u64().unwrap();
        }
        assert!(concurrent > 0, "no sync named the two moves");
        let claims = |laptop: &Laptop| -> Vec<Value> {
            ["1", "2", "3"]
                .iter()
                .map(|n| {
                    let mut v = laptop.json(&["show", n]);
                    for key in ["id", "last_activity", "statements"] {
                        v.as_object_mut().unwrap().remove(key);
                    }
                    v
                })
                .collect()
        };
        for laptop in &laptops {
            let shown = laptop.json(&["statement", "show", &statement]);
            assert_eq!(
                shown["claim"]["uuid"],
                c.as_str(),
                "{}: {shown}",
                laptop.actor
            );
            laptop.rebuild_checks();
        }
        let (mut on_ann, mut on_bob) = (claims(&laptops[0]), claims(&laptops[1]));
        let by_uuid = |v: &Value| v["uuid"].as_str().unwrap().to_string();
        on_ann.sort_by_key(by_uuid);
        on_bob.sort_by_key(by_uuid);
        assert_eq!(on_ann, on_bob);
    }
}

/// Ann merges a claim into another while Bob moves one of its statements to a third claim,
/// before either syncs. Whatever the order of the syncs, the pull never stops: the statement
/// stays where Bob's move put it, the merge stands for the rest, and both files read alike and
/// pass `rebuild --check`.
#[test]
fn a_merge_beside_a_colleagues_move_of_one_of_its_statements_stops_no_pull() {
    for first in [0, 1] {
        let (url, _) = remote();
        let laptops = [Laptop::new("ann", &url), Laptop::new("bob", &url)];
        laptops[0].ok(&["add", "The mill flooded", "--by", "Miller"]);
        laptops[0].ok(&["confirm", "1", "--by", "Neighbour"]);
        laptops[0].ok(&["add", "The mill was flooded", "--by", "Farmer"]);
        laptops[0].ok(&["add", "The weir broke", "--by", "Warden"]);
        laptops[0].sync();
        laptops[1].sync();
        let uuid = |claim: &str| {
            laptops[0].json(&["show", claim])["uuid"]
                .as_str()
                .unwrap()
                .to_string()
        };
        let (one, two, three) = (uuid("1"), uuid("2"), uuid("3"));
        let shown = laptops[0].json(&["show", "1"]);
        let moved = shown["statements"][1]["uuid"].as_str().unwrap().to_string();
        let stays = shown["statements"][0]["uuid"].as_str().unwrap().to_string();
        laptops[0].ok(&["merge", &one, &two]);
        laptops[1].ok(&["statement", "move", &moved, &three]);
        in_turn(&laptops, first);
        for laptop in &laptops {
            let on = |statement: &str| {
                laptop.json(&["statement", "show", statement])["claim"]["uuid"]
                    .as_str()
                    .unwrap()
                    .to_string()
            };
            assert_eq!(on(&moved), three, "{}", laptop.actor);
            assert_eq!(on(&stays), two, "{}", laptop.actor);
        }
        alike(&laptops);
    }
}

/// Ann renames a source to the name Bob gave a source of his own before they synced: every
/// laptop ends with one source of that name (the one of the smaller uuid), speaking on both
/// claims, whichever laptop syncs first; the rename does not stop anyone's pull.
#[test]
fn a_source_renamed_to_a_name_a_colleague_gave_another_becomes_one_source() {
    for ann_first in [true, false] {
        let (url, _) = remote();
        let ann = Laptop::new("ann", &url);
        let bob = Laptop::new("bob", &url);
        ann.ok(&[
            "add",
            "The lock gates failed",
            "--by",
            "Canal office",
            "--kind",
            "organization",
        ]);
        ann.sync();
        bob.sync();
        // Offline: Ann renames hers; Bob makes his own of that name.
        ann.ok(&[
            "source",
            "edit",
            "Canal office",
            "--name",
            "Waterways board",
        ]);
        bob.ok(&[
            "add",
            "The towpath is closed",
            "--by",
            "Waterways Board",
            "--kind",
            "organization",
        ]);
        let (first, second) = if ann_first {
            (&ann, &bob)
        } else {
            (&bob, &ann)
        };
        first.sync();
        second.sync();
        first.sync();
        let ann_sources = sources_of_kind(&ann, "organization");
        assert_eq!(ann_sources.len(), 1, "ann: {ann_sources:?}");
        assert_eq!(ann_sources, sources_of_kind(&bob, "organization"));
        // Ann's, made first (uuids begin with their time), under the name she gave it.
        assert_eq!(ann_sources[0].1, "Waterways board");
        for laptop in [&ann, &bob] {
            for claim in ["The lock gates failed", "The towpath is closed"] {
                assert_eq!(
                    speaker_of(laptop, claim),
                    "Waterways board",
                    "{}: {claim}",
                    laptop.actor
                );
            }
            laptop.rebuild_checks();
        }
        assert_eq!(ann.canonical(), bob.canonical());
        assert_eq!(ann.event_uuids(), bob.event_uuids());
    }
}

/// Three claims every laptop has: (A, with two statements; B; C), by uuid, and A's statements.
fn three_claims(laptops: &[Laptop]) -> ([String; 3], Vec<String>) {
    laptops[0].ok(&["add", "The bridge fell", "--by", "Engineer"]);
    laptops[0].ok(&["confirm", "1", "--by", "Ferryman"]);
    laptops[0].ok(&["add", "The bridge collapsed", "--by", "Mayor"]);
    laptops[0].ok(&["add", "The old bridge went down", "--by", "Baker"]);
    for laptop in laptops {
        laptop.sync();
    }
    let uuid = |claim: &str| {
        laptops[0].json(&["show", claim])["uuid"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let statements = laptops[0].json(&["show", "1"])["statements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["uuid"].as_str().unwrap().to_string())
        .collect();
    ([uuid("1"), uuid("2"), uuid("3")], statements)
}

/// The claim a statement is on, by uuid.
fn claim_of(laptop: &Laptop, statement: &str) -> String {
    laptop.json(&["statement", "show", statement])["claim"]["uuid"]
        .as_str()
        .unwrap()
        .to_string()
}

/// The claim `show` of a claim leads to (itself, or the claim it was merged into).
fn shown_as(laptop: &Laptop, claim: &str) -> String {
    laptop.json(&["show", claim])["uuid"]
        .as_str()
        .unwrap()
        .to_string()
}

/// The claim merges and the undos of merges the syncs found void or took back.
fn settled_merges(synced: &Value) -> u64 {
    synced["merges_void"].as_u64().unwrap() + synced["merges_taken_back"].as_u64().unwrap()
}

/// Ann merges claim A into B, and Bob, a moment later, merges A into C, before either syncs.
/// Whatever the order of the syncs, A ends merged into B (the earlier merge) on both files,
/// with its statements; Bob's merge is void everywhere, named so by `log` and counted by the
/// sync that met it; both files read alike and pass `rebuild --check`.
#[test]
fn a_claim_merged_into_two_claims_on_two_laptops_ends_merged_into_the_same_one_everywhere() {
    for first in [0, 1] {
        let (url, _) = remote();
        let laptops = [Laptop::new("ann", &url), Laptop::new("bob", &url)];
        let ([a, b, c], statements) = three_claims(&laptops);
        laptops[0].ok(&["merge", &a, &b]);
        std::thread::sleep(std::time::Duration::from_millis(1100));
        laptops[1].ok(&["merge", &a, &c]);
        let mut settled = 0;
        for (n, i) in [first, 1 - first, first].into_iter().enumerate() {
            let mut synced = laptops[i].sync();
            settled += settled_merges(&synced);
            if first == 0 && n == 1 {
                // Bob meets Ann's earlier merge: his own is taken back, and the summary says so.
                synced["remote"] = Value::from("[remote]");
                insta::assert_json_snapshot!("sync_that_took_back_a_later_merge", synced);
            }
        }
        assert!(settled > 0, "no sync met the two merges");
        if first == 0 {
            // Bob's merge, in Ann's log: void, and kept in the history.
            let log = laptops[0].json(&["log", &a]);
            let void = log
                .as_array()
                .unwrap()
                .iter()
                .find(|e| e["kind"] == "claim.merged" && e["actor"] == "bob")
                .unwrap_or_else(|| panic!("no merge of Bob's in {log}"));
            insta::assert_json_snapshot!(
                "log_pulled_merge_that_is_void",
                serde_json::json!({
                    "kind": void["kind"],
                    "actor": void["actor"],
                    "settled": void["payload"]["settled"],
                })
            );
            let table = laptops[0].ok(&["log", &a]);
            assert!(table.contains("(void: an earlier merge stands"), "{table}");
        }
        for laptop in &laptops {
            assert_eq!(shown_as(laptop, &a), b, "{}", laptop.actor);
            for statement in &statements {
                assert_eq!(claim_of(laptop, statement), b, "{}", laptop.actor);
            }
            assert_eq!(
                laptop.json(&["show", &c])["statements"]
                    .as_array()
                    .unwrap()
                    .len(),
                1
            );
            laptop.rebuild_checks();
            laptop.exports_whole();
        }
        let log = laptops[0].ok(&["log", &c]);
        assert!(log.contains("void"), "{log}");
        assert_eq!(laptops[0].canonical(), laptops[1].canonical());
    }
}

/// Ann merges claim A into B and Bob, a moment later, B into A, before either syncs. Whatever
/// the order of the syncs, A ends merged into B on both files (the earlier merge), B is merged
/// into nothing, every statement of both is on B, and both files read alike.
#[test]
fn a_into_b_beside_b_into_a_keeps_the_earlier_merge_everywhere() {
    for first in [0, 1] {
        let (url, _) = remote();
        let laptops = [Laptop::new("ann", &url), Laptop::new("bob", &url)];
        let ([a, b, _], statements) = three_claims(&laptops);
        let of_b: Vec<String> = laptops[0].json(&["show", &b])["statements"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["uuid"].as_str().unwrap().to_string())
            .collect();
        laptops[0].ok(&["merge", &a, &b]);
        std::thread::sleep(std::time::Duration::from_millis(1100));
        laptops[1].ok(&["merge", &b, &a]);
        in_turn(&laptops, first);
        for laptop in &laptops {
            assert_eq!(shown_as(laptop, &a), b, "{}", laptop.actor);
            assert_eq!(shown_as(laptop, &b), b, "{}", laptop.actor);
            for statement in statements.iter().chain(&of_b) {
                assert_eq!(claim_of(laptop, statement), b, "{}", laptop.actor);
            }
        }
        alike(&laptops);
    }
}

/// Ann merges claim A into B; Bob, a moment later, merges A into C; then Ann undoes her merge,
/// all before anyone syncs. Whatever the order of the syncs: Bob's merge came when A was
/// merged, so it is void, and Ann's undo frees A: A is merged into nothing on both files, its
/// statements are back on it, and both files read alike.
#[test]
fn a_merge_beside_a_colleagues_undone_merge_of_the_same_claim_settles_alike() {
    for first in [0, 1] {
        let (url, _) = remote();
        let laptops = [Laptop::new("ann", &url), Laptop::new("bob", &url)];
        let ([a, b, c], statements) = three_claims(&laptops);
        laptops[0].ok(&["merge", &a, &b]);
        std::thread::sleep(std::time::Duration::from_millis(1100));
        laptops[1].ok(&["merge", &a, &c]);
        std::thread::sleep(std::time::Duration::from_millis(1100));
        laptops[0].ok(&["undo"]);
        in_turn(&laptops, first);
        for laptop in &laptops {
            assert_eq!(shown_as(laptop, &a), a, "{}", laptop.actor);
            for statement in &statements {
                assert_eq!(claim_of(laptop, statement), a, "{}", laptop.actor);
            }
        }
        alike(&laptops);
    }
}

/// Ann merges source "Harbour desk" into "Port office", and Bob, a moment later, into "Coast
/// guard", before either syncs. Whatever the order of the syncs, the pull never stops on the
/// name the two merges both give as an alias, Harbour desk ends merged into Port office (the
/// earlier merge) on both files with its statement, and both files read alike.
#[test]
fn a_source_merged_into_two_sources_on_two_laptops_ends_merged_into_the_same_one() {
    for first in [0, 1] {
        let (url, _) = remote();
        let laptops = [Laptop::new("ann", &url), Laptop::new("bob", &url)];
        laptops[0].ok(&["add", "The quay flooded", "--by", "Harbour desk"]);
        laptops[0].ok(&["add", "The quay reopened", "--by", "Port office"]);
        laptops[0].ok(&["add", "The quay is closed", "--by", "Coast guard"]);
        for laptop in &laptops {
            laptop.sync();
        }
        laptops[0].ok(&["source", "merge", "Harbour desk", "Port office"]);
        std::thread::sleep(std::time::Duration::from_millis(1100));
        laptops[1].ok(&["source", "merge", "Harbour desk", "Coast guard"]);
        let mut settled = 0;
        for i in [first, 1 - first, first] {
            settled += settled_merges(&laptops[i].sync());
        }
        assert!(settled > 0, "no sync met the two merges");
        for laptop in &laptops {
            assert_eq!(
                speaker_of(laptop, "The quay flooded"),
                speaker_of(laptop, "The quay reopened"),
                "{}",
                laptop.actor
            );
        }
        alike(&laptops);
    }
}

/// Ann removes a claim from the lists and undoes it; Bob, a moment later, removes it too,
/// before either syncs. Whatever the order of the syncs, Bob's removal stands on both files
/// (Ann's is undone), and both read alike.
#[test]
fn an_undone_removal_beside_a_colleagues_removal_leaves_the_colleagues_standing() {
    for first in [0, 1] {
        let (url, _) = remote();
        let laptops = [Laptop::new("ann", &url), Laptop::new("bob", &url)];
        laptops[0].ok(&["add", "The lighthouse went dark", "--by", "Keeper"]);
        for laptop in &laptops {
            laptop.sync();
        }
        let claim = laptops[0].json(&["show", "1"])["uuid"]
            .as_str()
            .unwrap()
            .to_string();
        laptops[0].ok(&["remove", &claim, "--note", "ann's reason"]);
        laptops[0].ok(&["undo"]);
        std::thread::sleep(std::time::Duration::from_millis(1100));
        laptops[1].ok(&["remove", &claim, "--note", "bob's reason"]);
        in_turn(&laptops, first);
        for laptop in &laptops {
            let removed = laptop.json(&["show", &claim]);
            assert_eq!(
                removed["removed"]["note"], "bob's reason",
                "{}: {removed}",
                laptop.actor
            );
        }
        alike(&laptops);
    }
}
