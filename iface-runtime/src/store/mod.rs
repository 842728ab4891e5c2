//! The charmhelpers `unitdata` `SQLite` store that charms.reactive keeps its
//! flags and conversations in.
//!
//! iface uses the same file (`$UNIT_STATE_DB`, else
//! `$CHARM_DIR/.unit-state.db`), the same tables and the same key and value
//! text as Python's charms.reactive, so a Python reactive layer and an iface
//! interface in one charm see each other's flags.
//!
//! A hook reads through a [`Changes`] overlay and writes only into it;
//! [`Store::commit`] applies it in one transaction after the hook succeeds.
//! A hook that fails, panics or is killed therefore leaves the file exactly
//! as it was. (charms.reactive behaves the same, except that it also commits
//! half-way through a hook before running each external handler.)
//! The file holds what charms keep between hooks, secrets included, so it
//! is private: created with mode 0600, and set to 0600 on every open, with
//! the journal `SQLite` keeps beside it, whatever mode another tool or an
//! operator left them in. A store path that is a symlink is followed, as
//! charmhelpers (which `fchmod`s what `open` gives it) and `SQLite` (which
//! keeps the journal beside the target) follow it: the target is the store
//! and is made 0600. Refusing links would split a charm that has one: its
//! Python layers would go on using the target while iface failed. A file
//! refused as no store keeps its mode with the rest of it.
//!
//! A change that depends on what is stored (the CLI's `toggle-flag`) goes
//! through [`Store::update`] instead, which reads and writes in one
//! transaction, so that processes running at once lose no update.
//!
//! ```no_run
//! use iface_runtime::store::{Changes, Store, flag_key};
//!
//! # fn main() -> Result<(), iface_runtime::store::StoreError> {
//! let mut store = Store::open_default()?;
//! let mut changes = Changes::new();
//! changes.set(flag_key("website.available"), &())?;
//! assert!(changes.get(&store, &flag_key("website.available"))?.is_some());
//! store.commit(&changes, None)?;
//! # Ok(())
//! # }
//! ```

mod busy;
mod changes;
mod database;
mod error;
mod history;
mod keys;
mod location;
#[cfg(unix)]
mod private;
pub mod pyjson;
mod schema;
mod snapshot;

pub use changes::{Changes, Iter};
pub use database::Store;
pub use error::StoreError;
pub use keys::{CONVERSATION_PREFIX, FLAG_PREFIX, flag_key, flag_name};
pub use location::FILE_NAME;
