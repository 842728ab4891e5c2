//! Juju charm interface layers in Rust, generated at compile time.
//!
//! A Juju relation is a two-way key-value store between applications. An
//! *interface* owns one protocol over that store — what each side writes,
//! what it waits for, which flags it raises — and turns it into an API for
//! charms. charms.reactive did this in Python at run time, with string
//! patterns that silently never matched. iface checks the same patterns at
//! compile time and expands them into a small runtime that is compatible
//! with charms.reactive's flag store.
//!
//! # Writing an interface
//!
//! ```
//! use iface::prelude::*;
//!
//! /// What the provider publishes: serde's derives through iface, so the
//! /// crate needs no serde dependency of its own.
//! #[iface::data]
//! pub struct HttpSettings {
//!     pub hostname: String,
//!     pub port: u16,
//! }
//!
//! /// The provider side of `http`: every connected unit shares one conversation.
//! #[interface(name = "http", role = provides, scope = Global, flags(available))]
//! pub struct HttpProvides;
//!
//! #[hooks]
//! impl HttpProvides {
//!     #[hook("{provides:http}-relation-{joined,changed}")]
//!     fn changed(&self, conv: &mut Conversation) -> iface::Result<()> {
//!         conv.set_state(Self::AVAILABLE)
//!     }
//!
//!     #[hook("{provides:http}-relation-{departed,broken}")]
//!     fn departed(&self, conv: &mut Conversation) -> iface::Result<()> {
//!         if conv.units().is_empty() {
//!             conv.remove_state(Self::AVAILABLE)?;
//!         }
//!         Ok(())
//!     }
//!
//!     /// Called by the charm once `website.available` is set.
//!     pub fn configure(&self, conv: &mut Conversation, port: u16) -> iface::Result<()> {
//!         let hostname = conv.unit_address()?;
//!         conv.set_remote(&HttpSettings { hostname, port })
//!     }
//! }
//!
//! assert_eq!(HttpProvides::AVAILABLE.for_relation("website"), "website.available");
//! assert_eq!(<HttpProvides as Interface>::NAME, "http");
//! assert_eq!(<HttpProvides as Hooks>::HOOKS.len(), 2);
//! ```
//!
//! - [`macro@interface`] names the interface, its side (`provides`, `requires`,
//!   `peers`), its [communication scope](Scope) and its flags. Each flag
//!   becomes a constant (`flags(available)` → `AVAILABLE`, the template
//!   `{relation_name}.available`), so a misspelt flag does not compile.
//! - [`macro@hooks`] on the impl block collects the [`macro@hook`] methods into
//!   a static hook table. Patterns use charms.reactive's grammar —
//!   `{role:interface}` for every relation of that role and interface,
//!   `{a,b}` for alternatives, several groups for every combination; `<` `>`
//!   may replace `{` `}` — and every pattern is expanded and checked when
//!   the crate compiles: unbalanced or nested groups, empty alternatives,
//!   spaces, unknown roles and hook events, a pattern for another interface
//!   or role, a hook handled twice. Each is an error at the pattern, and one
//!   build reports them all.
//! - Handlers and methods work through a [`Conversation`]: flags
//!   (`set_state`, `remove_state`, `is_state`, `toggle_state`), typed
//!   relation data (`set_remote`, `get_remote`) and local data
//!   (`set_local`, `get_local`).
//!
//! # What happens at run time
//!
//! A hook runs in a [`session::Session`]: each remote bag is read at most
//! once, each local bag is written at most once, at the end, with only the
//! keys that changed, and flags, conversations and local data are committed
//! in one SQLite transaction after the hook succeeded. A handler that fails
//! commits nothing. The store is charmhelpers' `.unit-state.db`, with the
//! keys and values charms.reactive writes, so Python reactive layers and
//! iface interfaces can share a charm.

/// Declares an interface on a unit struct.
///
/// ```text
/// #[interface(name = "http", role = provides, scope = Global, flags(available, "tls.ready"))]
/// ```
///
/// | key | value | |
/// |---|---|---|
/// | `name` | string | the interface name `metadata.yaml` declares (`interface: http`) |
/// | `role` | `provides`, `requires` or `peers` | the metadata section of the endpoints it serves |
/// | `scope` | `Global`, `Service` or `Unit` | how remote units group into conversations; default `Unit`, as in charms.reactive |
/// | `flags(...)` | names or strings | each becomes a [`Flag`] constant: `available` → `AVAILABLE` = `{relation_name}.available`, `"tls.ready"` → `TLS_READY` |
///
/// The struct gets an [`Interface`] impl and one constant per flag. It must
/// be a unit struct: every hook is a new process, so fields would forget
/// their values; state lives in [`Conversation`]s.
///
/// ```
/// use iface::prelude::*;
///
/// #[interface(name = "mysql", role = requires, scope = Global, flags(connected, available))]
/// pub struct MysqlRequires;
///
/// #[hooks]
/// impl MysqlRequires {}
///
/// assert_eq!(MysqlRequires::CONNECTED.template(), "{relation_name}.connected");
/// assert_eq!(<MysqlRequires as Interface>::SCOPE, Scope::Global);
/// ```
///
/// Unknown or repeated keys, values outside the lists above (with a
/// "did you mean" where one is close) and malformed flag names are compile
/// errors at the offending token.
pub use iface_macros::interface;

/// Collects the [`macro@hook`] methods of an interface's impl block into its
/// hook table (the [`Hooks`] impl).
///
/// Every pattern is parsed and expanded when the crate compiles, and all
/// faults of the block are reported in one build:
///
/// ```compile_fail
/// use iface::prelude::*;
///
/// #[interface(name = "http", role = provides)]
/// pub struct HttpProvides;
///
/// #[hooks]
/// impl HttpProvides {
///     #[hook("{peer:http}-relation-{joined,,changed}")] // unknown role, empty alternative
///     fn changed(&self, _conv: &mut Conversation) {}
/// }
/// ```
///
/// An interface handles only relation hooks of its own endpoints, so each
/// pattern starts with a `{role:interface}` group that matches the
/// struct's [`macro@interface`] attribute; a charm-level hook (`install`) or a
/// literal relation name (`website-relation-joined`) is an error, as is a
/// hook that two methods handle. Methods without `#[hook]` are left alone.
pub use iface_macros::hooks;

/// Declares a charm: its metadata file, its options, the interface bound
/// to each of its relations, and its handlers.
///
/// ```text
/// iface::charm! {
///     metadata = "metadata.yaml",                     // relative to Cargo.toml
///     config = "config.yaml",                         // optional: a typed `Config`
///     relations { website: http_interface::HttpProvides },
///     handlers = [install, configure_website],        // considered in this order
/// }
///
/// #[on(install)]
/// fn install(unit: &Unit) -> iface::Result<()> { ... }
///
/// #[when(Website::AVAILABLE)]
/// fn configure_website(website: &Website, config: &Config) -> iface::Result<()> {
///     website.configure(config.port)
/// }
///
/// fn main() -> std::process::ExitCode {
///     CHARM.main()
/// }
/// ```
///
/// ([`macro@on`] has an example the doctests compile, with its files.)
///
/// The files are read when the crate compiles (and tracked, so an edit
/// rebuilds the charm). A malformed file, a relation it does not declare,
/// a relation bound twice, or an interface whose name or role differs from
/// the relation's is a compile error; the last says both sides
/// ("metadata.yaml declares `db` as provides `postgresql`; `PgsqlProvides`
/// is provides `pgsql`"), and file errors carry the file's line and
/// column. For each binding the macro emits a handle type named after the
/// relation (`website` → `Website`, `reverse-proxy` → `ReverseProxy`) with
/// the interface's flags bound to the relation (`Website::AVAILABLE` is
/// `website.available`) and its public conversation methods
/// (`website.configure(80)`), and a `static CHARM` whose
/// [`Charm::main`](charm::Charm::main) runs a hook. These are emitted even
/// when the macro reports an error, so one fault is one error.
///
/// # Options
///
/// With `config = "config.yaml"`, or when `metadata` is a unified
/// `charmcraft.yaml` with a `config` section (then `config` must not be
/// given too), the macro emits `pub struct Config` with one field per
/// option, named after it with `-` written `_` (`log-level` →
/// `log_level`, `type` → `r#type`) and documented with its description:
///
/// | `type:` | field |
/// |---|---|
/// | `string` | `String` |
/// | `int` | `i64` |
/// | `float` | `f64` |
/// | `boolean` | `bool` |
/// | `secret` | [`secret::SecretUri`] |
///
/// An option without a `default` is an `Option` of that type. `Config`
/// implements [`config::CharmConfig`] and is a handler parameter
/// (`config: &Config`), read with one `config-get` per hook; reading an
/// option the file does not declare is a field that does not exist. An
/// unknown `type` (the error lists the accepted ones), a `default` of
/// another type, an option name that makes no Rust field (`1st-port`,
/// `self`) and two names that make one field (`log-level`, `log_level`)
/// are compile errors with the file's line and column.
pub use iface_macros::charm;
/// Marks a method of a [`macro@hooks`] impl block as the handler of the hooks
/// its patterns expand to.
///
/// ```text
/// #[hook("{provides:http}-relation-{joined,changed}")]
/// #[hook("<provides:http>-relation-departed", "<provides:http>-relation-broken")]
/// ```
///
/// The method takes `&self` and `&mut Conversation` (or `&Conversation`,
/// for a hook that only reads: `is_state`, `get_local`, `units`) and
/// returns `()` or a `Result<(), E>` with `E: Into<iface::Error>`. Patterns: literal text,
/// `{a,b,...}` alternatives (several groups give every combination), and
/// `{provides:NAME}`, `{requires:NAME}` or `{peers:NAME}` for every relation
/// the charm declares with that role and interface. `<` and `>` may stand
/// for `{` and `}`. A `#[hook]` outside a `#[hooks]` block is an error.
pub use iface_macros::hook;
pub use iface_model::role::Role;
pub use iface_model::scope::Scope;
pub use iface_runtime::conversation::Conversation;
pub use iface_runtime::flag::Flag;
pub use iface_runtime::interface::{HookHandler, HookResult, Hooks, Interface};
pub use iface_runtime::{Error, Result};
pub use iface_runtime::{
    action, charm, config, context, conversation, data, dispatch, env, event, names, ports,
    relation, runner, secret, session, store, tools, version,
};

/// Charms under test with no Juju: a modelled deployment, in-memory and
/// executable fake hook tools, and the [`testing::Simulation`] that deploys
/// charms, relates them and delivers hooks in an order Juju could choose
/// (the `iface-sim` crate). Behind the `testing` feature, so that charm
/// binaries do not carry it:
///
/// ```toml
/// [dev-dependencies]
/// iface = { version = "0.1", features = ["testing"] }
/// ```
#[cfg(feature = "testing")]
pub mod testing {
    #[doc(inline)]
    pub use iface_sim::*;
}

/// An action handler, bound to its action by `charm!`'s `actions {
/// name: handler }`.
///
/// Its parameters are built like a flag handler's (`&Unit`, relation
/// handles, `&Leader`, `&Secrets`, `&Config`), plus the action's own
/// parameter type, which `charm!` generates from the actions file
/// (`params: &BackupParams` for action `backup`), and `&Action` for
/// progress (`action.log(...)`). It returns `iface::Result<R>` where `R`
/// serializes to the results (a struct, a map; nested maps become Juju's
/// dotted keys), or `iface::Result<()>`; an error fails the action with
/// `action-fail` and commits nothing. A handler `charm!` binds to no action
/// does not compile.
pub use iface_macros::action;

/// A flag handler of a charm, run when every listed flag is set.
///
/// Stack with [`macro@when_not`], [`macro@when_any`],
/// [`macro@only_on_change`] and [`macro@on`]; list the function in
/// `charm!`'s `handlers`. A handler the list leaves out is a compile error
/// ("constant `charm_handler_NAME` is never used", with a note saying to
/// list it), since it would never run: the attribute declares the handler
/// as a crate-visible constant, denied dead code, that only the list uses.
/// Parameters are shared references to relation handles (`&Website`) or
/// to [`relation::Unit`]; the return type is `()` or a `Result`. A
/// relation handle works on the conversations of the first `#[when]` flag
/// of its relation (or all of the relation's conversations).
pub use iface_macros::when;

/// A charm handler run in charm-level events: `#[on(install)]`,
/// `#[on(config_changed, upgrade_charm)]`.
///
/// The names are Juju's hook names with `-` written `_`: `install`,
/// `start`, `stop`, `remove`, `config_changed`, `upgrade_charm`,
/// `update_status`, `leader_elected`, `leader_settings_changed`,
/// `pre_series_upgrade`, `post_series_upgrade`, `secret_changed`,
/// `secret_expired`, `secret_remove`, `secret_rotate`; a misspelt one is
/// a compile error at the word, with a "did you mean". Such a handler runs
/// in the event phase of those events, after the interfaces' hooks and
/// before the flag phase, in `handlers` order. Stacked with
/// [`macro@when`] and its siblings, their conditions must hold too.
/// Parameters are as for [`macro@when`].
///
/// ```
/// use iface::prelude::*;
/// # #[interface(name = "http", role = provides, scope = Global, flags(available))]
/// # pub struct HttpProvides;
/// # #[hooks]
/// # impl HttpProvides {}
///
/// iface::charm! {
///     metadata = "examples/django/metadata.yaml",   // this repository's django charm
///     config = "tests/ui/config/config.yaml",       // and a config.yaml of its tests
///     relations { website: HttpProvides },
///     handlers = [install, reconfigure],
/// }
///
/// #[on(install, upgrade_charm)]
/// fn install(unit: &Unit) -> iface::Result<()> {
///     unit.set_flag("installed")
/// }
///
/// #[on(config_changed)]
/// #[when(Website::AVAILABLE)]
/// fn reconfigure(_website: &Website, config: &Config) -> iface::Result<()> {
///     let _port: i64 = config.port;
///     Ok(())
/// }
///
/// fn main() {
///     assert_eq!(
///         CHARM.hook_names(),
///         ["config-changed", "install", "upgrade-charm"],
///     );
/// }
/// ```
pub use iface_macros::on;

/// A flag handler of a charm, run when none of the listed flags is set.
pub use iface_macros::when_not;

/// A flag handler of a charm, run when at least one listed flag is set.
pub use iface_macros::when_any;

/// Runs a flag handler only when the flags it watches changed since it
/// last ran, instead of in every hook (an `update-status` every five
/// minutes then no longer restarts a service).
pub use iface_macros::only_on_change;

/// The relation-data keys of a serde struct, for
/// `#[interface(sets(...), gets(...))]`.
///
/// ```
/// use iface::prelude::*;
///
/// #[derive(Serialize, Deserialize, RelationData)]
/// #[serde(rename_all = "kebab-case")]
/// pub struct Db {
///     pub host_name: String,
///     #[serde(rename = "port")]
///     pub tcp_port: u16,
///     pub tls: Option<bool>,
/// }
///
/// assert_eq!(Db::KEYS, ["host-name", "port", "tls"]);
/// assert_eq!(Db::REQUIRED, ["host-name", "port"]);
/// ```
///
/// Every field is a key, named exactly as serde names it: its `rename`,
/// else the container's `rename_all` rule as serde applies it to fields
/// (serde does not split words: under `snake_case` a field `HTTPPort` stays
/// `HTTPPort`, under `camelCase` it is `hTTPPort`). `KEYS` are the names
/// serde writes (`skip` and `skip_serializing` fields are none);
/// `REQUIRED` the names it reads for fields that are neither `Option`,
/// `default` nor `skip_deserializing`, so a `rename(deserialize = ...)`
/// or `rename_all(deserialize = ...)` is honoured. `flatten` is refused,
/// since the derive cannot see the flattened type's fields.
pub use iface_macros::RelationData;
#[doc(no_inline)]
pub use iface_runtime::data::RelationData;

/// Derives serde's `Serialize` and `Deserialize`, and [`RelationData`]
/// for a struct with named fields, in a crate that depends on `iface`
/// alone: serde need not be in its `Cargo.toml`.
///
/// ```
/// use iface::prelude::*;
///
/// /// What the provider publishes.
/// #[iface::data]
/// #[derive(Debug, Clone, PartialEq)]
/// #[serde(rename_all = "kebab-case")]
/// pub struct HttpSettings {
///     pub host_name: String,
///     pub port: u16,
///     pub tls: Option<bool>,
/// }
///
/// assert_eq!(HttpSettings::KEYS, ["host-name", "port", "tls"]);
/// assert_eq!(HttpSettings::REQUIRED, ["host-name", "port"]);
/// ```
///
/// serde's derives expand to code that names the crate `serde`, which a
/// crate without the dependency cannot find ("can't find crate for
/// `serde`"). This attribute adds them with serde's own
/// `#[serde(crate = "...")]` set to the serde `iface` re-exports, so every
/// `#[serde(...)]` attribute works as usual. Write it above the
/// `#[serde(...)]` attributes; it refuses a `#[derive]` that also lists
/// `Serialize`, `Deserialize`, `JsonSchema` or `RelationData`. On an enum
/// or a tuple struct it derives the serde traits and the schema only
/// (relation-data keys are fields). A crate that depends on serde may
/// derive as usual instead: `#[derive(Serialize, Deserialize,
/// RelationData)]`.
///
/// It also derives schemars' `JsonSchema` (through iface's re-export, as
/// for serde), so `describe` and `iface schema` can publish each type's
/// JSON Schema; a field of a type without one needs `#[schemars(with =
/// "...")]`.
///
/// # Bag and encoding
///
/// `#[iface::data(app, json)]` says where the data lives and how it is
/// written: `unit` (the default) or `app`, the application bag only the
/// leader writes; `raw` (the default, charms.reactive's strings) or `json`,
/// one JSON document per key as ops charm libraries write them.
/// [`Conversation::send`] and [`Conversation::receive`] honour both:
///
/// ```
/// use iface::data::{Databag, Encoding};
/// use iface::prelude::*;
///
/// /// What a CA publishes for every requirer, as the ops library does.
/// #[iface::data(app, json)]
/// pub struct Issued {
///     pub certificates: Vec<String>,
/// }
///
/// assert_eq!(Issued::BAG, Databag::App);
/// assert_eq!(Issued::ENCODING, Encoding::Json);
/// ```
pub use iface_macros::data;

/// The serde version iface encodes relation data with.
pub use serde;

/// The hook-pattern grammar and hook names, as the macros see them.
pub mod model {
    pub use iface_model::hook;
    pub use iface_model::pattern;
}

/// Everything an interface author needs, in one `use`.
pub mod prelude {
    pub use crate::RelationData;
    pub use crate::action::Action;
    pub use crate::ports::Port;
    pub use crate::relation::{Leader, Unit};
    pub use crate::secret::{SecretContent, SecretMeta, SecretUri, Secrets};
    pub use crate::tools::Status;
    pub use crate::{
        Conversation, Flag, Hooks, Interface, Role, Scope, action, hook, hooks, interface, on,
        only_on_change, when, when_any, when_not,
    };
    pub use iface_macros::data;
    pub use serde::{Deserialize, Serialize};
}

mod compile_checks;

/// Paths the macros' expansions use. Not part of the API.
#[doc(hidden)]
pub mod __private {
    pub use iface_model::hook::{
        Endpoint, HookSpec, RelationEvent, SecretEvent, StorageEvent, UnitEvent, WorkloadEvent,
    };
    pub use iface_runtime::callable::{
        Callable, DecodeArg, DecodeArgUnsupported, EncodeResult, EncodeResultUnsupported, Param,
        Probe, expect_args,
    };
    pub use iface_runtime::interface::{HookHandler, HookResult};
    pub use schemars;
    pub use serde;
    pub use serde_json;

    /// The JSON Schema (draft 2020-12) of `T`, as `describe` publishes it.
    pub fn json_schema_of<T: schemars::JsonSchema>() -> serde_json::Value {
        let generator = schemars::generate::SchemaSettings::draft2020_12().into_generator();
        generator.into_root_schema_for::<T>().to_value()
    }
    pub use std::borrow::Cow;

    pub use crate::compile_checks::{
        contains, mismatch, other_params, placement_mismatch, undocumented_key,
    };
    pub use iface_runtime::action::ActionReturn;

    /// The interface `charm!` bound to a relation, implemented on the
    /// relation's binding marker. The expansion names the interface type
    /// once, here, and everywhere else through this projection, so a
    /// misspelt type is one error rather than one per use.
    pub trait BoundInterface {
        /// The interface type written in `relations { ... }`.
        type Interface: crate::Hooks;
    }
}

/// Compiles the README's Rust examples as doctests, so the README stays true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
