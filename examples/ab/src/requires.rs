//! The `a` side: answers `P` and `Q` to `X` and `Y`, done with `Z`.

use iface::prelude::*;

use crate::{Answer, Offer, z_of};

/// The requirer (`a`) side of `ab`, one conversation per `b` unit.
#[interface(name = "ab", role = requires, scope = Unit, flags(ready))]
pub struct AbRequires;

#[hooks]
impl AbRequires {
    /// Once `X` and `Y` are there, answers `P` and `Q`; ready once `Z` is
    /// there too and is the one the remote unit promised. Guards on the
    /// data, not the hook (seed 002: the first `-changed` may find
    /// nothing).
    #[hook("{requires:ab}-relation-{joined,changed}")]
    fn changed(&self, conv: &mut Conversation) -> iface::Result<()> {
        let Some(offer) = conv.get_remote::<Offer>()? else {
            return Ok(());
        };
        let p = conv.session().context().unit.to_string();
        let q = conv.unit_address()?;
        conv.set_remote(&Answer { p, q })?;
        let z = conv.get_remote_value::<String>("Z")?;
        conv.toggle_state(Self::READY, z == Some(z_of(&offer.x)))
    }

    /// The `b` unit left: this conversation is over.
    #[hook("{requires:ab}-relation-{departed,broken}")]
    fn departed(&self, conv: &mut Conversation) -> iface::Result<()> {
        conv.remove_state(Self::READY)
    }
}
