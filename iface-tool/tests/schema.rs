//! `iface schema` and `iface check --schema` as processes, on the tls pair:
//! the schemas land in charm-relation-interfaces' layout, each charm's
//! types and real relation data from a deployment pass them, and data or
//! types that differ fail naming each key. `iface doc` names the bag and
//! encoding of each key.

// The pack tests' helpers too, of which these tests use the command and
// scratch folders.
#[allow(dead_code)]
mod support;

use std::path::{Path, PathBuf};

use iface_runtime::charm::Charm;
use iface_sim::Simulation;
use support::{iface, scratch};

/// `CHARM describe --format json`, in-process, written into `dir`.
fn describe(dir: &Path, charm: &'static Charm) -> PathBuf {
    let path = dir.join(format!("{}.json", charm.name));
    std::fs::write(&path, iface_runtime::cli::describe(charm).to_string()).unwrap();
    path
}

/// The schemas of the tls pair, written under `dir`.
fn schemas(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let ca = describe(dir, &tls_ca_charm::CHARM);
    let client = describe(dir, &tls_client_charm::CHARM);
    let out = dir.join("schemas");
    let run = iface(&[
        "schema".as_ref(),
        "--describe".as_ref(),
        ca.as_os_str(),
        "--describe".as_ref(),
        client.as_os_str(),
        "--version".as_ref(),
        "4".as_ref(),
        "--output".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let provider = out.join("tls_certificates/v4/provider.json");
    let requirer = out.join("tls_certificates/v4/requirer.json");
    assert_eq!(
        run.stdout,
        format!("{}\n{}\n", provider.display(), requirer.display())
    );
    (ca, provider, requirer)
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn the_schemas_describe_each_sides_bags_as_the_wire_holds_them() {
    let dir = scratch("schema-layout");
    let (_, provider, requirer) = schemas(&dir);
    let provider = json(&provider);
    assert_eq!(
        provider["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_eq!(provider["required"], serde_json::json!(["app"]));
    let certificates = &provider["properties"]["app"]["properties"]["certificates"];
    assert_eq!(certificates["type"], "string");
    assert_eq!(certificates["contentMediaType"], "application/json");
    assert_eq!(certificates["contentSchema"]["type"], "array");
    let requirer = json(&requirer);
    assert_eq!(requirer["required"], serde_json::json!(["app", "unit"]));
    assert_eq!(
        requirer["$defs"]["CertificateRequest"]["required"],
        serde_json::json!(["certificate_signing_request", "ca"])
    );
}

#[test]
fn a_charms_types_pass_its_schema_and_types_that_differ_fail_naming_each_key() {
    let dir = scratch("schema-types");
    let (ca, provider, requirer) = schemas(&dir);
    let run = iface(&[
        "check".as_ref(),
        "--schema".as_ref(),
        provider.as_os_str(),
        "--describe".as_ref(),
        ca.as_os_str(),
    ]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (
            Some(0),
            format!("valid against {}\n", provider.display()).as_str()
        ),
        "{}",
        run.stderr
    );
    // tls-ca's types against the requirer's schema: the app bag there
    // holds other keys.
    let run = iface(&[
        "check".as_ref(),
        "--schema".as_ref(),
        requirer.as_os_str(),
        "--describe".as_ref(),
        ca.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let keys: Vec<&str> = report["mismatches"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["key"].as_str())
        .collect();
    assert_eq!(
        keys,
        ["certificates", "request_errors", "capabilities"],
        "{report}"
    );
}

#[test]
fn recorded_data_passes_and_bad_data_fails_naming_each_key() {
    let dir = scratch("schema-data");
    let (_, provider, requirer) = schemas(&dir);
    let mut sim = Simulation::with_seed(3);
    sim.deploy("tls-ca", &tls_ca_charm::CHARM, 1).unwrap();
    sim.deploy("tls-client", &tls_client_charm::CHARM, 2)
        .unwrap();
    let relation = sim
        .relate("tls-ca:certificates", "tls-client:certificates")
        .unwrap();
    sim.settle().unwrap();
    let app = sim.relation_data(relation, "tls-ca");
    let data = dir.join("tls-ca-data.json");
    std::fs::write(&data, serde_json::json!({ "app": app }).to_string()).unwrap();
    let run = iface(&[
        "check".as_ref(),
        "--schema".as_ref(),
        provider.as_os_str(),
        "--data".as_ref(),
        data.as_os_str(),
    ]);
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
    let units: serde_json::Map<String, serde_json::Value> = ["tls-client/0", "tls-client/1"]
        .into_iter()
        .map(|unit| {
            (
                unit.to_owned(),
                serde_json::json!(sim.relation_data(relation, unit)),
            )
        })
        .collect();
    let data = dir.join("tls-client-data.json");
    std::fs::write(&data, serde_json::json!({ "units": units }).to_string()).unwrap();
    let run = iface(&[
        "check".as_ref(),
        "--schema".as_ref(),
        requirer.as_os_str(),
        "--data".as_ref(),
        data.as_os_str(),
    ]);
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);

    let bad = dir.join("bad.json");
    let bad_data = serde_json::json!({
        "app": {
            "certificates": "[{\"ca\": 1}]",
            "request_errors": "not json",
            "private-address": "10.0.0.1"
        }
    });
    std::fs::write(&bad, bad_data.to_string()).unwrap();
    let run = iface(&[
        "check".as_ref(),
        "--schema".as_ref(),
        provider.as_os_str(),
        "--data".as_ref(),
        bad.as_os_str(),
    ]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines[0],
        format!("2 mismatches against {}:", provider.display())
    );
    assert!(
        lines[1].starts_with("  app `certificates`: "),
        "{}",
        run.stdout
    );
    assert!(
        lines[1].contains("\"certificate\" is a required property"),
        "{}",
        run.stdout
    );
    assert!(
        lines[2].starts_with("  app `request_errors`: not JSON"),
        "{}",
        run.stdout
    );
}

#[test]
fn iface_doc_names_the_bag_and_encoding_of_each_key() {
    let dir = scratch("schema-doc");
    let ca = describe(&dir, &tls_ca_charm::CHARM);
    let charm = support::example("tls-ca");
    let run = iface(&[
        "doc".as_ref(),
        charm.as_os_str(),
        "--describe".as_ref(),
        ca.as_os_str(),
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stdout.contains("| `certificates` | the leader of `tls-ca` (application bag, JSON) | each remote unit | as soon as related |"),
        "{}",
        run.stdout
    );
}
