//! The `ab` interface: seed 002's handshake that needs several rounds.
//!
//! - `b` (the provider) publishes `X` and `Y` as soon as it joins;
//! - `a` (the requirer) answers with `P` and `Q` once it has `X` and `Y`;
//! - `b` publishes `Z` once it has `P` and `Q`, and is done;
//! - `a` is done once it has `X`, `Y` and `Z`.
//!
//! Each side raises `{relation_name}.ready` per remote unit (UNIT scope)
//! when its part is complete. In the metadata's complex `gets`/`sets`
//! form, `a` declares `sets: [{P: [X, Y]}, {Q: [X, Y]}]`,
//! `gets: [X, Y, Z]`, and `b` declares `sets: [X, Y, {Z: [P, Q]}]`,
//! `gets: [P, Q]`.

mod provides;
mod requires;

pub use provides::AbProvides;
pub use requires::AbRequires;

/// What `b` publishes first.
#[iface::data]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offer {
    /// `X`: the name of the `b` unit.
    #[serde(rename = "X")]
    pub x: String,
    /// `Y`: the address of the `b` unit.
    #[serde(rename = "Y")]
    pub y: String,
}

/// What `a` answers once it has an [`Offer`]. A unit's bag is read by
/// every remote unit, so the answer is the same for all of them.
#[iface::data]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// `P`: the name of the `a` unit.
    #[serde(rename = "P")]
    pub p: String,
    /// `Q`: the address of the `a` unit.
    #[serde(rename = "Q")]
    pub q: String,
}

/// The `Z` that `b` unit `unit` publishes once it has an [`Answer`].
pub fn z_of(unit: &str) -> String {
    format!("{unit} configured")
}
