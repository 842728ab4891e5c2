//! The interface binary of the shell charm: iface's http provider bound to
//! `website`, with no flag handlers. The charm's bash hooks run it with no
//! arguments to let the interface handle a relation hook, then use its
//! command line (`is-flag-set`, `relation-call`) for everything else.

use http_interface::HttpProvides;

iface::charm! {
    metadata = "metadata.yaml",
    relations { website: HttpProvides },
}
