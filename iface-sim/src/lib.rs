//! A model of a Juju deployment for tests: in-memory hook tools and fake
//! hook-tool executables that share one implementation of each tool.
//!
//! - [`Deployment`] is the model: applications, units (machine, status,
//!   opened ports, server-side state), leaders, relations with their
//!   members and bags, config, leader settings, secrets (owner, revisions,
//!   labels, grants, what each consumer tracks), the running hook or
//!   action, what it queued, and a log of every tool call.
//! - [`run_tool`] is what each tool does to it, with jujuc's argument
//!   parsing (gnuflag: flags anywhere, `--flag=value`, `--flag=True`),
//!   output formats, `ERROR ...` messages and exit codes: the relation
//!   tools, `config-get`, `is-leader`, `leader-get`/`-set` (for foreign
//!   charms on Juju 3; with a 4.x [`Deployment::juju_version`] they exit
//!   127, `command not found`, as Juju 4 has neither), `unit-get`,
//!   `network-get`, `juju-log`, `status-set`/`-get`, `state-get`/`-set`/
//!   `-delete`, `open-port`/`close-port`/`opened-ports`, the action tools,
//!   the eight secret tools, `goal-state` and `application-version-set`
//!   ([`TOOL_NAMES`]). As in Juju, `relation-set`, `state-set`/`-delete`,
//!   ports and every secret change are queued and committed only when the
//!   hook exits 0 (all or nothing: a secret change the unit may not make
//!   fails the commit and so the hook); `status-set`, `juju-log`,
//!   `action-log` and `application-version-set` apply at once. Secret
//!   content never reaches the calls log: `secret-get`'s output and the
//!   values given to `secret-add`/`secret-set` are [`REDACTED`].
//! - [`InMemoryTools`] runs it in-process as a
//!   [`HookTools`](iface_runtime::tools::HookTools).
//! - [`Simulation`] deploys real charms as applications (iface charms, or
//!   any charm directory or `.charm` as processes), relates them, delivers
//!   the hooks Juju would in an order Juju could choose (secret hooks
//!   included), runs actions, and keeps a [`Transcript`] of every hook and
//!   every tool call ([`sim`]).
//! - The `iface-fake-tools` executable runs it for a charm process: install
//!   it with [`install_fake_tools`], point [`STATE_ENV`] at a state file
//!   written with [`statefile::save`], run the charm with the install
//!   directory first on `PATH` and [`Deployment::hook_env`], then call
//!   [`statefile::finish_hook`] with whether it exited 0.
//!
//! # The state file
//!
//! JSON, the serde form of [`Deployment`] (every field optional):
//!
//! ```json
//! {
//!   "model": "test",
//!   "applications": {
//!     "wordpress": {"leader": "wordpress/0", "config": {"port": 80},
//!                   "leader_settings": {}, "status": null, "version": null}
//!   },
//!   "units": {
//!     "wordpress/0": {"private_address": "10.0.0.1", "public_address": "10.0.0.1",
//!                     "networks": {}, "status": null}
//!   },
//!   "relations": {
//!     "7": {"endpoints": [{"app": "wordpress", "endpoint": "website"},
//!                         {"app": "haproxy", "endpoint": "reverseproxy"}],
//!           "members": ["haproxy/0", "wordpress/0"],
//!           "unit_data": {"haproxy/0": {"host": "10.0.0.9"}},
//!           "app_data": {}, "dead": false}
//!   },
//!   "hook": {"unit": "wordpress/0", "name": "website-relation-changed",
//!            "relation": {"id": 7, "remote_unit": "haproxy/0", "remote_app": "haproxy",
//!                         "departing_unit": null}},
//!   "pending": {"relations": {"7": {"unit": {"port": "80", "old": null}, "app": {}}}}
//! }
//! ```
//!
//! In `pending`, `null` deletes a key when the hook commits.
//!
//! Every tool call and every `juju-log` message is a line of JSON appended
//! to `<state>.calls` and `<state>.logs` beside it, so a call that only
//! reads rewrites nothing ([`statefile::load`] puts them back in
//! [`Deployment::calls`] and [`Deployment::logs`]):
//!
//! ```json
//! {"tool": "relation-get", "args": ["--format=json", "-r", "website:7", "-", "haproxy/0"], "code": 0, "stdout": "{\"hostname\":\"10.0.0.9\"}\n"}
//! ```
//!
//! A call's `stdout` is what it printed, and `stdin` (when it read it) what
//! `relation-set --file -` was given. A state file holding `calls` or
//! `logs` itself is read too; they move out at its next write.
//!
//! A subordinate unit's entry names its principal (`"principal":
//! "wordpress/0"`), and a container-scoped relation says `"container":
//! true`: `relation-list` then shows a unit only the members in its own
//! container, and `JUJU_PRINCIPAL_UNIT` names the principal.
//!
//! Units also carry `machine`, `opened_ports` and `state`; the deployment
//! its `secrets`, `model_uuid` and `juju_version`; `hook` an `action` or
//! `secret` for actions and secret hooks; and `pending` the queued
//! `state`, `ports` and `secrets` changes beside `relations`.
//!
//! Not modelled: storage, workloads (Pebble), secret rotation and expiry
//! hooks, commit-time quota and leadership checks, and `relation-get` of
//! a unit that joined but never wrote being distinguished from one that
//! never existed beyond membership.

mod commands;
mod flags;
mod hook;
mod hook_env;
mod install;
mod memory;
mod model;
pub mod process;
pub mod python;
mod scripted;
pub mod seeds;
pub mod sim;
pub mod statefile;
pub mod store_file;

pub use commands::{REDACTED, TOOL_NAMES, run_tool};
pub use hook::{UnitStores, run_charm_event, run_charm_hook, run_hook};
pub use hook_env::HookEnv;
#[cfg(unix)]
pub use install::install_fake_tools;
pub use memory::InMemoryTools;
pub use model::{
    ALL_ENDPOINTS, ActionOutcome, ActionStatus, Application, Bag, COMMIT_FAILED, CallRecord,
    DEFAULT_JUJU_VERSION, DEFAULT_MODEL_UUID, Deployment, HookEnd, HookRelation, HookSecret,
    HookState, LogEntry, Pending, PendingBags, PortChange, PortRange, Relation, RelationEndpoint,
    RunningAction, Secret, SecretChange, SecretConsumer, SecretContent, SecretGrant, SecretOwner,
    StatusEntry, Unit, app_of, bag, juju_addresses,
};
pub use scripted::Scripted;
/// The JSON crate whose values [`Simulation::store`] returns, for crates
/// that do not depend on it themselves.
pub use serde_json;
pub use sim::{SimError, Simulation, Transcript};
pub use statefile::{DELAY_ENV, STATE_ENV, StateFileError};
