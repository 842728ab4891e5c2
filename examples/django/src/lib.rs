//! A django-like charm: it provides `website: http` and, once a client is
//! connected, publishes the port its `port` option says (seed 000's
//! `website.configure(80)`, with 80 the option's default). A new port is
//! published to every client in the `config-changed` that brings it.

use http_interface::HttpProvides;
use iface::prelude::*;

iface::charm! {
    metadata = "metadata.yaml",
    config = "config.yaml",
    relations { website: HttpProvides },
    handlers = [configure_website],
}

/// Publishes the configured port to everyone related on `website`. It runs
/// in every hook while a client is connected, `config-changed` included,
/// and writes only when the port (or the address) changed.
#[when(Website::AVAILABLE)]
pub fn configure_website(website: &Website, config: &Config) -> iface::Result<()> {
    let port = u16::try_from(config.port).map_err(|_| iface::Error::Config {
        option: "port".to_owned(),
        reason: format!("{} is no TCP port (1 to 65535)", config.port),
    })?;
    website.configure(port)
}
