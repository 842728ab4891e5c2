//! The model that iface's macros and its runtime share, so that a hook
//! pattern or a metadata file means the same thing at compile time and at
//! run time: the hook-pattern grammar, hook names, roles and scopes.

pub mod actions_file;
pub mod config_file;
pub mod hook;
pub mod interface_file;
pub mod metadata;
pub mod pattern;
pub mod protocol;
pub mod role;
pub mod scope;
mod suggest;

pub use suggest::did_you_mean;
