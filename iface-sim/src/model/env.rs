//! The environment variables Juju's uniter gives a hook or action
//! process (J36 `context.HookVars`), built from the model.

use super::{Deployment, HookState, app_of};

/// The controller address hooks are told about: loopback, since nothing
/// in the simulator listens and nothing should try a real address.
const API_ADDRESSES: &str = "127.0.0.1:17070";

/// See [`Deployment::hook_env`].
pub(super) fn hook_env(
    model: &Deployment,
    hook: &HookState,
    charm_dir: &str,
) -> Vec<(String, String)> {
    let unit = model.units.get(&hook.unit);
    let (hook_name, dispatch) = match &hook.action {
        Some(action) => (String::new(), format!("actions/{}", action.name)),
        None => (hook.name.clone(), format!("hooks/{}", hook.name)),
    };
    let agent = format!("unit-{}", hook.unit.replace('/', "-"));
    let mut env = vec![
        ("CHARM_DIR", charm_dir.to_owned()),
        ("JUJU_CHARM_DIR", charm_dir.to_owned()),
        (
            "JUJU_CONTEXT_ID",
            format!(
                "{}-{}-{}",
                hook.unit,
                if hook.action.is_some() {
                    "run-action"
                } else {
                    &hook.name
                },
                model.hooks_begun
            ),
        ),
        ("JUJU_HOOK_NAME", hook_name),
        ("JUJU_DISPATCH_PATH", dispatch),
        (
            "JUJU_AGENT_SOCKET_ADDRESS",
            format!("@/var/lib/juju/agents/{agent}/agent.socket"),
        ),
        ("JUJU_AGENT_SOCKET_NETWORK", "unix".to_owned()),
        ("JUJU_UNIT_NAME", hook.unit.clone()),
        ("JUJU_MODEL_UUID", model.model_uuid.clone()),
        ("JUJU_MODEL_NAME", model.model.clone()),
        ("JUJU_API_ADDRESSES", API_ADDRESSES.to_owned()),
        (
            "JUJU_MACHINE_ID",
            unit.map(|u| u.machine.clone()).unwrap_or_default(),
        ),
        // Juju sets it for every hook: empty for a principal unit.
        (
            "JUJU_PRINCIPAL_UNIT",
            unit.and_then(|u| u.principal.clone()).unwrap_or_default(),
        ),
        ("JUJU_VERSION", model.juju_version.clone()),
        ("CLOUD_API_VERSION", String::new()),
        ("JUJU_CHARM_HTTP_PROXY", String::new()),
        ("JUJU_CHARM_HTTPS_PROXY", String::new()),
        ("JUJU_CHARM_FTP_PROXY", String::new()),
        ("JUJU_CHARM_NO_PROXY", String::new()),
    ];
    if !model.juju_version.starts_with("4.") {
        // Juju 4 dropped the SLA.
        env.push(("JUJU_SLA", "unsupported".to_owned()));
    }
    if let Some(zone) = unit.map(|u| &u.availability_zone).filter(|z| !z.is_empty()) {
        env.push(("JUJU_AVAILABILITY_ZONE", zone.clone()));
    }
    if let Some(rel) = &hook.relation
        && let Some(side) = model
            .relations
            .get(&rel.id)
            .and_then(|r| r.side(app_of(&hook.unit)))
    {
        env.extend([
            ("JUJU_RELATION", side.endpoint.clone()),
            ("JUJU_RELATION_ID", format!("{}:{}", side.endpoint, rel.id)),
            (
                "JUJU_REMOTE_UNIT",
                rel.remote_unit.clone().unwrap_or_default(),
            ),
            (
                "JUJU_REMOTE_APP",
                rel.remote_app.clone().unwrap_or_default(),
            ),
        ]);
        if let Some(departing) = &rel.departing_unit {
            env.push(("JUJU_DEPARTING_UNIT", departing.clone()));
        }
    }
    if let Some(secret) = &hook.secret {
        env.push(("JUJU_SECRET_ID", secret.id.clone()));
        env.push(("JUJU_SECRET_LABEL", secret.label.clone()));
        if let Some(revision) = secret.revision.filter(|r| *r > 0) {
            env.push(("JUJU_SECRET_REVISION", revision.to_string()));
        }
    }
    if let Some(action) = &hook.action {
        env.extend([
            ("JUJU_ACTION_NAME", action.name.clone()),
            ("JUJU_ACTION_UUID", action.id.clone()),
            ("JUJU_ACTION_TAG", format!("action-{}", action.id)),
        ]);
    }
    env.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
}
