//! The requirer side of Juju's `juju-info` interface, as a subordinate
//! attaches to a principal: every charm provides it implicitly, and Juju
//! alone writes the principal's side (its addresses).

use iface::prelude::*;

/// What Juju publishes for the principal unit as it enters the relation.
#[iface::data]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrincipalAddress {
    /// The principal unit's address, which its subordinate shares.
    #[serde(rename = "private-address")]
    pub private_address: String,
}

/// What the agent publishes back: which unit's logs it forwards, so that
/// the principal (and whoever reads the relation) can tell its agent is
/// working.
#[iface::data]
#[derive(Debug, Clone, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub struct Forwarding {
    /// The principal unit, as the agent sees it in its container.
    pub principal_unit: String,
}

/// The principal unit a subordinate runs beside.
#[iface::data]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// Its unit name.
    pub unit: String,
    /// Its address.
    pub address: String,
}

/// The subordinate's side of `juju-info`: one UNIT conversation, with the
/// one principal unit the container-scoped relation shows it.
#[interface(
    name = "juju-info",
    role = requires,
    scope = Unit,
    flags(available),
    gets(PrincipalAddress),
    sets(Forwarding)
)]
pub struct JujuInfoRequires;

/// Where the conversation keeps its principal's address.
const ADDRESS: &str = "address";

#[hooks]
impl JujuInfoRequires {
    /// `{relation_name}.available` once the principal's address arrived
    /// (Juju writes it before anyone can see the unit join, but guard on
    /// the data, not the hook); keeps the address for later hooks.
    #[hook("{requires:juju-info}-relation-{joined,changed}")]
    fn changed(&self, conv: &mut Conversation) -> iface::Result<()> {
        let principal = conv.get_remote::<PrincipalAddress>()?;
        conv.toggle_state(Self::AVAILABLE, principal.is_some())?;
        conv.set_local(ADDRESS, &principal.map(|p| p.private_address))
    }

    /// The principal left: the conversation goes, and its flag with it.
    #[hook("{requires:juju-info}-relation-{departed,broken}")]
    fn departed(&self, conv: &mut Conversation) -> iface::Result<()> {
        conv.remove_state(Self::AVAILABLE)
    }

    /// The principal unit and its address, once the address arrived (no
    /// tool call).
    pub fn principal(&self, conv: &mut Conversation) -> iface::Result<Option<Principal>> {
        let Some(address) = conv.get_local::<Option<String>>(ADDRESS)?.flatten() else {
            return Ok(None);
        };
        Ok(conv.units().first().map(|unit| Principal {
            unit: unit.clone(),
            address,
        }))
    }

    /// Publishes which unit's logs this agent forwards: the principal it
    /// sees in its container.
    pub fn acknowledge(&self, conv: &mut Conversation) -> iface::Result<()> {
        match conv.units().first().cloned() {
            Some(principal_unit) => conv.set_remote(&Forwarding { principal_unit }),
            None => Ok(()),
        }
    }
}
