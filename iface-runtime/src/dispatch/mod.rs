//! Dispatch: which handlers run for a hook, and in what order.
//!
//! A hook runs in two phases, as in charms.reactive: first the hooks phase
//! ([`run_interface_hooks`]: the `#[hook]` handlers whose expanded patterns
//! match the hook), then the flag phase, where flag-driven handlers run
//! until the flags settle.

mod interface;

pub use self::interface::run_interface_hooks;
