//! Crash safety: the django binary killed (SIGKILL) at random points of a
//! hook, then re-run to completion as Juju would.
//!
//! After every kill the store must be intact (it opens and `PRAGMA
//! integrity_check` is `ok`) and hold exactly the rows it held before the
//! hook or exactly those a successful hook leaves; the relation data must
//! be untouched unless the hook exited 0. The re-run must then give the
//! successful hook's store and relation data, whatever the kill left.

mod support;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use iface::store::{Changes, Store};
use iface_sim::process::ProcessModel;
use iface_sim::{DELAY_ENV, statefile, store_file};
use support::{RELATION, UNIT, binary, joined, process_model};

const HOOK: &str = "website-relation-joined";

/// How many kills. Each costs two hook processes.
const TRIALS: u64 = 240;

/// The seed of every trial's kill point (xored with the trial number).
const SEED: u64 = 0x0001_face_5eed;

/// Per-call tool delays the trials choose from, in milliseconds: 0 makes
/// the commit a large share of the hook, longer ones stretch the tool calls.
const DELAYS_MS: [u64; 3] = [0, 1, 3];

/// A deployment on disk whose store already holds keys of an earlier
/// hook (a Python layer's flag and a plain key), which every outcome must
/// keep.
fn fresh_model(root: &Path) -> ProcessModel {
    let model = process_model(root);
    std::fs::create_dir_all(model.charm_dir(UNIT)).unwrap();
    let mut store = Store::open(&model.store_path(UNIT)).unwrap();
    let mut changes = Changes::new();
    changes.set("reactive.states.python.layer", &()).unwrap();
    changes.set("some.key", &[1, 2, 3]).unwrap();
    store.commit(&changes, None).unwrap();
    model
}

/// Every `kv` row, after checking the file's integrity (and rolling back
/// a journal a killed commit left, as the next hook would).
fn kv_rows(path: &Path) -> Vec<(String, Vec<u8>)> {
    store_file::kv_rows(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn published(model: &ProcessModel) -> BTreeMap<String, String> {
    model.deployment().unwrap().unit_bag(RELATION, UNIT)
}

/// splitmix64: a fixed seed makes every run kill at the same offsets (up to
/// scheduling), with no new dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// Ends the killed hook's tool processes with it: they are in its process
/// group. Juju's hook tools fail once their hook is gone; the fake tools
/// would finish their call, so they must not outlive the kill.
fn kill_group(pgid: u32) {
    // Fails harmlessly when no tool was running.
    let _ = Command::new("kill")
        .args(["-KILL", "--", &format!("-{pgid}")])
        .status();
}

/// Where a kill landed, told apart afterwards by what it left.
#[derive(Debug, Clone, Copy)]
enum Landed {
    /// Before `relation-set` ran.
    BeforeRelationSet,
    /// After `relation-set` ran, before the store committed.
    BeforeCommit,
    /// After the store committed, before the process exited.
    AfterCommit,
    /// Too late: the hook had exited 0.
    Completed,
}

/// What every trial compares against.
struct Expected {
    before: Vec<(String, Vec<u8>)>,
    after: Vec<(String, Vec<u8>)>,
    /// The store after a re-run that found the first run's write dropped:
    /// the write sent again, and remembered over the bag as read back.
    after_resent: Vec<(String, Vec<u8>)>,
    /// The store after a re-run that found the first run's write kept:
    /// the memory of it confirmed.
    after_confirmed: Vec<(String, Vec<u8>)>,
    published: BTreeMap<String, String>,
    /// A whole hook's duration for each of [`DELAYS_MS`].
    spans: Vec<Duration>,
}

/// Kills one hook at a point drawn from `trial`'s own seed, checks what it
/// left, re-runs it and checks the result.
fn trial(root: &Path, trial: u64, expected: &Expected) -> Landed {
    let mut rng = Rng(SEED ^ trial);
    let model = fresh_model(root);
    let pick = usize::try_from(rng.below(DELAYS_MS.len() as u64)).unwrap();
    let span = u64::try_from(expected.spans[pick].as_micros()).unwrap();
    // Half the kills anywhere in the hook, half in its last fifth, where
    // relation-set and the commit happen.
    let at = if trial.is_multiple_of(2) {
        rng.below(span + span / 10)
    } else {
        span * 4 / 5 + rng.below(span / 4)
    };

    let mut child = model
        .spawn_hook(
            binary(),
            UNIT,
            HOOK,
            Some(joined()),
            &[(DELAY_ENV, &DELAYS_MS[pick].to_string())],
        )
        .unwrap();
    std::thread::sleep(Duration::from_micros(at));
    child.kill().unwrap();
    kill_group(child.id());
    let status = child.wait().unwrap();
    statefile::finish_hook(&model.state_path(), status.success()).unwrap();

    let context = format!("trial {trial}: delay {}ms, kill at {at}us", DELAYS_MS[pick]);
    let rows = kv_rows(&model.store_path(UNIT));
    let relation_set_ran = model.deployment().unwrap().count_calls("relation-set") > 0;
    let landed = if status.success() {
        assert_eq!(rows, expected.after, "{context}");
        assert_eq!(published(&model), expected.published, "{context}");
        Landed::Completed
    } else {
        assert!(
            rows == expected.before || rows == expected.after,
            "{context}: {rows:?}"
        );
        assert!(published(&model).is_empty(), "{context}");
        match (relation_set_ran, rows == expected.after) {
            (false, false) => Landed::BeforeRelationSet,
            (true, false) => Landed::BeforeCommit,
            (_, true) => Landed::AfterCommit,
        }
    };

    let rerun = model
        .run_hook(binary(), UNIT, HOOK, Some(joined()), &[])
        .unwrap();
    assert!(rerun.success(), "{context}: rerun: {}", rerun.stderr());
    // A kill after the commit leaves a memory of a write Juju dropped: the
    // re-run reads the bag back and sends the write again.
    let settled = match landed {
        Landed::AfterCommit => &expected.after_resent,
        Landed::Completed => &expected.after_confirmed,
        Landed::BeforeRelationSet | Landed::BeforeCommit => &expected.after,
    };
    assert_eq!(kv_rows(&model.store_path(UNIT)), *settled, "{context}");
    assert_eq!(published(&model), expected.published, "{context}");
    landed
}

/// Runs whole hooks to learn the state after, and how long a hook takes
/// for each tool delay: the median of three runs, timed as trials time
/// their kills, from `spawn_hook`'s return.
fn calibrate(dir: &Path) -> Expected {
    let reference = fresh_model(&dir.join("reference"));
    let before = kv_rows(&reference.store_path(UNIT));
    let mut spans = Vec::new();
    let mut after: Option<Vec<(String, Vec<u8>)>> = None;
    for delay in DELAYS_MS {
        let mut times = Vec::new();
        for run in 0..3 {
            let model = fresh_model(&dir.join(format!("calibrate-{delay}-{run}")));
            let mut child = model
                .spawn_hook(
                    binary(),
                    UNIT,
                    HOOK,
                    Some(joined()),
                    &[(DELAY_ENV, &delay.to_string())],
                )
                .unwrap();
            let started = Instant::now();
            let status = child.wait().unwrap();
            times.push(started.elapsed());
            statefile::finish_hook(&model.state_path(), status.success()).unwrap();
            assert!(status.success());
            let rows = kv_rows(&model.store_path(UNIT));
            assert!(after.as_ref().is_none_or(|a| *a == rows), "hooks differ");
            after = Some(rows);
        }
        times.sort();
        spans.push(times[1]);
    }
    let after = after.unwrap();
    assert_ne!(before, after);
    let run = |model: &ProcessModel| {
        let run = model
            .run_hook(binary(), UNIT, HOOK, Some(joined()), &[])
            .unwrap();
        assert!(run.success(), "{}", run.stderr());
    };
    // The same hook again after Juju kept the first one's write...
    let kept = fresh_model(&dir.join("kept"));
    run(&kept);
    run(&kept);
    let after_confirmed = kv_rows(&kept.store_path(UNIT));
    // ...and after Juju dropped it.
    let dropped = fresh_model(&dir.join("dropped"));
    run(&dropped);
    dropped
        .update(|d| d.clear_unit_bag(RELATION, UNIT))
        .unwrap();
    run(&dropped);
    let after_resent = kv_rows(&dropped.store_path(UNIT));
    let published = [("hostname", "10.0.0.1"), ("port", "80")]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    Expected {
        before,
        after,
        after_resent,
        after_confirmed,
        published,
        spans,
    }
}

#[test]
fn a_hook_killed_at_any_point_leaves_the_store_before_or_after_and_reruns_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let expected = calibrate(dir.path());
    eprintln!(
        "hook durations per tool delay {DELAYS_MS:?}ms: {:?}",
        expected.spans
    );

    // Two trials at a time: most of a trial is waiting on processes.
    let landed: Vec<Landed> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..2)
            .map(|worker| {
                let (dir, expected) = (dir.path(), &expected);
                scope.spawn(move || {
                    (worker..TRIALS)
                        .step_by(2)
                        .map(|n| trial(&dir.join(format!("trial-{n}")), n, expected))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| worker.join().unwrap())
            .collect()
    });

    let count = |kind: fn(&Landed) -> bool| landed.iter().filter(|l| kind(l)).count();
    eprintln!(
        "crash trials: {} (killed before relation-set {}, between relation-set and commit {}, \
         after commit {}; completed before the kill {})",
        landed.len(),
        count(|l| matches!(l, Landed::BeforeRelationSet)),
        count(|l| matches!(l, Landed::BeforeCommit)),
        count(|l| matches!(l, Landed::AfterCommit)),
        count(|l| matches!(l, Landed::Completed)),
    );
    assert!(landed.len() >= 200);
}
