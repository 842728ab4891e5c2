//! A django-like charm: it provides `website: http` and, once a client is
//! connected, publishes its port (seed 000's `website.configure(80)`).

use http_interface::HttpProvides;
use iface::prelude::*;

iface::charm! {
    metadata = "metadata.yaml",
    relations { website: HttpProvides },
    handlers = [configure_website],
}

/// The port the application serves on.
pub const PORT: u16 = 80;

/// Publishes the port to everyone related on `website`.
#[when(Website::AVAILABLE)]
pub fn configure_website(website: &Website) -> iface::Result<()> {
    website.configure(PORT)
}
