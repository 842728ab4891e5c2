//! Dispatch: which handlers run for a hook, and in what order.
//!
//! A hook runs in three phases: the hooks phase ([`run_interface_hooks`]:
//! the `#[hook]` handlers of the interface bound to a relation hook's
//! relation), the event phase ([`run_event_handlers`]: the charm's own
//! `#[on(...)]` handlers for the event), then the flag phase, where
//! flag-driven handlers run until the flags settle ([`run_flag_phase`]; its
//! docs are the ordering guarantee).

mod events;
mod flags;
mod interface;
mod trace;

pub use self::events::run_event_handlers;
pub use self::flags::{
    FlagHandler, FlagHandlerFn, FlagPhaseOptions, FlagPhaseReport, RoundReport, SEEN_PREFIX,
    TRACE_VAR, run_flag_phase,
};
pub use self::interface::run_interface_hooks;
pub(crate) use self::trace::List as NameList;
pub use self::trace::{Decision, Outcome, RunReason, SkipReason};
