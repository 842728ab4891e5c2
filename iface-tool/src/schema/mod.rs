//! JSON Schemas of relation data, out and in.
//!
//! Out ([`export`]): from what a charm binary's `describe --format json`
//! says of its interfaces' types, one schema per side of an interface in
//! charm-relation-interfaces' layout, `<interface>/v<N>/provider.json` and
//! `requirer.json`: an object whose `unit` and `app` properties describe
//! the bags that side writes. A bag's keys are strings on the wire; a
//! JSON-encoded key (and a raw key that is not a string) says so with
//! `contentMediaType: application/json` and the decoded value's schema in
//! `contentSchema`, as the archived charm-relation-interfaces schemas did.
//!
//! In ([`validate`]): relation data (bags as recorded) and an interface's
//! declared types, checked against a published schema, each mismatch
//! naming its bag and key.

pub mod export;
pub mod validate;

pub use export::{SideSchema, export};
pub use validate::{Mismatch, Recorded, check_describe, check_recorded};

/// The JSON Schema dialect iface writes and reads.
pub const DRAFT_2020_12: &str = "https://json-schema.org/draft/2020-12/schema";
