//! Opened ports: what `open-port` and `close-port` change and
//! `opened-ports` lists.

use core::fmt;

use serde::{Deserialize, Serialize};

/// A port range and protocol, ordered as `opened-ports` sorts them: by
/// protocol, then first port, then last port.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct PortRange {
    /// `tcp`, `udp` or `icmp`.
    pub protocol: String,
    /// The first port (0 for `icmp`).
    pub from: u16,
    /// The last port (0 for `icmp`).
    pub to: u16,
}

impl PortRange {
    /// Whether the two ranges share a port of the same protocol.
    pub fn overlaps(&self, other: &PortRange) -> bool {
        self.protocol == other.protocol && self.from <= other.to && other.from <= self.to
    }
}

impl fmt::Display for PortRange {
    /// `80/tcp`, `8000-8100/udp`, `icmp`: Juju's spelling.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.protocol == "icmp" {
            f.write_str("icmp")
        } else if self.from == self.to {
            write!(f, "{}/{}", self.from, self.protocol)
        } else {
            write!(f, "{}-{}/{}", self.from, self.to, self.protocol)
        }
    }
}

/// The endpoint name that stands for every endpoint of the unit.
pub const ALL_ENDPOINTS: &str = "*";

/// One `open-port` or `close-port` a hook queued.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PortChange {
    /// `true` for `open-port`.
    pub open: bool,
    /// The endpoint, or [`ALL_ENDPOINTS`].
    pub endpoint: String,
    /// The range.
    pub range: PortRange,
}
