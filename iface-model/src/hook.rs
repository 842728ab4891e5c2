//! Hook names Juju sends, classified.
//!
//! A [`HookSpec`] is one fully expanded hook of a pattern. Its relation name
//! may still be a `{role:interface}` placeholder, which only a charm's
//! metadata resolves; everything else about it is settled at compile time.

use core::fmt;
use std::borrow::Cow;

use crate::role::Role;

macro_rules! keyword_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)*
        }

        impl $name {
            /// Every value, in Juju's documentation order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            /// The spelling in hook names.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)*
                }
            }

            /// The value spelt `text`, if any.
            pub fn from_name(text: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|value| value.as_str() == text)
            }

            /// Every spelling, for "expected one of" messages and hints.
            pub fn names() -> impl Iterator<Item = &'static str> {
                Self::ALL.iter().map(|value| value.as_str())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

keyword_enum! {
    /// A hook of a relation endpoint: `<relation>-relation-<event>`.
    RelationEvent {
        /// Once per relation, before any unit hooks.
        Created = "created",
        /// Once per remote unit entering the relation.
        Joined = "joined",
        /// A remote unit or application changed its data (or just joined).
        Changed = "changed",
        /// A remote unit left; it is already gone from `relation-list`.
        Departed = "departed",
        /// The relation is gone; after the last `-departed`.
        Broken = "broken",
    }
}

keyword_enum! {
    /// A hook of a storage instance: `<storage>-storage-<event>`.
    StorageEvent {
        /// The storage is attached and ready.
        Attached = "attached",
        /// The storage is about to go away.
        Detaching = "detaching",
    }
}

keyword_enum! {
    /// A hook of a workload container: `<container>-pebble-<event>`.
    WorkloadEvent {
        /// Pebble is up in the container.
        Ready = "ready",
        /// A Pebble custom notice was recorded.
        CustomNotice = "custom-notice",
        /// A Pebble health check started failing.
        CheckFailed = "check-failed",
        /// A failing Pebble health check recovered.
        CheckRecovered = "check-recovered",
    }
}

keyword_enum! {
    /// A hook of the unit as a whole, named without any prefix: the unit
    /// events Juju 3.6 and 4.0 send.
    UnitEvent {
        /// The unit's first hook.
        Install = "install",
        /// After install and after every reboot of the machine.
        Start = "start",
        /// The unit is about to stop.
        Stop = "stop",
        /// The unit's last hook.
        Remove = "remove",
        /// Charm configuration changed (and once after install).
        ConfigChanged = "config-changed",
        /// A new charm revision was installed.
        UpgradeCharm = "upgrade-charm",
        /// Periodic, every five minutes by default.
        UpdateStatus = "update-status",
        /// This unit became the leader.
        LeaderElected = "leader-elected",
        /// The leader changed the leader settings (Juju 2 and 3; gone in
        /// Juju 4, which has no leader settings).
        LeaderSettingsChanged = "leader-settings-changed",
        /// Before the machine's series is upgraded (Juju 3 machines only).
        PreSeriesUpgrade = "pre-series-upgrade",
        /// After the machine's series was upgraded (Juju 3 machines only).
        PostSeriesUpgrade = "post-series-upgrade",
    }
}

keyword_enum! {
    /// A hook about a Juju secret (Juju 3.0.3 and later), named without any
    /// prefix; `JUJU_SECRET_ID` says which secret.
    SecretEvent {
        /// A secret this unit observes has a new revision.
        Changed = "secret-changed",
        /// A revision of a secret this unit owns has expired.
        Expired = "secret-expired",
        /// A revision of a secret this unit owns is no longer observed.
        Remove = "secret-remove",
        /// A secret this unit owns is due for rotation.
        Rotate = "secret-rotate",
    }
}

/// The relation a relation hook belongs to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Endpoint {
    /// A relation named literally, like `website` in `website-relation-joined`.
    Named(Cow<'static, str>),
    /// Every relation the charm's metadata declares under `role` with
    /// `interface`, as `{provides:http}` in a pattern.
    Placeholder {
        /// The metadata section.
        role: Role,
        /// The interface name.
        interface: Cow<'static, str>,
    },
}

impl Endpoint {
    /// Whether the relation `name`, declared with `role` and `interface`,
    /// is this endpoint.
    pub fn is(&self, name: &str, role: Role, interface: &str) -> bool {
        match self {
            Endpoint::Named(named) => named == name,
            Endpoint::Placeholder {
                role: r,
                interface: i,
            } => *r == role && i == interface,
        }
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Endpoint::Named(name) => f.write_str(name),
            Endpoint::Placeholder { role, interface } => write!(f, "{{{role}:{interface}}}"),
        }
    }
}

/// One hook, fully expanded except for a relation placeholder.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HookSpec {
    /// A unit hook such as `install`.
    Unit(UnitEvent),
    /// A secret hook such as `secret-changed`.
    Secret(SecretEvent),
    /// `<relation>-relation-<event>`.
    Relation {
        /// Which relation.
        endpoint: Endpoint,
        /// Which event.
        event: RelationEvent,
    },
    /// `<storage>-storage-<event>`.
    Storage {
        /// The storage name from metadata.
        storage: Cow<'static, str>,
        /// Which event.
        event: StorageEvent,
    },
    /// `<container>-pebble-<event>`.
    Workload {
        /// The container name from metadata.
        container: Cow<'static, str>,
        /// Which event.
        event: WorkloadEvent,
    },
}

/// What separates the relation name from the event in a relation hook.
pub const RELATION_INFIX: &str = "-relation-";
/// What separates the storage name from the event in a storage hook.
pub const STORAGE_INFIX: &str = "-storage-";
/// What separates the container name from the event in a Pebble hook.
pub const WORKLOAD_INFIX: &str = "-pebble-";

impl HookSpec {
    /// Classifies a concrete hook name as Juju sends it; `None` for a name
    /// Juju never sends.
    ///
    /// ```
    /// use iface_model::hook::{HookSpec, RelationEvent, Endpoint};
    /// assert_eq!(
    ///     HookSpec::from_name("website-relation-joined"),
    ///     Some(HookSpec::Relation { endpoint: Endpoint::Named("website".into()), event: RelationEvent::Joined })
    /// );
    /// assert_eq!(HookSpec::from_name("website-relation-joinde"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<HookSpec> {
        if let Some(event) = UnitEvent::from_name(name) {
            return Some(HookSpec::Unit(event));
        }
        if let Some(event) = SecretEvent::from_name(name) {
            return Some(HookSpec::Secret(event));
        }
        let (prefix, infix, event) = split_prefixed(name)?;
        if !is_name(prefix) {
            return None;
        }
        let owned = Cow::Owned(prefix.to_owned());
        match infix {
            RELATION_INFIX => RelationEvent::from_name(event).map(|event| HookSpec::Relation {
                endpoint: Endpoint::Named(owned),
                event,
            }),
            STORAGE_INFIX => StorageEvent::from_name(event).map(|event| HookSpec::Storage {
                storage: owned,
                event,
            }),
            _ => WorkloadEvent::from_name(event).map(|event| HookSpec::Workload {
                container: owned,
                event,
            }),
        }
    }

    /// Whether the concrete hook `name` is this hook, resolving a relation
    /// placeholder through `endpoint_of`, which gives the role and interface
    /// a relation name is declared with in the charm's metadata.
    pub fn matches<'m>(
        &self,
        name: &str,
        endpoint_of: impl Fn(&str) -> Option<(Role, &'m str)>,
    ) -> bool {
        match (self, HookSpec::from_name(name)) {
            (
                HookSpec::Relation { endpoint, event },
                Some(HookSpec::Relation {
                    endpoint: Endpoint::Named(relation),
                    event: fired,
                }),
            ) => {
                *event == fired
                    && endpoint_of(&relation)
                        .is_some_and(|(role, interface)| endpoint.is(&relation, role, interface))
            }
            (spec, Some(fired)) => *spec == fired,
            (_, None) => false,
        }
    }

    /// Whether this hook is event `kind` of the relation `name`, which the
    /// charm's metadata declares with `role` and `interface`.
    pub fn is_relation_event(
        &self,
        name: &str,
        role: Role,
        interface: &str,
        kind: RelationEvent,
    ) -> bool {
        matches!(self, HookSpec::Relation { endpoint, event } if *event == kind && endpoint.is(name, role, interface))
    }

    /// The concrete hook names this hook stands for in a charm whose
    /// metadata declares `endpoints` as `(relation name, role, interface)`:
    /// one per matching relation for a placeholder, else its own name.
    pub fn names(&self, endpoints: &[(&str, Role, &str)]) -> Vec<String> {
        match self {
            HookSpec::Relation {
                endpoint: Endpoint::Placeholder { role, interface },
                event,
            } => endpoints
                .iter()
                .filter(|&&(_, r, i)| r == *role && i == interface)
                .map(|(name, _, _)| format!("{name}{RELATION_INFIX}{event}"))
                .collect(),
            other => vec![other.to_string()],
        }
    }

    /// The relation placeholder of this hook, if it has one.
    pub fn placeholder(&self) -> Option<(Role, &str)> {
        match self {
            HookSpec::Relation {
                endpoint: Endpoint::Placeholder { role, interface },
                ..
            } => Some((*role, interface)),
            _ => None,
        }
    }
}

impl fmt::Display for HookSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HookSpec::Unit(event) => write!(f, "{event}"),
            HookSpec::Secret(event) => write!(f, "{event}"),
            HookSpec::Relation { endpoint, event } => {
                write!(f, "{endpoint}{RELATION_INFIX}{event}")
            }
            HookSpec::Storage { storage, event } => write!(f, "{storage}{STORAGE_INFIX}{event}"),
            HookSpec::Workload { container, event } => {
                write!(f, "{container}{WORKLOAD_INFIX}{event}")
            }
        }
    }
}

/// Splits `name` at the last infix that has a non-empty name before it:
/// `db-relation-relation-joined` is relation `db-relation`, event `joined`.
pub(crate) fn split_prefixed(name: &str) -> Option<(&str, &'static str, &str)> {
    [RELATION_INFIX, STORAGE_INFIX, WORKLOAD_INFIX]
        .into_iter()
        .filter_map(|infix| {
            let at = name.rfind(infix)?;
            Some((at, infix))
        })
        .max_by_key(|&(at, _)| at)
        .map(|(at, infix)| (&name[..at], infix, &name[at + infix.len()..]))
}

/// Whether `name` is a valid relation, storage or container name: a
/// lowercase letter, then lowercase letters, digits, `-` and `_`.
pub fn is_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_every_kind() {
        assert_eq!(
            HookSpec::from_name("install"),
            Some(HookSpec::Unit(UnitEvent::Install))
        );
        assert_eq!(
            HookSpec::from_name("secret-rotate"),
            Some(HookSpec::Secret(SecretEvent::Rotate))
        );
        assert_eq!(
            HookSpec::from_name("data-storage-detaching"),
            Some(HookSpec::Storage {
                storage: "data".into(),
                event: StorageEvent::Detaching
            })
        );
        assert_eq!(
            HookSpec::from_name("workload-pebble-check-failed"),
            Some(HookSpec::Workload {
                container: "workload".into(),
                event: WorkloadEvent::CheckFailed
            })
        );
        assert_eq!(
            HookSpec::from_name("my-relation-relation-broken"),
            Some(HookSpec::Relation {
                endpoint: Endpoint::Named("my-relation".into()),
                event: RelationEvent::Broken
            })
        );
    }

    #[test]
    fn rejects_names_juju_never_sends() {
        for name in [
            "",
            "instal",
            "-relation-joined",
            "Website-relation-joined",
            "website-relation-",
            "x-storage-ready",
            "website",
        ] {
            assert_eq!(HookSpec::from_name(name), None, "{name}");
        }
    }

    #[test]
    fn placeholders_match_through_metadata() {
        let spec = HookSpec::Relation {
            endpoint: Endpoint::Placeholder {
                role: Role::Provides,
                interface: "http".into(),
            },
            event: RelationEvent::Joined,
        };
        let metadata = |name: &str| match name {
            "website" => Some((Role::Provides, "http")),
            "admin" => Some((Role::Provides, "https")),
            "proxy" => Some((Role::Requires, "http")),
            _ => None,
        };
        assert!(spec.matches("website-relation-joined", metadata));
        assert!(!spec.matches("website-relation-changed", metadata));
        assert!(!spec.matches("admin-relation-joined", metadata));
        assert!(!spec.matches("proxy-relation-joined", metadata));
        assert!(!spec.matches("unknown-relation-joined", metadata));
        assert_eq!(spec.to_string(), "{provides:http}-relation-joined");
    }
}
