//! Charm `a` of seed 002's handshake: it requires `ab` and reports in its
//! status whether the handshake is complete with every remote unit.
//!
//! [`deadlock::CHARM`] is a variant that never completes with `b`, for
//! checking that `iface check` and the simulator agree.

pub mod deadlock;

use ab_interface::AbRequires;
use iface::prelude::*;
use iface::tools::Status;

iface::charm! {
    metadata = "metadata.yaml",
    relations { ab: AbRequires },
    handlers = [complete, in_progress],
}

/// The handshake is complete with at least one remote unit.
#[when(Ab::READY)]
pub fn complete(unit: &Unit) -> iface::Result<()> {
    unit.status(Status::Active, "handshake complete")
}

/// No remote unit has completed the handshake yet.
#[when_not(Ab::READY)]
pub fn in_progress(unit: &Unit) -> iface::Result<()> {
    unit.status(Status::Waiting, "handshake in progress")
}
