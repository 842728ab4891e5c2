//! The store file through the charm binary: created private, made private
//! again (with its journal, through a symlink too) when found readable, and
//! a file that is not a usable store fails the hook with one line naming it
//! and is never written, replaced, deleted or chmodded.

mod support;

use std::collections::BTreeSet;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use support::{UNIT, cli, process_model, run};

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn the_store_is_created_private_by_a_hook_and_by_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let model = process_model(dir.path());
    let hook = run(&model, &[]);
    assert!(hook.success(), "{}", hook.stderr());
    assert_eq!(mode(&model.store_path(UNIT)), 0o600);

    let cli_dir = dir.path().join("cli");
    std::fs::create_dir(&cli_dir).unwrap();
    let output = cli(&cli_dir, &["set-flag", "ready"]);
    assert!(output.status.success(), "{output:?}");
    assert_eq!(mode(&cli_dir.join(".unit-state.db")), 0o600);
}

/// `path` with `-journal` appended: `SQLite`'s rollback journal of the
/// database at `path`.
fn journal(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push("-journal");
    PathBuf::from(name)
}

/// Writes a store holding a secret at `path` and makes it and its journal
/// (kept after each commit, truncated) readable by everyone, as an older
/// tool or an operator could have left them.
fn readable_store(path: &Path) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let mut store = iface::store::Store::open(path).unwrap();
    let mut changes = iface::store::Changes::new();
    changes.set("secret", "s3cret").unwrap();
    store.commit(&changes, None).unwrap();
    drop(store);
    for file in [path, &journal(path)] {
        std::fs::set_permissions(file, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
}

#[test]
fn a_readable_store_and_its_journal_are_made_private_by_a_hook_and_by_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let mut found = Vec::new();
    for (i, linked) in [false, true].into_iter().enumerate() {
        let model = process_model(&dir.path().join(format!("hook-{i}")));
        let cli_dir = dir.path().join(format!("cli-{i}"));
        std::fs::create_dir_all(model.charm_dir(UNIT)).unwrap();
        std::fs::create_dir_all(&cli_dir).unwrap();
        let stores = [
            ("hook", model.store_path(UNIT)),
            ("set-flag", cli_dir.join(".unit-state.db")),
        ];
        for (what, path) in &stores {
            // Through a symlink, the target is the store: SQLite keeps its
            // journal beside the target.
            let file = if linked {
                let target = dir
                    .path()
                    .join(format!("elsewhere-{i}-{what}"))
                    .join("state.db");
                readable_store(&target);
                std::os::unix::fs::symlink(&target, path).unwrap();
                target
            } else {
                readable_store(path);
                path.clone()
            };
            if *what == "hook" {
                let hook = run(&model, &[]);
                assert!(hook.success(), "{}", hook.stderr());
            } else {
                let output = cli(&cli_dir, &["set-flag", "ready"]);
                assert!(output.status.success(), "{output:?}");
            }
            assert_eq!(path.is_symlink(), linked, "{what}: the link stays a link");
            for file in [file.clone(), journal(&file)] {
                found.push(format!(
                    "{what}{}: {} {:o}",
                    if linked { " (symlinked)" } else { "" },
                    file.file_name().unwrap().to_string_lossy(),
                    mode(&file)
                ));
            }
            assert!(
                !journal(path).exists() || !linked,
                "{what}: no journal beside the link"
            );
        }
    }
    let wrong: Vec<&String> = found.iter().filter(|f| !f.ends_with(" 600")).collect();
    assert!(wrong.is_empty(), "not 0600: {wrong:#?}");
}

/// What Python's `json.dumps(json.loads(text))` stores for each of
/// `texts`, one line each, or `refused` where `json.loads` fails or the
/// value has no JSON text (`1e400` is a float infinity, which `json.dumps`
/// writes as the non-JSON `Infinity`).
fn python_stores(texts: &[&str]) -> Vec<String> {
    let output = Command::new("python3")
        .arg("-c")
        .arg(
            "import json, sys\n\
             for text in sys.argv[1:]:\n\
             \x20   try: print(json.dumps(json.loads(text), allow_nan=False))\n\
             \x20   except ValueError: print('refused')",
        )
        .args(texts)
        .output()
        .expect("python3 must be on PATH for the compatibility tests");
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn set_flag_values_are_stored_as_python_writes_them_with_integers_exact() {
    let many_digits = "7".repeat(4300);
    let too_many_digits = "7".repeat(4301);
    let texts = [
        "1180591620717411303424",
        "-1180591620717411303424",
        "18446744073709551616",
        "-9223372036854775809",
        r#"[1180591620717411303424, {"n": -99999999999999999999999999999}]"#,
        &many_digits,
        "-0",
        "0.1",
        "2.50",
        "1E5",
        "1e-7",
        "-0.0",
        "1e-400",
        "1.7976931348623157e308",
        "123456789012345678901234567890.5",
        r#" { "b" : 1 , "a" : [ ] , "b" : 3 } "#,
        r#""caf\u00e9 \ud83d\ude00 café""#,
        "null",
        // Refused: no JSON text in Python, or unreadable by it.
        "1e400",
        "-1e400",
        r#"[1, {"x": 1e999}]"#,
        "NaN",
        &too_many_digits,
        "{nope",
    ];
    let expected = python_stores(&texts);
    assert_eq!(expected.len(), texts.len());
    let dir = tempfile::tempdir().unwrap();
    let mut wrong = Vec::new();
    for (i, (text, expected)) in texts.iter().zip(&expected).enumerate() {
        let flag = format!("value.{i}");
        let output = cli(dir.path(), &["set-flag", &flag, "--value", text]);
        let stored: Option<String> = rusqlite::Connection::open(dir.path().join(".unit-state.db"))
            .unwrap()
            .query_row(
                "SELECT data FROM kv WHERE key = ?1",
                [format!("reactive.states.{flag}")],
                |row| row.get(0),
            )
            .ok();
        let stderr = String::from_utf8_lossy(&output.stderr);
        let as_python = if expected == "refused" {
            output.status.code() == Some(2)
                && stderr.starts_with("ERROR argument `--value` (JSON): ")
                && stored.is_none()
        } else {
            output.status.success() && stored.as_ref() == Some(expected)
        };
        if !as_python {
            wrong.push(format!(
                "{text:.60}: Python stores {expected:.60}; exit {:?}, stored {:.60?}, {stderr:.200}",
                output.status.code(),
                stored
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Bytes that no store should be made of, each with a name for messages.
fn bad_stores(dir: &Path) -> Vec<(&'static str, Vec<u8>)> {
    let mut noise = Vec::with_capacity(8192);
    let mut state: u32 = 0x2545_f491;
    while noise.len() < 8192 {
        // xorshift32: fixed, dependency-free noise.
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        noise.extend(state.to_le_bytes());
    }
    let mut header = b"SQLite format 3\0".to_vec();
    header.extend(&noise[..4080]);

    // A real SQLite file whose `kv` table is someone else's.
    let foreign = dir.join("foreign.db");
    let conn = rusqlite::Connection::open(&foreign).unwrap();
    conn.execute_batch("CREATE TABLE kv (k BLOB, v BLOB); INSERT INTO kv VALUES (x'00', x'01');")
        .unwrap();
    drop(conn);
    // A real store, cut short.
    let real = dir.join("real.db");
    let mut store = iface::store::Store::open(&real).unwrap();
    let mut changes = iface::store::Changes::new();
    changes.set("reactive.states.x", &"y".repeat(5000)).unwrap();
    store.commit(&changes, None).unwrap();
    drop(store);
    let mut truncated = std::fs::read(&real).unwrap();
    truncated.truncate(truncated.len() - 4096);

    vec![
        ("text", b"this is not a database\n".to_vec()),
        ("noise", noise),
        ("sqlite header, garbage body", header),
        ("foreign kv table", std::fs::read(&foreign).unwrap()),
        ("truncated store", truncated),
    ]
}

fn listing(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn a_corrupt_or_foreign_store_fails_the_hook_and_is_left_exactly_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    for (i, (what, bytes)) in bad_stores(dir.path()).into_iter().enumerate() {
        let model = process_model(&dir.path().join(i.to_string()));
        let path = model.store_path(UNIT);
        std::fs::create_dir_all(model.charm_dir(UNIT)).unwrap();
        std::fs::write(&path, &bytes).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let files = listing(&model.charm_dir(UNIT));

        let run = run(&model, &[]);

        assert_eq!(run.code(), Some(1), "{what}: {}", run.stderr());
        let stderr = run.stderr();
        assert_eq!(stderr.lines().count(), 1, "{what}: {stderr}");
        assert!(
            stderr.starts_with("ERROR faulty hook website-relation-changed failed: "),
            "{what}: {stderr}"
        );
        assert!(
            stderr.contains(&path.display().to_string()),
            "{what}: the message names the file: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{what}: {stderr}");
        let logged: Vec<_> = model
            .deployment()
            .unwrap()
            .logs
            .into_iter()
            .filter(|l| l.level == "ERROR")
            .collect();
        assert_eq!(logged.len(), 1, "{what}: one juju-log ERROR line");
        assert_eq!(format!("ERROR {}\n", logged[0].message), stderr, "{what}");
        assert_eq!(std::fs::read(&path).unwrap(), bytes, "{what}: file changed");
        assert_eq!(mode(&path), 0o644, "{what}: mode changed");
        assert_eq!(listing(&model.charm_dir(UNIT)), files, "{what}");
        let deployment = model.deployment().unwrap();
        assert!(
            !deployment.relations[&1].unit_data.contains_key(UNIT),
            "{what}: relation data written"
        );
    }
}
