//! What `#[interface]` and `#[hooks]` implement: an interface's identity and
//! its hook table.

use iface_model::hook::{HookSpec, RelationEvent};
use iface_model::role::Role;
use iface_model::scope::Scope;

use crate::callable::Callable;
use crate::conversation::Conversation;
use crate::data::DataDecl;
use crate::error::Error;
use crate::flag::Flag;
use crate::relation::{Binding, FromSession};

/// One protocol over a Juju relation, seen from one side.
///
/// Implemented by `#[interface(name = "...", role = ..., scope = ...)]` on a
/// unit struct; not meant to be implemented by hand.
pub trait Interface: Sized + 'static {
    /// The interface name that `metadata.yaml` declares (`interface: http`).
    const NAME: &'static str;
    /// The side of the relation this type speaks for.
    const ROLE: Role;
    /// How remote units are grouped into conversations.
    const SCOPE: Scope;
    /// Every flag template the interface declares, in declaration order.
    const FLAGS: &'static [Flag];
    /// The keys the interface publishes: one group per type in
    /// `#[interface(sets(...))]`.
    const SETS: &'static [&'static [&'static str]] = &[];
    /// The keys it needs from the remote side before it can act: the
    /// required keys of each type in `#[interface(gets(...))]`.
    const GETS: &'static [&'static [&'static str]] = &[];
    /// The types of `#[interface(sets(...))]`: keys, bag, encoding and
    /// schema, for `describe`, `iface doc` and `iface schema`.
    const SETS_DATA: &'static [DataDecl] = &[];
    /// The types of `#[interface(gets(...))]`, likewise.
    const GETS_DATA: &'static [DataDecl] = &[];

    /// The handle a charm's handlers receive for a relation `B` bound to
    /// this interface (generated: `<Struct>Relation<'h, B>`). It carries the
    /// flag constants bound to the relation name and, for each public
    /// method taking a conversation, a method that runs it on the handle's
    /// conversations.
    type Handle<'h, B: Binding>: FromSession<'h>;

    /// The interface value. Interfaces are unit structs: each hook is a new
    /// process, so their state lives in conversations, not in fields.
    fn instance() -> Self;
}

/// The relation hooks an interface handles. Implemented by `#[hooks]` on an
/// `impl` block of an interface.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no hook table",
    label = "no `#[hooks]` impl block for `{Self}`",
    note = "add `#[hooks]` to an `impl {Self}` block (an empty one is fine if the interface handles no hooks)"
)]
pub trait Hooks: Interface {
    /// Every `#[hook]` method, in source order.
    const HOOKS: &'static [HookHandler<Self>];
    /// Every public method that takes a conversation, callable with text
    /// arguments (the CLI's `relation-call`), in source order.
    const METHODS: &'static [Callable<Self>];
}

/// One `#[hook]` method: its patterns, expanded at compile time, and a way
/// to call it.
pub struct HookHandler<T: 'static> {
    /// The method name, for traces and error messages.
    pub method: &'static str,
    /// The patterns as written in `#[hook(...)]`.
    pub patterns: &'static [&'static str],
    /// Every hook the patterns expand to, relation placeholders unresolved.
    pub hooks: &'static [HookSpec],
    /// Calls the method.
    pub call: fn(&T, &mut Conversation<'_>) -> Result<(), Error>,
}

impl<T> HookHandler<T> {
    /// Whether this handler runs for event `kind` of the relation
    /// `endpoint`, which the charm's metadata declares with `role` and
    /// `interface`.
    pub fn handles(
        &self,
        endpoint: &str,
        role: Role,
        interface: &str,
        kind: RelationEvent,
    ) -> bool {
        self.hooks
            .iter()
            .any(|hook| hook.is_relation_event(endpoint, role, interface, kind))
    }
}

impl<T> core::fmt::Debug for HookHandler<T> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("HookHandler")
            .field("method", &self.method)
            .field("patterns", &self.patterns)
            .field("hooks", &self.hooks)
            .finish_non_exhaustive()
    }
}

/// What a `#[hook]` method may return: nothing, or a `Result` whose error
/// converts into [`Error`].
pub trait HookResult {
    /// The outcome as the runtime sees it.
    fn into_hook_result(self) -> Result<(), Error>;
}

impl HookResult for () {
    fn into_hook_result(self) -> Result<(), Error> {
        Ok(())
    }
}

impl<E: Into<Error>> HookResult for Result<(), E> {
    fn into_hook_result(self) -> Result<(), Error> {
        self.map_err(Into::into)
    }
}
