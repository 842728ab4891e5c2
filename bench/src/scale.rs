//! Section 2: scale. The requirer (haproxy, UNIT scope) with 1 to 10,000
//! remote units on one relation, and the provider (django, GLOBAL scope)
//! with up to 1,000 relations; one more relation is then created (the
//! provider's), one more unit joins, publishes, changes nothing and
//! departs, and each of those hooks is measured.
//!
//! The store a unit would have after `n` joins is made, not replayed: the
//! real charm runs created (per relation), joined and changed for three
//! remote units, and the rows of the third (keys, and list elements naming
//! it) are repeated for the others. Running `n` real hooks would take `n`
//! times a hook's cost at every size, hours for charms.reactive. ops keeps
//! nothing per relation in its store (it asks Juju in every hook), so its
//! store is not multiplied.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use iface_sim::{Deployment, HookRelation, statefile};
use rusqlite::Connection;

use crate::charms::{Impl, Role, Step, address};
use crate::hook::{Runner, close_hook};
use crate::side::{Cell, Setup, remove_store};

/// The hooks measured at each size for `role`, in order: the provider's
/// new relation starts with `-relation-created`; the requirer's new unit
/// joins the relation that is there.
pub fn steps(role: Role) -> &'static [Step] {
    match role {
        Role::Provider => &[
            Step::Created,
            Step::Joined,
            Step::Changed,
            Step::Unchanged,
            Step::Departed,
        ],
        Role::Requirer => &[Step::Joined, Step::Changed, Step::Unchanged, Step::Departed],
    }
}

/// One size of one charm in one implementation.
#[derive(Debug)]
pub struct Point {
    /// Which charm.
    pub role: Role,
    /// Which implementation.
    pub implementation: Impl,
    /// Remote units (requirer) or relations (provider) already there.
    pub size: usize,
    /// Per step of [`steps`]: the samples and the tool calls replayed once.
    pub steps: Vec<(Step, Cell)>,
    /// The state file's size (bytes).
    pub state_bytes: u64,
    /// Why the point is incomplete, if it is.
    pub note: Option<String>,
}

/// The remote unit number `i` of the scaled deployment.
fn remote_unit(role: Role, i: usize) -> String {
    match role {
        Role::Requirer => format!("django/{i}"),
        Role::Provider => format!("proxy{i}/0"),
    }
}

/// The relation of remote unit `i`.
fn relation_id(role: Role, i: usize) -> u32 {
    match role {
        Role::Requirer => 1,
        Role::Provider => u32::try_from(i + 1).expect("fewer than 2^32 relations"),
    }
}

/// The store text naming remote unit `i`, for repeating template rows
/// (its address, quoted as a JSON string, is replaced in values too).
fn tokens(role: Role, i: usize) -> Vec<String> {
    match role {
        Role::Requirer => vec![format!("django/{i}")],
        Role::Provider => vec![format!("proxy{i}"), format!("website:{}", i + 1)],
    }
}

/// The deployment with `n` remote units (requirer: on relation 1;
/// provider: one relation each), all joined and with complete settings,
/// plus (`extra`) remote unit `n`, which has not joined yet and whose bag
/// holds `private-address` only.
fn deployment(role: Role, n: usize, extra: bool) -> Deployment {
    let mut d = crate::charms::deployment();
    let own = role.unit();
    d.add_unit(own, "192.168.0.1");
    d.set_leader(own);
    let count = if extra { n + 1 } else { n };
    for i in 0..count {
        let unit = remote_unit(role, i);
        d.add_unit(&unit, &address(i + 1));
        let id = relation_id(role, i);
        let rel = if role == Role::Requirer && i > 0 {
            d.relations.get_mut(&id).expect("relation 1")
        } else {
            let remote_app = iface_sim::app_of(&unit).to_owned();
            d.add_relation(
                id,
                (role.charm(), role.endpoint()),
                (&remote_app, role.remote_endpoint()),
            )
        };
        rel.members.insert(own.to_owned());
        if i < n {
            rel.members.insert(unit.clone());
        }
        let mut bag: BTreeMap<String, String> =
            [("private-address".to_owned(), address(i + 1))].into();
        if role == Role::Requirer && i < n {
            bag.insert("hostname".to_owned(), address(i + 1));
            bag.insert("port".to_owned(), "80".to_owned());
        }
        rel.unit_data.insert(unit, bag);
    }
    d
}

/// The relation context of `step` (a relation hook) about remote unit `i`.
fn context(role: Role, i: usize, step: Step) -> HookRelation {
    let unit = remote_unit(role, i);
    HookRelation {
        id: relation_id(role, i),
        remote_app: Some(iface_sim::app_of(&unit).to_owned()),
        departing_unit: (step == Step::Departed).then(|| unit.clone()),
        remote_unit: (step != Step::Created).then_some(unit),
    }
}

/// Changes `d` as Juju would have just before `step` of remote unit
/// `i` (the one not joined yet).
fn prepare(d: &mut Deployment, role: Role, i: usize, step: Step) {
    let unit = remote_unit(role, i);
    let Some(rel) = d.relations.get_mut(&relation_id(role, i)) else {
        return;
    };
    match step {
        Step::Joined => {
            rel.members.insert(unit);
        }
        Step::Changed if role == Role::Requirer => {
            let bag = rel.unit_data.entry(unit).or_default();
            bag.insert("hostname".to_owned(), address(i + 1));
            bag.insert("port".to_owned(), "80".to_owned());
        }
        Step::Departed => {
            rel.members.remove(&unit);
        }
        _ => {}
    }
}

/// Runs `step` as a hook that must succeed (`what` says what for, if not).
fn run_ok(
    setup: &Setup<'_>,
    runner: &Runner<'_>,
    role: Role,
    implementation: Impl,
    step: Step,
    relation: Option<HookRelation>,
    what: &str,
) -> Result<(), String> {
    let model = runner.model;
    let hook = step.hook(role);
    let program = setup.program(model, role, implementation, &hook);
    let sample = runner.run(&program, role.unit(), &hook, relation)?;
    if sample.ok {
        Ok(())
    } else {
        close_hook(model);
        Err(format!("{what}: {hook} failed:\n{}", sample.stderr_tail))
    }
}

/// Runs the real hooks for remote units `0..n` joining, one by one, a
/// deployment of `n` units: created for each new relation, then joined and
/// changed. The store after `n` joins.
fn grow(
    setup: &Setup<'_>,
    runner: &Runner<'_>,
    role: Role,
    implementation: Impl,
    n: usize,
) -> Result<(), String> {
    let model = runner.model;
    let mut state = deployment(role, n, false);
    for rel in state.relations.values_mut() {
        rel.members.retain(|unit| unit == role.unit());
    }
    statefile::save(&model.state_path(), &state).map_err(|e| e.to_string())?;
    remove_store(model, role.unit());
    let what = "growing the store";
    for i in 0..n {
        if role == Role::Provider || i == 0 {
            let ctx = context(role, i, Step::Created);
            run_ok(
                setup,
                runner,
                role,
                implementation,
                Step::Created,
                Some(ctx),
                what,
            )?;
        }
        for step in [Step::Joined, Step::Changed] {
            model
                .update(|d| prepare(d, role, i, step))
                .map_err(|e| e.to_string())?;
            let ctx = context(role, i, step);
            run_ok(setup, runner, role, implementation, step, Some(ctx), what)?;
        }
    }
    Ok(())
}

/// `text` with the list element naming `second` (directly after the one
/// naming `first`) repeated for `rest`, in order.
fn expand_lists(text: &str, first: &str, second: &str, rest: &[String]) -> String {
    let mut out = text.to_owned();
    let mut from = 0;
    while let Some(found) = out[from..].find(second).map(|p| p + from) {
        // The JSON string holding the token.
        let (Some(start), Some(end)) = (
            out[..found].rfind('"'),
            out[found + second.len()..]
                .find('"')
                .map(|p| p + found + second.len()),
        ) else {
            break;
        };
        let element = out[start..=end].to_owned();
        let before = element.replacen(second, first, 1);
        let sep = [", ", ","]
            .into_iter()
            .find(|sep| out[..start].ends_with(&format!("{before}{sep}")));
        let Some(sep) = sep else {
            from = end + 1;
            continue;
        };
        let mut replacement = element.clone();
        for token in rest {
            replacement.push_str(sep);
            replacement.push_str(&element.replacen(second, token, 1));
        }
        out.replace_range(start..=end, &replacement);
        from = start + replacement.len();
    }
    out
}

/// Turns the store at `path`, made by [`grow`] with 3 remote units, into
/// the store after `n` (> 3) joins.
fn expand_store(path: &Path, role: Role, n: usize) -> Result<(), String> {
    let db = Connection::open(path).map_err(|e| e.to_string())?;
    let rows: Vec<(String, String)> = {
        let mut query = db
            .prepare("SELECT key, data FROM kv")
            .map_err(|e| e.to_string())?;
        query
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .map_err(|e| e.to_string())?
            .collect::<Result<_, _>>()
            .map_err(|e| e.to_string())?
    };
    let pairs: Vec<(String, String)> = tokens(role, 1).into_iter().zip(tokens(role, 2)).collect();
    let tx = db.unchecked_transaction().map_err(|e| e.to_string())?;
    for (key, data) in rows {
        let mut data2 = data.clone();
        for (index, (first, second)) in pairs.iter().enumerate() {
            let rest: Vec<String> = (3..n).map(|i| tokens(role, i)[index].clone()).collect();
            data2 = expand_lists(&data2, first, second, &rest);
        }
        let per_unit = pairs
            .iter()
            .any(|(_, second)| key.contains(second.as_str()));
        if per_unit {
            for i in 3..n {
                let mut k = key.clone();
                let mut v = data.clone();
                for (index, (_, second)) in pairs.iter().enumerate() {
                    let token = &tokens(role, i)[index];
                    k = k.replace(second.as_str(), token);
                    v = v.replace(second.as_str(), token);
                }
                // Values the third unit published (its address) become
                // this unit's.
                v = v.replace(
                    &format!("\"{}\"", address(3)),
                    &format!("\"{}\"", address(i + 1)),
                );
                tx.execute(
                    "INSERT OR REPLACE INTO kv (key, data) VALUES (?1, ?2)",
                    [&k, &v],
                )
                .map_err(|e| e.to_string())?;
            }
        } else if data2 != data {
            tx.execute("UPDATE kv SET data = ?2 WHERE key = ?1", [&key, &data2])
                .map_err(|e| e.to_string())?;
        }
    }
    tx.commit().map_err(|e| e.to_string())?;
    db.execute_batch("VACUUM").map_err(|e| e.to_string())?;
    Ok(())
}

/// Runs config-changed once on the expanded store: what the unit keeps
/// about itself (the status it set) was copied from the third unit's
/// store, and one hook brings it in line with the deployment `state`, as
/// the last of its real joins would have.
fn settle(
    setup: &Setup<'_>,
    runner: &Runner<'_>,
    role: Role,
    implementation: Impl,
    state: &Deployment,
) -> Result<(), String> {
    statefile::save(&runner.model.state_path(), state).map_err(|e| e.to_string())?;
    let what = "settling the store";
    run_ok(
        setup,
        runner,
        role,
        implementation,
        Step::ConfigChanged,
        None,
        what,
    )
}

/// Measures one size: builds the store of `size` joins, then `runs` times
/// restores it and runs [`steps`] for remote unit `size`.
pub fn point(
    setup: &Setup<'_>,
    role: Role,
    implementation: Impl,
    size: usize,
    runs: usize,
    limit: Duration,
) -> Result<Point, String> {
    let name = format!("scale-{}-{:?}-{size}", role.charm(), implementation);
    let model = setup.model(&name, role, implementation, &deployment(role, 0, false))?;
    let runner = Runner {
        model: &model,
        env: setup.env(implementation, 0),
        limit,
    };
    // The store after `size` joins.
    grow(setup, &runner, role, implementation, size.min(3))?;
    let store = model.store_path(role.unit());
    let expand = size > 3 && implementation.keeps_relation_state();
    if expand {
        expand_store(&store, role, size)?;
    }
    // What the unit itself published, as after `size` joins.
    let grown = model.deployment().map_err(|e| e.to_string())?;
    let own_bag = grown
        .relations
        .get(&relation_id(role, size.min(3).saturating_sub(1)))
        .and_then(|r| r.unit_data.get(role.unit()))
        .cloned()
        .unwrap_or_default();
    let mut state = deployment(role, size, true);
    if !own_bag.is_empty() {
        for i in 0..size {
            if let Some(rel) = state.relations.get_mut(&relation_id(role, i)) {
                rel.unit_data
                    .insert(role.unit().to_owned(), own_bag.clone());
            }
        }
    }
    if expand {
        settle(setup, &runner, role, implementation, &state)?;
    }
    let pristine = setup.work.join(format!("{name}.db"));
    std::fs::copy(&store, &pristine).map_err(|e| e.to_string())?;
    let mut point = Point {
        role,
        implementation,
        size,
        steps: steps(role)
            .iter()
            .map(|step| (*step, Cell::default()))
            .collect(),
        state_bytes: 0,
        note: None,
    };
    'runs: for run in 0..runs {
        statefile::save(&model.state_path(), &state).map_err(|e| e.to_string())?;
        point.state_bytes = std::fs::metadata(model.state_path()).map_or(0, |m| m.len());
        remove_store(&model, role.unit());
        std::fs::copy(&pristine, &store).map_err(|e| e.to_string())?;
        for (index, &step) in steps(role).iter().enumerate() {
            let ctx = context(role, size, step);
            model
                .update(|d| prepare(d, role, size, step))
                .map_err(|e| e.to_string())?;
            let hook = step.hook(role);
            let program = setup.program(&model, role, implementation, &hook);
            let sample = runner.run(&program, role.unit(), &hook, Some(ctx.clone()))?;
            let timed_out = sample.timed_out;
            if !sample.ok && point.note.is_none() {
                point.note = Some(if timed_out {
                    format!(
                        "{} killed after {} s, {} tool calls made by then",
                        step.label(),
                        limit.as_secs(),
                        sample.calls.len()
                    )
                } else {
                    format!("{} failed: {}", step.label(), sample.stderr_tail)
                });
            }
            if run == 0 && !timed_out {
                // A failed hook's calls (those that ran) are replayed too:
                // its wall time still says what it cost up to the failure.
                let replay =
                    runner.replay_tools(role.unit(), &hook, Some(ctx), &sample.calls, 40)?;
                point.steps[index].1.tools = Some(replay);
            }
            let failed = !sample.ok;
            point.steps[index].1.samples.push(sample);
            if failed {
                close_hook(&model);
            }
            if timed_out {
                break 'runs;
            }
        }
        eprint!(".");
    }
    Ok(point)
}

#[cfg(test)]
mod tests {
    use super::expand_lists;

    #[test]
    fn list_elements_naming_the_third_unit_are_repeated_in_order() {
        let rest = vec!["django/3".to_owned(), "django/4".to_owned()];
        let text =
            r#"{"conversations": ["c.django/0", "c.django/1", "c.django/2"], "relation": "r"}"#;
        assert_eq!(
            expand_lists(text, "django/1", "django/2", &rest),
            r#"{"conversations": ["c.django/0", "c.django/1", "c.django/2", "c.django/3", "c.django/4"], "relation": "r"}"#
        );
        let compact = r#"["a:django/1","a:django/2"]"#;
        assert_eq!(
            expand_lists(compact, "django/1", "django/2", &rest),
            r#"["a:django/1","a:django/2","a:django/3","a:django/4"]"#
        );
    }

    #[test]
    fn a_lone_mention_is_not_a_list() {
        let rest = vec!["django/3".to_owned()];
        let text = r#"{"scope": "django/2", "units": ["django/2"]}"#;
        assert_eq!(expand_lists(text, "django/1", "django/2", &rest), text);
    }
}
