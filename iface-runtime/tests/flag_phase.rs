//! The flag phase against real sessions: order, rounds, oscillation,
//! on-change-only records across hooks, errors and the trace.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::{Duration, Instant};

use iface_runtime::Error;
use iface_runtime::dispatch::{
    Decision, FlagHandler, FlagPhaseOptions, FlagPhaseReport, Outcome, RunReason, SkipReason,
    run_flag_phase,
};
use iface_runtime::session::Session;
use iface_runtime::store::Store;
use iface_runtime::tools::{ToolCall, ToolError, ToolOutput, ToolRunner};
use iface_sim::HookEnv;
use tempfile::TempDir;

/// Hook tools that only log: `juju-log` messages are kept, any other tool
/// fails (the flag phase must not call one).
struct LogOnly(Rc<RefCell<Vec<String>>>);

impl ToolRunner for LogOnly {
    fn run(&self, call: &ToolCall) -> Result<ToolOutput, ToolError> {
        if call.tool == "juju-log" {
            assert_eq!(call.args[..3], ["-l", "DEBUG", "--"], "trace logs at debug");
            self.0.borrow_mut().push(call.args[3].clone());
            return Ok(ToolOutput {
                code: Some(0),
                stdout: Vec::new(),
                stderr: String::new(),
            });
        }
        Ok(ToolOutput {
            code: Some(1),
            stdout: Vec::new(),
            stderr: format!("{} is not simulated here", call.tool),
        })
    }
}

/// One unit: a charm directory with its store, and the log.
struct Unit {
    dir: TempDir,
    log: Rc<RefCell<Vec<String>>>,
}

impl Unit {
    fn new() -> Unit {
        Unit {
            dir: tempfile::tempdir().unwrap(),
            log: Rc::default(),
        }
    }

    /// A fresh session for hook `hook`, as the next hook would get.
    fn session(&self, hook: &str) -> Session {
        let context = HookEnv::new("test/0", self.dir.path(), hook)
            .context()
            .unwrap();
        let store = Store::open(&self.dir.path().join(".unit-state.db")).unwrap();
        Session::new(context, Box::new(LogOnly(Rc::clone(&self.log))), store)
    }

    fn take_log(&self) -> Vec<String> {
        core::mem::take(&mut *self.log.borrow_mut())
    }
}

fn noop(name: &'static str) -> FlagHandler {
    FlagHandler::new(name, |_| Ok(()))
}

fn sets(name: &'static str, flag: &'static str) -> FlagHandler {
    FlagHandler::new(name, move |session| session.set_flag(flag))
}

fn clears(name: &'static str, flag: &'static str) -> FlagHandler {
    FlagHandler::new(name, move |session| {
        session.clear_flag(flag);
        Ok(())
    })
}

fn run(session: &mut Session, handlers: &[FlagHandler]) -> FlagPhaseReport {
    run_flag_phase(session, handlers, &FlagPhaseOptions::default()).unwrap()
}

fn rounds(report: &FlagPhaseReport) -> Vec<Vec<&'static str>> {
    report.rounds.iter().map(|r| r.ran.clone()).collect()
}

/// The decisions about `handler`, as (round, outcome).
fn about(report: &FlagPhaseReport, handler: &str) -> Vec<(usize, Outcome)> {
    report
        .decisions
        .iter()
        .filter(|d| d.handler == handler)
        .map(|d| (d.round, d.outcome.clone()))
        .collect()
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn handlers_run_in_table_order() {
    let unit = Unit::new();
    let mut session = unit.session("update-status");
    session.set_flag("ready").unwrap();
    let handlers = [noop("zeta"), noop("alpha").when("ready"), noop("mid")];
    let report = run(&mut session, &handlers);
    assert_eq!(rounds(&report), [["zeta", "alpha", "mid"]]);
    // The final round ran nothing and considered nobody new.
    assert!(
        report.decisions[3..]
            .iter()
            .all(|d| d.round == 1 && !d.outcome.ran())
    );
    // Same table, same flags: same report.
    let mut session = unit.session("update-status");
    session.set_flag("ready").unwrap();
    assert_eq!(run(&mut session, &handlers), report);
}

#[test]
fn a_chain_settles_round_by_round() {
    let unit = Unit::new();
    // Written backwards, each link waits for the next round.
    let backwards = [
        noop("c").when("y"),
        sets("b", "y").when("x"),
        sets("a", "x"),
    ];
    let mut session = unit.session("install");
    let report = run(&mut session, &backwards);
    assert_eq!(rounds(&report), [["a"], ["b"], ["c"]]);
    assert_eq!(
        report.decisions.last().unwrap().round,
        3,
        "round 3 ran nothing"
    );
    assert_eq!(
        about(&report, "c")[1],
        (
            1,
            Outcome::Skipped(SkipReason::Unchanged {
                since_round: 0,
                ran: false
            })
        )
    );
    assert_eq!(
        about(&report, "b")[1],
        (1, Outcome::Ran(RunReason::Changed(strings(&["x"]))))
    );
    assert_eq!(report.rounds[0].set.iter().collect::<Vec<_>>(), ["x"]);

    // Written forwards, conditions are re-tested as the round goes: one round.
    let forwards = [
        sets("a", "x"),
        sets("b", "y").when("x"),
        noop("c").when("y"),
    ];
    let report = run(&mut unit.session("install"), &forwards);
    assert_eq!(rounds(&report), [["a", "b", "c"]]);
}

#[test]
fn clearing_a_flag_stops_a_later_handler_in_the_same_round() {
    let unit = Unit::new();
    let mut session = unit.session("config-changed");
    session.set_flag("x").unwrap();
    let report = run(&mut session, &[clears("a", "x"), noop("b").when("x")]);
    assert_eq!(rounds(&report), [["a"]]);
    assert_eq!(
        about(&report, "b"),
        [
            (0, Outcome::Skipped(SkipReason::NotSet("x".to_owned()))),
            (
                1,
                Outcome::Skipped(SkipReason::Unchanged {
                    since_round: 0,
                    ran: false
                })
            ),
        ]
    );

    // Before `a` in the table, `b` still sees the flag.
    let mut session = unit.session("config-changed");
    session.set_flag("x").unwrap();
    let report = run(&mut session, &[noop("b").when("x"), clears("a", "x")]);
    assert_eq!(rounds(&report), [["b", "a"]]);
    // `a` cleared what `b` watches after `b` ran: `b` is considered again.
    assert_eq!(
        about(&report, "b")[1],
        (1, Outcome::Skipped(SkipReason::NotSet("x".to_owned())))
    );
}

#[test]
fn when_not_and_when_any() {
    let unit = Unit::new();
    let mut session = unit.session("start");
    session.set_flag("x").unwrap();
    let handlers = [
        noop("not_x").when_not("x"),
        noop("not_y").when_not("y"),
        noop("x_or_y").when_any(["x", "y"]),
        noop("y_or_z").when_any(["y", "z"]),
        noop("both_groups").when_any(["x"]).when_any(["q", "x"]),
        noop("empty_group").when_any(Vec::<String>::new()),
        noop("all").when("x").when_not("y").when_any(["z", "x"]),
    ];
    let report = run(&mut session, &handlers);
    assert_eq!(rounds(&report), [["not_y", "x_or_y", "both_groups", "all"]]);
    let first = |name| about(&report, name)[0].1.clone();
    assert_eq!(
        first("not_x"),
        Outcome::Skipped(SkipReason::Set("x".to_owned()))
    );
    assert_eq!(
        first("y_or_z"),
        Outcome::Skipped(SkipReason::NoneSet(strings(&["y", "z"])))
    );
    assert_eq!(
        first("empty_group"),
        Outcome::Skipped(SkipReason::NoneSet(Vec::new()))
    );
}

#[test]
fn a_handler_is_not_rerun_when_nothing_it_watches_changed() {
    let unit = Unit::new();
    let mut session = unit.session("update-status");
    session.set_flag("x").unwrap();
    let handlers = [
        // Changes a flag it watches itself: not a reason to run again.
        sets("a", "y").when_any(["x", "y"]),
        // Changes something nobody here watches.
        sets("b", "w"),
        noop("c").when("x"),
    ];
    let report = run(&mut session, &handlers);
    assert_eq!(rounds(&report), [["a", "b", "c"]]);
    assert_eq!(
        about(&report, "a")[1],
        (
            1,
            Outcome::Skipped(SkipReason::Unchanged {
                since_round: 0,
                ran: true
            })
        )
    );

    // A change by another handler after it ran brings it back.
    let mut session = unit.session("update-status");
    let report = run(&mut session, &[noop("d").when_not("z"), sets("e", "z")]);
    assert_eq!(rounds(&report), [["d", "e"]]);
    assert_eq!(
        about(&report, "d")[1],
        (1, Outcome::Skipped(SkipReason::Set("z".to_owned())))
    );
}

fn oscillating() -> [FlagHandler; 3] {
    [
        sets("arm", "x").when_not("x"),
        noop("bystander").when("never"),
        clears("disarm", "x").when("x"),
    ]
}

#[test]
fn oscillation_is_an_error_naming_the_handlers_and_flags() {
    let unit = Unit::new();
    let mut session = unit.session("update-status");
    let started = Instant::now();
    let error =
        run_flag_phase(&mut session, &oscillating(), &FlagPhaseOptions::default()).unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    let Error::FlagOscillation {
        rounds,
        repeat,
        handlers,
        flags,
    } = &error
    else {
        panic!("not an oscillation: {error}");
    };
    assert_eq!(*rounds, 100);
    assert_eq!(*repeat, Some((1, 2)));
    assert_eq!(handlers, &strings(&["arm", "disarm"]));
    assert_eq!(flags, &strings(&["x"]));
    let text = error.to_string();
    assert!(
        text.contains("`arm`") && text.contains("`disarm`") && text.contains("`x`"),
        "{text}"
    );
    assert!(!text.contains("bystander"), "{text}");

    // Opting in stops at the first repeated state.
    let options = FlagPhaseOptions {
        stop_on_repeat: true,
        ..FlagPhaseOptions::default()
    };
    let error =
        run_flag_phase(&mut unit.session("update-status"), &oscillating(), &options).unwrap_err();
    assert!(
        matches!(&error, Error::FlagOscillation { rounds: 2, repeat: Some((1, 2)), handlers, .. }
            if handlers == &strings(&["arm", "disarm"])),
        "{error:?}"
    );
}

#[test]
fn the_bound_counts_rounds_that_run_handlers() {
    let unit = Unit::new();
    let chain = || {
        [
            noop("c").when("y"),
            sets("b", "y").when("x"),
            sets("a", "x"),
        ]
    };
    let options = |max_rounds| FlagPhaseOptions {
        max_rounds,
        ..FlagPhaseOptions::default()
    };
    let report = run_flag_phase(&mut unit.session("install"), &chain(), &options(3)).unwrap();
    assert_eq!(report.rounds.len(), 3);
    let error = run_flag_phase(&mut unit.session("install"), &chain(), &options(2)).unwrap_err();
    // No repeated state: the last rounds, plus the handler about to run.
    assert!(
        matches!(&error, Error::FlagOscillation { rounds: 2, repeat: None, handlers, flags }
            if handlers == &strings(&["c", "b", "a"]) && flags == &strings(&["x", "y"])),
        "{error:?}"
    );
}

#[test]
fn a_repeated_state_is_not_an_error_by_default() {
    // The flags repeat, but a counter outside the flags ends the loop.
    let unit = Unit::new();
    let handlers = [
        sets("arm", "x").when_not("x"),
        FlagHandler::new("retry", |session| {
            let tries = session.get::<u32>("test.tries")?.unwrap_or(0) + 1;
            session.set("test.tries", &tries)?;
            if tries < 5 {
                session.clear_flag("x");
            }
            Ok(())
        })
        .when("x"),
    ];
    let report = run(&mut unit.session("update-status"), &handlers);
    assert_eq!(report.rounds.len(), 5);
    assert_eq!(report.ran().len(), 10);

    let options = FlagPhaseOptions {
        stop_on_repeat: true,
        ..FlagPhaseOptions::default()
    };
    let error = run_flag_phase(&mut unit.session("update-status"), &handlers, &options);
    assert!(
        matches!(error, Err(Error::FlagOscillation { .. })),
        "{error:?}"
    );
}

/// The on-change-only handler of the next test, and a handler that fails
/// when the flag `fail` is set.
fn on_change_table() -> [FlagHandler; 2] {
    [
        noop("restart")
            .when("x")
            .when_any(["x", "extra"])
            .only_on_change(),
        FlagHandler::new("flaky", |_| Err(Error::msg("disk full"))).when("fail"),
    ]
}

fn restart_outcome(report: &FlagPhaseReport) -> Outcome {
    about(report, "restart")[0].1.clone()
}

#[test]
fn on_change_only_remembers_across_hooks_and_rolls_back() {
    let unit = Unit::new();
    let table = on_change_table();

    // Hook 1: never ran before.
    let mut session = unit.session("install");
    session.set_flag("x").unwrap();
    let report = run(&mut session, &table);
    assert_eq!(report.ran(), ["restart"]);
    assert_eq!(
        restart_outcome(&report),
        Outcome::Ran(RunReason::StateChanged {
            before: None,
            now: strings(&["x"])
        })
    );
    session.commit().unwrap();

    // Hook 2: nothing it watches changed.
    let mut session = unit.session("update-status");
    let report = run(&mut session, &table);
    assert!(report.ran().is_empty());
    assert_eq!(
        restart_outcome(&report),
        Outcome::Skipped(SkipReason::SameState(strings(&["x"])))
    );
    session.commit().unwrap();

    // Hook 3 changes a watched flag, runs it, then fails: nothing commits.
    let mut session = unit.session("config-changed");
    session.set_flag("extra").unwrap();
    session.set_flag("fail").unwrap();
    let error = run_flag_phase(&mut session, &table, &FlagPhaseOptions::default()).unwrap_err();
    assert!(matches!(&error, Error::Handler { handler, .. } if handler == "flaky"));
    drop(session);

    // Hook 4: the record of hook 3 was rolled back with it, so it runs.
    let mut session = unit.session("config-changed");
    assert_eq!(
        session
            .get::<Vec<String>>("iface.dispatch.seen.restart")
            .unwrap(),
        Some(strings(&["x"]))
    );
    session.set_flag("extra").unwrap();
    let report = run(&mut session, &table);
    assert_eq!(report.ran(), ["restart"]);
    session.commit().unwrap();

    // Hook 5: settled again.
    let report = run(&mut unit.session("update-status"), &table);
    assert!(report.ran().is_empty());

    // Hook 6: its conditions fail, which is recorded; hook 7: they hold
    // again with the same flags as before, which is a change.
    let mut session = unit.session("config-changed");
    session.clear_flag("x");
    let report = run(&mut session, &table);
    assert_eq!(
        restart_outcome(&report),
        Outcome::Skipped(SkipReason::NotSet("x".to_owned()))
    );
    session.commit().unwrap();
    let mut session = unit.session("config-changed");
    session.set_flag("x").unwrap();
    assert_eq!(run(&mut session, &table).ran(), ["restart"]);
}

#[test]
fn a_handler_error_names_the_handler_and_nothing_commits() {
    let unit = Unit::new();
    let mut session = unit.session("install");
    let handlers = [
        sets("prepare", "prepared"),
        FlagHandler::new("install_packages", |_| {
            Err(Error::msg("apt-get exited 100"))
        })
        .when("prepared"),
        sets("never", "after"),
    ];
    let error = run_flag_phase(&mut session, &handlers, &FlagPhaseOptions::default()).unwrap_err();
    assert_eq!(
        error.to_string(),
        "handler `install_packages`: apt-get exited 100"
    );
    let source = std::error::Error::source(&error).unwrap();
    assert_eq!(source.to_string(), "apt-get exited 100");
    assert!(
        session.is_flag_set("prepared").unwrap(),
        "the hook saw its own flag"
    );
    assert!(!session.is_flag_set("after").unwrap(), "the phase stopped");
    drop(session);

    let session = unit.session("install");
    assert!(session.flags().unwrap().is_empty(), "nothing committed");
}

#[test]
fn duplicate_names_are_refused() {
    let unit = Unit::new();
    let error = run_flag_phase(
        &mut unit.session("install"),
        &[noop("same"), noop("same").when("x")],
        &FlagPhaseOptions::default(),
    )
    .unwrap_err();
    assert!(error.to_string().contains("`same`"), "{error}");
}

#[test]
fn the_trace_is_logged_only_when_on() {
    let unit = Unit::new();
    let table = || [sets("a", "x"), noop("b").when("y"), noop("c").when("x")];

    run(&mut unit.session("install"), &table());
    assert!(unit.take_log().is_empty(), "no trace by default");

    let options = FlagPhaseOptions::from_env(&|var: &str| {
        (var == "IFACE_TRACE").then(|| std::ffi::OsString::from("1"))
    });
    assert!(options.trace);
    let report = run_flag_phase(&mut unit.session("install"), &table(), &options).unwrap();
    let log = unit.take_log();
    assert_eq!(
        log,
        [
            "flag phase round 0: starts with flags set: (none)",
            "flag phase round 0: run `a`: its conditions hold (first round)",
            "flag phase round 0: skip `b`: when: `y` is not set",
            "flag phase round 0: run `c`: its conditions hold (first round)",
            "flag phase round 1: starts with flags set: `x`",
            "flag phase round 1: skip `a`: already ran in round 0 and nothing it watches changed since",
            "flag phase round 1: skip `b`: nothing it watches changed since round 0",
            "flag phase round 1: skip `c`: already ran in round 0 and nothing it watches changed since",
        ]
    );
    // Every decision line is the report's decision, displayed.
    let decisions: Vec<String> = report.decisions.iter().map(Decision::to_string).collect();
    assert!(decisions.iter().all(|d| log.contains(d)));
}

#[test]
fn trace_switch_values() {
    for (value, on) in [
        ("1", true),
        ("yes", true),
        ("0", false),
        ("OFF", false),
        ("", false),
    ] {
        let options = FlagPhaseOptions::from_env(&|_: &str| Some(std::ffi::OsString::from(value)));
        assert_eq!(options.trace, on, "IFACE_TRACE={value:?}");
        assert_eq!(options.max_rounds, 100);
    }
}
