//! The two charms of the benchmark, each as an iface binary and as a
//! charms.reactive charm, and the hooks they are measured on.

use std::path::{Path, PathBuf};

use iface_sim::{Deployment, HookRelation};

/// Which side of `http`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    /// django: `provides: website: http` (GLOBAL scope).
    Provider,
    /// haproxy: `requires: reverseproxy: http` (UNIT scope).
    Requirer,
}

impl Role {
    /// Both, provider first.
    pub const ALL: [Role; 2] = [Role::Provider, Role::Requirer];

    /// The charm's name (and its iface binary's).
    pub fn charm(self) -> &'static str {
        match self {
            Role::Provider => "django",
            Role::Requirer => "haproxy",
        }
    }

    /// The unit the hooks run on.
    pub fn unit(self) -> &'static str {
        match self {
            Role::Provider => "django/0",
            Role::Requirer => "haproxy/0",
        }
    }

    /// The charm's `http` endpoint.
    pub fn endpoint(self) -> &'static str {
        match self {
            Role::Provider => "website",
            Role::Requirer => "reverseproxy",
        }
    }

    /// The other charm's `http` endpoint.
    pub fn remote_endpoint(self) -> &'static str {
        match self {
            Role::Provider => "reverseproxy",
            Role::Requirer => "website",
        }
    }

    /// The charm's `metadata.yaml` in the examples.
    pub fn metadata(self) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../examples")
            .join(self.charm())
            .join("metadata.yaml")
    }

    /// The Python charm layer in `bench/python/layers/`.
    pub fn layer(self) -> &'static str {
        self.charm()
    }

    /// How the report names it.
    pub fn title(self) -> &'static str {
        match self {
            Role::Provider => "provider (django, `website: http`, GLOBAL)",
            Role::Requirer => "requirer (haproxy, `reverseproxy: http`, UNIT)",
        }
    }

    /// Every hook file a Python charm of this role needs.
    pub fn hook_names(self) -> Vec<String> {
        let mut names = vec!["install".to_owned(), "config-changed".to_owned()];
        for event in ["joined", "changed", "departed", "broken"] {
            names.push(format!("{}-relation-{event}", self.endpoint()));
        }
        names
    }
}

/// How a charm is implemented.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Impl {
    /// The iface binary (release build).
    Iface,
    /// charms.reactive 1.5.3 with the layers in `bench/python/`.
    Reactive,
}

impl Impl {
    /// How the report names it.
    pub fn title(self) -> &'static str {
        match self {
            Impl::Iface => "iface",
            Impl::Reactive => "charms.reactive",
        }
    }
}

/// The http relation events in the order one relation lives through them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Step {
    /// `install`.
    Install,
    /// `config-changed`.
    ConfigChanged,
    /// `-relation-joined`: the remote unit's bag holds Juju's
    /// `private-address` only.
    Joined,
    /// `-relation-changed`: for the requirer, the provider's `hostname`
    /// and `port` have arrived; for the provider nothing new.
    Changed,
    /// `-relation-changed` again with nothing changed.
    Unchanged,
    /// `-relation-departed`.
    Departed,
    /// `-relation-broken`.
    Broken,
}

impl Step {
    /// In lifecycle order.
    pub const ALL: [Step; 7] = [
        Step::Install,
        Step::ConfigChanged,
        Step::Joined,
        Step::Changed,
        Step::Unchanged,
        Step::Departed,
        Step::Broken,
    ];

    /// How the report names it.
    pub fn label(self) -> &'static str {
        match self {
            Step::Install => "install",
            Step::ConfigChanged => "config-changed",
            Step::Joined => "joined",
            Step::Changed => "changed",
            Step::Unchanged => "changed (nothing changed)",
            Step::Departed => "departed",
            Step::Broken => "broken",
        }
    }

    /// The hook name for `role`.
    pub fn hook(self, role: Role) -> String {
        let event = match self {
            Step::Install => return "install".to_owned(),
            Step::ConfigChanged => return "config-changed".to_owned(),
            Step::Joined => "joined",
            Step::Changed | Step::Unchanged => "changed",
            Step::Departed => "departed",
            Step::Broken => "broken",
        };
        format!("{}-relation-{event}", role.endpoint())
    }
}

/// The address of remote unit number `i` (unique for `i` < 2^24).
pub fn address(i: usize) -> String {
    format!("10.{}.{}.{}", (i >> 16) & 255, (i >> 8) & 255, i & 255)
}

/// The one-relation deployment of the side-by-side runs: the unit of
/// `role`, one remote unit, relation 1, Juju's `private-address` in the
/// remote bag.
pub fn pair(role: Role) -> (Deployment, Remote) {
    let mut d = Deployment::new("bench");
    let own = role.unit();
    d.add_unit(own, "192.168.0.1");
    d.set_leader(own);
    let remote_charm = match role {
        Role::Provider => Role::Requirer,
        Role::Requirer => Role::Provider,
    };
    let remote = Remote {
        id: 1,
        unit: remote_charm.unit().to_owned(),
    };
    d.add_unit(&remote.unit, &address(1));
    let rel = d.add_relation(
        remote.id,
        (role.charm(), role.endpoint()),
        (remote_charm.charm(), role.remote_endpoint()),
    );
    rel.members.insert(own.to_owned());
    rel.members.insert(remote.unit.clone());
    rel.unit_data.insert(
        remote.unit.clone(),
        [("private-address".to_owned(), address(1))].into(),
    );
    (d, remote)
}

/// The remote unit a relation hook is about.
#[derive(Debug, Clone)]
pub struct Remote {
    /// The relation number.
    pub id: u32,
    /// The remote unit.
    pub unit: String,
}

impl Remote {
    /// The remote application.
    pub fn app(&self) -> String {
        iface_sim::app_of(&self.unit).to_owned()
    }

    /// Changes `d` as Juju would have just before `step`, and gives the
    /// hook's relation context.
    pub fn prepare(&self, role: Role, step: Step, d: &mut Deployment) -> Option<HookRelation> {
        let rel = d.relations.get_mut(&self.id).expect("the relation exists");
        let mut ctx = HookRelation {
            id: self.id,
            remote_unit: Some(self.unit.clone()),
            remote_app: Some(self.app()),
            departing_unit: None,
        };
        match step {
            Step::Install | Step::ConfigChanged => return None,
            Step::Joined | Step::Unchanged => {}
            Step::Changed => {
                if role == Role::Requirer {
                    let bag = rel.unit_data.entry(self.unit.clone()).or_default();
                    let host = bag.get("private-address").cloned().unwrap_or_default();
                    bag.insert("hostname".to_owned(), host);
                    bag.insert("port".to_owned(), "80".to_owned());
                }
            }
            Step::Departed => {
                rel.members.remove(&self.unit);
                ctx.departing_unit = Some(self.unit.clone());
            }
            Step::Broken => {
                let own = role.unit();
                rel.members.retain(|u| u == own);
                rel.dead = true;
                ctx.remote_unit = None;
            }
        }
        Some(ctx)
    }
}
