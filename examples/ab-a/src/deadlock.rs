//! A variant of charm `a` that deadlocks with `b`: it answers `Q` once `X`
//! and `Y` are there, but `P` only once `Z` is there too, while `b` writes
//! `Z` only once it has both `P` and `Q`. Neither side ever becomes ready.
//!
//! It is a second charm in this crate, [`CHARM`], built from
//! `metadata-deadlock.yaml`, which documents the variant's `sets` and
//! `gets`: `iface check` on that file and `b`'s says the pair cannot
//! complete, and the simulator agrees (`iface-tool/tests/checker_agrees.rs`).
//! The regular charm, [`crate::CHARM`], is untouched.

use ab_interface::{Offer, z_of};
use iface::prelude::*;
use iface::tools::Status;

/// The requirer side of `ab` as the variant speaks it: `P` waits for `Z`.
#[interface(name = "ab", role = requires, scope = Unit, flags(ready))]
pub struct AbRequiresAfterZ;

#[hooks]
impl AbRequiresAfterZ {
    /// `Q` once `X` and `Y` are there; `P`, and ready, only once `Z` is
    /// there too, which `b` never sends without `P`.
    #[hook("{requires:ab}-relation-{joined,changed}")]
    fn changed(&self, conv: &mut Conversation) -> iface::Result<()> {
        let Some(offer) = conv.get_remote::<Offer>()? else {
            return Ok(());
        };
        let q = conv.unit_address()?;
        conv.set_remote_value("Q", &q)?;
        let Some(z) = conv.get_remote_value::<String>("Z")? else {
            return Ok(());
        };
        let p = conv.session().context().unit.to_string();
        conv.set_remote_value("P", &p)?;
        conv.toggle_state(Self::READY, z == z_of(&offer.x))
    }

    /// The `b` unit left: this conversation is over.
    #[hook("{requires:ab}-relation-{departed,broken}")]
    fn departed(&self, conv: &mut Conversation) -> iface::Result<()> {
        conv.remove_state(Self::READY)
    }
}

iface::charm! {
    metadata = "metadata-deadlock.yaml",
    relations { ab: AbRequiresAfterZ },
    handlers = [complete, in_progress],
}

/// The handshake is complete with at least one remote unit (never, here).
#[when(Ab::READY)]
pub fn complete(unit: &Unit) -> iface::Result<()> {
    unit.status(Status::Active, "handshake complete")
}

/// No remote unit has completed the handshake yet.
#[when_not(Ab::READY)]
pub fn in_progress(unit: &Unit) -> iface::Result<()> {
    unit.status(Status::Waiting, "handshake in progress")
}
