//! The http provider at the protocol's minimum of tool calls: a hook needs
//! one read where Juju names a changed remote unit and one write where this
//! unit's data changed; everything else is known from earlier hooks.
//!
//! The binary runs each hook of one relation's life as Juju sends them,
//! under the fake tools, and the calls each made are counted: relation
//! tools apart from what the charm itself asks for (django reads its
//! `port` option, one `config-get`, in each hook it publishes in).

mod support;

use iface_sim::HookRelation;
use iface_sim::process::ProcessModel;
use support::{RELATION, UNIT, binary, joined, process_model as model};

/// Runs `hook` and gives the relation tools it called, in order, after
/// checking that the only other tool it called, if any, is the one
/// `config-get` the charm asks for when it publishes.
fn calls(model: &ProcessModel, hook: &str, relation: Option<HookRelation>) -> Vec<String> {
    let before = model.deployment().unwrap().calls.len();
    let run = model.run_hook(binary(), UNIT, hook, relation, &[]).unwrap();
    assert!(run.success(), "{hook}: {}", run.stderr());
    let tools: Vec<String> = model.deployment().unwrap().calls[before..]
        .iter()
        .map(|call| call.tool.clone())
        .collect();
    let (relation, other): (Vec<String>, Vec<String>) = tools
        .into_iter()
        .partition(|tool| tool.starts_with("relation-") || tool == "network-get");
    assert!(
        other.is_empty() || other == ["config-get"],
        "{hook}: {other:?}"
    );
    relation
}

/// What the relation's hooks cost up to the unit's first publishing:
/// `install` (nothing), `-created` (the address, learnt once for the whole
/// life of the relation), `config-changed` and `start` (nothing: django
/// reads no config in them), and `-joined`: the write, nothing else
/// (relation ids and the address are known from `install` and `-created`;
/// the bag, never written, is not read back).
fn through_joined(model: &ProcessModel) {
    assert!(calls(model, "install", None).is_empty());
    let created = Some(HookRelation::app(RELATION, "haproxy"));
    assert_eq!(
        calls(model, "website-relation-created", created),
        ["network-get"]
    );
    assert!(calls(model, "config-changed", None).is_empty());
    assert!(calls(model, "start", None).is_empty());
    assert_eq!(
        calls(model, "website-relation-joined", Some(joined())),
        ["relation-set"]
    );
}

#[test]
fn each_provider_hook_makes_only_the_calls_the_protocol_needs() {
    let dir = tempfile::tempdir().unwrap();
    let model = model(dir.path());
    through_joined(&model);
    // changed, again, update-status: nothing. Juju ran another hook after
    // joined, so joined succeeded and its write was kept: the provider has
    // nothing to read or send.
    assert!(calls(&model, "website-relation-changed", Some(joined())).is_empty());
    assert!(calls(&model, "website-relation-changed", Some(joined())).is_empty());
    assert!(calls(&model, "update-status", None).is_empty());
    // departed and broken: nothing.
    model.update(|d| d.depart(RELATION, "haproxy/0")).unwrap();
    let departed = Some(HookRelation::departed(RELATION, "haproxy/0"));
    assert!(calls(&model, "website-relation-departed", departed).is_empty());
    let broken = Some(HookRelation::app(RELATION, "haproxy"));
    assert!(calls(&model, "website-relation-broken", broken).is_empty());
}

/// Juju drops a hook's writes when its process does not exit 0, and then
/// runs that same hook again before any other: the retry reads the bag
/// back once, finds the write lost and sends it again; the hooks after it
/// are back to nothing.
#[test]
fn a_dropped_write_costs_only_the_resend() {
    let dir = tempfile::tempdir().unwrap();
    let model = model(dir.path());
    through_joined(&model);
    // The hook's process died after its store commit: the write is lost.
    model.update(|d| d.clear_unit_bag(RELATION, UNIT)).unwrap();
    assert_eq!(
        calls(&model, "website-relation-joined", Some(joined())),
        ["relation-get", "relation-set"]
    );
    let bag = model.deployment().unwrap().relations[&RELATION].unit_data[UNIT].clone();
    assert_eq!(
        (bag["hostname"].as_str(), bag["port"].as_str()),
        ("10.0.0.1", "80")
    );
    assert!(calls(&model, "website-relation-changed", Some(joined())).is_empty());
    assert!(calls(&model, "website-relation-changed", Some(joined())).is_empty());
}
