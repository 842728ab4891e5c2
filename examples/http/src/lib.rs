//! The `http` interface of seed 000, written with iface.
//!
//! The provider publishes where it listens ([`HttpSettings`]) to every
//! connected unit (GLOBAL scope); the requirer keeps one conversation per
//! remote unit (UNIT scope) and raises `{relation_name}.available` for each
//! unit whose settings have arrived and parse.
//!
//! A charm declares the relation in `metadata.yaml`:
//!
//! ```yaml
//! provides:
//!   website:
//!     interface: http
//! ```
//!
//! and, when `website.available` is set, calls
//! [`HttpProvides::configure`] with its port.

mod provides;
mod requires;

pub use provides::HttpProvides;
pub use requires::HttpRequires;

/// What an http provider publishes on the relation, and what the requirer
/// reads: where the service listens.
#[iface::data]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpSettings {
    /// The provider unit's address.
    pub hostname: String,
    /// The port it serves on.
    pub port: u16,
}
