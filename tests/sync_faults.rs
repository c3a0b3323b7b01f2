//! `claims sync` when things go wrong (issue 14), through the real binary and a real
//! PostgreSQL (tests/support/pg.rs): the process killed at many moments of a large push and of
//! a large pull, the server stopped in the middle, the network cut while a transaction is open,
//! a wrong password, and the two roles a desk gives its people. After every fault the file
//! opens and is whole (`rebuild --check`), holds no fewer events than before, and the next sync
//! completes; in the end every event is on the remote once and the files are identical.

mod common;
#[path = "support/desk.rs"]
mod desk;
#[path = "support/pg.rs"]
mod pg;

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use desk::Laptop;

/// Longer than any sync of these tests takes on a loaded machine: a command still running then
/// has hung, which is a failure of its own.
const HUNG: Duration = Duration::from_secs(180);

/// Claims of the large history (two statements each, from a pool of sources).
const CLAIMS: usize = 3000;

/// The events of a file, read beside a running command.
fn count_events(db: &Path) -> u64 {
    if !db.exists() {
        return 0;
    }
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    conn.busy_timeout(Duration::from_secs(10)).unwrap();
    conn.query_row("SELECT count(*) FROM events", [], |row| {
        row.get::<_, i64>(0)
    })
    .unwrap_or(0) as u64
}

/// A large history made the way a desk makes one: `claims import` of a sheet.
fn large_history(laptop: &Laptop) -> u64 {
    let mut sheet = String::from("claim,source,stance\n");
    for i in 0..CLAIMS {
        let claim = format!("Claim number {i} of the large sheet");
        sheet.push_str(&format!("{claim},Witness {},asserts\n", i % 400));
        sheet.push_str(&format!("{claim},Official {},confirms\n", i % 150));
    }
    let path = laptop.env.path().join("large.csv");
    std::fs::write(&path, sheet).unwrap();
    laptop.ok(&["import", path.to_str().unwrap()]);
    let events = count_events(&laptop.env.db());
    assert!(events > 6000, "{events}");
    events
}

/// The remote's events: how many, and how many distinct uuids (none before the first sync
/// made the schema).
fn remote_events(server: &pg::Pg, db: &str) -> (i64, i64) {
    let mut admin = server.admin(Some(db));
    let made: bool = admin
        .query_one("SELECT to_regclass('claims_sync.events') IS NOT NULL", &[])
        .unwrap()
        .get(0);
    if !made {
        return (0, 0);
    }
    let row = admin
        .query_one(
            "SELECT count(*), count(DISTINCT uuid) FROM claims_sync.events",
            &[],
        )
        .unwrap();
    (row.get(0), row.get(1))
}

/// Whether a session of `db` has a push under way: an open transaction that has inserted
/// events and not committed (not the first sync's making of the schema).
fn pushing(admin: &mut postgres::Client, db: &str) -> bool {
    admin
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = $1
                AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL
                AND query LIKE 'INSERT INTO claims_sync.events%')",
            &[&db],
        )
        .map(|row| row.get(0))
        .unwrap_or(false)
}

/// `claims sync` started in the background, its output kept.
fn spawn_sync(laptop: &Laptop) -> Child {
    laptop
        .cmd()
        .args(["sync", "--format", "json"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start claims sync")
}

fn running(child: &mut Child) -> bool {
    child.try_wait().unwrap().is_none()
}

/// Waits until `ready` or the child's end; whether the child still runs.
fn wait_for(child: &mut Child, mut ready: impl FnMut() -> bool) -> bool {
    let started = Instant::now();
    while running(child) {
        if ready() {
            return true;
        }
        assert!(started.elapsed() < HUNG, "claims sync hung");
        thread::sleep(Duration::from_millis(2));
    }
    false
}

/// Kills the child with SIGKILL; whether it was still running.
fn kill(child: &mut Child) -> bool {
    let was_running = running(child);
    // SAFETY: kill(2) on the id of a child not yet waited for.
    unsafe { libc::kill(child.id() as i32, libc::SIGKILL) };
    let _ = child.wait();
    was_running
}

/// The child's end, however long it takes short of hanging.
fn finish(mut child: Child) -> Output {
    let started = Instant::now();
    while running(&mut child) {
        if started.elapsed() > HUNG {
            kill(&mut child);
            panic!("claims sync hung");
        }
        thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

/// A failed sync: one line on stderr, nothing on stdout, a non-zero exit.
fn one_line(out: &Output) -> String {
    match common::error_shape(out) {
        Ok((code, line)) => {
            assert_ne!(code, 0, "{line}");
            line
        }
        Err(problem) => panic!("{problem}"),
    }
}

/// The file opens, is whole, and holds no fewer events than `before`; returns its count.
fn whole(laptop: &Laptop, before: u64) -> u64 {
    laptop.rebuild_checks();
    let now = count_events(&laptop.env.db());
    assert!(
        now >= before,
        "the file lost events: {before} before, {now} now"
    );
    now
}

/// The end every fault must allow: a sync of each laptop completes, every event is on the
/// remote once, and the laptops hold the same events and the same record.
fn converged(server: &pg::Pg, db: &str, pusher: &Laptop, puller: &Laptop) {
    pusher.sync();
    puller.sync();
    let (events, distinct) = remote_events(server, db);
    assert_eq!(events, distinct, "an event is on the remote twice");
    assert_eq!(events as usize, pusher.event_uuids().len());
    assert_eq!(puller.event_uuids(), pusher.event_uuids());
    assert_eq!(puller.canonical(), pusher.canonical());
    pusher.rebuild_checks();
    puller.rebuild_checks();
}

/// A copy of `from`'s file, made with VACUUM INTO, as another laptop syncing with `remote`.
fn copy_of(from: &Laptop, actor: &str, remote: &str) -> Laptop {
    let copy = Laptop::new(actor, remote);
    let target = copy.env.db();
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", target.display()));
    }
    rusqlite::Connection::open(from.env.db())
        .unwrap()
        .execute("VACUUM INTO ?1", [target.to_str().unwrap()])
        .unwrap();
    copy.ok(&["remote", "set", remote]);
    copy
}

#[test]
fn a_push_killed_at_ten_moments_is_all_or_nothing_and_completes_next_time() {
    let server = pg::server();
    let db = server.database();
    let url = server.url(&db, None);
    let ann = Laptop::new("ann", &url);
    let events = large_history(&ann);

    // How long the remote transaction of this push lasts, measured on a copy of the file that
    // pushes to a database of its own.
    let scratch_db = server.database();
    let scratch = copy_of(&ann, "ann", &server.url(&scratch_db, None));
    let mut admin = server.admin(None);
    let mut child = spawn_sync(&scratch);
    assert!(wait_for(&mut child, || pushing(&mut admin, &scratch_db)));
    let began = Instant::now();
    let out = finish(child);
    assert!(out.status.success(), "{out:?}");
    let window = began.elapsed();
    assert_eq!(remote_events(server, &scratch_db).0 as u64, events);

    // Ten kills, from the moment the push starts writing to three quarters of its length.
    let mut midway = 0;
    let mut have = events;
    for moment in 0..10 {
        let mut child = spawn_sync(&ann);
        if wait_for(&mut child, || pushing(&mut admin, &db)) {
            thread::sleep(window * moment / 13);
        }
        let was_running = kill(&mut child);
        have = whole(&ann, have);
        let (on_remote, distinct) = remote_events(server, &db);
        assert_eq!(on_remote, distinct);
        // One remote transaction: a killed push left everything or nothing.
        assert!(
            on_remote == 0 || on_remote as u64 == events,
            "a killed push left {on_remote} of {events} events"
        );
        if was_running && on_remote == 0 {
            midway += 1;
        }
    }
    eprintln!("{midway} of 10 kills landed in the middle of the push");
    assert!(midway > 0, "no kill landed in the middle of the push");

    let bob = Laptop::new("bob", &url);
    converged(server, &db, &ann, &bob);
}

#[test]
fn a_pull_killed_at_ten_moments_resumes_and_ends_identical() {
    let server = pg::server();
    let db = server.database();
    let url = server.url(&db, None);
    let ann = Laptop::new("ann", &url);
    let events = large_history(&ann);
    ann.sync();

    // Each attempt is killed once it has applied something new, a little later each time.
    let bob = Laptop::new("bob", &url);
    let mut midway = 0;
    let mut have = 0;
    for moment in 0..10u32 {
        let mut child = spawn_sync(&bob);
        let start = have;
        if wait_for(&mut child, || count_events(&bob.env.db()) > start) {
            thread::sleep(Duration::from_millis(7) * moment);
        }
        let was_running = kill(&mut child);
        have = whole(&bob, have);
        if was_running && have < events {
            midway += 1;
        }
    }
    eprintln!("{midway} of 10 kills landed in the middle of the pull");
    assert!(midway > 0, "no kill landed in the middle of the pull");
    converged(server, &db, &ann, &bob);
}

#[test]
fn a_pull_across_a_transaction_id_one_digit_longer_keeps_the_order_and_skips_nothing() {
    let server = pg::own();
    let db = server.database();
    let url = server.url(&db, None);
    let ann = Laptop::new("ann", &url);
    ann.ok(&["add", "The lock gates failed", "--by", "Canal office"]);
    ann.sync();
    // Transaction ids used up, one transaction each, until the next push gets the last id
    // below a power of ten and the push after it the power itself.
    let mut admin = server.admin(Some(&db));
    let current: i64 = admin
        .query_one("SELECT pg_current_xact_id()::text::bigint", &[])
        .unwrap()
        .get(0);
    let boundary = 10i64.pow(current.to_string().len() as u32);
    admin
        .batch_execute(
            "CREATE PROCEDURE burn(n bigint) LANGUAGE plpgsql AS $$
             BEGIN FOR i IN 1..n LOOP PERFORM pg_current_xact_id(); COMMIT; END LOOP; END $$",
        )
        .unwrap();
    let burnt = boundary - current - 3;
    admin.execute("CALL burn($1)", &[&burnt]).unwrap();
    ann.ok(&["add", "The canal is closed", "--by", "Lock keeper"]);
    ann.sync();
    ann.ok(&["edit", "2", "--text", "The canal is closed until May"]);
    ann.ok(&["confirm", "2", "--by", "Canal office"]);
    ann.sync();
    let txids: Vec<String> = admin
        .query(
            "SELECT DISTINCT txid::text FROM claims_sync.events ORDER BY 1",
            &[],
        )
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    assert!(
        txids.iter().any(|t| t.len() < boundary.to_string().len())
            && txids.iter().any(|t| t.len() == boundary.to_string().len()),
        "the pushes did not straddle {boundary}: {txids:?}"
    );
    // One pull reads all three pushes: the claim comes before its edit and its statement.
    let bob = Laptop::new("bob", &url);
    bob.sync();
    assert_eq!(bob.event_uuids(), ann.event_uuids());
    assert_eq!(bob.canonical(), ann.canonical());
    bob.rebuild_checks();
}

/// A server stopped (`pg_ctl stop -m immediate`) at the moment `when` says, while `laptop`
/// syncs: one line, a whole file, and a sync that completes once the server is back.
fn stopped_while(server: &pg::Pg, laptop: &Laptop, when: impl FnMut() -> bool) -> String {
    let before = count_events(&laptop.env.db());
    let mut child = spawn_sync(laptop);
    let stopped = wait_for(&mut child, when);
    server.stop();
    let out = finish(child);
    let line = one_line(&out);
    assert!(stopped, "the sync ended before the server stopped");
    whole(laptop, before);
    server.start_again();
    line
}

#[test]
fn the_server_stopped_during_a_push_or_a_pull_is_one_line_and_nothing_is_lost_or_doubled() {
    // A server of this test's own: the others of the process go on with theirs.
    let server = pg::own();
    let db = server.database();
    let url = server.url(&db, None);
    let ann = Laptop::new("ann", &url);
    large_history(&ann);
    let mut admin = Some(server.admin(None));
    let line = stopped_while(&server, &ann, || {
        pushing(admin.as_mut().expect("the admin's connection"), &db)
    });
    drop(admin.take());
    assert!(line.starts_with("error: cannot sync with "), "{line}");
    assert!(line.contains("nothing was pushed"), "{line}");
    assert_eq!(
        remote_events(&server, &db),
        (0, 0),
        "a cut push left events"
    );

    ann.sync();
    let bob = Laptop::new("bob", &url);
    let line = stopped_while(&server, &bob, || count_events(&bob.env.db()) > 0);
    assert!(line.starts_with("error: cannot sync with "), "{line}");
    converged(&server, &db, &ann, &bob);
}

/// A TCP proxy between claims and the server that can cut every connection it carries, as a
/// network that goes away does: both ends see their connection reset mid-conversation.
struct Proxy {
    port: u16,
    open: Arc<Mutex<Vec<TcpStream>>>,
}

impl Proxy {
    fn to(target: u16) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let open: Arc<Mutex<Vec<TcpStream>>> = Arc::default();
        let kept = open.clone();
        thread::spawn(move || {
            for client in listener.incoming() {
                let Ok(client) = client else { continue };
                let Ok(server) = TcpStream::connect(("127.0.0.1", target)) else {
                    continue;
                };
                let mut streams = kept.lock().unwrap();
                for (from, to) in [(&client, &server), (&server, &client)] {
                    let (mut from, mut to) = (from.try_clone().unwrap(), to.try_clone().unwrap());
                    thread::spawn(move || {
                        let mut buf = [0u8; 16384];
                        while let Ok(n) = from.read(&mut buf) {
                            if n == 0 || to.write_all(&buf[..n]).is_err() {
                                break;
                            }
                        }
                        let _ = to.shutdown(Shutdown::Write);
                    });
                }
                streams.push(client);
                streams.push(server);
            }
        });
        Proxy { port, open }
    }

    /// Cuts every connection the proxy carries now (new ones still go through).
    fn cut(&self) {
        for stream in self.open.lock().unwrap().drain(..) {
            // A reset, not a goodbye: linger 0 then close.
            let _ = socket_reset(&stream);
            let _ = stream.shutdown(Shutdown::Both);
        }
    }

    /// `url` with the server's port replaced by the proxy's.
    fn url(&self, url: &str, server_port: u16) -> String {
        url.replace(
            &format!("127.0.0.1:{server_port}/"),
            &format!("127.0.0.1:{}/", self.port),
        )
    }
}

/// SO_LINGER 0: the connection ends with a reset.
fn socket_reset(stream: &TcpStream) -> std::io::Result<()> {
    use std::os::fd::AsRawFd;
    let linger = libc::linger {
        l_onoff: 1,
        l_linger: 0,
    };
    // SAFETY: setsockopt on an open socket with a correctly sized linger struct.
    let rc = unsafe {
        libc::setsockopt(
            stream.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_LINGER,
            (&linger as *const libc::linger).cast(),
            std::mem::size_of::<libc::linger>() as libc::socklen_t,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[test]
fn the_network_cut_while_a_transaction_is_open_is_one_line_and_nothing_is_lost_or_doubled() {
    let server = pg::server();
    let db = server.database();
    let direct = server.url(&db, None);
    let proxy = Proxy::to(server.port());
    let url = proxy.url(&direct, server.port());
    assert_ne!(url, direct);
    let ann = Laptop::new("ann", &url);
    large_history(&ann);

    // Cut while the push's transaction has written and not committed.
    let mut admin = server.admin(None);
    let before = count_events(&ann.env.db());
    let mut child = spawn_sync(&ann);
    assert!(wait_for(&mut child, || pushing(&mut admin, &db)));
    proxy.cut();
    let line = one_line(&finish(child));
    assert!(line.starts_with("error: cannot sync with "), "{line}");
    assert!(line.contains("connection to the server was lost"), "{line}");
    assert!(line.contains("nothing was pushed"), "{line}");
    whole(&ann, before);
    // The server rolled the cut transaction back: nothing of it is on the remote, and it holds
    // nothing that would stop the next push.
    assert_eq!(remote_events(server, &db), (0, 0));
    ann.sync();

    // Cut while the pull's transaction is open and the file is filling.
    let bob = Laptop::new("bob", &url);
    let mut child = spawn_sync(&bob);
    assert!(wait_for(&mut child, || count_events(&bob.env.db()) > 0));
    proxy.cut();
    let line = one_line(&finish(child));
    assert!(line.starts_with("error: cannot sync with "), "{line}");
    whole(&bob, 0);
    converged(server, &db, &ann, &bob);
}

#[test]
fn a_wrong_password_is_one_line_that_never_shows_it_and_the_file_is_unchanged() {
    let server = pg::server();
    if !server.is_private() {
        eprintln!("skipped: CLAIMS_TEST_PG's server has its own authentication rules");
        return;
    }
    let db = server.database();
    let role = pg::PASSWORD_ROLE;
    server.sql(
        &db,
        &format!(
            "CREATE ROLE {role} LOGIN PASSWORD 'right-horse-battery';
             GRANT CREATE ON DATABASE {db} TO {role}"
        ),
    );
    let ann = Laptop::new("ann", &server.url(&db, Some(role)));
    ann.ok(&[
        "add",
        "The tunnel opens in June",
        "--by",
        "Transport office",
    ]);
    let before = ann.env.dump();
    for password in [None, Some("wrong-staple-9")] {
        let mut cmd = ann.cmd();
        if let Some(password) = password {
            cmd.env("PGPASSWORD", password);
        }
        let out = cmd.arg("sync").output().unwrap();
        let line = one_line(&out);
        assert!(line.starts_with("error: cannot sync with "), "{line}");
        assert!(line.contains("password"), "{line}");
        assert!(!line.contains("wrong-staple-9"), "{line}");
        assert_eq!(ann.env.dump(), before, "a refused sync changed the file");
    }
    // The right one, from a password file as libpq reads it.
    let pgpass = ann.env.path().join("pgpass");
    std::fs::write(
        &pgpass,
        format!("127.0.0.1:*:{db}:{role}:right-horse-battery\n"),
    )
    .unwrap();
    std::fs::set_permissions(&pgpass, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
    let out = ann
        .cmd()
        .env("PGPASSFILE", &pgpass)
        .args(["sync", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        common::describe(&["sync"], &out)
    );
    assert_eq!(
        remote_events(server, &db).0 as usize,
        ann.event_uuids().len()
    );
}

/// The roles a desk gives its people, as the README documents them: two group roles that
/// cannot log in, desk_writer and desk_reader, and a login role for each person, member of one
/// of them (roles are the cluster's: each name here has a unique tail). Returns (writer group,
/// reader group, a writer, a reader).
fn people(server: &pg::Pg, db: &str) -> (String, String, String, String) {
    let writer = server.role("desk_writer");
    let reader = server.role("desk_reader");
    let (cyd, dan) = (server.role("cyd"), server.role("dan"));
    server.sql(
        db,
        &format!(
            "ALTER ROLE {writer} NOLOGIN;
             ALTER ROLE {reader} NOLOGIN;
             GRANT {writer} TO {cyd};
             GRANT {reader} TO {dan};"
        ),
    );
    (writer, reader, cyd, dan)
}

/// The grants, once the desk's first sync (by the database's owner) has made the schema.
fn grant(server: &pg::Pg, db: &str, writer: &str, reader: &str) {
    server.sql(
        db,
        &format!(
            "GRANT USAGE ON SCHEMA claims_sync TO {writer}, {reader};
             GRANT SELECT ON ALL TABLES IN SCHEMA claims_sync TO {writer}, {reader};
             GRANT INSERT ON claims_sync.events TO {writer};
             GRANT USAGE ON SEQUENCE claims_sync.events_seq_seq TO {writer};"
        ),
    );
}

#[test]
fn the_documented_writer_and_reader_roles_do_what_they_say_and_no_more() {
    let server = pg::server();
    let db = server.database();
    let ann = Laptop::new("ann", &server.url(&db, None));
    ann.ok(&["add", "The bridge is unsafe", "--by", "Engineer"]);

    // Before the schema exists, a writer cannot make it: one line, the file as it was.
    let early_db = server.database();
    let (_, _, early, _) = people(server, &early_db);
    let eve = Laptop::new("eve", &server.url(&early_db, Some(&early)));
    eve.ok(&["add", "Too early", "--by", "Someone"]);
    let before = eve.env.dump();
    let line = eve.err(&["sync"]);
    assert!(line.starts_with("error: cannot sync with "), "{line}");
    assert!(line.contains("permission denied"), "{line}");
    assert_eq!(eve.env.dump(), before);

    ann.sync();
    let (writer, reader, cyd_role, dan_role) = people(server, &db);
    grant(server, &db, &writer, &reader);
    let cyd = Laptop::new("cyd", &server.url(&db, Some(&cyd_role)));
    let dan = Laptop::new("dan", &server.url(&db, Some(&dan_role)));

    // The writer pushes and pulls.
    cyd.ok(&["add", "The ferry is late", "--by", "Harbour"]);
    let synced = cyd.sync();
    assert!(synced["pushed"].as_u64().unwrap() > 0, "{synced}");
    assert_eq!(synced["pulled"], ann.event_uuids().len() as u64, "{synced}");

    // The reader pulls everything; its push is refused, the remote and its file unchanged.
    let pulled = dan.sync();
    assert_eq!(pulled["pushed"], 0, "{pulled}");
    assert_eq!(dan.canonical(), cyd.canonical());
    dan.ok(&["add", "Not for sharing", "--by", "Rumour"]);
    let remote_before = remote_events(server, &db);
    let before = dan.env.dump();
    let line = dan.err(&["sync"]);
    assert!(line.contains("permission denied"), "{line}");
    assert!(line.contains("nothing was pushed"), "{line}");
    assert_eq!(dan.env.dump(), before);
    assert_eq!(remote_events(server, &db), remote_before);

    // Neither may rewrite the history: the desk's record is appended to, never changed.
    for role in [&cyd_role, &dan_role] {
        let mut client =
            postgres::Client::connect(&server.url(&db, Some(role)), postgres::NoTls).unwrap();
        for sql in [
            "UPDATE claims_sync.events SET actor = 'someone else'",
            "DELETE FROM claims_sync.events",
            "TRUNCATE claims_sync.events",
            "UPDATE claims_sync.meta SET version = 99",
            "DROP TABLE claims_sync.events",
        ] {
            let error = client.batch_execute(sql).unwrap_err();
            let said = error.as_db_error().map(|e| e.message().to_string());
            assert!(
                said.as_deref()
                    .is_some_and(|m| m.contains("permission denied") || m.contains("owner")),
                "{role}: {sql}: {error}"
            );
        }
    }
    assert_eq!(remote_events(server, &db), remote_before);
    ann.sync();
    assert_eq!(ann.canonical(), cyd.canonical());
}
