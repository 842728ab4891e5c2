//! The demo's deployment: `django/0` related to `haproxy/0` on `website`,
//! django's config at its defaults. Its own file, with no reference to a
//! binary, so that crates other than django's (the packing tests) include
//! it too.

#![allow(dead_code)]

use iface_sim::{Deployment, HookRelation};

/// The relation between django and haproxy.
pub const RELATION: u32 = 1;

/// `django/0` and `haproxy/0` (each its application's leader), related.
pub fn deployment() -> Deployment {
    Deployment::related(
        RELATION,
        ("django", "website"),
        ("haproxy", "reverseproxy"),
        &["django/0", "haproxy/0"],
    )
    .configured("django", &django_charm::CHARM)
}

/// A hook of the relation about `haproxy/0`.
pub fn joined() -> HookRelation {
    HookRelation::unit(RELATION, "haproxy/0")
}
