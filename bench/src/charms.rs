//! The two charms of the benchmark, each as an iface binary, an ops charm
//! and a charms.reactive charm, and the hooks they are measured on.

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

    /// The Python charm layer in `bench/python/layers/`, and the ops charm
    /// in `bench/python/ops/`.
    pub fn python_charm(self) -> &'static str {
        self.charm()
    }

    /// How the report names it.
    pub fn title(self) -> &'static str {
        match self {
            Role::Provider => "provider (django, `website: http`, GLOBAL)",
            Role::Requirer => "requirer (haproxy, `reverseproxy: http`, UNIT)",
        }
    }

    /// Every hook file a charms.reactive charm of this role needs.
    pub fn hook_names(self) -> Vec<String> {
        let mut names = vec!["install".to_owned(), "config-changed".to_owned()];
        for event in ["created", "joined", "changed", "departed", "broken"] {
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
    /// ops 3.9.0 with the charms in `bench/python/ops/`.
    Ops,
    /// charms.reactive 1.5.3 with the layers in `bench/python/layers/`.
    Reactive,
}

impl Impl {
    /// All three, in the order the report shows them.
    pub const ALL: [Impl; 3] = [Impl::Iface, Impl::Ops, Impl::Reactive];

    /// The two iface is compared with.
    pub const PYTHON: [Impl; 2] = [Impl::Ops, Impl::Reactive];

    /// How the report names it.
    pub fn title(self) -> &'static str {
        match self {
            Impl::Iface => "iface",
            Impl::Ops => "ops",
            Impl::Reactive => "charms.reactive",
        }
    }

    /// Whether the charm keeps per-remote-unit state in its store (which
    /// the scale section multiplies): iface and charms.reactive keep
    /// conversations and flags there; ops keeps only its own framework
    /// state and asks Juju for everything else in every hook.
    pub fn keeps_relation_state(self) -> bool {
        self != Impl::Ops
    }
}

/// The hooks of one unit's life with one http relation, in an order Juju
/// sends them: since Juju 2.8 `-relation-created` comes for a relation
/// before any unit hook of it, and for a relation that exists when the
/// unit is deployed, right after `install`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Step {
    /// `install`.
    Install,
    /// `-relation-created`: the relation exists, no remote unit has
    /// joined (`JUJU_REMOTE_UNIT` is empty).
    Created,
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
    pub const ALL: [Step; 8] = [
        Step::Install,
        Step::Created,
        Step::ConfigChanged,
        Step::Joined,
        Step::Changed,
        Step::Unchanged,
        Step::Departed,
        Step::Broken,
    ];

    /// The http relation hooks, in lifecycle order.
    pub const RELATION: [Step; 6] = [
        Step::Created,
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
            Step::Created => "created",
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
            Step::Created => "created",
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
/// `role` and one remote unit, related by relation 1, which the remote unit
/// has not joined yet ([`Step::Joined`] adds it).
pub fn pair(role: Role) -> (Deployment, Remote) {
    let mut d = deployment();
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
    (d, remote)
}

/// An empty model whose django application has its charm's config
/// defaults, as Juju serves them before any `juju config`.
pub fn deployment() -> Deployment {
    Deployment::new("bench").configured("django", &django_charm::CHARM)
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
    /// hook's relation context. The remote unit joins with Juju's
    /// `private-address` in its bag.
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
            Step::Created => ctx.remote_unit = None,
            Step::Joined => {
                rel.members.insert(self.unit.clone());
                rel.unit_data.insert(
                    self.unit.clone(),
                    [("private-address".to_owned(), address(1))].into(),
                );
            }
            Step::Unchanged => {}
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
