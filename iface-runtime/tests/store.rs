//! The unit state store against real `SQLite` files, other connections,
//! other threads and Python itself.

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::Duration;

use iface_runtime::store::{
    CONVERSATION_PREFIX, Changes, FLAG_PREFIX, Store, StoreError, flag_key, pyjson,
};
use rusqlite::Connection;
use serde::Serialize;
use serde_json::{Value, json};
use tempfile::TempDir;

/// charmhelpers' three tables, as its `Storage._init` declares them.
const CHARMHELPERS_DDL: &str = "
create table if not exists kv (key text, data text, primary key (key));
create table if not exists kv_revisions (
    key text, revision integer, data text, primary key (key, revision));
create table if not exists hooks (
    version integer primary key autoincrement, hook text, date text);
";

fn db_path(dir: &TempDir) -> PathBuf {
    dir.path().join(".unit-state.db")
}

/// Runs `python3 -c script args...` and returns its stdout, failing the
/// test with its stderr if it fails.
fn python(script: &str, args: &[&str]) -> String {
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .expect("python3 must be on PATH for the compatibility tests");
    assert!(
        out.status.success(),
        "python3 failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("python3 output is UTF-8")
}

fn commit(store: &mut Store, pairs: &[(&str, Value)]) {
    let mut changes = Changes::new();
    for (key, value) in pairs {
        changes.set(*key, value).unwrap();
    }
    store.commit(&changes, None).unwrap();
}

/// `(type, name, tbl_name)` of every schema object, and the columns and
/// indexes of every table.
fn schema_of(path: &Path) -> Vec<String> {
    let conn = Connection::open(path).unwrap();
    let mut out = Vec::new();
    let mut stmt = conn
        .prepare("SELECT type, name, tbl_name FROM sqlite_master ORDER BY name")
        .unwrap();
    let objects: Vec<(String, String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for (kind, name, table) in objects {
        out.push(format!("{kind} {name} on {table}"));
        if kind == "table" {
            let mut cols = conn
                .prepare(
                    "SELECT cid, name, lower(type), \"notnull\", pk FROM pragma_table_info(?1)",
                )
                .unwrap();
            let cols: Vec<String> = cols
                .query_map([&name], |r| {
                    Ok(format!(
                        "  col {} {} {} notnull={} pk={}",
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, i64>(3)?,
                        r.get::<_, i64>(4)?
                    ))
                })
                .unwrap()
                .map(Result::unwrap)
                .collect();
            out.extend(cols);
            let mut idx = conn
                .prepare("SELECT name, \"unique\", origin FROM pragma_index_list(?1) ORDER BY name")
                .unwrap();
            let idx: Vec<String> = idx
                .query_map([&name], |r| {
                    Ok(format!(
                        "  index {} unique={} origin={}",
                        r.get::<_, String>(0)?,
                        r.get::<_, i64>(1)?,
                        r.get::<_, String>(2)?
                    ))
                })
                .unwrap()
                .map(Result::unwrap)
                .collect();
            out.extend(idx);
        }
    }
    out
}

#[test]
fn schema_matches_charmhelpers() {
    let dir = TempDir::new().unwrap();
    let ours = dir.path().join("rust.db");
    let theirs = dir.path().join("python.db");
    Store::open(&ours).unwrap();
    python(
        "import sqlite3, sys\n\
         c = sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit()",
        &[theirs.to_str().unwrap(), CHARMHELPERS_DDL],
    );
    let schema = schema_of(&ours);
    assert_eq!(schema, schema_of(&theirs));
    assert!(schema.contains(&"  col 0 key text notnull=0 pk=1".to_owned()));
    assert!(schema.contains(&"table sqlite_sequence on sqlite_sequence".to_owned()));

    // Python can run charmhelpers' own setup against our file, and we can
    // open a file charmhelpers created.
    python(
        "import sqlite3, sys\n\
         c = sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit()",
        &[ours.to_str().unwrap(), CHARMHELPERS_DDL],
    );
    Store::open(&theirs).unwrap();
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

#[test]
fn new_file_is_private() {
    let dir = TempDir::new().unwrap();
    let path = db_path(&dir);
    Store::open(&path).unwrap();
    assert_eq!(mode(&path), 0o600);
}

#[test]
fn an_empty_readable_file_gets_its_tables_and_a_journal_privately() {
    // `touch` under umask 022; creating the tables makes the journal.
    let dir = TempDir::new().unwrap();
    let path = db_path(&dir);
    fs::write(&path, b"").unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
    Store::open(&path).unwrap();
    let journal = dir.path().join(".unit-state.db-journal");
    assert_eq!((mode(&path), mode(&journal)), (0o600, 0o600));
}

#[test]
fn reopening_keeps_values_and_an_empty_file_is_accepted() {
    let dir = TempDir::new().unwrap();
    let path = db_path(&dir);
    // charmhelpers touches the file before connecting, so it may be empty.
    fs::write(&path, b"").unwrap();
    let mut store = Store::open(&path).unwrap();
    let values = [
        ("reactive.states.plain", Value::Null),
        ("n", json!(42)),
        ("f", json!(0.5)),
        ("s", json!("héllo \"world\"")),
        ("nested", json!({"a": [1, true, null, {"b": "c"}]})),
    ];
    commit(&mut store, &values);
    drop(store);
    let store = Store::open(&path).unwrap();
    for (key, value) in &values {
        assert_eq!(store.get(key).unwrap().as_ref(), Some(value), "{key}");
    }
    assert_eq!(store.get("missing").unwrap(), None);
    assert_eq!(store.path(), path);
}

#[test]
fn changes_overlay_the_store_until_commit() {
    let dir = TempDir::new().unwrap();
    let mut store = Store::open(&db_path(&dir)).unwrap();
    commit(
        &mut store,
        &[
            ("p.a", json!(1)),
            ("p.b", json!(2)),
            ("p.c", json!(3)),
            ("q", json!(0)),
        ],
    );

    let mut changes = Changes::new();
    assert!(changes.is_empty());
    changes.set("p.b", &20).unwrap();
    changes.unset("p.c");
    changes.set("p.d", &4).unwrap();
    changes.unset("p.never");
    assert_eq!(changes.len(), 4);

    assert_eq!(changes.get(&store, "p.a").unwrap(), Some(json!(1)));
    assert_eq!(changes.get(&store, "p.b").unwrap(), Some(json!(20)));
    assert_eq!(changes.get(&store, "p.c").unwrap(), None);
    assert_eq!(changes.get(&store, "p.d").unwrap(), Some(json!(4)));
    let seen = changes.prefix(&store, "p.").unwrap();
    let expected: BTreeMap<String, Value> = [("p.a", 1), ("p.b", 20), ("p.d", 4)]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), json!(v)))
        .collect();
    assert_eq!(seen, expected);

    // The store itself has not moved.
    assert_eq!(store.get("p.b").unwrap(), Some(json!(2)));
    assert_eq!(store.get_prefix("p.").unwrap().len(), 3);

    store.commit(&changes, None).unwrap();
    assert_eq!(store.get_prefix("p.").unwrap(), expected);
    assert_eq!(store.get("q").unwrap(), Some(json!(0)));
}

#[test]
fn dropped_changes_write_nothing() {
    let dir = TempDir::new().unwrap();
    let path = db_path(&dir);
    let mut store = Store::open(&path).unwrap();
    commit(&mut store, &[("kept", json!("before"))]);
    let before = fs::read(&path).unwrap();
    {
        let mut changes = Changes::new();
        changes.set("kept", &"after").unwrap();
        changes.set(flag_key("new"), &()).unwrap();
        changes.unset("kept");
        assert_eq!(changes.get(&store, "kept").unwrap(), None);
        // The hook fails here: its changes are dropped, never committed.
    }
    drop(store);
    assert_eq!(fs::read(&path).unwrap(), before);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.get("kept").unwrap(), Some(json!("before")));
}

#[test]
fn commit_writes_exactly_the_changed_keys() {
    let dir = TempDir::new().unwrap();
    let path = db_path(&dir);
    let mut store = Store::open(&path).unwrap();
    commit(
        &mut store,
        &[
            ("same", json!([1, 2])),
            ("changed", json!(1)),
            ("removed", json!(1)),
            ("other", json!(1)),
        ],
    );
    // Log every row-level write SQLite performs on kv from now on.
    let spy = Connection::open(&path).unwrap();
    spy.execute_batch(
        "CREATE TABLE writes (op TEXT, key TEXT);
         CREATE TRIGGER w_ins AFTER INSERT ON kv BEGIN INSERT INTO writes VALUES ('insert', new.key); END;
         CREATE TRIGGER w_upd AFTER UPDATE ON kv BEGIN INSERT INTO writes VALUES ('update', new.key); END;
         CREATE TRIGGER w_del AFTER DELETE ON kv BEGIN INSERT INTO writes VALUES ('delete', old.key); END;",
    )
    .unwrap();

    let mut changes = Changes::new();
    changes.set("same", &[1, 2]).unwrap();
    changes.set("changed", &2).unwrap();
    changes.unset("removed");
    changes.unset("absent");
    changes.set("added", &"x").unwrap();
    store.commit(&changes, None).unwrap();

    let mut stmt = spy
        .prepare("SELECT op, key FROM writes ORDER BY key")
        .unwrap();
    let writes: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let expected = [
        ("insert", "added"),
        ("update", "changed"),
        ("delete", "removed"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(op, key)| ((*op).to_owned(), (*key).to_owned()))
        .collect();
    assert_eq!(writes, expected);
}

#[test]
fn another_process_update_to_another_key_survives() {
    let dir = TempDir::new().unwrap();
    let path = db_path(&dir);
    let mut store = Store::open(&path).unwrap();
    commit(&mut store, &[("mine", json!(1)), ("theirs", json!(1))]);

    let mut changes = Changes::new();
    changes.set("mine", &2).unwrap();
    assert_eq!(changes.get(&store, "theirs").unwrap(), Some(json!(1)));
    // While our hook runs, Python (another process) updates another key.
    python(
        "import sqlite3, sys, json\n\
         c = sqlite3.connect(sys.argv[1])\n\
         c.execute('update kv set data = ? where key = ?', (json.dumps({'by': 'python'}), 'theirs'))\n\
         c.commit()",
        &[path.to_str().unwrap()],
    );
    store.commit(&changes, None).unwrap();
    assert_eq!(store.get("mine").unwrap(), Some(json!(2)));
    assert_eq!(store.get("theirs").unwrap(), Some(json!({"by": "python"})));
}

#[test]
fn foreign_files_are_refused_and_untouched() {
    let dir = TempDir::new().unwrap();

    let text = dir.path().join("notes.txt");
    let content = b"this is not a database, and it is long enough to have a header\n".repeat(3);
    fs::write(&text, &content).unwrap();
    let err = Store::open(&text).unwrap_err();
    assert!(matches!(err, StoreError::NotADatabase { .. }), "{err:?}");
    assert!(err.to_string().contains(text.to_str().unwrap()), "{err}");
    assert_eq!(fs::read(&text).unwrap(), content);

    let short = dir.path().join("short");
    fs::write(&short, b"x").unwrap();
    assert!(matches!(
        Store::open(&short),
        Err(StoreError::NotADatabase { .. })
    ));
    assert_eq!(fs::read(&short).unwrap(), b"x");

    // A truncated database: SQLite would treat it as empty and overwrite it.
    let truncated = dir.path().join("truncated.db");
    fs::write(&truncated, b"SQLite format 3\0\x10\x00").unwrap();
    assert!(matches!(
        Store::open(&truncated),
        Err(StoreError::NotADatabase { .. })
    ));
    assert_eq!(fs::read(&truncated).unwrap(), b"SQLite format 3\0\x10\x00");

    let other = dir.path().join("other.db");
    Connection::open(&other)
        .unwrap()
        .execute_batch(
            "CREATE TABLE kv (k TEXT PRIMARY KEY, v BLOB); INSERT INTO kv VALUES ('a', x'00');",
        )
        .unwrap();
    let before = fs::read(&other).unwrap();
    let err = Store::open(&other).unwrap_err();
    match &err {
        StoreError::ForeignSchema { path, table, found } => {
            assert_eq!(path, &other);
            assert_eq!(*table, "kv");
            assert!(found.contains("k text (key), v blob"), "{found}");
        }
        other => panic!("expected ForeignSchema, got {other:?}"),
    }
    assert!(err.to_string().contains(other.to_str().unwrap()), "{err}");
    assert_eq!(fs::read(&other).unwrap(), before);

    // Our kv with someone else's `hooks` is not ours either, and the
    // missing kv_revisions must not be added.
    let half = dir.path().join("half.db");
    Connection::open(&half)
        .unwrap()
        .execute_batch(
            "CREATE TABLE kv (key text, data text, primary key (key));
             CREATE TABLE hooks (id INTEGER PRIMARY KEY, name TEXT);",
        )
        .unwrap();
    let before = fs::read(&half).unwrap();
    assert!(matches!(
        Store::open(&half),
        Err(StoreError::ForeignSchema { table: "hooks", .. })
    ));
    assert_eq!(fs::read(&half).unwrap(), before);
}

#[test]
fn an_unrelated_sqlite_file_gains_the_tables_like_charmhelpers_would() {
    let dir = TempDir::new().unwrap();
    let path = db_path(&dir);
    Connection::open(&path)
        .unwrap()
        .execute_batch("CREATE TABLE snapshot (handle TEXT PRIMARY KEY, data BLOB);")
        .unwrap();
    let mut store = Store::open(&path).unwrap();
    commit(&mut store, &[("k", json!(1))]);
    assert_eq!(store.get("k").unwrap(), Some(json!(1)));
}

#[test]
fn get_prefix_matches_literally() {
    let dir = TempDir::new().unwrap();
    let mut store = Store::open(&db_path(&dir)).unwrap();
    let keys = [
        "a_b.x", "a_b.y", "aXb.x", "A_B.x", "a%", "a_b", "a_c.x", "b",
    ];
    let pairs: Vec<(&str, Value)> = keys.iter().map(|k| (*k, json!(k))).collect();
    commit(&mut store, &pairs);
    let found: Vec<String> = store.get_prefix("a_b.").unwrap().into_keys().collect();
    assert_eq!(found, ["a_b.x", "a_b.y"]);
    let found: Vec<String> = store.get_prefix("a%").unwrap().into_keys().collect();
    assert_eq!(found, ["a%"]);
    assert_eq!(store.get_prefix("").unwrap().len(), keys.len());
    assert!(store.get_prefix("zzz").unwrap().is_empty());
}

#[test]
fn flag_and_conversation_keys_use_the_reactive_layout() {
    assert_eq!(FLAG_PREFIX, "reactive.states.");
    assert_eq!(CONVERSATION_PREFIX, "reactive.conversations.");
    let dir = TempDir::new().unwrap();
    let mut store = Store::open(&db_path(&dir)).unwrap();
    let mut changes = Changes::new();
    changes.set(flag_key("website.available"), &()).unwrap();
    store.commit(&changes, None).unwrap();
    let flags = store.get_prefix(FLAG_PREFIX).unwrap();
    assert_eq!(
        flags.get("reactive.states.website.available"),
        Some(&Value::Null)
    );
}

#[test]
fn bad_stored_values_are_errors_not_panics() {
    let dir = TempDir::new().unwrap();
    let path = db_path(&dir);
    let store = Store::open(&path).unwrap();
    let raw = Connection::open(&path).unwrap();
    raw.execute_batch(
        "INSERT INTO kv VALUES ('nan', 'NaN');
         INSERT INTO kv VALUES ('junk', '{not json');
         INSERT INTO kv VALUES ('int', 7);
         INSERT INTO kv VALUES ('null', NULL);
         INSERT INTO kv VALUES ('bytes', CAST(x'ff22' AS TEXT));
         INSERT INTO kv VALUES ('blob', x'5b315d');",
    )
    .unwrap();
    for key in ["nan", "junk", "null", "bytes"] {
        let err = store.get(key).unwrap_err();
        assert!(matches!(err, StoreError::Decode { .. }), "{key}: {err:?}");
        let message = err.to_string();
        assert!(
            message.contains(key) && message.contains(path.to_str().unwrap()),
            "{message}"
        );
    }
    // An integer cell reads back as text through TEXT affinity, as in Python.
    assert_eq!(store.get("int").unwrap(), Some(json!(7)));
    assert_eq!(store.get("blob").unwrap(), Some(json!([1])));
    assert!(store.get_prefix("").is_err());
}

#[test]
fn hook_history_is_recorded_like_hook_scope() {
    let dir = TempDir::new().unwrap();
    let path = db_path(&dir);
    let mut store = Store::open(&path).unwrap();
    commit(&mut store, &[("same", json!(1)), ("gone", json!(1))]);

    let mut changes = Changes::new();
    changes.set("same", &1).unwrap();
    changes.set("new", &json!({"a": "é"})).unwrap();
    changes.unset("gone");
    changes.unset("never-there");
    store.commit(&changes, Some("config-changed")).unwrap();

    let raw = Connection::open(&path).unwrap();
    let (version, hook, date): (i64, String, String) = raw
        .query_row("SELECT version, hook, date FROM hooks", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    assert_eq!(hook, "config-changed");
    // Python's datetime.utcnow().isoformat(), parsed back by Python.
    python(
        "import datetime, sys; datetime.datetime.fromisoformat(sys.argv[1])",
        &[&date],
    );
    let mut stmt = raw
        .prepare("SELECT key, revision, data FROM kv_revisions ORDER BY key")
        .unwrap();
    let revisions: Vec<(String, i64, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        revisions,
        [
            ("gone".to_owned(), version, "\"DELETED\"".to_owned()),
            ("new".to_owned(), version, r#"{"a": "\u00e9"}"#.to_owned()),
        ]
    );
}

#[test]
fn a_held_lock_is_waited_for_and_then_reported() {
    let dir = TempDir::new().unwrap();
    let path = db_path(&dir);
    let mut store = Store::open(&path).unwrap();
    let mut changes = Changes::new();
    changes.set("k", &1).unwrap();

    // A Python hook holding its write transaction open.
    let mut holder = Connection::open(&path).unwrap();
    let tx = holder
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .unwrap();
    tx.execute("INSERT INTO kv VALUES ('python', '0')", [])
        .unwrap();
    store.set_lock_timeout(Duration::from_millis(300));
    let err = store.commit(&changes, None).unwrap_err();
    assert!(matches!(err, StoreError::Busy { .. }), "{err:?}");
    assert!(err.to_string().contains(path.to_str().unwrap()), "{err}");
    drop(tx);

    // Released within the timeout: the commit just waits.
    let (locked, is_locked) = std::sync::mpsc::channel();
    let holder_path = path.clone();
    let release = thread::spawn(move || {
        let mut holder = Connection::open(&holder_path).unwrap();
        let tx = holder
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .unwrap();
        tx.execute("INSERT INTO kv VALUES ('python', '1')", [])
            .unwrap();
        locked.send(()).unwrap();
        thread::sleep(Duration::from_millis(300));
        tx.commit().unwrap();
    });
    is_locked.recv().unwrap();
    store.set_lock_timeout(Duration::from_secs(10));
    store.commit(&changes, None).unwrap();
    release.join().unwrap();
    assert_eq!(store.get("k").unwrap(), Some(json!(1)));
    assert_eq!(store.get("python").unwrap(), Some(json!(1)));
}

#[test]
fn concurrent_stores_on_one_file_lose_nothing() {
    const THREADS: usize = 8;
    const ROUNDS: usize = 25;
    let dir = TempDir::new().unwrap();
    let path = db_path(&dir);
    let start = Arc::new(Barrier::new(THREADS));
    let workers: Vec<_> = (0..THREADS)
        .map(|t| {
            let path = path.clone();
            let start = Arc::clone(&start);
            thread::spawn(move || {
                start.wait();
                // Opening concurrently races on creating the file and schema too.
                let mut store = Store::open(&path).unwrap();
                for round in 0..ROUNDS {
                    let mut changes = Changes::new();
                    changes.set(format!("t{t}.r{round}"), &round).unwrap();
                    changes.set(format!("t{t}.last"), &round).unwrap();
                    store.commit(&changes, None).unwrap();
                    // Reads interleave with other threads' commits.
                    assert_eq!(
                        store.get(&format!("t{t}.last")).unwrap(),
                        Some(json!(round))
                    );
                }
            })
        })
        .collect();
    for worker in workers {
        worker.join().unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.get_prefix("t").unwrap().len(), THREADS * (ROUNDS + 1));
    for t in 0..THREADS {
        assert_eq!(
            store.get_prefix(&format!("t{t}.")).unwrap().len(),
            ROUNDS + 1,
            "thread {t}"
        );
    }
}

#[test]
fn updates_read_under_the_write_lock_and_lose_nothing() {
    const THREADS: usize = 8;
    const ROUNDS: u64 = 25;
    let dir = TempDir::new().unwrap();
    let path = db_path(&dir);
    let mut store = Store::open(&path).unwrap();
    commit(&mut store, &[("count", json!(0))]);
    let start = Arc::new(Barrier::new(THREADS));
    let workers: Vec<_> = (0..THREADS)
        .map(|_| {
            let path = path.clone();
            let start = Arc::clone(&start);
            thread::spawn(move || {
                let mut store = Store::open(&path).unwrap();
                // A snapshot taken now is stale by the time we update.
                store.snapshot_reads();
                store.get("count").unwrap();
                start.wait();
                for _ in 0..ROUNDS {
                    store
                        .update(|store| {
                            let count = store.get_as::<u64>("count")?.unwrap().unwrap();
                            let mut changes = Changes::new();
                            changes.set("count", &(count + 1))?;
                            Ok::<_, StoreError>(changes)
                        })
                        .unwrap();
                }
            })
        })
        .collect();
    for worker in workers {
        worker.join().unwrap();
    }
    let total = ROUNDS * u64::try_from(THREADS).unwrap();
    assert_eq!(store.get("count").unwrap(), Some(json!(total)));

    // An error from the closure writes nothing and comes back as it is.
    let error = store
        .update(|_| {
            let mut changes = Changes::new();
            changes.set("count", &0).unwrap();
            Err::<Changes, _>(StoreError::NoLocation)
        })
        .unwrap_err();
    assert!(matches!(error, StoreError::NoLocation), "{error:?}");
    assert_eq!(store.get("count").unwrap(), Some(json!(total)));
}

/// Python's `json.dumps(json.loads(arg))` for each argument, one per line.
fn python_dumps(jsons: &[String]) -> Vec<String> {
    let args: Vec<&str> = jsons.iter().map(String::as_str).collect();
    python(
        "import json, sys\nfor a in sys.argv[1:]: print(json.dumps(json.loads(a)))",
        &args,
    )
    .lines()
    .map(str::to_owned)
    .collect()
}

#[derive(Serialize)]
struct Conversation {
    namespace: &'static str,
    units: Vec<&'static str>,
    scope: &'static str,
}

#[test]
fn pyjson_matches_python_json_dumps() {
    let control: String = (0u8..0x20).map(char::from).collect();
    let mut values = vec![
        Value::Null,
        json!(true),
        json!(false),
        json!(0),
        json!(-1),
        json!(i64::MIN),
        json!(u64::MAX),
        json!(0.0),
        json!(-0.0),
        json!(1.0),
        json!(0.1),
        json!(1.0 / 3.0),
        json!(1e15),
        json!(1e16),
        json!(123_456_789_012_345_680.0),
        json!(0.0001),
        json!(0.00001),
        json!(5e-324),
        json!(f64::MAX),
        json!(f64::MIN_POSITIVE),
        json!(""),
        json!("plain ascii ~"),
        json!("quote \" backslash \\ slash / </script>"),
        json!(control),
        json!("\u{7f}\u{80}\u{ff}\u{100}\u{2028}\u{2029}\u{feff}\u{ffff}"),
        json!("héllo wörld, 日本語, Ελληνικά"),
        json!("emoji 😀 and 𝄞 need surrogate pairs \u{10ffff}"),
        json!([]),
        json!({}),
        json!([[], {}, [[]], {"a": {}}]),
        json!([1, "two", 3.5, null, true, {"k": [false]}]),
        json!({"namespace": "website:1", "units": ["haproxy/0", "haproxy/1"], "scope": "haproxy/0"}),
        json!({"relation": "website", "conversations": ["reactive.conversations.website.global"]}),
        json!({"unicode key é": {"nested": {"deeper": ["\u{0}", "\t"]}}}),
    ];
    // A deterministic spread of doubles across the whole range.
    let mut bits: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..500 {
        bits ^= bits << 13;
        bits ^= bits >> 7;
        bits ^= bits << 17;
        let float = f64::from_bits(bits);
        if float.is_finite() {
            values.push(json!(float));
        }
        values.push(json!(
            f64::from(u32::try_from(bits >> 40).unwrap()) / 1000.0
        ));
    }
    let inputs: Vec<String> = values
        .iter()
        .map(|v| serde_json::to_string(v).unwrap())
        .collect();
    let expected = python_dumps(&inputs);
    assert_eq!(expected.len(), values.len());
    for ((value, input), expected) in values.iter().zip(&inputs).zip(&expected) {
        assert_eq!(
            &pyjson::to_string(value).unwrap(),
            expected,
            "input {input}"
        );
        // The same from the text, as the CLI's `set-flag --value` stores it.
        assert_eq!(&pyjson::reencode(input).unwrap(), expected, "text {input}");
    }

    // A struct keeps its field order, as a Python dict keeps insertion order.
    let conversation = Conversation {
        namespace: "website:1",
        units: vec!["haproxy/0"],
        scope: "haproxy/0",
    };
    let expected = python(
        "import json; print(json.dumps({'namespace': 'website:1', 'units': ['haproxy/0'], 'scope': 'haproxy/0'}))",
        &[],
    );
    assert_eq!(
        pyjson::to_string(&conversation).unwrap(),
        expected.trim_end()
    );

    // Non-string keys become strings, as Python does for ints and floats.
    let map: BTreeMap<i32, f32> = [(1, 0.1), (-2, 2.5)].into_iter().collect();
    let expected = python("import json; print(json.dumps({-2: 2.5, 1: 0.1}))", &[]);
    assert_eq!(pyjson::to_string(&map).unwrap(), expected.trim_end());
}

#[test]
fn reencoded_text_keeps_integers_exact_and_nesting_readable() {
    let texts: Vec<String> = [
        "[1180591620717411303424, -1180591620717411303424, 340282366920938463463374607431768211456]",
        r#"{"z": 1, "a": {"z": 2.50, "a": -0}, "z": 3e2}"#,
        "-0.0",
        "1e22",
        "9007199254740993",
        "9007199254740993.0",
    ]
    .map(str::to_owned)
    .into();
    for (text, expected) in texts.iter().zip(python_dumps(&texts)) {
        assert_eq!(pyjson::reencode(text).unwrap(), expected, "{text}");
    }
    // As deep as serde_json reads, and no deeper.
    let nested = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    assert_eq!(pyjson::reencode(&nested(128)).unwrap(), nested(128));
    let error = pyjson::reencode(&nested(129)).unwrap_err();
    assert!(
        error.to_string().contains("nested more than 128 deep"),
        "{error}"
    );
    assert!(pyjson::reencode(&nested(100_000)).is_err());
}

#[test]
fn python_reads_what_rust_wrote_and_the_other_way_round() {
    let dir = TempDir::new().unwrap();
    let path = db_path(&dir);
    let mut store = Store::open(&path).unwrap();
    let values = json!({
        "reactive.states.website.available": {"relation": "website", "conversations": ["c"]},
        "reactive.states.plain": null,
        "reactive.conversations.website:1.haproxy/0": {"namespace": "website:1", "units": ["haproxy/0"], "scope": "haproxy/0"},
        "text": "é 😀 \"q\" \n",
        "number": 1e16,
        "list": [1, 2.5, "x"],
    });
    let mut changes = Changes::new();
    for (key, value) in values.as_object().unwrap() {
        changes.set(key.as_str(), value).unwrap();
    }
    store.commit(&changes, None).unwrap();

    // Python decodes every value, and re-encoding gives the stored text back.
    let seen = python(
        "import json, sqlite3, sys\n\
         c = sqlite3.connect(sys.argv[1])\n\
         rows = c.execute('select key, data from kv').fetchall()\n\
         assert all(json.dumps(json.loads(d)) == d for k, d in rows), rows\n\
         print(json.dumps({k: json.loads(d) for k, d in rows}))",
        &[path.to_str().unwrap()],
    );
    assert_eq!(serde_json::from_str::<Value>(&seen).unwrap(), values);

    // Python writes the way charmhelpers' set does; we read it.
    python(
        "import json, sqlite3, sys\n\
         c = sqlite3.connect(sys.argv[1])\n\
         c.execute('insert into kv (key, data) values (?, ?)', ('reactive.states.py', json.dumps({'from': 'python', 'x': [1.5, None]})))\n\
         c.commit()",
        &[path.to_str().unwrap()],
    );
    assert_eq!(
        store.get("reactive.states.py").unwrap(),
        Some(json!({"from": "python", "x": [1.5, null]}))
    );
}

#[test]
fn missing_directory_is_an_io_error_naming_the_path() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("no-such-dir").join(".unit-state.db");
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::Io { .. }), "{err:?}");
    assert!(err.to_string().contains(path.to_str().unwrap()), "{err}");
}

#[test]
fn a_whole_key_is_a_prefix_of_itself() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join(".unit-state.db")).unwrap();
    let mut changes = Changes::new();
    changes
        .set("reactive.states.website.available", &())
        .unwrap();
    changes
        .set("reactive.states.website.availableX", &1)
        .unwrap();
    store.commit(&changes, None).unwrap();
    let found = store
        .get_prefix("reactive.states.website.available")
        .unwrap();
    assert_eq!(
        found.keys().collect::<Vec<_>>(),
        [
            "reactive.states.website.available",
            "reactive.states.website.availableX"
        ]
    );
    let overlay = Changes::new()
        .prefix(&store, "reactive.states.website.available")
        .unwrap();
    assert_eq!(overlay.len(), 2);
}

/// Both ways of reading: a statement per read, and one snapshot of the
/// table per store (what a hook session uses).
fn both_read_modes(path: &Path) -> [Store; 2] {
    let plain = Store::open(path).unwrap();
    let mut snapshot = Store::open(path).unwrap();
    snapshot.snapshot_reads();
    [plain, snapshot]
}

#[test]
fn snapshot_reads_answer_like_statements() {
    let dir = TempDir::new().unwrap();
    let path = db_path(&dir);
    let keys = [
        "a_b.x", "a_b.y", "aXb.x", "A_B.x", "a%", "a_b", "a_c.x", "b",
    ];
    let pairs: Vec<(&str, Value)> = keys.iter().map(|k| (*k, json!(k))).collect();
    commit(&mut Store::open(&path).unwrap(), &pairs);
    for store in both_read_modes(&path) {
        let found: Vec<String> = store.get_prefix("a_b.").unwrap().into_keys().collect();
        assert_eq!(found, ["a_b.x", "a_b.y"]);
        assert_eq!(store.keys_with_prefix("a_b.").unwrap(), ["a_b.x", "a_b.y"]);
        assert_eq!(store.keys_with_prefix("a%").unwrap(), ["a%"]);
        assert_eq!(store.keys_with_prefix("").unwrap().len(), keys.len());
        assert!(store.keys_with_prefix("zzz").unwrap().is_empty());
        assert_eq!(store.get("a_c.x").unwrap(), Some(json!("a_c.x")));
        assert!(store.contains("b").unwrap());
        assert!(!store.contains("a_").unwrap());
        assert_eq!(store.get("c").unwrap(), None);
    }
}

#[test]
fn a_snapshot_is_one_state_of_the_file_plus_its_own_commits() {
    let dir = TempDir::new().unwrap();
    let path = db_path(&dir);
    let mut other = Store::open(&path).unwrap();
    commit(&mut other, &[("k", json!(1)), ("gone", json!(true))]);

    let mut hook = Store::open(&path).unwrap();
    hook.snapshot_reads();
    assert_eq!(hook.get("k").unwrap(), Some(json!(1)));

    // Another process writes after the hook's first read: the hook keeps
    // the state it started from.
    commit(&mut other, &[("k", json!(2)), ("new", json!("x"))]);
    assert_eq!(hook.get("k").unwrap(), Some(json!(1)));
    assert!(!hook.contains("new").unwrap());

    // Its own commit is seen, and only the keys it changed are written.
    let mut changes = Changes::new();
    changes.set("mine", &json!([1, 2])).unwrap();
    changes.unset("gone");
    hook.commit(&changes, None).unwrap();
    assert_eq!(hook.get("mine").unwrap(), Some(json!([1, 2])));
    assert!(!hook.contains("gone").unwrap());
    assert_eq!(hook.keys_with_prefix("").unwrap(), ["k", "mine"]);

    let fresh = Store::open(&path).unwrap();
    assert_eq!(fresh.get("k").unwrap(), Some(json!(2)));
    assert_eq!(fresh.get("new").unwrap(), Some(json!("x")));
    assert_eq!(fresh.get("mine").unwrap(), Some(json!([1, 2])));
    assert!(!fresh.contains("gone").unwrap());
}

#[test]
fn typed_reads_tell_another_shape_from_text_that_is_not_json() {
    let dir = TempDir::new().unwrap();
    let path = db_path(&dir);
    drop(Store::open(&path).unwrap());
    Connection::open(&path)
        .unwrap()
        .execute_batch(
            "INSERT INTO kv VALUES ('n', '7');
             INSERT INTO kv VALUES ('s', '\"seven\"');
             INSERT INTO kv VALUES ('junk', '{not json');",
        )
        .unwrap();
    for store in both_read_modes(&path) {
        assert_eq!(store.get_as::<u32>("n").unwrap().unwrap().unwrap(), 7);
        assert!(store.get_as::<u32>("s").unwrap().unwrap().is_err());
        assert!(store.get_as::<u32>("missing").unwrap().is_none());
        let err = store.get_as::<u32>("junk").unwrap_err();
        assert!(
            matches!(&err, StoreError::Decode { key, .. } if key == "junk"),
            "{err:?}"
        );
    }
}

#[test]
fn a_file_in_wal_mode_is_left_in_it() {
    let dir = TempDir::new().unwrap();
    let path = db_path(&dir);
    drop(Store::open(&path).unwrap());
    let mode: String = Connection::open(&path)
        .unwrap()
        .query_row("PRAGMA journal_mode=WAL", [], |row| row.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let mut store = Store::open(&path).unwrap();
    commit(&mut store, &[("k", json!(1))]);
    drop(store);
    let raw = Connection::open(&path).unwrap();
    let mode: String = raw
        .query_row("PRAGMA journal_mode", [], |row| row.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let data: String = raw
        .query_row("SELECT data FROM kv WHERE key = 'k'", [], |row| row.get(0))
        .unwrap();
    assert_eq!(data, "1");
}
