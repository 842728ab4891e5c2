//! A charm: its metadata's endpoints, the interfaces bound to its
//! relations, its flag handlers, and the entry point Juju runs.
//!
//! `iface::charm!` builds a [`Charm`] as a `static`; the binary's `main`
//! calls [`Charm::main`], and [`crate::runner`] runs its [`Charm::dispatch`]
//! for each event.

use std::process::ExitCode;

use iface_model::hook::HookSpec;
use iface_model::role::Role;

/// Juju's `scope` of a relation endpoint, for [`Charm::scopes`].
pub use iface_model::metadata::RelationScope;

use crate::action::BoundAction;
use crate::callable::{Param, expect_args};
use crate::conversation::Conversation;
use crate::conversation::state::ConversationState;
use crate::data::DataDecl;
use crate::dispatch::{
    FlagHandler, FlagPhaseOptions, FlagPhaseReport, run_event_handlers, run_flag_phase,
    run_interface_hooks,
};
use crate::error::{Error, Result};
use crate::event::{Declares, Event};
use crate::flag::Flag;
use crate::interface::Hooks;
use crate::session::Session;

/// A charm as `charm!` declares it.
#[derive(Debug)]
pub struct Charm {
    /// The charm name from metadata.
    pub name: &'static str,
    /// Every relation in metadata: name, role, interface.
    pub endpoints: &'static [(&'static str, Role, &'static str)],
    /// Whether metadata says `subordinate: true`: Juju deploys the charm
    /// with no units of its own and adds one to each principal unit it is
    /// related to over a container-scoped relation.
    pub subordinate: bool,
    /// The Juju scope of each relation in metadata, by name: which remote
    /// units a unit sees (`container`: only those in its own container).
    pub scopes: &'static [(&'static str, RelationScope)],
    /// The storage names in metadata, which `<name>-storage-*` hooks name.
    pub storage: &'static [&'static str],
    /// The workload container names in metadata, which
    /// `<name>-pebble-*` hooks name.
    pub containers: &'static [&'static str],
    /// The charm's config options, with their defaults, in file order.
    pub config: &'static [crate::config::OptionDecl],
    /// The interfaces bound to relations, in `charm!` order.
    pub relations: &'static [BoundRelation],
    /// The charm's actions, each bound to its handler.
    pub actions: &'static [BoundAction],
    /// The charm's handlers, in `charm!` order: event handlers run in this
    /// order in the event phase, flag handlers are considered in this order
    /// in each round of the flag phase.
    pub handlers: &'static [&'static HandlerDecl],
}

/// An interface bound to a relation.
pub struct BoundRelation {
    /// The relation name.
    pub relation: &'static str,
    /// Runs the interface's hooks phase for the current hook.
    pub run_hooks: fn(&mut Session, &Charm) -> Result<Vec<&'static str>>,
    /// Every hook name the interface handles in this charm.
    pub hook_names: fn(&Charm) -> Vec<String>,
    /// Calls a public interface method by name with text arguments, once
    /// per conversation given (the CLI's `relation-call`).
    pub call: MethodCall,
    /// The interface, for the CLI's `describe`.
    pub describe: fn() -> InterfaceInfo,
}

/// Calls a method by name with text arguments on each conversation given,
/// returning what each call returned as JSON.
pub type MethodCall = fn(
    &mut Session,
    &[ConversationState],
    &str,
    &[String],
) -> Result<Vec<Option<serde_json::Value>>>;

/// An interface as `describe` shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct InterfaceInfo {
    /// The interface name.
    pub name: &'static str,
    /// Its role.
    pub role: &'static str,
    /// Its communication scope.
    pub scope: &'static str,
    /// Its flag templates.
    pub flags: Vec<&'static str>,
    /// Its methods callable with `relation-call`.
    pub methods: Vec<MethodInfo>,
    /// The types it publishes (`sets`) and reads (`gets`): keys, bag,
    /// encoding and JSON Schema.
    pub data: Vec<DataInfo>,
}

/// A relation-data type of an interface as `describe` shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DataInfo {
    /// `sets` (the interface writes it) or `gets` (it reads it).
    pub direction: &'static str,
    /// The type's name.
    pub name: &'static str,
    /// `unit` or `app`.
    pub bag: &'static str,
    /// `raw` or `json`.
    pub encoding: &'static str,
    /// Every key it writes.
    pub keys: Vec<&'static str>,
    /// The keys it needs.
    pub required: Vec<&'static str>,
    /// Its JSON Schema (draft 2020-12), when it has one.
    pub schema: Option<serde_json::Value>,
}

impl DataInfo {
    fn of(direction: &'static str, decl: &DataDecl) -> DataInfo {
        DataInfo {
            direction,
            name: decl.name,
            bag: decl.bag.as_str(),
            encoding: decl.encoding.as_str(),
            keys: decl.keys.to_vec(),
            required: decl.required.to_vec(),
            schema: (decl.schema)(),
        }
    }
}

/// A callable method as `describe` shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MethodInfo {
    /// The method name.
    pub name: &'static str,
    /// Its parameters after the conversation.
    pub params: Vec<Param>,
    /// Its return type as written.
    pub returns: &'static str,
}

/// [`BoundRelation::call`] for interface `T`.
#[doc(hidden)]
pub fn call<T: Hooks>(
    session: &mut Session,
    conversations: &[ConversationState],
    method: &str,
    args: &[String],
) -> Result<Vec<Option<serde_json::Value>>> {
    let Some(callable) = T::METHODS.iter().find(|c| c.name == method) else {
        let names: Vec<String> = T::METHODS.iter().map(|c| format!("`{}`", c.name)).collect();
        let expected = if names.is_empty() {
            "it has no callable methods".to_owned()
        } else {
            format!("expected one of {}", names.join(", "))
        };
        return Err(Error::Argument {
            param: None,
            reason: format!(
                "interface `{}` has no method `{method}`; {expected}",
                T::NAME
            ),
        });
    };
    expect_args(callable.name, callable.params, args)?;
    let interface = T::instance();
    conversations
        .iter()
        .map(|state| {
            (callable.call)(
                &interface,
                &mut Conversation::new(session, state.clone()),
                args,
            )
        })
        .collect()
}

/// [`BoundRelation::describe`] for interface `T`.
#[doc(hidden)]
pub fn describe<T: Hooks>() -> InterfaceInfo {
    InterfaceInfo {
        name: T::NAME,
        role: T::ROLE.as_str(),
        scope: T::SCOPE.as_str(),
        flags: T::FLAGS.iter().map(|flag| flag.template()).collect(),
        methods: T::METHODS
            .iter()
            .map(|c| MethodInfo {
                name: c.name,
                params: c.params.to_vec(),
                returns: c.returns,
            })
            .collect(),
        data: T::SETS_DATA
            .iter()
            .map(|decl| DataInfo::of("sets", decl))
            .chain(T::GETS_DATA.iter().map(|decl| DataInfo::of("gets", decl)))
            .collect(),
    }
}

impl core::fmt::Debug for BoundRelation {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("BoundRelation")
            .field("relation", &self.relation)
            .finish_non_exhaustive()
    }
}

/// The hooks phase of interface `T` within `charm`; `charm!` stores it in
/// [`BoundRelation::run_hooks`].
#[doc(hidden)]
pub fn run_hooks<T: Hooks>(session: &mut Session, charm: &Charm) -> Result<Vec<&'static str>> {
    run_interface_hooks::<T>(session, |name| charm.endpoint_of(name))
}

/// Every hook name interface `T` handles in `charm`, for
/// [`BoundRelation::hook_names`].
#[doc(hidden)]
pub fn hook_names<T: Hooks>(charm: &Charm) -> Vec<String> {
    T::HOOKS
        .iter()
        .flat_map(|handler| handler.hooks)
        .flat_map(|hook| hook.names(charm.endpoints))
        .collect()
}

/// A handler as `#[on]`, `#[when]` and their siblings declare it.
pub struct HandlerDecl {
    /// The function name.
    pub name: &'static str,
    /// The events it handles (`#[on(...)]`): unit and secret hooks. Empty
    /// for a flag handler, which runs in the flag phase of every event.
    pub on: &'static [HookSpec],
    /// Flags that must all be set.
    pub when: &'static [Flag],
    /// Flags that must all be clear.
    pub when_not: &'static [Flag],
    /// Groups of flags, each with at least one set.
    pub when_any: &'static [&'static [Flag]],
    /// Runs only when the flags it watches changed since it last ran.
    pub only_on_change: bool,
    /// Whether it runs only on the leader: whether a parameter's type says
    /// so (`&Leader`, see [`FromSession::NEEDS_LEADER`](crate::relation::FromSession::NEEDS_LEADER)).
    pub needs_leader: fn() -> bool,
    /// Builds the handler's arguments and calls it.
    pub run: fn(&mut Session, &[Flag]) -> Result<()>,
}

impl core::fmt::Debug for HandlerDecl {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("HandlerDecl")
            .field("name", &self.name)
            .field("when", &self.when)
            .field("when_not", &self.when_not)
            .field("when_any", &self.when_any)
            .field("only_on_change", &self.only_on_change)
            .field("on", &self.on)
            .finish_non_exhaustive()
    }
}

impl HandlerDecl {
    fn flag_handler(&'static self) -> FlagHandler {
        let names = Flag::names;
        FlagHandler {
            name: self.name,
            when: names(self.when),
            when_not: names(self.when_not),
            when_any: self.when_any.iter().map(|group| names(group)).collect(),
            on_change_only: self.only_on_change,
            needs_leader: (self.needs_leader)(),
            run: Box::new(move |session| crate::panic::catch(|| (self.run)(session, self.when))),
        }
    }
}

/// What one hook ran.
#[derive(Debug)]
pub struct RunReport {
    /// The `#[hook]` methods of the hooks phase.
    pub hooks: Vec<&'static str>,
    /// The `#[on(...)]` handlers of the event phase.
    pub events: Vec<&'static str>,
    /// The flag phase, round by round.
    pub flags: FlagPhaseReport,
}

impl Charm {
    /// The role and interface of relation `name` in metadata.
    pub fn endpoint_of(&self, name: &str) -> Option<(Role, &'static str)> {
        self.endpoints
            .iter()
            .find(|(n, _, _)| *n == name)
            .map(|&(_, role, interface)| (role, interface))
    }

    /// The Juju scope of relation `name` in metadata.
    pub fn scope_of(&self, name: &str) -> Option<RelationScope> {
        self.scopes
            .iter()
            .find(|(n, _)| *n == name)
            .map(|&(_, scope)| scope)
    }

    /// Every hook name the charm handles, sorted, for writing `hooks/`
    /// links: those of its interfaces' hooks and those of its handlers'
    /// `#[on(...)]` events.
    pub fn hook_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .relations
            .iter()
            .flat_map(|bound| (bound.hook_names)(self))
            .chain(
                self.handlers
                    .iter()
                    .flat_map(|handler| handler.on)
                    .flat_map(|spec| spec.names(self.endpoints)),
            )
            .collect();
        names.sort();
        names.dedup();
        names
    }

    /// Runs the event of `session` for this charm, without committing: for
    /// a relation hook the hooks phase of the interface bound to its
    /// relation, or for an action its handler (whose results it sends),
    /// then the event phase (the `#[on(...)]` handlers of the event, in
    /// `handlers` order), then the flag phase. [`crate::runner`] calls this
    /// and commits.
    pub fn dispatch(
        &'static self,
        session: &mut Session,
        options: &FlagPhaseOptions,
    ) -> Result<RunReport> {
        let hooks = match &session.context().event {
            Event::Relation(hook) => {
                let bound = self.relations.iter().find(|b| b.relation == hook.endpoint);
                match bound {
                    Some(bound) => (bound.run_hooks)(session, self)?,
                    None => Vec::new(),
                }
            }
            Event::Action(run) => {
                let Some(bound) = self.actions.iter().find(|a| a.action == run.name) else {
                    return Err(Error::msg(format!(
                        "the {} charm has no action `{}`",
                        self.name, run.name
                    )));
                };
                crate::action::run(session, bound)?;
                vec![]
            }
            _ => Vec::new(),
        };
        let event = &session.context().event;
        let on_event: Vec<FlagHandler> = self
            .handlers
            .iter()
            .filter(|decl| decl.on.iter().any(|spec| event.is(spec)))
            .map(|decl| decl.flag_handler())
            .collect();
        let events = run_event_handlers(session, &on_event)?;
        let flag_handlers: Vec<FlagHandler> = self
            .handlers
            .iter()
            .filter(|decl| decl.on.is_empty())
            .map(|decl| decl.flag_handler())
            .collect();
        let flags = run_flag_phase(session, &flag_handlers, options)?;
        Ok(RunReport {
            hooks,
            events,
            flags,
        })
    }

    /// Runs the hook or action Juju started this process for, or with
    /// arguments a command of the command-line API: see [`crate::entry`].
    pub fn main(&'static self) -> ExitCode {
        crate::entry::main(self)
    }
}

/// Hook names are resolved against the charm's metadata, plus the
/// `juju-info` endpoint Juju gives every charm.
impl Declares for Charm {
    fn endpoint(&self, name: &str) -> bool {
        name == "juju-info" || self.endpoint_of(name).is_some()
    }

    fn storage(&self, name: &str) -> bool {
        self.storage.contains(&name)
    }

    fn container(&self, name: &str) -> bool {
        self.containers.contains(&name)
    }
}
