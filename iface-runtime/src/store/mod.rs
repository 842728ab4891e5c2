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
pub mod pyjson;
mod schema;
mod snapshot;

pub use changes::{Changes, Iter};
pub use database::Store;
pub use error::StoreError;
pub use keys::{CONVERSATION_PREFIX, FLAG_PREFIX, flag_key, flag_name};
pub use location::FILE_NAME;
