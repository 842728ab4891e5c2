//! A haproxy-like charm: it requires `reverseproxy: http` and keeps one
//! backend per remote unit whose settings have arrived.

use http_interface::{HttpRequires, HttpSettings};
use iface::prelude::*;

iface::charm! {
    metadata = "metadata.yaml",
    relations { reverseproxy: HttpRequires },
    actions = "actions.yaml" { backends: list_backends, "has-backend": has_backend },
    handlers = [configure_backends, wait_for_backends, serving, waiting],
}

/// The backends this unit balances over, as `host:port`, sorted.
pub fn backends(settings: &[Option<HttpSettings>]) -> Vec<String> {
    let mut backends: Vec<String> = settings
        .iter()
        .flatten()
        .map(|s| format!("{}:{}", s.hostname, s.port))
        .collect();
    backends.sort();
    backends
}

/// Keeps the backend list (here: in the unit's status) in step with the
/// units whose settings have arrived.
#[when(Reverseproxy::AVAILABLE)]
pub fn configure_backends(proxy: &Reverseproxy, unit: &Unit) -> iface::Result<()> {
    let backends = backends(&proxy.settings()?);
    unit.status(Status::Active, &summary(&backends))
}

/// The status message: every backend when there are a few, else the first
/// few and a count (a status is one line for people, not a data dump; a
/// message listing 10,000 backends would not even fit in one argument).
pub fn summary(backends: &[String]) -> String {
    const SHOWN: usize = 3;
    if backends.len() <= SHOWN {
        format!("balancing {}", backends.join(" "))
    } else {
        format!(
            "balancing {} and {} more",
            backends[..SHOWN].join(" "),
            backends.len() - SHOWN
        )
    }
}

/// No backend yet: say so.
#[when_not(Reverseproxy::AVAILABLE)]
pub fn wait_for_backends(unit: &Unit) -> iface::Result<()> {
    unit.status(Status::Blocked, "waiting for http backends")
}

/// The application's status, from its leader: serving once backends are
/// there. (Other units skip the handler; `status-set --application` runs
/// only when the status changes.)
#[when(Reverseproxy::AVAILABLE)]
pub fn serving(leader: &Leader) -> iface::Result<()> {
    leader.app_status(Status::Active, "serving")
}

/// The application's status, from its leader, until backends arrive.
#[when_not(Reverseproxy::AVAILABLE)]
pub fn waiting(leader: &Leader) -> iface::Result<()> {
    leader.app_status(Status::Blocked, "waiting for http backends")
}

/// The results of action `backends`.
#[iface::data]
pub struct BackendsResults {
    /// The backends, `host:port`, sorted, as a JSON list.
    pub backends: String,
}

/// Action `backends`: the backends this unit balances over; fails when
/// there are none.
#[action]
pub fn list_backends(proxy: &Reverseproxy, action: &Action) -> iface::Result<BackendsResults> {
    let backends = backends(&proxy.settings()?);
    action.log(&format!("{} backends found", backends.len()))?;
    if backends.is_empty() {
        return Err(iface::Error::msg(
            "there are no backends: no http provider has published its settings yet",
        ));
    }
    Ok(BackendsResults {
        backends: serde_json::to_string(&backends).map_err(iface::Error::custom)?,
    })
}

/// The results of action `has-backend`.
#[iface::data]
pub struct HasBackendResults {
    /// Whether the backend is one this unit balances over.
    pub balanced: bool,
}

/// Action `has-backend`: whether this unit balances over `backend`
/// (`host:port`).
#[action]
pub fn has_backend(
    params: &HasBackendParams,
    proxy: &Reverseproxy,
) -> iface::Result<HasBackendResults> {
    let balanced = backends(&proxy.settings()?).contains(&params.backend);
    Ok(HasBackendResults { balanced })
}
