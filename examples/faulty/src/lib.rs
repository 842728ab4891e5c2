//! A test-only charm that fails on demand, so tests can check what a
//! failing hook leaves behind.
//!
//! It provides `website: http` like the django example and publishes its
//! port; then [`on_demand`] does what the environment asks, after the
//! publish was staged, so a failure has something to throw away:
//!
//! | variable | effect |
//! |---|---|
//! | `FAULTY_PORT` | the port to publish (default 80) |
//! | `FAULTY_SET_FLAG` | a flag to set |
//! | `FAULTY_STATUS=active:message` | the unit's status to set |
//! | `FAULTY_APP_STATUS=active:message` | the application's status to set (leader) |
//! | `FAULTY_VERSION=1.2` | the workload version to set |
//! | `FAULTY_MODE=error` | return an error |
//! | `FAULTY_MODE=panic` | panic |

use http_interface::HttpProvides;
use iface::prelude::*;
use iface::tools::Status;

iface::charm! {
    metadata = "metadata.yaml",
    relations { website: HttpProvides },
    handlers = [configure_website, on_demand],
}

/// What `FAULTY_MODE=error` makes [`on_demand`] return, as text.
pub const ERROR_MESSAGE: &str = "asked to fail by FAULTY_MODE";

/// What `FAULTY_MODE=panic` makes [`on_demand`] panic with.
pub const PANIC_MESSAGE: &str = "asked to panic by FAULTY_MODE";

/// Publishes `$FAULTY_PORT` (default 80) to everyone related on `website`.
#[when(Website::AVAILABLE)]
pub fn configure_website(website: &Website) -> iface::Result<()> {
    let port = match std::env::var("FAULTY_PORT") {
        Ok(text) => text.parse().map_err(iface::Error::custom)?,
        Err(_) => 80,
    };
    website.configure(port)
}

/// `status:message` from variable `var`, if set.
fn status_from(var: &str) -> iface::Result<Option<(Status, String)>> {
    let Ok(text) = std::env::var(var) else {
        return Ok(None);
    };
    let (name, message) = text.split_once(':').unwrap_or((&text, ""));
    let status = Status::from_name(name)
        .ok_or_else(|| iface::Error::msg(format!("{var}: unknown status `{name}`")))?;
    Ok(Some((status, message.to_owned())))
}

/// Sets `$FAULTY_SET_FLAG`, the statuses and version asked for, then fails
/// as `$FAULTY_MODE` says.
///
/// # Panics
///
/// With `FAULTY_MODE=panic`, on purpose.
#[when(Website::AVAILABLE)]
pub fn on_demand(unit: &Unit) -> iface::Result<()> {
    if let Ok(flag) = std::env::var("FAULTY_SET_FLAG") {
        unit.set_flag(flag)?;
    }
    if let Some((status, message)) = status_from("FAULTY_STATUS")? {
        unit.status(status, &message)?;
    }
    if let Some((status, message)) = status_from("FAULTY_APP_STATUS")? {
        unit.app_status(status, &message)?;
    }
    if let Ok(version) = std::env::var("FAULTY_VERSION") {
        unit.set_version(&version)?;
    }
    match std::env::var("FAULTY_MODE").as_deref() {
        Ok("error") => Err(iface::Error::msg(ERROR_MESSAGE)),
        Ok("panic") => panic!("{PANIC_MESSAGE}"),
        _ => Ok(()),
    }
}
