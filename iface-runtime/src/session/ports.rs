//! The ports a unit has opened, remembered so that a hook that wants what
//! is already open calls no tool.
//!
//! Juju applies `open-port` and `close-port` only when the hook succeeds,
//! so what a hook remembers having asked for is confirmed by the next hook
//! that sets the ports: it reads `opened-ports` once, and from then on the
//! memory is trusted until the next change.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::Session;
use crate::error::Result;
use crate::ports::Port;

/// Where the memory of the opened ports is kept.
const OPENED_PORTS: &str = "iface.opened-ports";

/// The ports this unit asked for, and whether a later hook saw Juju agree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Opened {
    ports: BTreeSet<Port>,
    confirmed: bool,
}

impl Session {
    /// Changes the ports this unit has open to what `change` makes of them:
    /// opens what is new and closes what is gone. The ports open now come
    /// from a confirmed memory, else from one `opened-ports`; a hook that
    /// changes nothing calls no other tool.
    pub fn change_ports(&mut self, change: impl FnOnce(&mut BTreeSet<Port>)) -> Result<()> {
        let memory = self.get_lenient::<Opened>(OPENED_PORTS)?.flatten();
        let current: BTreeSet<Port> = match &memory {
            Some(memory) if memory.confirmed => memory.ports.clone(),
            _ => self.tools.opened_ports()?.into_iter().collect(),
        };
        let mut wanted = current.clone();
        change(&mut wanted);
        for port in current.difference(&wanted) {
            self.tools.close_port(*port)?;
        }
        for port in wanted.difference(&current) {
            self.tools.open_port(*port)?;
        }
        let now = Opened {
            confirmed: wanted == current,
            ports: wanted,
        };
        if memory.as_ref() != Some(&now) {
            self.set(OPENED_PORTS, &now)?;
        }
        Ok(())
    }
}
