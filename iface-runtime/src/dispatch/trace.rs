//! What the flag phase decided for each handler, and why.
//!
//! Every decision is kept in the [`FlagPhaseReport`](super::FlagPhaseReport);
//! with tracing on, each is also logged as one `juju-log` line at debug
//! level, in the [`Display`](core::fmt::Display) form of [`Decision`].

use core::fmt;

/// One handler considered in one round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// The round, counted from 0.
    pub round: usize,
    /// The handler's name.
    pub handler: &'static str,
    /// Whether it ran, and why.
    pub outcome: Outcome,
}

/// Whether a handler ran.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// It ran.
    Ran(RunReason),
    /// It did not run.
    Skipped(SkipReason),
}

impl Outcome {
    /// Whether the handler ran.
    pub fn ran(&self) -> bool {
        matches!(self, Outcome::Ran(_))
    }
}

/// Why a handler ran (its conditions held in every case).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunReason {
    /// Round 0 runs every handler whose conditions hold.
    FirstRound,
    /// These flags it watches changed since it last ran or was considered.
    Changed(Vec<String>),
    /// An on-change-only handler: the watched flags that are set differ
    /// from the ones recorded the last time it was considered (`None`:
    /// never, in any hook).
    StateChanged {
        /// The recorded state.
        before: Option<Vec<String>>,
        /// The state now.
        now: Vec<String>,
    },
}

/// Why a handler did not run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    /// A `when` flag is not set.
    NotSet(String),
    /// A `when_not` flag is set.
    Set(String),
    /// No flag of a `when_any` group is set.
    NoneSet(Vec<String>),
    /// Nothing it watches changed since it was last considered.
    Unchanged {
        /// The round it was last considered in.
        since_round: usize,
        /// Whether it ran then.
        ran: bool,
    },
    /// An on-change-only handler whose watched flags are set exactly as
    /// recorded the last time it was considered (in this or an earlier hook).
    SameState(Vec<String>),
    /// It takes the leader's handle, and this unit does not lead.
    NotLeader,
}

impl fmt::Display for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Decision {
            round,
            handler,
            outcome,
        } = self;
        match outcome {
            Outcome::Ran(reason) => {
                write!(f, "flag phase round {round}: run `{handler}`: {reason}")
            }
            Outcome::Skipped(reason) => {
                write!(f, "flag phase round {round}: skip `{handler}`: {reason}")
            }
        }
    }
}

impl fmt::Display for RunReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RunReason::FirstRound => f.write_str("its conditions hold (first round)"),
            RunReason::Changed(flags) => {
                write!(
                    f,
                    "its conditions hold and watched flags changed: {}",
                    List(flags)
                )
            }
            RunReason::StateChanged { before: None, now } => write!(
                f,
                "its conditions hold and it never ran before (on change only; set: {})",
                List(now)
            ),
            RunReason::StateChanged {
                before: Some(before),
                now,
            } => write!(
                f,
                "its conditions hold and its watched flags changed (on change only; set was: {}, now: {})",
                List(before),
                List(now)
            ),
        }
    }
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SkipReason::NotSet(flag) => write!(f, "when: `{flag}` is not set"),
            SkipReason::Set(flag) => write!(f, "when_not: `{flag}` is set"),
            SkipReason::NoneSet(group) => write!(f, "when_any: none of {} is set", List(group)),
            SkipReason::Unchanged {
                since_round,
                ran: true,
            } => write!(
                f,
                "already ran in round {since_round} and nothing it watches changed since"
            ),
            SkipReason::Unchanged {
                since_round,
                ran: false,
            } => write!(f, "nothing it watches changed since round {since_round}"),
            SkipReason::SameState(flags) => write!(
                f,
                "on change only: its watched flags are as when last seen (set: {})",
                List(flags)
            ),
            SkipReason::NotLeader => f.write_str("it runs on the leader, and this unit is not"),
        }
    }
}

/// A list of flag names as `a`, `b` (or `(none)`).
pub(crate) struct List<'a, T>(pub(crate) &'a [T]);

impl<T: AsRef<str>> fmt::Display for List<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("(none)");
        }
        for (i, item) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "`{}`", item.as_ref())?;
        }
        Ok(())
    }
}
