//! Generated code passes strict lints: interfaces of both roles, angle
//! brackets, several patterns, `iface::hook` by path, `Result` returns.
#![deny(warnings, missing_docs, unused, unused_qualifications, rust_2018_idioms, nonstandard_style)]
#![forbid(unsafe_code)]

use iface::prelude::*;

/// The provider side.
#[interface(name = "http", role = provides, scope = Global, flags(available, "tls.ready"))]
pub struct HttpProvides;

#[hooks]
impl HttpProvides {
    #[hook("{provides:http}-relation-{joined,changed}")]
    fn changed(&self, conv: &mut Conversation<'_>) {
        let _ = (conv, Self::AVAILABLE, Self::TLS_READY);
    }

    #[iface::hook("<provides:http>-relation-departed", "<provides:http>-relation-broken")]
    fn broken(&self, _conv: &mut Conversation<'_>) -> iface::Result<()> {
        Ok(())
    }
}

/// The requirer side.
#[interface(name = "http", role = requires, scope = Unit, flags(available))]
pub(crate) struct HttpRequires;

#[hooks]
impl HttpRequires {
    #[hook("{requires:http}-relation-created")]
    #[hook("{requires:http}-relation-joined")]
    fn joined(&self, _conv: &mut Conversation<'_>) {}
}

/// A peer interface with no hooks at all.
#[interface(name = "cluster", role = peers)]
pub struct Cluster;

#[hooks]
impl Cluster {}

fn main() {
    assert_eq!(<HttpProvides as Hooks>::HOOKS.len(), 2);
    assert_eq!(<HttpRequires as Hooks>::HOOKS[0].hooks.len(), 2);
    assert!(<Cluster as Hooks>::HOOKS.is_empty());
}
