//! Placeholder facade; documented below in a later step.
#![doc = "iface"]

pub use iface_macros::{hook, hooks, interface};
pub use iface_model::role::Role;
pub use iface_model::scope::Scope;
pub use iface_runtime::conversation::Conversation;
pub use iface_runtime::flag::Flag;
pub use iface_runtime::interface::{Hooks, Interface};
pub use iface_runtime::{Error, Result};

/// Everything an interface author needs, in one `use`.
pub mod prelude {
    pub use crate::{Conversation, Flag, Hooks, Interface, Role, Scope, hook, hooks, interface};
    pub use serde::{Deserialize, Serialize};
}

/// Paths the macros' expansions use. Not part of the API.
#[doc(hidden)]
pub mod __private {
    pub use iface_model::hook::{
        CharmEvent, Endpoint, HookSpec, RelationEvent, StorageEvent, WorkloadEvent,
    };
    pub use iface_runtime::interface::{HookHandler, HookResult};
    pub use std::borrow::Cow;

    use crate::{Interface, Role};

    /// Whether `T` is the interface `interface` on side `role`; evaluated
    /// at compile time to check hook patterns against `#[interface]`.
    pub const fn speaks<T: Interface>(role: Role, interface: &str) -> bool {
        role as u8 == T::ROLE as u8 && str_eq(T::NAME, interface)
    }

    const fn str_eq(a: &str, b: &str) -> bool {
        let (a, b) = (a.as_bytes(), b.as_bytes());
        if a.len() != b.len() {
            return false;
        }
        let mut i = 0;
        while i < a.len() {
            if a[i] != b[i] {
                return false;
            }
            i += 1;
        }
        true
    }
}
