//! Eight processes update flags on one store at once: hook processes of the
//! faulty binary, its command-line API (`set-flag`, `clear-flag`) and
//! `store-hammer` loops. Every process must succeed (a lock is waited for,
//! never reported as "database is locked"), and every update must be in
//! the file at the end. Eight `toggle-flag` processes racing on one flag
//! must leave it as the parity of their toggles says.

mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use iface::store::{FLAG_PREFIX, Store, flag_key};
use support::{binary, process_model, run};

/// Commits per `store-hammer` process.
const HAMMER_COMMITS: u32 = 300;
/// Hooks per hook worker.
const HOOKS: u32 = 10;
/// `set-flag` calls per command-line worker.
const CLI_CALLS: u32 = 24;

fn hammer() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_store-hammer"))
}

/// Fails with everything the process said unless it exited 0.
fn check(what: &str, output: &Output) {
    assert!(
        output.status.success(),
        "{what}: exit {:?}: {}",
        output.status.code(),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Runs `HOOKS` hooks in a deployment of its own whose store is `store`;
/// hook `i` sets flag `NAME.i`.
fn hook_worker(root: &Path, store: &Path, name: &str) {
    let model = process_model(root);
    let store = store.to_str().unwrap();
    for i in 0..HOOKS {
        let flag = format!("{name}.{i}");
        let run = run(
            &model,
            &[("UNIT_STATE_DB", store), ("FAULTY_SET_FLAG", &flag)],
        );
        check(&flag, &run.output);
    }
}

/// Runs the faulty binary's command line `args` on `store`; it must succeed.
fn cli(store: &Path, args: &[&str]) {
    let output = Command::new(binary())
        .args(args)
        .env_clear()
        .env("UNIT_STATE_DB", store)
        .output()
        .unwrap();
    check(&args.join(" "), &output);
}

/// Sets `NAME.i` for every i with the command-line API, then clears the
/// even ones.
fn cli_worker(store: &Path, name: &str) {
    for i in 0..CLI_CALLS {
        cli(store, &["set-flag", &format!("{name}.{i}")]);
    }
    for i in (0..CLI_CALLS).step_by(2) {
        cli(store, &["clear-flag", &format!("{name}.{i}")]);
    }
}

fn hammer_worker(store: &Path, name: &str) {
    let output = Command::new(hammer())
        .arg(store)
        .arg(name)
        .arg(HAMMER_COMMITS.to_string())
        .output()
        .unwrap();
    check(name, &output);
}

#[test]
fn eight_processes_update_one_store_and_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store: PathBuf = dir.path().join("shared.db");
    Store::open(&store).unwrap();

    std::thread::scope(|scope| {
        for k in 0..3 {
            let (store, root) = (&store, dir.path().join(format!("hooks-{k}")));
            scope.spawn(move || hook_worker(&root, store, &format!("hook{k}")));
        }
        for k in 0..2 {
            let store = &store;
            scope.spawn(move || cli_worker(store, &format!("cli{k}")));
        }
        for k in 0..3 {
            let store = &store;
            scope.spawn(move || hammer_worker(store, &format!("hammer{k}")));
        }
    });

    let mut expected = BTreeSet::from(["website.available".to_owned()]);
    for k in 0..3 {
        expected.extend((0..HOOKS).map(|i| format!("hook{k}.{i}")));
        expected.extend((0..HAMMER_COMMITS).map(|i| format!("hammer{k}.{i}")));
        expected.insert(format!("hammer{k}.last"));
    }
    for k in 0..2 {
        expected.extend(
            (0..CLI_CALLS)
                .filter(|i| i % 2 == 1)
                .map(|i| format!("cli{k}.{i}")),
        );
    }
    let store = Store::open(&store).unwrap();
    let flags: BTreeSet<String> = store
        .get_prefix(FLAG_PREFIX)
        .unwrap()
        .into_keys()
        .map(|key| key[FLAG_PREFIX.len()..].to_owned())
        .collect();
    assert_eq!(flags, expected);
    for k in 0..3 {
        let last = store.get(&format!("{FLAG_PREFIX}hammer{k}.last")).unwrap();
        assert_eq!(last, Some((HAMMER_COMMITS - 1).into()));
    }
}

/// Concurrent `toggle-flag` processes per round.
const TOGGLERS: usize = 8;
/// Rounds of the toggle race, each on a fresh store.
const TOGGLE_ROUNDS: usize = 12;

#[test]
fn eight_concurrent_togglers_leave_the_parity_of_their_toggles() {
    let dir = tempfile::tempdir().unwrap();
    let mut wrong = Vec::new();
    for round in 0..TOGGLE_ROUNDS {
        let store = dir.path().join(format!("toggle-{round}.db"));
        Store::open(&store).unwrap();
        // Three toggles per process, four for the first `round % 8`, so
        // that the total is odd in every other round.
        let counts: Vec<usize> = (0..TOGGLERS)
            .map(|k| 3 + usize::from(k < round % TOGGLERS))
            .collect();
        std::thread::scope(|scope| {
            for &count in &counts {
                let store = &store;
                scope.spawn(move || {
                    for _ in 0..count {
                        cli(store, &["toggle-flag", "toggled"]);
                    }
                });
            }
        });
        let toggles: usize = counts.iter().sum();
        let set = Store::open(&store)
            .unwrap()
            .contains(&flag_key("toggled"))
            .unwrap();
        if set != (toggles % 2 == 1) {
            wrong.push(format!(
                "round {round}: {toggles} toggles left it set: {set}"
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {TOGGLE_ROUNDS} rounds lost a toggle:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
