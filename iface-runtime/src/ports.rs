//! Ports a unit opens to the outside (`open-port`, `close-port`,
//! `opened-ports`), as one typed value.

use core::fmt;
use core::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A port, a range of ports, or ICMP, as `open-port` takes them:
/// `80/tcp`, `8000-8100/udp`, `icmp`.
///
/// ```
/// use iface_runtime::ports::Port;
/// assert_eq!(Port::tcp(80).to_string(), "80/tcp");
/// assert_eq!("8000-8100/udp".parse::<Port>().unwrap(), Port::udp_range(8000, 8100));
/// assert_eq!("icmp".parse::<Port>().unwrap(), Port::Icmp);
/// assert!("70000/tcp".parse::<Port>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Port {
    /// TCP ports `from` to `to`, both included (one port: `from == to`).
    Tcp {
        /// The first port.
        from: u16,
        /// The last port.
        to: u16,
    },
    /// UDP ports `from` to `to`, both included.
    Udp {
        /// The first port.
        from: u16,
        /// The last port.
        to: u16,
    },
    /// ICMP (no ports).
    Icmp,
}

impl Port {
    /// One TCP port.
    pub const fn tcp(port: u16) -> Port {
        Port::Tcp {
            from: port,
            to: port,
        }
    }

    /// One UDP port.
    pub const fn udp(port: u16) -> Port {
        Port::Udp {
            from: port,
            to: port,
        }
    }

    /// TCP ports `from` to `to`.
    pub const fn tcp_range(from: u16, to: u16) -> Port {
        Port::Tcp { from, to }
    }

    /// UDP ports `from` to `to`.
    pub const fn udp_range(from: u16, to: u16) -> Port {
        Port::Udp { from, to }
    }
}

impl fmt::Display for Port {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (from, to, protocol) = match *self {
            Port::Tcp { from, to } => (from, to, "tcp"),
            Port::Udp { from, to } => (from, to, "udp"),
            Port::Icmp => return f.write_str("icmp"),
        };
        if from == to {
            write!(f, "{from}/{protocol}")
        } else {
            write!(f, "{from}-{to}/{protocol}")
        }
    }
}

/// Text that is not a port as `opened-ports` prints one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortError {
    /// The text.
    pub input: String,
}

impl fmt::Display for PortError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} is not a port: expected PORT/PROTOCOL, FROM-TO/PROTOCOL (tcp or udp, FROM <= TO) or icmp",
            crate::data::quote(&self.input)
        )
    }
}

impl std::error::Error for PortError {}

impl FromStr for Port {
    type Err = PortError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || PortError {
            input: s.to_owned(),
        };
        if s == "icmp" {
            return Ok(Port::Icmp);
        }
        let (range, protocol) = s.split_once('/').ok_or_else(bad)?;
        let number = |text: &str| {
            if text.bytes().all(|b| b.is_ascii_digit()) {
                text.parse::<u16>().ok()
            } else {
                None
            }
        };
        let (from, to) = match range.split_once('-') {
            Some((from, to)) => (number(from), number(to)),
            None => (number(range), number(range)),
        };
        let (Some(from), Some(to)) = (from, to) else {
            return Err(bad());
        };
        if from > to {
            return Err(bad());
        }
        match protocol {
            "tcp" => Ok(Port::Tcp { from, to }),
            "udp" => Ok(Port::Udp { from, to }),
            _ => Err(bad()),
        }
    }
}

impl Serialize for Port {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Port {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}
