//! `claims sync` (issue 14) through the real binary and a real PostgreSQL (tests/support/pg.rs):
//! laptops converge, a second sync does nothing, roles are PostgreSQL's own, a kill loses
//! nothing, and a pull beside concurrent pushes skips nothing.

mod common;
#[path = "support/desk.rs"]
mod desk;
#[path = "support/pg.rs"]
mod pg;

use desk::Laptop;

/// The events of a file, read beside a running command.
fn count_events(db: &std::path::Path) -> u64 {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    conn.busy_timeout(std::time::Duration::from_secs(10))
        .unwrap();
    conn.query_row("SELECT count(*) FROM events", [], |row| {
        row.get::<_, i64>(0)
    })
    .unwrap_or(0) as u64
}

/// A remote of this test's own: (admin URL, database name).
fn remote() -> (String, String) {
    let server = pg::server();
    let db = server.database();
    (server.url(&db, None), db)
}

fn figures(v: &serde_json::Value) -> [u64; 4] {
    ["pushed", "pulled", "colleagues", "claims_changed"].map(|k| {
        v[k].as_u64()
            .unwrap_or_else(|| panic!("{k} is a count in {v}"))
    })
}

#[test]
fn two_laptops_converge_and_a_second_sync_does_nothing() {
    let (url, _) = remote();
    let ann = Laptop::new("ann", &url);
    let bob = Laptop::new("bob", &url);
    ann.ok(&[
        "add",
        "The mayor resigned",
        "--by",
        "City hall",
        "--tag",
        "council",
    ]);
    ann.ok(&["confirm", "1", "--by", "Reuters", "--kind", "outlet"]);
    bob.ok(&[
        "add",
        "The port will close in May",
        "--by",
        "Harbour master",
    ]);
    bob.ok(&["deny", "1", "--by", "Port union", "--kind", "organization"]);

    let first = ann.sync();
    assert_eq!(figures(&first), [ann.event_uuids().len() as u64, 0, 0, 0]);
    let bob_synced = bob.sync();
    let [pushed, pulled, colleagues, changed] = figures(&bob_synced);
    assert!(pushed > 0 && pulled == first["pushed"].as_u64().unwrap());
    assert_eq!((colleagues, changed), (1, 1), "{bob_synced}");
    let ann_again = ann.sync();
    assert_eq!(ann_again["pulled"], bob_synced["pushed"], "{ann_again}");
    assert_eq!(ann_again["pushed"], 0);

    assert_eq!(ann.canonical(), bob.canonical());
    ann.rebuild_checks();
    bob.rebuild_checks();

    // Bob's claim is a claim of Ann's file now, with its statement and the status it has.
    let list = ann.json(&["list"]);
    assert_eq!(list.as_array().map(Vec::len), Some(2), "{list}");
    let port = ann.json(&["show", "2"]);
    assert_eq!(port["status"], "denied", "{port}");
    assert_eq!(port["summary"], "denied by Port union", "{port}");
    // And Ann's search finds it, by its words and by its sources' names.
    assert_eq!(ann.found("port close").len(), 1);
    assert_eq!(ann.found("union").len(), 1);

    // Nothing to do, on both sides, however often.
    for laptop in [&ann, &bob, &ann] {
        assert_eq!(figures(&laptop.sync()), [0, 0, 0, 0]);
    }
    let text = ann.ok(&["sync"]);
    assert_eq!(text, "pushed 0, pulled 0 changes\n");

    // Work after a sync goes the same way, statements on a colleague's claim included.
    bob.ok(&[
        "confirm",
        "1",
        "--by",
        "Mayor's office",
        "--kind",
        "organization",
    ]);
    let pushed = bob.sync();
    assert_eq!(figures(&pushed)[1], 0);
    let pulled = ann.sync();
    assert_eq!(figures(&pulled)[1], pushed["pushed"].as_u64().unwrap());
    assert_eq!(pulled["claims_changed"], 1);
    assert_eq!(ann.canonical(), bob.canonical());
    ann.rebuild_checks();
}

#[test]
fn three_laptops_end_identical_whatever_the_order_of_syncs() {
    let (url, _) = remote();
    let laptops = [
        Laptop::new("ann", &url),
        Laptop::new("bob", &url),
        Laptop::new("cyd", &url),
    ];
    for (i, laptop) in laptops.iter().enumerate() {
        laptop.ok(&[
            "add",
            &format!("Claim {i} of the day"),
            "--by",
            &format!("Witness {i}"),
        ]);
        laptop.ok(&["add", &format!("Second claim {i}"), "--tag", "second"]);
        laptop.ok(&["retract", "1", "--note", "misheard"]);
        laptop.ok(&[
            "edit",
            "2",
            "--text",
            &format!("Second claim {i}, corrected"),
        ]);
    }
    // Interleaved: each syncs, then works on what it pulled, then all sync twice.
    laptops[1].sync();
    laptops[0].sync();
    laptops[0].ok(&["confirm", "3", "--by", "Desk editor", "--kind", "person"]);
    laptops[2].sync();
    laptops[2].ok(&["undo"]);
    for _ in 0..2 {
        for laptop in [&laptops[2], &laptops[0], &laptops[1]] {
            laptop.sync();
        }
    }
    let canonical = laptops[0].canonical();
    for laptop in &laptops {
        assert_eq!(laptop.canonical(), canonical, "{} differs", laptop.actor);
        laptop.rebuild_checks();
        assert_eq!(figures(&laptop.sync()), [0, 0, 0, 0]);
    }
    let claims = laptops[1].json(&["list", "--include-removed"]);
    assert_eq!(claims.as_array().map(Vec::len), Some(6), "{claims}");
}

#[test]
fn a_read_only_role_pulls_but_its_push_is_refused_and_the_file_is_unchanged() {
    let server = pg::server();
    let db = server.database();
    let admin_url = server.url(&db, None);
    let reader = server.role("desk_reader");
    let writer = server.role("desk_writer");
    let ann = Laptop::new("ann", &admin_url);
    ann.ok(&["add", "The bridge is unsafe", "--by", "Engineer"]);
    ann.sync();
    // The roles a desk gives its people, as the README says.
    server.sql(
        &db,
        &format!(
            "GRANT USAGE ON SCHEMA claims_sync TO {reader}, {writer};
             GRANT SELECT ON ALL TABLES IN SCHEMA claims_sync TO {reader};
             GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA claims_sync TO {writer};
             GRANT USAGE ON ALL SEQUENCES IN SCHEMA claims_sync TO {writer};"
        ),
    );
    let guest = Laptop::new("guest", &server.url(&db, Some(&reader)));
    let pulled = guest.sync();
    assert_eq!(figures(&pulled)[..2], [0, ann.event_uuids().len() as u64]);
    assert_eq!(guest.canonical(), ann.canonical());

    guest.ok(&["add", "A claim the reader may not share", "--by", "Rumour"]);
    let before = guest.env.dump();
    let line = guest.err(&["sync"]);
    assert!(line.contains("permission denied"), "{line}");
    assert!(line.contains("nothing was pushed"), "{line}");
    assert_eq!(
        guest.env.dump(),
        before,
        "the refused push changed the file"
    );

    let colleague = Laptop::new("cyd", &server.url(&db, Some(&writer)));
    colleague.ok(&["add", "The writer role may push", "--by", "Clerk"]);
    let pushed = colleague.sync();
    assert!(pushed["pushed"].as_u64().unwrap() > 0, "{pushed}");
    assert_eq!(
        pushed["pulled"].as_u64().unwrap(),
        ann.event_uuids().len() as u64
    );
}

#[test]
fn a_password_in_the_url_is_refused_and_never_printed() {
    let env = common::Env::new();
    for url in [
        "postgresql://ann:s3cret@db.example.org/desk",
        "postgres://ann@db.example.org/desk?password=s3cret",
    ] {
        let line = env.expect_err(&["remote", "set", url], 1);
        assert!(line.contains("PGPASSWORD"), "{line}");
        assert!(!line.contains("s3cret"), "{line}");
        let out = env
            .cmd()
            .env("CLAIMS_REMOTE", url)
            .arg("sync")
            .output()
            .unwrap();
        let (_, line) = common::error_shape(&out).unwrap();
        assert!(
            line.contains("PGPASSWORD") && !line.contains("s3cret"),
            "{line}"
        );
    }
    let line = env.expect_err(&["remote", "set", "mysql://ann@db/desk"], 1);
    assert!(line.contains("postgresql://"), "{line}");
    // Nothing was stored.
    assert_eq!(
        env.run_ok(&["remote", "show"]),
        "no remote; 'claims remote set URL' sets one\n"
    );
}

#[test]
fn remote_set_show_unset_and_the_environment_overrides() {
    let env = common::Env::new();
    let url = "postgresql://ann@db.example.org:5433/desk?sslmode=verify-full";
    assert_eq!(env.run_ok(&["remote", "set", url]), format!("{url}\n"));
    assert_eq!(env.run_ok(&["remote", "show"]), format!("{url}\n"));
    let shown = env.run_json(&["remote", "show"]);
    assert_eq!(shown["remote"], url);
    assert_eq!(shown["from"], "database");
    let out = env
        .cmd()
        .env("CLAIMS_REMOTE", "postgres://bob@localhost/other")
        .args(["remote", "show"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "postgres://bob@localhost/other (from CLAIMS_REMOTE)\n"
    );
    env.run_ok(&["remote", "unset"]);
    let line = env.expect_err(&["sync"], 1);
    assert!(line.contains("claims remote set"), "{line}");
}

#[test]
fn an_unreachable_or_wrong_remote_is_one_line_and_the_file_unchanged() {
    let server = pg::server();
    let env = common::Env::new();
    env.run_ok(&["add", "Something to push", "--by", "Someone"]);
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    for url in [
        format!("postgresql://nobody@127.0.0.1:{port}/desk"),
        server.url("no_such_database_here", None),
        server.url(&server.database(), Some("no_such_role_here")),
    ] {
        env.run_ok(&["remote", "set", &url]);
        let before = env.dump();
        let line = env.expect_err(&["sync"], 1);
        assert!(line.starts_with("error: cannot sync with "), "{line}");
        assert!(env.dump() == before, "a failed sync changed the file");
    }
}

#[test]
fn a_schema_of_the_same_name_not_ours_or_newer_is_refused() {
    let server = pg::server();
    let db = server.database();
    server.sql(
        &db,
        "CREATE SCHEMA claims_sync; CREATE TABLE claims_sync.events (x int)",
    );
    let ann = Laptop::new("ann", &server.url(&db, None));
    ann.ok(&["add", "Anything", "--by", "Someone"]);
    let line = ann.err(&["sync"]);
    assert!(line.contains("not made by claims"), "{line}");
    let untouched: i64 = server
        .admin(Some(&db))
        .query_one(
            "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'claims_sync'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(untouched, 1, "the other schema was touched");

    let db = server.database();
    let ann = Laptop::new("ann", &server.url(&db, None));
    ann.sync();
    server.sql(&db, "UPDATE claims_sync.meta SET version = 99");
    let line = ann.err(&["sync"]);
    assert!(
        line.contains("version 99") && line.contains("upgrade claims"),
        "{line}"
    );
}

#[test]
fn a_sync_killed_during_a_large_pull_completes_next_time_with_nothing_lost_or_doubled() {
    let (url, _) = remote();
    let ann = Laptop::new("ann", &url);
    // A sheet of many claims: one import, thousands of events.
    let mut sheet = String::from("claim,source,stance\n");
    for i in 0..1500 {
        sheet.push_str(&format!(
            "Claim number {i} of the big sheet,Witness {i},asserts\n"
        ));
    }
    let path = ann.env.path().join("big.csv");
    std::fs::write(&path, sheet).unwrap();
    ann.ok(&["import", path.to_str().unwrap()]);
    let pushed = ann.sync()["pushed"].as_u64().unwrap();
    assert!(pushed > 3000, "{pushed}");

    let bob = Laptop::new("bob", &url);
    // Killed once the file holds more than `past` events: in the middle of the pull.
    let mut killed_midway = 0;
    for past in [0, 1000, 2500] {
        let mut child = bob.cmd().arg("sync").spawn().unwrap();
        let started = std::time::Instant::now();
        while child.try_wait().unwrap().is_none()
            && started.elapsed() < std::time::Duration::from_secs(60)
        {
            if bob.env.db().exists() && count_events(&bob.env.db()) > past {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        let finished = child.try_wait().unwrap().is_some();
        let _ = child.kill();
        let _ = child.wait();
        let have = count_events(&bob.env.db());
        if !finished && have > past && have < pushed {
            killed_midway += 1;
        }
        bob.rebuild_checks();
    }
    let done = bob.sync();
    assert_eq!(done["pushed"], 0);
    assert_eq!(bob.event_uuids(), ann.event_uuids());
    assert_eq!(bob.canonical(), ann.canonical());
    bob.rebuild_checks();
    assert!(
        killed_midway > 0,
        "no kill landed in the middle of the pull: the test proved nothing"
    );
}

#[test]
fn a_pull_beside_concurrent_pushers_skips_no_event() {
    let server = pg::server();
    let db = server.database();
    let url = server.url(&db, None);
    let puller = Laptop::new("reader", &url);
    puller.sync();
    // Open transactions that took sequence values first and commit last: the case a pull by
    // sequence number would skip.
    let mut slow = server.admin(Some(&db));
    let mut tx = slow.transaction().unwrap();
    tx.execute(
        "INSERT INTO claims_sync.events (uuid, replica, command, at, actor, kind, payload)
         VALUES ('slow-setting', 'slow-replica', 'slow-command', '2026-01-01T00:00:00Z', 'slow',
                 'config.set', '{\"key\": \"org\", \"old\": null, \"new\": \"Slow Post\"}')",
        &[],
    )
    .unwrap();
    let writers: Vec<Laptop> = (0..3)
        .map(|i| Laptop::new(&format!("writer{i}"), &url))
        .collect();
    std::thread::scope(|scope| {
        for (i, writer) in writers.iter().enumerate() {
            scope.spawn(move || {
                for round in 0..3 {
                    writer.ok(&["add", &format!("Writer {i} claim {round}"), "--tag", "w"]);
                    writer.sync();
                }
            });
        }
        scope.spawn(|| {
            for _ in 0..6 {
                puller.sync();
            }
        });
    });
    // The later-committing transaction lands after the puller saw every writer's events.
    tx.commit().unwrap();
    puller.sync();
    let all: i64 = server
        .admin(Some(&db))
        .query_one("SELECT count(*) FROM claims_sync.events", &[])
        .unwrap()
        .get(0);
    assert_eq!(
        count_events(&puller.env.db()) as i64,
        all,
        "an event was skipped"
    );
    assert_eq!(puller.ok(&["config", "get", "org"]), "Slow Post\n");
    let claims = puller.json(&["list", "--tag", "w"]);
    assert_eq!(claims.as_array().map(Vec::len), Some(9), "{claims}");
    puller.rebuild_checks();
}

#[test]
fn colleagues_point_at_one_claim_by_its_uuid_whatever_its_number_here() {
    let (url, _) = remote();
    let ann = Laptop::new("ann", &url);
    let bob = Laptop::new("bob", &url);
    bob.ok(&["add", "Bob's own first claim", "--by", "Neighbour"]);
    ann.ok(&["add", "The dam will be raised", "--by", "Engineer"]);
    ann.sync();
    bob.sync();
    let shown = ann.json(&["show", "1"]);
    let uuid = shown["uuid"].as_str().unwrap().to_string();
    let statement = shown["statements"][0]["uuid"].as_str().unwrap().to_string();
    // Claim 1 on Ann's laptop is claim 2 on Bob's: the uuid, or enough of its first digits to
    // be one claim's (uuids of one minute share their first 8), is the same on both.
    let on_bob = bob.json(&["show", &uuid[..19]]);
    assert_eq!(on_bob["id"], 2);
    assert_eq!(on_bob["uuid"], uuid.as_str());
    assert_eq!(bob.json(&["show", &uuid])["id"], 2);
    bob.ok(&[
        "confirm",
        &uuid[..13],
        "--by",
        "Water board",
        "--kind",
        "organization",
    ]);
    bob.ok(&[
        "retract",
        &statement[..13],
        "--note",
        "the engineer took it back",
    ]);
    let log = bob.json(&["log", &uuid[..19]]);
    assert!(log.as_array().is_some_and(|l| l.len() >= 3), "{log}");
    bob.sync();
    ann.sync();
    assert_eq!(ann.canonical(), bob.canonical());
    let shown = ann.json(&["show", &uuid.replace('-', "")[..20]]);
    assert_eq!(shown["status"], "confirmed", "{shown}");

    // Too short, unknown, or several: one line each.
    assert!(
        bob.err(&["show", &uuid[..7]])
            .contains("not a claim number")
    );
    assert!(
        bob.err(&["show", "ffffffff"])
            .contains("no claim has a uuid starting ffffffff")
    );
    let common = common_prefix(&ann.json(&["list"]));
    if common.len() >= 8 {
        assert!(bob.err(&["show", &common]).contains("several claims"));
    }
}

/// The longest prefix the uuids of a list share, dashes left out.
fn common_prefix(list: &serde_json::Value) -> String {
    let uuids: Vec<String> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["uuid"].as_str().unwrap().replace('-', ""))
        .collect();
    let first = &uuids[0];
    let n = (0..first.len())
        .take_while(|&i| {
            uuids
                .iter()
                .all(|u| u.as_bytes().get(i) == first.as_bytes().get(i))
        })
        .count();
    first[..n].to_string()
}

/// Ann and Bob edit one claim's text apart, Bob a moment after Ann; the syncs run in `order`.
/// Returns the text each ends with and the concurrent edits each sync counted.
fn concurrent_text_edits(order: &[usize]) -> (Vec<String>, Vec<u64>) {
    let (url, _) = remote();
    let laptops = [Laptop::new("ann", &url), Laptop::new("bob", &url)];
    laptops[0].ok(&[
        "add",
        "The ferry sank at noon",
        "--by",
        "Coastguard",
        "--tag",
        "ferry",
    ]);
    laptops[0].sync();
    laptops[1].sync();
    laptops[0].ok(&["edit", "1", "--text", "The ferry sank at 12:10"]);
    std::thread::sleep(std::time::Duration::from_millis(20));
    laptops[1].ok(&[
        "edit",
        "1",
        "--text",
        "The ferry capsized at noon",
        "--tag",
        "capsized",
    ]);
    let concurrent = order
        .iter()
        .map(|&i| laptops[i].sync()["concurrent_edits"].as_u64().unwrap())
        .collect();
    assert_eq!(laptops[0].canonical(), laptops[1].canonical());
    let texts = laptops
        .iter()
        .map(|l| {
            l.rebuild_checks();
            let shown = l.json(&["show", "1"]);
            // The loser stays in the history, as an edit by Ann.
            let log = l.json(&["log", "1"]);
            let edits = log
                .as_array()
                .unwrap()
                .iter()
                .filter(|e| e["kind"] == "claim.edited")
                .map(|e| e["actor"].as_str().unwrap().to_string())
                .collect::<std::collections::BTreeSet<_>>();
            assert_eq!(
                edits,
                ["ann".to_string(), "bob".to_string()].into(),
                "{log}"
            );
            format!("{} {}", shown["text"].as_str().unwrap(), shown["tags"])
        })
        .collect();
    (texts, concurrent)
}

#[test]
fn a_concurrent_edit_converges_on_the_later_one_whatever_the_order_of_syncs() {
    let later = "The ferry capsized at noon [\"capsized\",\"ferry\"]";
    for order in [[0, 1, 0], [1, 0, 1]] {
        let (texts, concurrent) = concurrent_text_edits(&order);
        assert_eq!(texts, [later, later], "order {order:?}");
        // The second sync pulls the other's edit of the text over its own unshared one.
        assert_eq!(
            concurrent[..2],
            [0, 1],
            "order {order:?}: one field edited apart"
        );
    }
}

#[test]
fn undo_stays_your_own_after_sync_and_a_colleagues_later_change_blocks_it() {
    let (url, _) = remote();
    let ann = Laptop::new("ann", &url);
    let bob = Laptop::new("bob", &url);
    ann.ok(&["add", "The school will close", "--by", "Head teacher"]);
    ann.sync();
    bob.sync();
    bob.ok(&["confirm", "1", "--by", "Council", "--kind", "organization"]);
    bob.sync();
    ann.sync();
    // Bob's statement stands on the claim Ann's command made: her undo is refused, and
    // changes nothing.
    let before = ann.canonical();
    let line = ann.err(&["undo"]);
    assert!(
        line.contains("depends on it") && line.contains("bob"),
        "{line}"
    );
    assert_eq!(ann.canonical(), before);
    // Bob's undo takes back his own command only, and syncs like any change.
    bob.ok(&["undo"]);
    let synced = bob.sync();
    assert!(synced["pushed"].as_u64().unwrap() > 0, "{synced}");
    ann.sync();
    assert_eq!(ann.canonical(), bob.canonical());
    let shown = ann.json(&["show", "1"]);
    assert_eq!(
        shown["statements"].as_array().map(Vec::len),
        Some(1),
        "{shown}"
    );
    ann.rebuild_checks();
    // Now nothing depends on Ann's command: her undo is hers to make, and it syncs too.
    ann.ok(&["undo"]);
    ann.sync();
    bob.sync();
    assert_eq!(ann.canonical(), bob.canonical());
    bob.rebuild_checks();
}

#[test]
fn a_source_named_alike_on_two_laptops_becomes_one_everywhere() {
    let (url, _) = remote();
    let ann = Laptop::new("ann", &url);
    let bob = Laptop::new("bob", &url);
    desk::one_outlet_on_two(&ann, &bob);
    ann.sync();
    // Bob meets Ann's source: no stop, one merge, pushed at once.
    let synced = bob.sync();
    assert_eq!(synced["sources_merged"], 1, "{synced}");
    ann.sync();
    assert_eq!(ann.canonical(), bob.canonical());
    ann.rebuild_checks();
    bob.rebuild_checks();
    let claims = ann.json(&["list"]);
    assert_eq!(claims.as_array().map(Vec::len), Some(2), "{claims}");
    for laptop in [&ann, &bob] {
        let live: Vec<_> = laptop
            .json(&["sources"])
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["kind"] == "outlet")
            .map(|s| s["uuid"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(live.len(), 1, "{}: {live:?}", laptop.actor);
    }
}

#[test]
fn the_summary_says_what_came_and_from_how_many_colleagues() {
    let (url, _) = remote();
    let ann = Laptop::new("ann", &url);
    let cyd = Laptop::new("cyd", &url);
    let bob = Laptop::new("bob", &url);
    ann.ok(&["add", "The bakery reopens", "--by", "Baker"]);
    cyd.ok(&["add", "The mill burnt down", "--by", "Miller"]);
    let events = (ann.event_uuids().len() + cyd.event_uuids().len()) as u64;
    ann.sync();
    cyd.sync();
    bob.ok(&["add", "The well ran dry", "--by", "Farmer"]);
    let own = bob.event_uuids().len();
    assert_eq!(
        bob.ok(&["sync"]),
        format!("pushed {own}, pulled {events} changes from 2 colleagues; 2 claims changed\n")
    );
    ann.ok(&["edit", "1", "--text", "The bakery reopens on Monday"]);
    ann.sync();
    assert_eq!(
        bob.ok(&["sync"]),
        "pushed 0, pulled 1 change from 1 colleague; 1 claim changed\n"
    );
}
