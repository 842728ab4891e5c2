//! The library half of the `iface` command: packing a charm crate into a
//! `.charm` that Juju deploys ([`pack`]), and reading a `.charm` back
//! ([`archive`]), for the command and for crates that deploy `.charm`
//! files themselves.

pub mod archive;
pub mod pack;
