//! `secret-grant` and `secret-revoke`: who besides the owner may read a
//! secret, granted per relation (to the relation's remote application,
//! or one of its units) and revoked likewise.

use super::secret::{owned, uri_arg};
use super::{Outcome, Printed, check_empty, failed, parse, relation_of, usage};
use crate::flags::Flag;
use crate::model::{Deployment, HookState, SecretChange, SecretGrant, app_of};

/// Whether `name` is a unit name: `app/N`.
fn is_unit_name(name: &str) -> bool {
    name.split_once('/').is_some_and(|(app, n)| {
        is_app_name(app) && !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())
    })
}

/// Whether `name` is an application name: lowercase letters, digits and
/// single hyphens, starting with a letter.
fn is_app_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && !name.ends_with('-')
        && !name.contains("--")
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

const RELATION_FLAG: Flag = Flag::value(&["r", "relation"]);

pub(super) fn secret_grant(dep: &mut Deployment, hook: &HookState, args: &[String]) -> Outcome {
    let parsed = parse(&[RELATION_FLAG, Flag::value(&["unit"])], args).map_err(usage)?;
    let Some((uri, rest)) = parsed.positionals.split_first() else {
        return Err(usage("missing secret URI"));
    };
    let uri = uri_arg(uri)?;
    check_empty(rest)?;
    let relation =
        relation_of(dep, hook, &parsed)?.ok_or_else(|| usage("no relation id specified"))?;
    let remote_app = dep.relations[&relation]
        .remote_side(app_of(&hook.unit))
        .map(|s| s.app.clone())
        .unwrap_or_default();
    let unit = parsed.value("unit").map(|g| g.value.clone());
    if let Some(unit) = &unit {
        if !is_unit_name(unit) {
            return Err(usage(format!("unit {unit:?} not valid")));
        }
        if app_of(unit) != remote_app {
            return Err(usage(format!(
                "cannot specify unit {unit:?} in relation to application {remote_app:?}"
            )));
        }
    }
    let Some((_, secret)) = owned(dep, &hook.unit)
        .into_iter()
        .find(|(id, _)| *id == uri.id)
    else {
        return Err(failed(format!("secret {:?} not found", uri.id)));
    };
    let target = unit.unwrap_or_else(|| remote_app.clone());
    let app_grant = SecretGrant {
        relation,
        target: remote_app.clone(),
    };
    if secret.grants.contains(&app_grant) {
        // An application grant covers its units.
        return Ok(Printed::default());
    }
    if target == remote_app
        && secret.grants.iter().any(|g| {
            g.relation == relation && app_of(&g.target) == remote_app && g.target.contains('/')
        })
    {
        return Err(failed(
            "any unit level grants need to be revoked before granting access to the \
             corresponding application",
        ));
    }
    let grant = SecretGrant { relation, target };
    if !secret.grants.contains(&grant) {
        dep.pending
            .secrets
            .push(SecretChange::Grant { id: uri.id, grant });
    }
    Ok(Printed::default())
}

pub(super) fn secret_revoke(dep: &mut Deployment, hook: &HookState, args: &[String]) -> Outcome {
    let parsed = parse(
        &[
            RELATION_FLAG,
            Flag::value(&["app", "application"]),
            Flag::value(&["unit"]),
        ],
        args,
    )
    .map_err(usage)?;
    let Some((uri, rest)) = parsed.positionals.split_first() else {
        return Err(usage("missing secret URI"));
    };
    let uri = uri_arg(uri)?;
    check_empty(rest)?;
    let app = parsed.value("app").map(|g| g.value.clone());
    let unit = parsed.value("unit").map(|g| g.value.clone());
    if let Some(app) = &app
        && !is_app_name(app)
    {
        return Err(usage(format!("application {app:?} not valid")));
    }
    if let Some(unit) = &unit
        && !is_unit_name(unit)
    {
        return Err(usage(format!("unit {unit:?} not valid")));
    }
    if app.is_some() && unit.is_some() {
        return Err(usage("specify only one of application or unit"));
    }
    let named_relation = parsed.value("r").is_some();
    if named_relation && app.is_some() {
        return Err(usage("do not specify both relation and app"));
    }
    let relation = relation_of(dep, hook, &parsed)?;
    let target = match (unit, app, relation) {
        (Some(unit), _, _) => unit,
        (None, Some(app), _) => app,
        (None, None, Some(id)) => dep.relations[&id]
            .remote_side(app_of(&hook.unit))
            .map(|s| s.app.clone())
            .unwrap_or_default(),
        (None, None, None) => return Err(usage("missing relation or application or unit")),
    };
    dep.pending.secrets.push(SecretChange::Revoke {
        id: uri.id,
        relation: if named_relation { relation } else { None },
        target,
    });
    Ok(Printed::default())
}
