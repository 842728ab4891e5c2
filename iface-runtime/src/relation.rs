//! What a charm's flag handlers receive: typed handles on the hook session.
//!
//! A handler such as `fn configure_website(website: &Website)` gets a
//! relation handle built from the session. Handles share the session
//! through a [`SessionCell`], so a handler may take several of them and each
//! call borrows the session only for its own duration.

use core::cell::{RefCell, RefMut};
use std::collections::BTreeSet;

use crate::conversation::Conversation;
use crate::conversation::state::ConversationState;
use crate::error::{Error, Result};
use crate::flag::Flag;
use crate::ports::Port;
use crate::session::Session;

/// The session, shared by the handles of one handler call.
pub type SessionCell<'h> = RefCell<&'h mut Session>;

/// A relation name a charm binds an interface to. `charm!` implements it
/// on one marker type per relation.
pub trait Binding: 'static {
    /// The relation name from `metadata.yaml`, e.g. `website`.
    const RELATION: &'static str;
}

/// A handler argument built from the session: a relation handle, or
/// [`Unit`] for the unit itself.
pub trait FromSession<'h>: Sized {
    /// Whether a handler taking this runs only on the application's leader
    /// ([`Leader`] says yes; the flag phase then skips the handler on other
    /// units instead of failing the hook).
    const NEEDS_LEADER: bool = false;

    /// Builds the argument for a handler that runs because of `when`
    /// (the handler's `#[when]` flags).
    fn from_session(cell: &'h SessionCell<'h>, when: &[Flag]) -> Result<Self>;
}

/// A bound relation within one handler call: its name and the
/// conversations the handler works on.
///
/// The conversations are those of the first of the handler's `#[when]`
/// flags that belongs to this relation (charms.reactive's
/// `RelationBase.from_flag`); without one, every conversation of the
/// relation.
#[derive(Debug)]
pub struct Relation<'h> {
    cell: &'h SessionCell<'h>,
    name: &'static str,
    conversations: Vec<ConversationState>,
}

impl<'h> Relation<'h> {
    /// The relation `name` as a handler that runs because of `when` sees it.
    pub fn from_session(
        cell: &'h SessionCell<'h>,
        name: &'static str,
        when: &[Flag],
    ) -> Result<Relation<'h>> {
        let session = cell.borrow();
        let conversations = match when.iter().find(|flag| flag.relation() == Some(name)) {
            Some(flag) => session.conversations_of_flag(&flag.name())?,
            None => session.conversations_of_relation(name)?,
        };
        drop(session);
        Ok(Relation {
            cell,
            name,
            conversations,
        })
    }

    /// The relation name.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The conversations this handle works on.
    pub fn conversations(&self) -> &[ConversationState] {
        &self.conversations
    }

    /// The remote units across those conversations.
    pub fn units(&self) -> BTreeSet<String> {
        self.conversations
            .iter()
            .flat_map(|c| c.units.iter().cloned())
            .collect()
    }

    /// Runs `f` on the conversation `state` within the hook session.
    pub fn with_conversation<R>(
        &self,
        state: &ConversationState,
        f: impl FnOnce(&mut Conversation<'_>) -> R,
    ) -> R {
        let mut session = self.session();
        f(&mut Conversation::new(&mut session, state.clone()))
    }

    /// Runs `f` on each conversation in turn, stopping at the first error.
    pub fn each<R>(&self, mut f: impl FnMut(&mut Conversation<'_>) -> Result<R>) -> Result<Vec<R>> {
        self.conversations
            .iter()
            .map(|state| self.with_conversation(state, &mut f))
            .collect()
    }

    /// The hook session, borrowed until the guard drops.
    pub fn session(&self) -> RefMut<'h, &'h mut Session> {
        self.cell.borrow_mut()
    }
}

/// Where [`Unit::status`] remembers the status it last set.
const LAST_STATUS: &str = "iface.status";

/// Where [`Leader::app_status`] remembers the application status it last set.
const LAST_APP_STATUS: &str = "iface.app-status";

/// Where [`Unit::set_version`] remembers the version it last set.
const LAST_VERSION: &str = "iface.app-version";

/// The unit running the hook, as a handler argument: flags and the
/// session's tools.
#[derive(Debug)]
pub struct Unit<'h> {
    cell: &'h SessionCell<'h>,
}

impl<'h> FromSession<'h> for Unit<'h> {
    fn from_session(cell: &'h SessionCell<'h>, _when: &[Flag]) -> Result<Self> {
        Ok(Unit { cell })
    }
}

impl<'h> Unit<'h> {
    /// The hook session, borrowed until the guard drops.
    pub fn session(&self) -> RefMut<'h, &'h mut Session> {
        self.cell.borrow_mut()
    }

    /// Whether `flag` is set.
    pub fn is_flag_set(&self, flag: impl FlagName) -> Result<bool> {
        self.session().is_flag_set(&flag.into_flag_name())
    }

    /// Sets `flag`.
    pub fn set_flag(&self, flag: impl FlagName) -> Result<()> {
        self.session().set_flag(&flag.into_flag_name())
    }

    /// Clears `flag`.
    pub fn clear_flag(&self, flag: impl FlagName) {
        self.session().clear_flag(&flag.into_flag_name());
    }

    /// The unit name, e.g. `django/0`.
    pub fn name(&self) -> String {
        self.session().context().unit.to_string()
    }

    /// The hook or action being run, e.g. `website-relation-joined`.
    pub fn hook_name(&self) -> String {
        self.session().context().hook_name()
    }

    /// The event being run.
    pub fn event(&self) -> crate::event::Event {
        self.session().context().event.clone()
    }

    /// Sets the unit's workload status, unless it is already what this
    /// unit last set (remembered in the store, so a hook that changes
    /// nothing calls no tool for it; see [`Session::apply_now`] for why the
    /// memory cannot go stale when a hook dies).
    pub fn status(&self, status: crate::tools::Status, message: &str) -> Result<()> {
        let wanted = (status.as_str().to_owned(), message.to_owned());
        self.session().apply_now(LAST_STATUS, &wanted, |tools| {
            Ok(tools.status_set(status, message, false)?)
        })
    }

    /// Sets the application's status, which only the leader may: on any
    /// other unit this is [`Error::NotLeader`], before any tool runs. A
    /// handler that takes `&Leader` has [`Leader::app_status`] instead.
    pub fn app_status(&self, status: crate::tools::Status, message: &str) -> Result<()> {
        self.session()
            .require_leader(|| "set the application status".to_owned())?;
        Leader { cell: self.cell }.app_status(status, message)
    }

    /// Sets the workload version `juju status` shows for the application
    /// (`application-version-set`), unless it is what this unit last set.
    pub fn set_version(&self, version: &str) -> Result<()> {
        self.session()
            .apply_now(LAST_VERSION, &version.to_owned(), |tools| {
                Ok(tools.application_version_set(version)?)
            })
    }

    /// Makes `ports` exactly the ports this unit has open (`open-port` and
    /// `close-port` for the difference, applied by Juju when the hook
    /// succeeds); calls no tool when they are known to be open already.
    pub fn set_ports(&self, ports: impl IntoIterator<Item = Port>) -> Result<()> {
        let wanted: BTreeSet<Port> = ports.into_iter().collect();
        self.session().change_ports(|open| *open = wanted)
    }

    /// Opens `port`, keeping the others open.
    pub fn open_port(&self, port: Port) -> Result<()> {
        self.session().change_ports(|open| {
            open.insert(port);
        })
    }

    /// Closes `port`, keeping the others open.
    pub fn close_port(&self, port: Port) -> Result<()> {
        self.session().change_ports(|open| {
            open.remove(&port);
        })
    }

    /// This unit's address on `binding` (an endpoint or extra binding): the
    /// ingress address other units reach it at, from its own relation bag
    /// where the hook has read it, else from `network-get`.
    pub fn address(&self, binding: &str) -> Result<String> {
        self.session().ingress_address(binding)
    }

    /// The unit's secrets (also a handler parameter, `&Secrets`).
    pub fn secrets(&self) -> crate::secret::Secrets<'h> {
        crate::secret::Secrets::new(self.cell)
    }

    /// Whether this unit leads its application (`is-leader`, asked at most
    /// once per hook).
    pub fn is_leader(&self) -> Result<bool> {
        self.session().is_leader()
    }

    /// The leader's handle, when this unit leads its application.
    pub fn leader(&self) -> Result<Option<Leader<'h>>> {
        Ok(self.is_leader()?.then_some(Leader { cell: self.cell }))
    }

    /// The charm's configuration, as the `Config` type `charm!` generates
    /// (`config-get`, asked at most once per hook). Handlers can also take
    /// `config: &Config` as a parameter.
    pub fn config<C: crate::config::CharmConfig>(&self) -> Result<C> {
        self.session().config()
    }

    /// Logs through `juju-log` at INFO.
    pub fn log(&self, message: &str) -> Result<()> {
        Ok(self
            .session()
            .tools()
            .juju_log(crate::tools::LogLevel::Info, message)?)
    }
}

/// The unit running the hook, known to lead its application.
///
/// A handler that takes `leader: &Leader` runs only on the leader (when its
/// flag conditions hold, as any handler), so what only the leader may do is
/// in reach without a check; [`Unit::leader`] gives one after asking.
///
/// Settings the leader shares with the other units go in the application
/// bag of a peer relation (the leader writes it, every unit may read it):
/// Juju 4 removed `leader-get`/`leader-set`, so the runtime has neither.
#[derive(Debug)]
pub struct Leader<'h> {
    cell: &'h SessionCell<'h>,
}

impl<'h> FromSession<'h> for Leader<'h> {
    const NEEDS_LEADER: bool = true;

    fn from_session(cell: &'h SessionCell<'h>, _when: &[Flag]) -> Result<Self> {
        cell.borrow_mut()
            .require_leader(|| "run a handler that takes `&Leader`".to_owned())?;
        Ok(Leader { cell })
    }
}

impl<'h> Leader<'h> {
    /// The leading unit.
    pub fn unit(&self) -> Unit<'h> {
        Unit { cell: self.cell }
    }

    /// The application's name.
    pub fn app(&self) -> String {
        self.cell.borrow().context().app().to_owned()
    }

    /// Sets the application's status, shown by `juju status` for the
    /// whole application, unless it is what the leader last set.
    pub fn app_status(&self, status: crate::tools::Status, message: &str) -> Result<()> {
        let wanted = (status.as_str().to_owned(), message.to_owned());
        self.cell
            .borrow_mut()
            .apply_now(LAST_APP_STATUS, &wanted, |tools| {
                Ok(tools.status_set(status, message, true)?)
            })
    }
}

/// Something that names a flag: a [`Flag`] constant or a plain string.
pub trait FlagName {
    /// The resolved flag name.
    fn into_flag_name(self) -> String;
}

impl FlagName for Flag {
    fn into_flag_name(self) -> String {
        self.name().into_owned()
    }
}

impl FlagName for &str {
    fn into_flag_name(self) -> String {
        self.to_owned()
    }
}

impl FlagName for String {
    fn into_flag_name(self) -> String {
        self
    }
}

/// Wraps a non-unit handler result into [`Error`] space; used by generated
/// forwarding methods.
#[doc(hidden)]
pub trait IntoResult<T> {
    /// The value, or the error converted into [`Error`].
    fn into_result(self) -> Result<T>;
}

impl<T, E: Into<Error>> IntoResult<T> for core::result::Result<T, E> {
    fn into_result(self) -> Result<T> {
        self.map_err(Into::into)
    }
}
