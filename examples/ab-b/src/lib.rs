//! Charm `b` of seed 002's handshake: it provides `ab` and reports in its
//! status whether the handshake is complete with every remote unit.

use ab_interface::AbProvides;
use iface::prelude::*;
use iface::tools::Status;

iface::charm! {
    metadata = "metadata.yaml",
    relations { ab: AbProvides },
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
