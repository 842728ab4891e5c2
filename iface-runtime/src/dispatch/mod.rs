//! Dispatch: which handlers run for a hook, and in what order.
//!
//! A hook runs in two phases, as in charms.reactive: first the hooks phase
//! ([`run_interface_hooks`]: the `#[hook]` handlers whose expanded patterns
//! match the hook), then the flag phase, where flag-driven handlers run
//! until the flags settle ([`run_flag_phase`]; its module docs are the
//! ordering guarantee).

mod flags;
mod interface;
mod trace;

pub use self::flags::{
    FlagHandler, FlagHandlerFn, FlagPhaseOptions, FlagPhaseReport, RoundReport, SEEN_PREFIX,
    TRACE_VAR, run_flag_phase,
};
pub use self::interface::run_interface_hooks;
pub(crate) use self::trace::List as NameList;
pub use self::trace::{Decision, Outcome, RunReason, SkipReason};
