//! A hook or API method that only reads may take `&Conversation`; the
//! hook table and the relation handle pass their `&mut` to it.
#![deny(warnings)]

use iface::prelude::*;

/// Provider side.
#[interface(name = "http", role = provides, scope = Global, flags(available))]
pub struct HttpProvides;

#[hooks]
impl HttpProvides {
    #[hook("{provides:http}-relation-joined")]
    fn joined(&self, conv: &Conversation<'_>) -> iface::Result<()> {
        let _ready = conv.is_state(Self::AVAILABLE)?;
        Ok(())
    }

    /// The units of one conversation: a handle method too.
    pub fn count(&self, conv: &Conversation<'_>) -> usize {
        conv.units().len()
    }
}

iface::charm! {
    metadata = "../charm/metadata.yaml",
    relations { website: HttpProvides },
    handlers = [report],
}

#[when(Website::AVAILABLE)]
fn report(website: &Website<'_>) -> iface::Result<()> {
    let _per_conversation: Vec<usize> = website.count()?;
    Ok(())
}

fn main() {
    assert_eq!(<HttpProvides as Hooks>::HOOKS.len(), 1);
    assert_eq!(<HttpProvides as Hooks>::METHODS[0].name, "count");
}
