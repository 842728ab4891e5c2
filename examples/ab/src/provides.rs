//! The `b` side: offers `X` and `Y`, finishes with `Z`.

use iface::prelude::*;

use crate::{Answer, Offer, z_of};

/// The provider (`b`) side of `ab`, one conversation per `a` unit.
#[interface(name = "ab", role = provides, scope = Unit, flags(ready))]
pub struct AbProvides;

#[hooks]
impl AbProvides {
    /// Offers `X` and `Y` (written once: unchanged keys are not sent
    /// again); once the remote unit answered `P` and `Q`, publishes `Z` and
    /// is ready.
    #[hook("{provides:ab}-relation-{joined,changed}")]
    fn changed(&self, conv: &mut Conversation) -> iface::Result<()> {
        let x = conv.session().context().unit.to_string();
        let y = conv.unit_address()?;
        let z = z_of(&x);
        conv.set_remote(&Offer { x, y })?;
        if conv.get_remote::<Answer>()?.is_none() {
            return Ok(());
        }
        conv.set_remote_value("Z", &z)?;
        conv.set_state(Self::READY)
    }

    /// The `a` unit left: this conversation is over.
    #[hook("{provides:ab}-relation-{departed,broken}")]
    fn departed(&self, conv: &mut Conversation) -> iface::Result<()> {
        conv.remove_state(Self::READY)
    }
}
