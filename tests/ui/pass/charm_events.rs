//! Handlers of charm-level events, alone and with flag conditions, under
//! strict lints; a handler in a private module; `CHARM.hook_names()`
//! lists the events they handle.
#![deny(warnings, missing_docs, unused, unused_qualifications, rust_2018_idioms, nonstandard_style)]

use iface::__private::{HookSpec, SecretEvent, UnitEvent};
use iface::prelude::*;

/// Provider side.
#[interface(name = "http", role = provides, scope = Global, flags(available))]
pub struct HttpProvides;

#[hooks]
impl HttpProvides {
    #[hook("{provides:http}-relation-joined")]
    fn joined(&self, conv: &mut Conversation<'_>) -> iface::Result<()> {
        conv.set_state(Self::AVAILABLE)
    }
}

iface::charm! {
    metadata = "../charm/metadata.yaml",
    relations { website: HttpProvides },
    handlers = [setup::install, reconfigure, rotate],
}

mod setup {
    use iface::prelude::*;

    #[on(install, upgrade_charm)]
    fn install(unit: &Unit<'_>) -> iface::Result<()> {
        unit.set_flag("installed")
    }
}

#[iface::on(config_changed)]
#[when(Website::AVAILABLE)]
fn reconfigure(_website: &Website<'_>) {}

#[on(secret_changed, leader_settings_changed)]
fn rotate() {}

fn main() {
    let on: Vec<&[HookSpec]> = CHARM.handlers.iter().map(|h| h.on).collect();
    assert_eq!(
        on,
        [
            &[HookSpec::Unit(UnitEvent::Install), HookSpec::Unit(UnitEvent::UpgradeCharm)][..],
            &[HookSpec::Unit(UnitEvent::ConfigChanged)],
            &[HookSpec::Secret(SecretEvent::Changed), HookSpec::Unit(UnitEvent::LeaderSettingsChanged)],
        ]
    );
    assert_eq!(CHARM.handlers[1].when, [Website::AVAILABLE]);
    assert_eq!(
        CHARM.hook_names(),
        [
            "config-changed",
            "install",
            "leader-settings-changed",
            "secret-changed",
            "upgrade-charm",
            "website-relation-joined"
        ]
    );
}
