//! The requirer side: one conversation per remote unit.

use iface::prelude::*;

use crate::HttpSettings;

/// The requirer side of `http`: a UNIT conversation per remote unit, so a
/// charm such as a load balancer sees every backend separately.
#[interface(name = "http", role = requires, scope = Unit, flags(available), gets(HttpSettings))]
pub struct HttpRequires;

/// Where each conversation keeps the settings its unit last published.
const SETTINGS: &str = "settings";

#[hooks]
impl HttpRequires {
    /// Raises `{relation_name}.available` for this unit once its settings
    /// have arrived complete (seed 001: guard on the data, not the hook),
    /// and keeps them with the conversation: Juju runs this hook whenever
    /// the unit changes them, so later hooks need not read every unit's bag
    /// again (one `relation-get` per hook, however many units).
    /// Settings that arrived but do not parse fail the hook with an error
    /// naming the relation, the unit and the key.
    #[hook("{requires:http}-relation-{joined,changed}")]
    fn changed(&self, conv: &mut Conversation) -> iface::Result<()> {
        let settings = conv.get_remote::<HttpSettings>()?;
        conv.toggle_state(Self::AVAILABLE, settings.is_some())?;
        conv.set_local(SETTINGS, &settings)
    }

    /// The unit left: its conversation goes, and with it its hold on the flag.
    #[hook("{requires:http}-relation-{departed,broken}")]
    fn departed(&self, conv: &mut Conversation) -> iface::Result<()> {
        conv.remove_state(Self::AVAILABLE)
    }

    /// The settings the conversation's unit published, once complete, as
    /// of its last `-joined`/`-changed` hook (no tool call).
    pub fn settings(&self, conv: &mut Conversation) -> iface::Result<Option<HttpSettings>> {
        Ok(conv.get_local::<Option<HttpSettings>>(SETTINGS)?.flatten())
    }
}
