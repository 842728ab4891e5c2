//! A log-forwarder agent: a subordinate charm (`subordinate: true`) that
//! Juju runs in the container of each unit of its principal, attached to
//! the principal's implicit `juju-info` endpoint over a container-scoped
//! relation. Each agent sees only its own principal unit, publishes which
//! unit it forwards for, and says so in its status. Its `agents` peer
//! relation (bound to no interface) stays global: every agent sees every
//! other, whatever container it runs in.
//!
//! ```text
//! sim.deploy("django", &django_charm::CHARM, 3)?;
//! sim.deploy("log-agent", &log_agent_charm::CHARM, 0)?;   // subordinates have no units of their own
//! sim.relate("log-agent:juju-info", "django:juju-info")?; // one agent per django unit
//! ```

mod juju_info;

use iface::prelude::*;
use iface::tools::Status;

pub use juju_info::{Forwarding, JujuInfoRequires, Principal, PrincipalAddress};

iface::charm! {
    metadata = "metadata.yaml",
    relations { "juju-info": JujuInfoRequires },
    handlers = [forward_logs, wait_for_principal],
}

/// Once the principal is known, tells it (on the relation) and the
/// operator (in the status) whose logs this unit forwards.
#[when(JujuInfo::AVAILABLE)]
pub fn forward_logs(juju_info: &JujuInfo, unit: &Unit) -> iface::Result<()> {
    juju_info.acknowledge()?;
    let principals: Vec<String> = juju_info
        .principal()?
        .into_iter()
        .flatten()
        .map(|p| format!("{} at {}", p.unit, p.address))
        .collect();
    unit.status(
        Status::Active,
        &format!("forwarding logs of {}", principals.join(", ")),
    )
}

/// No principal yet (or it left): say so.
#[when_not(JujuInfo::AVAILABLE)]
pub fn wait_for_principal(unit: &Unit) -> iface::Result<()> {
    unit.status(Status::Waiting, "waiting for a principal unit")
}
