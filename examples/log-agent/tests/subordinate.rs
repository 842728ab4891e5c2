//! The log-agent subordinate beside a django principal in the simulator:
//! one agent per principal unit, each seeing only the unit in its own
//! container over the container-scoped `juju-info` relation (and every
//! other agent over its global peer relation); agents come and go with
//! their principals and with the relation, leaving nothing stale; the
//! final state is the same under hundreds of interleavings; and the
//! compiled binaries, run as processes under the fake hook tools, end as
//! the in-process run does.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use iface_sim::seeds::across_cores;
use iface_sim::serde_json::{Value, json};
use iface_sim::sim::SimError;
use iface_sim::{Simulation, juju_addresses, run_tool};

const SEEDS: u64 = 300;

/// django with `principals` units, the log-agent subordinate related to
/// its implicit `juju-info` endpoint. Returns the `juju-info` relation id.
fn deploy(sim: &mut Simulation, principals: usize) -> u32 {
    sim.deploy("django", &django_charm::CHARM, principals)
        .unwrap();
    assert_eq!(
        sim.deploy("log-agent", &log_agent_charm::CHARM, 0).unwrap(),
        Vec::<String>::new()
    );
    sim.relate("log-agent:juju-info", "django:juju-info")
        .unwrap()
}

/// The id of the log-agent's peer relation.
fn peer_relation(sim: &Simulation) -> u32 {
    let model = sim.deployment();
    let (id, _) = model
        .relations
        .iter()
        .find(|(_, r)| r.is_peer() && r.endpoints[0].app == "log-agent")
        .unwrap();
    *id
}

fn address(sim: &Simulation, unit: &str) -> String {
    sim.deployment().units[unit].private_address.clone()
}

/// The remote units `unit` knows on `endpoint` after its hooks so far:
/// those it ran `-joined` for and not `-departed`, as `relation-list`
/// shows them.
fn known(sim: &Simulation, unit: &str, endpoint: &str) -> BTreeSet<String> {
    let mut known = BTreeSet::new();
    for hook in sim.transcript().sequence(unit) {
        if let Some(remote) = hook.strip_prefix(&format!("{endpoint}-relation-joined ")) {
            known.insert(remote.to_owned());
        }
        if let Some(remote) = hook.strip_prefix(&format!("{endpoint}-relation-departed ")) {
            known.remove(remote);
        }
    }
    known
}

/// What `relation-list -r id` prints for `unit` in a hook run now.
fn relation_list(sim: &Simulation, unit: &str, id: u32) -> Vec<String> {
    let mut model = sim.deployment().clone();
    model.begin_hook(unit, "update-status", None);
    let out = run_tool(
        &mut model,
        "relation-list",
        &["--format=json".to_owned(), "-r".to_owned(), id.to_string()],
        &mut std::io::empty(),
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    iface_sim::serde_json::from_slice(&out.stdout).unwrap()
}

/// What a settled deployment with live django units `principals` ends
/// with: one agent per principal, in its container, with its address,
/// knowing only its principal over `juju-info` and every other agent over
/// the peer relation; principals knowing only their own agent, with no
/// flags or conversations (django handles no `juju-info` hook).
fn assert_converged(sim: &Simulation, id: u32, principals: &[&str], seed: u64) {
    assert_eq!(sim.units("django"), principals, "seed {seed}");
    let agents = sim.units("log-agent");
    assert_eq!(agents.len(), principals.len(), "seed {seed}: {agents:?}");
    let peers = peer_relation(sim);
    let placed: BTreeSet<String> = agents
        .iter()
        .map(|agent| sim.principal(agent).unwrap())
        .collect();
    assert_eq!(
        placed,
        principals.iter().map(|p| (*p).to_owned()).collect(),
        "seed {seed}: every principal has exactly one agent"
    );
    for &principal in principals {
        let agent = match sim.subordinates(principal).as_slice() {
            [agent] => agent.clone(),
            other => panic!("seed {seed}: {principal} has subordinates {other:?}"),
        };
        let address = address(sim, principal);
        assert_eq!(self::address(sim, &agent), address, "seed {seed}");
        assert_eq!(sim.principal(principal), None, "seed {seed}");

        // The agent sees its principal, and only it.
        assert_eq!(
            known(sim, &agent, "juju-info"),
            BTreeSet::from([principal.to_owned()]),
            "seed {seed}: {agent}"
        );
        assert_eq!(relation_list(sim, &agent, id), [principal], "seed {seed}");
        let mut bag = juju_addresses(&address);
        bag.insert("principal-unit".to_owned(), principal.to_owned());
        assert_eq!(sim.relation_data(id, &agent), bag, "seed {seed}: {agent}");
        assert_eq!(
            sim.flags(&agent).unwrap(),
            BTreeSet::from(["juju-info.available".to_owned()]),
            "seed {seed}: {agent}"
        );
        let key = format!("reactive.conversations.juju-info:{id}.{principal}");
        assert_eq!(
            sim.store(&agent, "reactive.conversations.").unwrap(),
            BTreeMap::from([
                (format!("{key}.local-data.address"), json!(address)),
                (
                    key,
                    json!({"namespace": format!("juju-info:{id}"), "units": [principal], "scope": principal})
                ),
            ]),
            "seed {seed}: {agent}"
        );
        let status = sim.status(&agent).unwrap();
        assert_eq!(
            (status.status.as_str(), status.message.as_str()),
            (
                "active",
                format!("forwarding logs of {principal} at {address}").as_str()
            ),
            "seed {seed}: {agent}"
        );
        // Peers stay global: every other agent, whichever container.
        let others: BTreeSet<String> = agents.iter().filter(|a| **a != agent).cloned().collect();
        assert_eq!(known(sim, &agent, "agents"), others, "seed {seed}: {agent}");
        assert_eq!(
            relation_list(sim, &agent, peers),
            others.iter().cloned().collect::<Vec<_>>(),
            "seed {seed}"
        );

        // The principal sees its agent, and only it.
        assert_eq!(
            known(sim, principal, "juju-info"),
            BTreeSet::from([agent.clone()]),
            "seed {seed}: {principal}"
        );
        assert_eq!(relation_list(sim, principal, id), [agent], "seed {seed}");
        assert_eq!(
            sim.relation_data(id, principal),
            juju_addresses(&address),
            "seed {seed}"
        );
        assert_eq!(
            sim.store(principal, "reactive.").unwrap(),
            BTreeMap::new(),
            "seed {seed}: {principal}"
        );
    }
    // The leader is one of the live agents.
    assert!(agents.contains(&sim.leader("log-agent").unwrap()));
}

/// Every relation hook of an agent names its own principal, and every
/// `juju-info` hook of a principal names one of its own agents (past or
/// present); `-changed` for a unit only after its `-joined`.
fn assert_containers_kept(sim: &Simulation, seed: u64) {
    for hook in sim.transcript().hooks() {
        let Some(remote) = &hook.remote_unit else {
            continue;
        };
        let label = hook.label();
        if label.contains("-relation-") && label.starts_with("agents-") {
            continue;
        }
        let own = if hook.unit.starts_with("log-agent/") {
            sim.principal(&hook.unit)
        } else {
            sim.principal(remote)
        };
        let expected = if hook.unit.starts_with("log-agent/") {
            remote.clone()
        } else {
            hook.unit.clone()
        };
        assert_eq!(
            own,
            Some(expected),
            "seed {seed}: {} ran {label}",
            hook.unit
        );
    }
    for unit in sim
        .transcript()
        .hooks()
        .iter()
        .map(|h| h.unit.clone())
        .collect::<BTreeSet<_>>()
    {
        let hooks = sim.transcript().sequence(&unit);
        for (i, hook) in hooks.iter().enumerate() {
            if let Some(rest) = hook.strip_prefix("juju-info-relation-changed ") {
                let joined = format!("juju-info-relation-joined {rest}");
                assert!(hooks[..i].contains(&joined), "seed {seed}: {hooks:?}");
            }
        }
    }
}

/// The last hooks of a unit that was removed: its `juju-info` view ends
/// with `-departed` for `remote` and `-broken`, then `stop` and `remove`.
fn assert_left(sim: &Simulation, unit: &str, remote: &str, seed: u64) {
    let hooks: Vec<String> = sim
        .transcript()
        .sequence(unit)
        .into_iter()
        .filter(|h| !h.starts_with("agents-"))
        .collect();
    assert_eq!(
        hooks[hooks.len() - 4..],
        [
            format!("juju-info-relation-departed {remote}"),
            "juju-info-relation-broken".to_owned(),
            "stop".to_owned(),
            "remove".to_owned(),
        ],
        "seed {seed}: {unit}: {hooks:?}"
    );
    assert!(
        !sim.units(&unit[..unit.find('/').unwrap()])
            .contains(&unit.to_owned())
    );
}

#[test]
fn each_principal_unit_gets_one_agent_that_sees_only_it() {
    let mut sim = Simulation::new();
    let id = deploy(&mut sim, 3);
    sim.settle().unwrap();
    assert_eq!(
        sim.units("log-agent"),
        ["log-agent/0", "log-agent/1", "log-agent/2"]
    );
    assert_converged(&sim, id, &["django/0", "django/1", "django/2"], 0);
    assert_containers_kept(&sim, 0);
    assert_eq!(sim.principal("log-agent/1").as_deref(), Some("django/1"));
    assert_eq!(
        sim.transcript().sequence("log-agent/1"),
        [
            "install",
            "agents-relation-created",
            "juju-info-relation-created",
            "leader-settings-changed",
            "config-changed",
            "start",
            "agents-relation-joined log-agent/0",
            "juju-info-relation-joined django/1",
            "agents-relation-changed log-agent/0",
            "juju-info-relation-changed django/1",
            "agents-relation-joined log-agent/2",
            "agents-relation-changed log-agent/2",
        ]
    );
    // django handles no juju-info hook: each runs as a no-op and succeeds.
    assert_eq!(
        sim.transcript().sequence("django/1"),
        [
            "install",
            "juju-info-relation-created",
            "leader-settings-changed",
            "config-changed",
            "start",
            "juju-info-relation-joined log-agent/1",
            "juju-info-relation-changed log-agent/1",
            "juju-info-relation-changed log-agent/1",
        ]
    );
    assert!(sim.transcript().failures().next().is_none());

    // Juju's hook environment names the principal in subordinates only.
    let env = |unit: &str| {
        let mut model = sim.deployment().clone();
        model.begin_hook(unit, "update-status", None);
        model
            .hook_env("/charm")
            .into_iter()
            .find(|(k, _)| k == "JUJU_PRINCIPAL_UNIT")
            .map(|(_, v)| v)
    };
    assert_eq!(env("log-agent/1").as_deref(), Some("django/1"));
    assert_eq!(env("django/1").as_deref(), Some(""));
}

#[test]
fn charm_records_subordinate_and_scopes_from_metadata() {
    use iface::charm::RelationScope;

    let agent = &log_agent_charm::CHARM;
    assert!(agent.subordinate);
    assert_eq!(
        agent.scopes,
        [
            ("juju-info", RelationScope::Container),
            ("agents", RelationScope::Global)
        ]
    );
    assert_eq!(agent.scope_of("juju-info"), Some(RelationScope::Container));
    assert_eq!(agent.scope_of("nothing"), None);
    let django = &django_charm::CHARM;
    assert!(!django.subordinate);
    assert_eq!(django.scopes, [("website", RelationScope::Global)]);
}

#[test]
fn subordinate_units_come_only_from_principals() {
    let mut sim = Simulation::new();
    assert!(matches!(
        sim.deploy("log-agent", &log_agent_charm::CHARM, 1),
        Err(SimError::Subordinate(_))
    ));
    let id = deploy(&mut sim, 1);
    assert!(matches!(
        sim.add_unit("log-agent"),
        Err(SimError::Subordinate(_))
    ));
    // No agent before its principal entered the relation.
    assert!(sim.units("log-agent").is_empty());
    sim.settle().unwrap();
    assert_eq!(
        sim.remove_unit("log-agent/0").unwrap_err(),
        SimError::Subordinate(
            "log-agent/0 is a subordinate unit: it goes with its principal django/0 or with its \
             relation to it"
                .to_owned()
        )
    );
    assert_converged(&sim, id, &["django/0"], 0);
    // An endpoint that neither metadata nor Juju gives is refused.
    assert_eq!(
        sim.relate("log-agent:juju-info", "django:juju-infos")
            .unwrap_err(),
        SimError::UnknownEndpoint("charm django has no relation \"juju-infos\"".to_owned())
    );
}

#[test]
fn scaling_the_principal_adds_and_removes_agents_with_nothing_stale() {
    for seed in 0..SEEDS / 20 {
        let mut sim = Simulation::with_seed(seed);
        let id = deploy(&mut sim, 3);
        sim.settle().unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        let before = sim.transcript().len();
        let gone = sim.subordinates("django/1").pop().unwrap();
        sim.remove_unit("django/1").unwrap();
        sim.add_unit("django").unwrap();
        sim.settle().unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        assert_converged(&sim, id, &["django/0", "django/2", "django/3"], seed);
        assert_containers_kept(&sim, seed);
        assert_left(&sim, "django/1", &gone, seed);
        assert_left(&sim, &gone, "django/1", seed);
        // The agents that stayed saw nothing of it on juju-info, and ran
        // `-departed` for it on their peer relation.
        let late = sim.transcript().since(before + 1);
        for agent in sim.units("log-agent") {
            let hooks = late.sequence(&agent);
            assert!(
                !hooks.iter().any(|h| h.starts_with("juju-info-"))
                    || sim.principal(&agent).as_deref() == Some("django/3"),
                "seed {seed}: {agent}: {hooks:?}"
            );
            if sim.principal(&agent).as_deref() != Some("django/3") {
                assert!(
                    hooks.contains(&format!("agents-relation-departed {gone}")),
                    "seed {seed}: {agent}: {hooks:?}"
                );
            }
        }

        // Removing the relation removes every agent; nothing is left behind.
        sim.remove_relation(id).unwrap();
        sim.settle().unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        assert!(sim.units("log-agent").is_empty(), "seed {seed}");
        assert_eq!(sim.leader("log-agent"), None, "seed {seed}");
        for principal in ["django/0", "django/2", "django/3"] {
            assert!(sim.subordinates(principal).is_empty(), "seed {seed}");
            assert_eq!(
                sim.store(principal, "reactive.").unwrap(),
                BTreeMap::new(),
                "seed {seed}: {principal}"
            );
            let hooks = sim.transcript().sequence(principal);
            assert_eq!(
                hooks.last().map(String::as_str),
                Some("juju-info-relation-broken"),
                "seed {seed}: {principal}: {hooks:?}"
            );
        }
        assert!(sim.transcript().failures().next().is_none(), "seed {seed}");

        // Relating again gives fresh agents.
        let again = sim
            .relate("log-agent:juju-info", "django:juju-info")
            .unwrap();
        sim.settle().unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        assert_converged(&sim, again, &["django/0", "django/2", "django/3"], seed);
        assert!(
            sim.units("log-agent").iter().all(|a| ![
                "log-agent/0",
                "log-agent/1",
                "log-agent/2",
                "log-agent/3"
            ]
            .contains(&a.as_str())),
            "seed {seed}"
        );
    }
}

#[test]
fn removing_the_relation_removes_each_agent_after_its_broken() {
    let mut sim = Simulation::with_seed(3);
    let id = deploy(&mut sim, 2);
    sim.settle().unwrap();
    let agents = sim.units("log-agent");
    sim.remove_relation(id).unwrap();
    sim.settle().unwrap();
    for agent in &agents {
        let principal = sim.principal(agent).unwrap();
        assert_left(&sim, agent, &principal, 3);
        assert_eq!(
            sim.transcript()
                .hooks_of(agent)
                .find(|h| h.label() == format!("juju-info-relation-departed {principal}"))
                .and_then(|h| h.departing_unit.clone()),
            Some(principal),
            "the relation went, not the agent: the principal is the departing unit"
        );
    }
    assert!(sim.units("log-agent").is_empty());
}

// Every seed, the seeds spread over the machine's cores.
#[test]
fn the_deployment_converges_under_seeds_1_to_300() {
    across_cores(1..=SEEDS, converges);
}

fn converges(seed: u64) {
    let mut sim = Simulation::with_seed(seed);
    let id = deploy(&mut sim, 3);
    // Change the principal while the agents are still settling in.
    for _ in 0..seed % 40 {
        sim.step();
    }
    sim.add_unit("django").unwrap();
    sim.remove_unit("django/0").unwrap();
    sim.settle().unwrap_or_else(|e| panic!("seed {seed}: {e}"));
    assert_converged(&sim, id, &["django/1", "django/2", "django/3"], seed);
    assert_containers_kept(&sim, seed);
}

fn binary(name: &str) -> PathBuf {
    Path::new(env!("CARGO_BIN_EXE_log-agent")).with_file_name(name)
}

#[test]
fn the_binaries_as_processes_end_as_the_in_process_run() {
    let (agent, django) = (binary("log-agent"), binary("django"));
    let binaries = [("log-agent", agent.as_path()), ("django", django.as_path())];
    for seed in [0, 7] {
        let mut in_process = Simulation::with_seed(seed);
        let mut processes = Simulation::of_binaries(seed, &binaries).unwrap();
        let mut states = Vec::new();
        for sim in [&mut in_process, &mut processes] {
            let id = deploy(sim, 3);
            sim.settle().unwrap();
            let settled = sim.ending().unwrap();
            sim.add_unit("django").unwrap();
            sim.remove_unit("django/1").unwrap();
            sim.settle().unwrap();
            let scaled = sim.ending().unwrap();
            sim.remove_relation(id).unwrap();
            sim.settle().unwrap();
            states.push([settled, scaled, sim.ending().unwrap()]);
        }
        assert_eq!(states[1], states[0], "seed {seed}");
        // What was compared is the deployment of three agents, not nothing.
        let placed: Vec<&Value> = states[0][1]["units"]
            .as_object()
            .unwrap()
            .values()
            .filter(|unit| !unit[1].is_null())
            .collect();
        assert_eq!(placed.len(), 3, "seed {seed}: {}", states[0][1]);
        // The same hooks in the same order, and the same relation data calls.
        assert_eq!(
            processes.transcript().data_calls(),
            in_process.transcript().data_calls(),
            "seed {seed}"
        );
        assert!(processes.transcript().failures().next().is_none());
    }
}
