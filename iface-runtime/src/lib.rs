//! The runtime that iface expansions call: hook context, Juju hook tools,
//! conversations, the charms.reactive-compatible flag store and dispatch.

pub mod action;
pub mod callable;
pub mod charm;
pub mod cli;
pub mod config;
pub mod context;
pub mod conversation;
pub mod data;
pub mod dispatch;
pub mod entry;
pub mod env;
pub mod error;
pub mod event;
pub mod flag;
pub mod interface;
pub mod names;
pub mod panic;
pub mod ports;
pub mod relation;
pub mod runner;
pub mod secret;
pub mod session;
pub mod store;
pub mod tools;
pub mod version;

pub use error::{Error, Result};
