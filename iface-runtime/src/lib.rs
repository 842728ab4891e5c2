//! The runtime that iface expansions call: hook context, Juju hook tools,
//! conversations, the charms.reactive-compatible flag store and dispatch.

pub mod context;
pub mod store;
pub mod tools;
