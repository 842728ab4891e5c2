//! The flag phase: running flag-driven handlers until the flags settle.
//!
//! After the hooks phase, [`run_flag_phase`] runs a table of
//! [`FlagHandler`]s (what `#[when]`, `#[when_not]` and `#[when_any]`
//! become) in rounds until the flags settle. The order is a documented
//! guarantee, written on [`run_flag_phase`] so that it is part of the public
//! documentation.

use std::collections::{BTreeMap, BTreeSet};

use super::trace::{Decision, Outcome, RunReason, SkipReason};
use crate::error::{Error, Result};
use crate::session::Session;
use crate::tools::LogLevel;

/// The store-key prefix of on-change-only records.
pub const SEEN_PREFIX: &str = "iface.dispatch.seen.";

/// The environment variable that turns tracing on (see
/// [`FlagPhaseOptions::from_env`]).
pub const TRACE_VAR: &str = "IFACE_TRACE";

/// How many rounds the last-rounds window of an oscillation error covers
/// when no repeated state gave the exact cycle.
const OSCILLATION_WINDOW: usize = 4;

/// The handler signature of the flag phase.
pub type FlagHandlerFn = dyn Fn(&mut Session) -> Result<()>;

/// One flag-driven handler: a name, conditions on flags, and the code to run.
///
/// Flag names are plain strings because a charm's concrete flags
/// (`website.available`) are only known once its metadata binds the
/// interfaces to relation names. Build one with [`FlagHandler::new`] and
/// the condition methods, or fill in the fields.
///
/// ```
/// use iface_runtime::dispatch::FlagHandler;
///
/// let handler = FlagHandler::new("configure_website", |session| {
///     session.set_flag("website.configured")
/// })
/// .when("website.available")
/// .when_not("website.configured");
/// assert_eq!(
///     handler.watched().into_iter().collect::<Vec<_>>(),
///     ["website.available", "website.configured"]
/// );
/// ```
pub struct FlagHandler {
    /// The handler's name, unique in its table: it appears in traces and
    /// errors and keys its on-change-only record.
    pub name: &'static str,
    /// Flags that must all be set.
    pub when: Vec<String>,
    /// Flags none of which may be set.
    pub when_not: Vec<String>,
    /// Groups of flags; each group needs at least one flag set.
    pub when_any: Vec<Vec<String>>,
    /// Run only when the watched flags that are set differ from the last
    /// time the handler was considered, across hooks (see the module docs).
    pub on_change_only: bool,
    /// Run only on the application's leader (the handler takes `&Leader`).
    pub needs_leader: bool,
    /// The handler's code.
    pub run: Box<FlagHandlerFn>,
}

impl FlagHandler {
    /// A handler named `name` running `run`, with no conditions yet (it
    /// then runs in round 0 of every hook, or with
    /// [`on_change_only`](Self::on_change_only) once).
    pub fn new(
        name: &'static str,
        run: impl Fn(&mut Session) -> Result<()> + 'static,
    ) -> FlagHandler {
        FlagHandler {
            name,
            when: Vec::new(),
            when_not: Vec::new(),
            when_any: Vec::new(),
            on_change_only: false,
            needs_leader: false,
            run: Box::new(run),
        }
    }

    /// Also needs `flag` set.
    #[must_use]
    pub fn when(mut self, flag: impl Into<String>) -> FlagHandler {
        self.when.push(flag.into());
        self
    }

    /// Also needs `flag` not set.
    #[must_use]
    pub fn when_not(mut self, flag: impl Into<String>) -> FlagHandler {
        self.when_not.push(flag.into());
        self
    }

    /// Also needs at least one flag of `group` set.
    #[must_use]
    pub fn when_any<I>(mut self, group: I) -> FlagHandler
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        self.when_any
            .push(group.into_iter().map(Into::into).collect());
        self
    }

    /// Runs only when its watched flags changed since it was last
    /// considered, across hooks.
    #[must_use]
    pub fn only_on_change(mut self) -> FlagHandler {
        self.on_change_only = true;
        self
    }

    /// Runs only on the application's leader.
    #[must_use]
    pub fn on_leader(mut self) -> FlagHandler {
        self.needs_leader = true;
        self
    }

    /// Every flag the conditions name, sorted.
    pub fn watched(&self) -> BTreeSet<&str> {
        self.when
            .iter()
            .chain(&self.when_not)
            .chain(self.when_any.iter().flatten())
            .map(String::as_str)
            .collect()
    }

    /// The first condition that fails against `flags`, in the order
    /// `when`, `when_not`, `when_any`, each in the order written.
    pub(crate) fn failing_condition(&self, flags: &BTreeSet<String>) -> Option<SkipReason> {
        if let Some(flag) = self.when.iter().find(|f| !flags.contains(*f)) {
            return Some(SkipReason::NotSet(flag.clone()));
        }
        if let Some(flag) = self.when_not.iter().find(|f| flags.contains(*f)) {
            return Some(SkipReason::Set(flag.clone()));
        }
        self.when_any
            .iter()
            .find(|group| !group.iter().any(|f| flags.contains(f)))
            .map(|group| SkipReason::NoneSet(group.clone()))
    }
}

impl core::fmt::Debug for FlagHandler {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("FlagHandler")
            .field("name", &self.name)
            .field("when", &self.when)
            .field("when_not", &self.when_not)
            .field("when_any", &self.when_any)
            .field("on_change_only", &self.on_change_only)
            .finish_non_exhaustive()
    }
}

/// How the flag phase runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlagPhaseOptions {
    /// How many rounds may run handlers before the phase fails with
    /// [`Error::FlagOscillation`]; 100 by default, as in charms.reactive
    /// (where hitting it was silent).
    pub max_rounds: usize,
    /// Log every decision at debug level through `juju-log`.
    pub trace: bool,
    /// Fail as soon as a round starts in the same state as an earlier one
    /// (sound only if handlers depend on flags alone; see the module docs).
    pub stop_on_repeat: bool,
}

impl Default for FlagPhaseOptions {
    fn default() -> FlagPhaseOptions {
        FlagPhaseOptions {
            max_rounds: 100,
            trace: false,
            stop_on_repeat: false,
        }
    }
}

impl FlagPhaseOptions {
    /// The defaults, with tracing on when the variable `IFACE_TRACE` of
    /// `env` is set to anything but empty, `0`, `false`, `no` or `off` (in
    /// any case).
    ///
    /// ```
    /// use std::ffi::OsString;
    /// use iface_runtime::dispatch::FlagPhaseOptions;
    /// let on = |var: &str| (var == "IFACE_TRACE").then(|| OsString::from("1"));
    /// assert!(FlagPhaseOptions::from_env(&on).trace);
    /// assert!(!FlagPhaseOptions::from_env(&|_: &str| Some(OsString::from("off"))).trace);
    /// assert!(!FlagPhaseOptions::from_env(&|_: &str| None).trace);
    /// ```
    pub fn from_env(env: &dyn crate::env::Env) -> FlagPhaseOptions {
        let trace = env.var_os(TRACE_VAR).is_some_and(|value| {
            let value = value.to_string_lossy().trim().to_ascii_lowercase();
            !matches!(value.as_str(), "" | "0" | "false" | "no" | "off")
        });
        FlagPhaseOptions {
            trace,
            ..FlagPhaseOptions::default()
        }
    }
}

/// What the flag phase did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FlagPhaseReport {
    /// Every round that ran a handler, in order; the final round, which ran
    /// nothing, is left out.
    pub rounds: Vec<RoundReport>,
    /// Every decision, in the order made, the final round's included.
    pub decisions: Vec<Decision>,
}

impl FlagPhaseReport {
    /// The handlers that ran, in the order they ran (a handler appears once
    /// per run).
    pub fn ran(&self) -> Vec<&'static str> {
        self.rounds
            .iter()
            .flat_map(|round| round.ran.iter().copied())
            .collect()
    }
}

/// One round that ran handlers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoundReport {
    /// The handlers that ran, in the order they ran.
    pub ran: Vec<&'static str>,
    /// Flags a handler of this round set, sorted.
    pub set: BTreeSet<String>,
    /// Flags a handler of this round cleared, sorted.
    pub cleared: BTreeSet<String>,
}

/// When a handler was last considered.
#[derive(Debug, Clone, Copy)]
struct Mark {
    /// The change clock then: changes stamped later are news to it.
    at: u64,
    round: usize,
    ran: bool,
}

/// The state at the start of a round (see "Repeated states" above).
type RoundState = (BTreeSet<String>, Vec<bool>, Vec<Option<Vec<String>>>);

/// The flag phase's bookkeeping.
struct Phase<'h> {
    handlers: &'h [FlagHandler],
    options: &'h FlagPhaseOptions,
    watched: Vec<BTreeSet<&'h str>>,
    /// The flags set now.
    flags: BTreeSet<String>,
    /// Counts handler runs that changed flags.
    clock: u64,
    /// When each flag last changed, by the clock.
    changed_at: BTreeMap<String, u64>,
    marks: Vec<Option<Mark>>,
    /// On-change-only records as stored (`None` also for other handlers).
    seen: Vec<Option<Vec<String>>>,
    report: FlagPhaseReport,
}

/// Runs `handlers` until the flags settle, in the order below, and reports
/// what ran.
///
/// # Order (guaranteed)
///
/// - **Conditions.** A handler's conditions hold when every `when` flag is
///   set, no `when_not` flag is set, and each `when_any` group has at least
///   one flag set (an empty group never holds). Its *watched flags* are every
///   flag its conditions name.
/// - **Table order.** Within a round, handlers are considered one at a time
///   in table order (the order of the slice), never in any other order.
/// - **Round 0** considers every handler.
/// - **Later rounds** consider a handler only if one of its watched flags
///   changed (was set or cleared) since the handler was last considered,
///   which was at its turn in an earlier round. For a handler that ran, the
///   moment right after its run counts: its own changes never make it run
///   again, while a change any other handler makes after that moment does,
///   including one made later in the same round by a handler further down
///   the table. Changes are observed per handler run (the flags before and
///   after it): a flag one handler sets and clears again did not change.
/// - **Leadership.** A handler marked [`FlagHandler::needs_leader`] (one
///   that takes `&Leader`) runs only on the application's leader; whether
///   this unit leads is asked once per hook, and only when such a handler's
///   flag conditions hold.
/// - **Re-testing.** Conditions are tested just before each handler would
///   run, against the flags as they are at that moment, so a handler
///   clearing a flag stops a later handler of the same round that needs it.
/// - **On change only.** A handler marked [`FlagHandler::on_change_only`]
///   also needs the set of its watched flags that are set to differ from the
///   one recorded when it was last considered, in this hook or an earlier
///   one (never recorded: it differs). The record is the state after it
///   ran, or when its conditions failed; it lives in the store under
///   `iface.dispatch.seen.<handler name>`, so it commits with the hook and
///   is rolled back with it.
/// - **End.** The phase ends after the first round in which nothing ran.
/// - **Trace.** With [`FlagPhaseOptions::trace`], the flags at the start of
///   each round and every decision (a [`Decision`]: run, or skip and why)
///   are logged at debug level through `juju-log`, a decision before its
///   handler runs; the [`FlagPhaseReport`] holds the same decisions either
///   way.
/// - **Bound.** At most [`FlagPhaseOptions::max_rounds`] rounds may run
///   handlers: a handler about to run in round `max_rounds` (counted from 0)
///   stops the phase with [`Error::FlagOscillation`], naming the handlers
///   that ran in the last rounds and the flags they kept flipping.
/// - **Errors.** A handler's error stops the phase at once and comes back as
///   [`Error::Handler`] naming it; the caller drops the session, so nothing
///   the hook did is committed.
///
/// # Repeated states
///
/// The state at the start of a round is the set of flags, which handlers
/// have a watched flag changed since they were last considered, and the
/// on-change-only records. If every handler were a function of the flags
/// alone, a round starting in the same state as an earlier round would
/// prove an endless loop. Handlers are not: they read and write other store
/// keys, relation data and the workload, and a loop over the same flags can
/// end (a retry counter, say). So a repeat is not an error by default; it
/// is noted and makes the bound's error name the exact cycle. Charms whose
/// handlers depend on flags alone can set [`FlagPhaseOptions::stop_on_repeat`]
/// to fail at the first repeat, before the handlers in the loop run up to
/// `max_rounds` times.
///
/// # Errors
///
/// Fails with [`Error::Handler`] when a handler fails,
/// [`Error::FlagOscillation`] when the flags do not settle, and with the
/// store's or the hook tools' error when those fail; the caller then drops
/// the session so nothing commits. Two handlers with one name are an error
/// before anything runs.
pub fn run_flag_phase(
    session: &mut Session,
    handlers: &[FlagHandler],
    options: &FlagPhaseOptions,
) -> Result<FlagPhaseReport> {
    let mut names = BTreeSet::new();
    if let Some(twice) = handlers.iter().find(|h| !names.insert(h.name)) {
        return Err(Error::msg(format!(
            "two flag handlers are named `{}`; handler names must be unique",
            twice.name
        )));
    }
    let mut phase = Phase {
        handlers,
        options,
        watched: handlers.iter().map(FlagHandler::watched).collect(),
        flags: session.flags()?,
        clock: 0,
        changed_at: BTreeMap::new(),
        marks: vec![None; handlers.len()],
        seen: Vec::with_capacity(handlers.len()),
        report: FlagPhaseReport::default(),
    };
    for handler in handlers {
        let seen = if handler.on_change_only {
            session.get(&seen_key(handler.name))?
        } else {
            None
        };
        phase.seen.push(seen);
    }
    phase.run(session)?;
    Ok(phase.report)
}

/// The store key of `handler`'s on-change-only record.
fn seen_key(handler: &str) -> String {
    format!("{SEEN_PREFIX}{handler}")
}

impl Phase<'_> {
    fn run(&mut self, session: &mut Session) -> Result<()> {
        // Each state a round started in, with that round.
        let mut states: BTreeMap<RoundState, usize> = BTreeMap::new();
        let mut repeat = None;
        let mut round = 0;
        loop {
            let state = self.round_state(round);
            if let Some(&first) = states.get(&state) {
                // The first repeat gives the cycle; later ones only echo it.
                repeat = repeat.or(Some((first, round)));
                if self.options.stop_on_repeat {
                    return Err(self.oscillation(repeat, None));
                }
            } else {
                states.insert(state, round);
            }
            if self.options.trace {
                let flags: Vec<_> = self.flags.iter().collect();
                log(
                    session,
                    &format!(
                        "flag phase round {round}: starts with flags set: {}",
                        super::trace::List(&flags)
                    ),
                )?;
            }
            let mut report = RoundReport::default();
            for index in 0..self.handlers.len() {
                self.consider(session, round, index, repeat, &mut report)?;
            }
            if report.ran.is_empty() {
                return Ok(());
            }
            self.report.rounds.push(report);
            round += 1;
        }
    }

    /// The state a round starts in: flags, which handlers have news, and
    /// the on-change-only records. Round 0 gives every handler news.
    fn round_state(&self, round: usize) -> RoundState {
        let news = (0..self.handlers.len())
            .map(|index| round == 0 || !self.changed_since(index).is_empty())
            .collect();
        (self.flags.clone(), news, self.seen.clone())
    }

    /// The watched flags of handler `index` that changed since its mark
    /// (all of them if it has none).
    fn changed_since(&self, index: usize) -> Vec<String> {
        let since = self.marks[index].map(|mark| mark.at);
        self.watched[index]
            .iter()
            .filter(|flag| {
                since.is_none_or(|at| self.changed_at.get(**flag).is_some_and(|&when| when > at))
            })
            .map(|flag| (*flag).to_owned())
            .collect()
    }

    /// The watched flags of handler `index` that are set, sorted.
    fn watched_state(&self, index: usize) -> Vec<String> {
        self.watched[index]
            .iter()
            .filter(|flag| self.flags.contains(**flag))
            .map(|flag| (*flag).to_owned())
            .collect()
    }

    /// Decides whether handler `index` runs in `round`, and runs it.
    fn consider(
        &mut self,
        session: &mut Session,
        round: usize,
        index: usize,
        repeat: Option<(usize, usize)>,
        report: &mut RoundReport,
    ) -> Result<()> {
        let handler = &self.handlers[index];
        let changed = self.changed_since(index);
        if round > 0 && changed.is_empty() {
            // Not considered: its mark stays where it was.
            let mark = self.marks[index].expect("every handler is considered in round 0");
            let reason = SkipReason::Unchanged {
                since_round: mark.round,
                ran: mark.ran,
            };
            return self.decide(session, round, index, Outcome::Skipped(reason));
        }
        let mut outcome = match handler.failing_condition(&self.flags) {
            Some(reason) => Outcome::Skipped(reason),
            None if round == 0 => Outcome::Ran(RunReason::FirstRound),
            None => Outcome::Ran(RunReason::Changed(changed)),
        };
        if handler.on_change_only && outcome.ran() {
            let now = self.watched_state(index);
            outcome = if self.seen[index].as_ref() == Some(&now) {
                Outcome::Skipped(SkipReason::SameState(now))
            } else {
                Outcome::Ran(RunReason::StateChanged {
                    before: self.seen[index].clone(),
                    now,
                })
            };
        }
        // Leadership is asked only of a handler that would run otherwise,
        // and a unit that does not lead records no on-change state.
        let not_leader = outcome.ran() && handler.needs_leader && !session.is_leader()?;
        if not_leader {
            outcome = Outcome::Skipped(SkipReason::NotLeader);
        }
        let ran = outcome.ran();
        if ran && round >= self.options.max_rounds {
            return Err(self.oscillation(repeat, Some(index)));
        }
        self.decide(session, round, index, outcome)?;
        if ran {
            (handler.run)(session).map_err(|source| Error::Handler {
                handler: handler.name.to_owned(),
                source: Box::new(source),
            })?;
            self.observe(session, report)?;
            report.ran.push(handler.name);
        }
        self.marks[index] = Some(Mark {
            at: self.clock,
            round,
            ran,
        });
        if handler.on_change_only && !not_leader {
            self.record_seen(session, index)?;
        }
        Ok(())
    }

    /// Notes a decision, and logs it when tracing.
    fn decide(
        &mut self,
        session: &Session,
        round: usize,
        index: usize,
        outcome: Outcome,
    ) -> Result<()> {
        let decision = Decision {
            round,
            handler: self.handlers[index].name,
            outcome,
        };
        if self.options.trace {
            log(session, &decision.to_string())?;
        }
        self.report.decisions.push(decision);
        Ok(())
    }

    /// Rereads the flags after a handler ran and stamps what it changed.
    fn observe(&mut self, session: &Session, report: &mut RoundReport) -> Result<()> {
        let after = session.flags()?;
        let set: Vec<_> = after.difference(&self.flags).cloned().collect();
        let cleared: Vec<_> = self.flags.difference(&after).cloned().collect();
        if set.is_empty() && cleared.is_empty() {
            return Ok(());
        }
        self.clock += 1;
        for flag in set.iter().chain(&cleared) {
            self.changed_at.insert(flag.clone(), self.clock);
        }
        report.set.extend(set);
        report.cleared.extend(cleared);
        self.flags = after;
        Ok(())
    }

    /// Stores handler `index`'s watched state as its on-change-only record,
    /// when it differs from the one stored (no needless writes).
    fn record_seen(&mut self, session: &mut Session, index: usize) -> Result<()> {
        let now = self.watched_state(index);
        if self.seen[index].as_ref() != Some(&now) {
            session.set(&seen_key(self.handlers[index].name), &now)?;
            self.seen[index] = Some(now);
        }
        Ok(())
    }

    /// The error for flags that do not settle: the handlers that ran in the
    /// cycle when a repeated state gave it, else in the last rounds (plus
    /// `about_to_run`), in table order, and the flags they set or cleared.
    fn oscillation(&self, repeat: Option<(usize, usize)>, about_to_run: Option<usize>) -> Error {
        let rounds = self.report.rounds.len();
        let window = repeat.map_or(OSCILLATION_WINDOW, |(first, again)| again - first);
        let recent = &self.report.rounds[rounds.saturating_sub(window)..];
        let mut ran: BTreeSet<&str> = recent.iter().flat_map(|r| r.ran.iter().copied()).collect();
        if let Some(index) = about_to_run {
            ran.insert(self.handlers[index].name);
        }
        let handlers = self
            .handlers
            .iter()
            .filter(|h| ran.contains(h.name))
            .map(|h| h.name.to_owned())
            .collect();
        let flags = recent
            .iter()
            .flat_map(|r| r.set.iter().chain(&r.cleared))
            .cloned()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        Error::FlagOscillation {
            rounds,
            repeat,
            handlers,
            flags,
        }
    }
}

/// Logs one trace line.
fn log(session: &Session, line: &str) -> Result<()> {
    Ok(session.tools().juju_log(LogLevel::Debug, line)?)
}
