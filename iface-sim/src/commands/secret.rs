//! The secret tools `secret-add`, `secret-set`, `secret-get`,
//! `secret-info-get`, `secret-ids` and `secret-remove` (`secret-grant` and
//! `secret-revoke` are in `secret_access`), with Juju's rules.
//!
//! What a unit knows as owner (its "owned set") is every secret it owns,
//! and every secret its application owns when it leads, plus those this
//! hook created, minus those this hook removed; `secret-info-get`,
//! `secret-ids`, `secret-grant` and the local leader checks work from it.
//! Every change is queued and applied at commit; a change the unit may
//! not make fails the commit with `permission denied`. (Juju's local
//! "this unit is not the leader" checks of `secret-set`, `secret-revoke`
//! and `secret-remove` need a known application secret on a non-leader,
//! which the owned set never holds while leadership stays put during a
//! hook, as it does here; a non-leader's change fails at commit instead.)

use serde_json::{Map, Value, json};

use super::secret_args::{
    Uri, check_content, content_args, content_file, expiry, new_id, parse_uri, rotate_policy,
};
use super::{
    Fail, Outcome, Printed, base64, check_empty, failed, parse, printed, usage, yaml_or_json,
};
use crate::flags::{Flag, Parsed};
use crate::model::{
    Deployment, HookState, Secret, SecretChange, SecretConsumer, SecretContent, SecretOwner, app_of,
};

const LABEL: Flag = Flag::value(&["label"]);
const OWNER: Flag = Flag::value(&["owner"]);
const UPSERT: [Flag; 6] = [
    OWNER,
    LABEL,
    Flag::value(&["description"]),
    Flag::value(&["rotate"]),
    Flag::value(&["expire"]),
    Flag::value(&["file"]),
];

/// The secret as this hook sees it: committed, with this hook's queued
/// changes to it applied (a secret it created included, one it removed
/// whole gone).
fn pending_view(dep: &Deployment, unit: &str, id: &str) -> Option<Secret> {
    let mut secret = dep.secrets.get(id).cloned();
    for change in dep.pending.secrets.iter().filter(|c| c.id() == id) {
        match change {
            SecretChange::Create { secret: new, .. } => secret = Some(new.clone()),
            SecretChange::Update {
                content,
                label,
                description,
                ..
            } => {
                if let Some(secret) = &mut secret {
                    if let Some(content) = content {
                        let latest = secret.latest();
                        if secret.revisions.get(&latest) != Some(content) {
                            secret.revisions.insert(latest + 1, content.clone());
                        }
                    }
                    if label.is_some() {
                        secret.label.clone_from(label);
                    }
                    if description.is_some() {
                        secret.description.clone_from(description);
                    }
                }
            }
            SecretChange::Remove { revision, .. } => {
                if let Some(s) = &mut secret {
                    match revision {
                        Some(r) => {
                            s.revisions.remove(r);
                        }
                        None => s.revisions.clear(),
                    }
                    if s.revisions.is_empty() {
                        secret = None;
                    }
                }
            }
            SecretChange::Grant { grant, .. } => {
                if let Some(s) = &mut secret
                    && !s.grants.contains(grant)
                {
                    s.grants.push(grant.clone());
                }
            }
            SecretChange::Revoke { .. } => {}
            SecretChange::Track { revision, .. } => {
                if let Some(s) = &mut secret {
                    s.consumers.entry(unit.to_owned()).or_default().revision = *revision;
                }
            }
        }
    }
    secret
}

/// Every secret id the hook can see: committed ones and those it created.
fn all_ids(dep: &Deployment) -> Vec<String> {
    let mut ids: Vec<String> = dep.secrets.keys().cloned().collect();
    for change in &dep.pending.secrets {
        if let SecretChange::Create { id, .. } = change
            && !ids.contains(id)
        {
            ids.push(id.clone());
        }
    }
    ids
}

/// The unit's owned set (see the module docs), by id, as it sees them.
pub(super) fn owned(dep: &Deployment, unit: &str) -> Vec<(String, Secret)> {
    let mut out: Vec<(String, Secret)> = all_ids(dep)
        .into_iter()
        .filter_map(|id| {
            let secret = pending_view(dep, unit, &id)?;
            dep.can_manage(unit, &secret).then_some((id, secret))
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Whether `unit` is on the owning side of `secret`: its owner, or a unit
/// of the owning application.
fn owner_side(unit: &str, secret: &Secret) -> bool {
    match &secret.owner {
        SecretOwner::Unit(owner) => owner == unit,
        SecretOwner::Application(app) => app == app_of(unit),
    }
}

/// Whether `unit` may read `secret`: from the owning side, or through a
/// grant to its application or itself over a live relation.
fn may_read(dep: &Deployment, unit: &str, secret: &Secret) -> bool {
    owner_side(unit, secret)
        || secret.grants.iter().any(|g| {
            (g.target == unit || g.target == app_of(unit))
                && dep.relations.get(&g.relation).is_some_and(|r| !r.dead)
        })
}

pub(super) fn uri_arg(text: &str) -> Result<Uri, Fail> {
    parse_uri(text).map_err(usage)
}

/// Metadata and content flags shared by `secret-add` and `secret-set`.
struct Upsert {
    label: Option<String>,
    description: Option<String>,
    rotate: Option<String>,
    expire: Option<String>,
    content: Option<SecretContent>,
}

/// Reads the shared flags and `values` as Juju's upsert `Init` does.
fn upsert(parsed: &Parsed, values: &[String]) -> Result<Upsert, Fail> {
    if let Some(owner) = parsed.value("owner")
        && !["application", "unit"].contains(&owner.value.as_str())
    {
        return Err(usage(format!("secret owner {:?} not valid", owner.value)));
    }
    let text = |name: &str| parsed.value(name).map(|g| g.value.clone());
    let expire = text("expire")
        .map(|t| expiry(&t))
        .transpose()
        .map_err(usage)?;
    let rotate = text("rotate")
        .map(|t| rotate_policy(&t))
        .transpose()
        .map_err(usage)?;
    let mut content = (!values.is_empty())
        .then(|| content_args(values))
        .transpose()
        .map_err(usage)?;
    if let Some(file) = text("file") {
        let from_file = content_file(&file).map_err(usage)?;
        content
            .get_or_insert_with(SecretContent::new)
            .extend(from_file);
    }
    if let Some(content) = &content {
        check_content(content).map_err(usage)?;
    }
    Ok(Upsert {
        label: text("label"),
        description: text("description"),
        rotate,
        expire,
        content,
    })
}

pub(super) fn secret_add(dep: &mut Deployment, hook: &HookState, args: &[String]) -> Outcome {
    let parsed = parse(&UPSERT, args).map_err(usage)?;
    if parsed.positionals.is_empty() && parsed.value("file").is_none() {
        return Err(usage("missing secret value or filename"));
    }
    let spec = upsert(&parsed, &parsed.positionals)?;
    let unit = &hook.unit;
    let owner = match parsed.value("owner").map(|g| g.value.as_str()) {
        Some("unit") => SecretOwner::Unit(unit.clone()),
        _ => SecretOwner::Application(app_of(unit).to_owned()),
    };
    if matches!(owner, SecretOwner::Application(_)) && !dep.is_leader(unit) {
        return Err(failed("this unit is not the leader"));
    }
    let content = spec.content.unwrap_or_default();
    if content.is_empty() || content.values().all(String::is_empty) {
        return Err(failed("empty secret value not valid"));
    }
    // The controller hands out the URI at once; the secret is created at
    // commit.
    dep.secret_ids_issued += 1;
    let id = new_id(dep.secret_ids_issued);
    let secret = Secret {
        owner,
        label: spec.label,
        description: spec.description,
        rotate: spec.rotate,
        expire: spec.expire,
        revisions: [(1, content)].into(),
        ..Secret::default()
    };
    dep.pending.secrets.push(SecretChange::Create {
        id: id.clone(),
        secret,
    });
    Ok(Printed::from(format!("secret://{}/{id}\n", dep.model_uuid)))
}

pub(super) fn secret_set(dep: &mut Deployment, args: &[String]) -> Outcome {
    let parsed = parse(&UPSERT, args).map_err(usage)?;
    let Some((uri, values)) = parsed.positionals.split_first() else {
        return Err(usage("missing secret URI"));
    };
    let uri = uri_arg(uri)?;
    let spec = upsert(&parsed, values)?;
    if spec.content.is_none()
        && spec.label.is_none()
        && spec.description.is_none()
        && spec.rotate.is_none()
        && spec.expire.is_none()
    {
        return Ok(Printed::default());
    }
    dep.pending.secrets.push(SecretChange::Update {
        id: uri.id,
        content: spec.content,
        label: spec.label,
        description: spec.description,
        rotate: spec.rotate,
        expire: spec.expire,
    });
    Ok(Printed::default())
}

/// `secret-get`'s target: the secret's id and the secret as the hook sees
/// it.
fn lookup(
    dep: &Deployment,
    unit: &str,
    uri: Option<&Uri>,
    label: Option<&str>,
) -> Result<(String, Secret), Fail> {
    if let Some(uri) = uri {
        return pending_view(dep, unit, &uri.id)
            .map(|s| (uri.id.clone(), s))
            .ok_or_else(|| failed(format!("secret {:?} not found", uri.to_string())));
    }
    let label = label.unwrap_or_default();
    let ids = all_ids(dep);
    let found = ids
        .iter()
        .filter_map(|id| pending_view(dep, unit, id).map(|s| (id.clone(), s)))
        .find(|(_, s)| {
            (owner_side(unit, s) && s.label.as_deref() == Some(label))
                || s.consumers
                    .get(unit)
                    .is_some_and(|c| c.label.as_deref() == Some(label))
        });
    found.ok_or_else(|| failed(format!("consumer label {label:?} not found")))
}

/// `secret-get`'s arguments, as its `Init` reads them.
struct GetArgs {
    format: super::Format,
    uri: Option<Uri>,
    label: Option<String>,
    peek: bool,
    refresh: bool,
    key: Option<String>,
}

fn get_args(args: &[String]) -> Result<GetArgs, Fail> {
    let parsed = parse(
        &[
            super::FORMAT,
            LABEL,
            Flag::switch(&["peek"]),
            Flag::switch(&["refresh"]),
        ],
        args,
    )
    .map_err(usage)?;
    let format = yaml_or_json(&parsed)?;
    let label = parsed.value("label").map(|g| g.value.clone());
    let mut positionals = parsed.positionals.as_slice();
    let mut uri = None;
    if let Some((first, rest)) = positionals.split_first() {
        // With --label, a first argument that is no URI is the key.
        match parse_uri(first) {
            Ok(parsed_uri) => {
                uri = Some(parsed_uri);
                positionals = rest;
            }
            Err(why) if label.is_none() => return Err(usage(why)),
            Err(_) => {}
        }
    }
    if uri.is_none() && label.is_none() {
        return Err(usage("require either a secret URI or label"));
    }
    let (peek, refresh) = (parsed.switch("peek"), parsed.switch("refresh"));
    if peek && refresh {
        return Err(usage("specify one of --peek or --refresh but not both"));
    }
    let key = match positionals.split_first() {
        Some((key, rest)) => {
            check_empty(rest)?;
            Some(key.clone())
        }
        None => None,
    };
    Ok(GetArgs {
        format,
        uri,
        label,
        peek,
        refresh,
        key,
    })
}

pub(super) fn secret_get(dep: &mut Deployment, hook: &HookState, args: &[String]) -> Outcome {
    let args = get_args(args)?;
    let unit = hook.unit.clone();
    let (id, secret) = lookup(dep, &unit, args.uri.as_ref(), args.label.as_deref())?;
    if !may_read(dep, &unit, &secret) {
        return Err(failed("permission denied"));
    }
    let manager = dep.can_manage(&unit, &secret);
    let revision = read_revision(dep, &unit, &id, &secret, manager, &args);
    // With both an id and a label, the label is stored: the owner's label
    // for a unit that manages it (at commit), the consumer's otherwise.
    if let (Some(_), Some(label)) = (&args.uri, &args.label) {
        if manager {
            dep.pending.secrets.push(SecretChange::Update {
                id: id.clone(),
                content: None,
                label: Some(label.clone()),
                description: None,
                rotate: None,
                expire: None,
            });
        } else if !owner_side(&unit, &secret)
            && let Some(committed) = dep.secrets.get_mut(&id)
        {
            committed
                .consumers
                .entry(unit.clone())
                .or_insert(SecretConsumer {
                    revision,
                    label: None,
                })
                .label = Some(label.clone());
        }
    }
    let Some(content) = secret.revisions.get(&revision) else {
        return Err(failed(format!(
            "secret revision \"secret:{id}/{revision}\" not found"
        )));
    };
    Ok(printed(
        &content_value(content, args.key.as_deref())?,
        args.format,
    ))
}

/// The revision `secret-get` reads: the latest for a unit that manages
/// the secret and for `--peek`; the latest, tracked from the commit on,
/// for `--refresh`; otherwise the tracked one, the first read tracking
/// the latest at once (server-side, as Juju does).
fn read_revision(
    dep: &mut Deployment,
    unit: &str,
    id: &str,
    secret: &Secret,
    manager: bool,
    args: &GetArgs,
) -> u32 {
    let latest = secret.latest();
    if manager || args.peek {
        return latest;
    }
    if args.refresh {
        dep.pending.secrets.push(SecretChange::Track {
            id: id.to_owned(),
            revision: latest,
        });
        return latest;
    }
    if let Some(consumer) = secret.consumers.get(unit) {
        return consumer.revision;
    }
    if let Some(committed) = dep.secrets.get_mut(id) {
        committed.consumers.insert(
            unit.to_owned(),
            SecretConsumer {
                revision: latest,
                label: None,
            },
        );
    }
    latest
}

/// What `secret-get` prints of `content`: every key decoded, or one key
/// decoded, or (`key#base64`) as stored.
fn content_value(content: &SecretContent, key: Option<&str>) -> Result<Value, Fail> {
    let decoded = |value: &str| {
        Value::String(
            String::from_utf8_lossy(&base64::decode(value).unwrap_or_default()).into_owned(),
        )
    };
    let Some(key) = key else {
        return Ok(Value::Object(
            content
                .iter()
                .map(|(k, v)| (k.clone(), decoded(v)))
                .collect(),
        ));
    };
    let (name, raw) = match key.strip_suffix("#base64") {
        Some(name) => (name, true),
        None => (key, false),
    };
    let stored = content
        .get(name)
        .ok_or_else(|| failed(format!("secret key value {name:?} not found")))?;
    Ok(if raw {
        Value::String(stored.clone())
    } else {
        decoded(stored)
    })
}

/// The scope tag of `relation`'s grant, as `secret-info-get` shows it:
/// `relation-<app>.<endpoint>#<app>.<endpoint>`.
fn relation_tag(dep: &Deployment, relation: u32) -> String {
    let sides: Vec<String> = dep
        .relations
        .get(&relation)
        .map(|r| {
            r.endpoints
                .iter()
                .map(|e| format!("{}.{}", e.app, e.endpoint))
                .collect()
        })
        .unwrap_or_default();
    format!("relation-{}", sides.join("#"))
}

/// What `secret-info-get` prints of one secret.
fn info(dep: &Deployment, id: &str, secret: &Secret) -> Value {
    let committed = dep.secrets.contains_key(id);
    let mut entry = Map::new();
    entry.insert("revision".to_owned(), json!(secret.latest()));
    entry.insert(
        "label".to_owned(),
        json!(secret.label.clone().unwrap_or_default()),
    );
    entry.insert("owner".to_owned(), json!(secret.owner.kind()));
    if let Some(description) = &secret.description {
        entry.insert("description".to_owned(), json!(description));
    }
    match (&secret.rotate, committed) {
        (Some(rotate), _) => {
            entry.insert("rotation".to_owned(), json!(rotate));
        }
        // The controller reports an unset policy as `never`; a secret
        // created in this hook has none yet.
        (None, true) => {
            entry.insert("rotation".to_owned(), json!("never"));
        }
        (None, false) => {}
    }
    if let Some(expire) = &secret.expire {
        entry.insert("expiry".to_owned(), json!(expire));
    }
    let access: Vec<Value> = secret
        .grants
        .iter()
        .map(|g| {
            let target = if g.target.contains('/') {
                format!("unit-{}", g.target.replace('/', "-"))
            } else {
                format!("application-{}", g.target)
            };
            json!({"target": target, "scope": relation_tag(dep, g.relation), "role": "view"})
        })
        .collect();
    if !access.is_empty() {
        entry.insert("access".to_owned(), Value::Array(access));
    }
    Value::Object(entry)
}

pub(super) fn secret_info_get(dep: &Deployment, hook: &HookState, args: &[String]) -> Outcome {
    let parsed = parse(&[super::FORMAT, LABEL], args).map_err(usage)?;
    let format = yaml_or_json(&parsed)?;
    let label = parsed.value("label").map(|g| g.value.clone());
    let (uri, rest) = match parsed.positionals.split_first() {
        Some((uri, rest)) => (Some(uri_arg(uri)?), rest),
        None => (None, &[][..]),
    };
    check_empty(rest)?;
    let owned = owned(dep, &hook.unit);
    let found = match (&uri, &label) {
        (None, None) => return Err(usage("require either a secret URI or label")),
        (Some(_), Some(_)) => {
            return Err(usage("specify either a secret URI or label but not both"));
        }
        (Some(uri), None) => owned
            .into_iter()
            .find(|(id, _)| *id == uri.id)
            .ok_or_else(|| failed(format!("secret {:?} not found", uri.id)))?,
        (None, Some(label)) => owned
            .into_iter()
            .find(|(_, s)| s.label.as_ref() == Some(label))
            .ok_or_else(|| failed(format!("secret {label:?} not found")))?,
    };
    let (id, secret) = found;
    let value = json!({ id.clone(): info(dep, &id, &secret) });
    Ok(printed(&value, format))
}

pub(super) fn secret_ids(dep: &Deployment, hook: &HookState, args: &[String]) -> Outcome {
    let parsed = parse(&[super::FORMAT], args).map_err(usage)?;
    let format = super::format_of(&parsed)?;
    check_empty(&parsed.positionals)?;
    let ids: Vec<Value> = owned(dep, &hook.unit)
        .into_iter()
        .map(|(id, _)| Value::String(id))
        .collect();
    if ids.is_empty() && matches!(format, super::Format::Json) {
        // Juju's nil slice.
        return Ok(Printed::from("null\n".to_owned()));
    }
    Ok(printed(&Value::Array(ids), format))
}

pub(super) fn secret_remove(dep: &mut Deployment, args: &[String]) -> Outcome {
    let parsed = parse(&[Flag::value(&["revision"])], args).map_err(usage)?;
    let Some((uri, rest)) = parsed.positionals.split_first() else {
        return Err(usage("missing secret URI"));
    };
    let uri = uri_arg(uri)?;
    check_empty(rest)?;
    let revision = match parsed.value("revision") {
        Some(given) => Some(given.value.parse::<u32>().map_err(|_| {
            usage(format!(
                "invalid value {:?} for option {}: parse error",
                given.value, given.spelling
            ))
        })?),
        None => None,
    }
    .filter(|r| *r > 0);
    dep.pending.secrets.push(SecretChange::Remove {
        id: uri.id,
        revision,
    });
    Ok(Printed::default())
}
