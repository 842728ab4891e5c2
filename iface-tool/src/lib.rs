//! The library half of the `iface` command: packing a charm crate into a
//! `.charm` that Juju deploys ([`pack`]), reading a `.charm` back
//! ([`archive`]), and JSON Schemas of relation data out and in
//! ([`schema`]), for the command and for crates that use them themselves.

pub mod archive;
pub mod pack;
pub mod schema;
