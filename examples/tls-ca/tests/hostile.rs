//! A hostile requirer unit beside two honest ones: a CSR that is not PEM,
//! a CSR list that is not JSON, a 1 MiB CSR and 1,000 CSRs each get a
//! `request_errors` entry or a typed error in tls-ca's log, never a failed
//! hook, a panic, or a changed or lost certificate for the other units.

use std::collections::BTreeMap;

use iface::testing::Simulation;
use tls_certificates_interface::{ProviderAppData, UnitRequests};

const HONEST: [&str; 2] = ["tls-client/0", "tls-client/1"];
const HOSTILE: &str = "tls-client/2";
const KEY: &str = "certificate_signing_requests";

/// tls-ca with three tls-client units, settled: every client verified.
fn deployment(seed: u64) -> (Simulation, u32) {
    let mut sim = Simulation::with_seed(seed);
    sim.deploy("tls-ca", &tls_ca_charm::CHARM, 1).unwrap();
    sim.deploy("tls-client", &tls_client_charm::CHARM, 3)
        .unwrap();
    let relation = sim
        .relate("tls-ca:certificates", "tls-client:certificates")
        .unwrap();
    sim.settle().unwrap();
    for unit in HONEST.iter().chain([&HOSTILE]) {
        assert!(sim.flags(unit).unwrap().contains("tls.verified"), "{unit}");
    }
    (sim, relation)
}

fn answer(sim: &Simulation, relation: u32) -> ProviderAppData {
    iface::data::from_json_bag(&sim.relation_data(relation, "tls-ca")).unwrap()
}

/// The certificate tls-ca issued for each honest unit's CSR.
fn honest_certificates(sim: &Simulation, relation: u32) -> BTreeMap<&'static str, String> {
    let answer = answer(sim, relation);
    HONEST
        .iter()
        .map(|&unit| {
            let asked: UnitRequests =
                iface::data::from_json_bag(&sim.relation_data(relation, unit)).unwrap();
            let csr = &asked.certificate_signing_requests[0].certificate_signing_request;
            let issued = answer
                .certificates
                .iter()
                .find(|c| &c.certificate_signing_request == csr)
                .unwrap_or_else(|| panic!("no certificate for {unit}"));
            (unit, issued.certificate.clone())
        })
        .collect()
}

/// Puts `value` under the requests key of the hostile unit's bag (as a
/// unit could with `relation-set`), then lets tls-ca's leader answer in
/// its next hook.
fn poison(sim: &mut Simulation, relation: u32, value: String) {
    sim.deployment()
        .relations
        .get_mut(&relation)
        .unwrap()
        .unit_data
        .get_mut(HOSTILE)
        .unwrap()
        .insert(KEY.to_owned(), value);
    sim.update_status();
    sim.settle().unwrap();
}

fn requests(csrs: impl IntoIterator<Item = String>) -> String {
    let list: Vec<serde_json::Value> = csrs
        .into_iter()
        .map(|csr| serde_json::json!({"certificate_signing_request": csr, "ca": false}))
        .collect();
    serde_json::to_string(&list).unwrap()
}

/// What the hostile data must never do: fail a hook, or change or lose a
/// certificate of an honest unit.
fn assert_honest_units_unharmed(sim: &Simulation, relation: u32, before: &BTreeMap<&str, String>) {
    assert_eq!(
        sim.transcript().failures().count(),
        0,
        "{}",
        sim.transcript()
    );
    assert_eq!(&honest_certificates(sim, relation), before);
    for unit in HONEST {
        assert!(sim.flags(unit).unwrap().contains("tls.verified"), "{unit}");
    }
}

fn logged(sim: &Simulation, text: &str) -> bool {
    sim.deployment()
        .logs
        .iter()
        .any(|entry| entry.unit.starts_with("tls-ca/") && entry.message.contains(text))
}

#[test]
fn a_csr_that_is_not_pem_gets_a_request_error() {
    let (mut sim, relation) = deployment(1);
    let before = honest_certificates(&sim, relation);
    poison(
        &mut sim,
        relation,
        requests(["hello, not a CSR".to_owned()]),
    );
    assert_honest_units_unharmed(&sim, relation, &before);
    let errors = answer(&sim, relation).request_errors;
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].csr, "hello, not a CSR");
    assert_eq!(
        (errors[0].error.code, errors[0].error.message.as_str()),
        (999, "not a PEM document")
    );
}

#[test]
fn a_csr_list_that_is_not_json_is_a_typed_error_naming_unit_and_key() {
    let (mut sim, relation) = deployment(2);
    let before = honest_certificates(&sim, relation);
    poison(&mut sim, relation, "[{not json".to_owned());
    assert_honest_units_unharmed(&sim, relation, &before);
    assert!(answer(&sim, relation).request_errors.is_empty());
    let expected = format!(
        "ignoring the requests of {HOSTILE}: relation certificates:{relation}, unit {HOSTILE}: key `{KEY}`: expected a JSON array, found \"[{{not json\""
    );
    assert!(logged(&sim, &expected), "{:#?}", sim.deployment().logs);
}

#[test]
fn a_one_mebibyte_csr_gets_a_request_error_quoting_it_short() {
    let (mut sim, relation) = deployment(3);
    let before = honest_certificates(&sim, relation);
    let huge = format!(
        "-----BEGIN CERTIFICATE REQUEST-----\n{}\n-----END CERTIFICATE REQUEST-----",
        "A".repeat(1 << 20)
    );
    poison(&mut sim, relation, requests([huge.clone()]));
    assert_honest_units_unharmed(&sim, relation, &before);
    let errors = answer(&sim, relation).request_errors;
    assert_eq!(errors.len(), 1);
    assert_eq!(
        errors[0].error.message,
        format!("a CSR of {} bytes is over the 16384-byte limit", huge.len())
    );
    assert_eq!(errors[0].csr.len(), 256);
    assert!(huge.starts_with(&errors[0].csr));
}

#[test]
fn a_thousand_csrs_are_refused_past_the_limit_with_a_bounded_error_list() {
    let (mut sim, relation) = deployment(4);
    let before = honest_certificates(&sim, relation);
    poison(
        &mut sim,
        relation,
        requests((0..1000).map(|i| format!("not a CSR either, number {i}"))),
    );
    assert_honest_units_unharmed(&sim, relation, &before);
    let errors = answer(&sim, relation).request_errors;
    assert_eq!(errors.len(), 8, "{errors:?}");
    assert!(logged(
        &sim,
        &format!("refused 1000 CSRs of {HOSTILE}; only the first 8 are listed in request_errors")
    ));
    // The bag stays small: the answer holds two certificates and 8 errors.
    let bag = sim.relation_data(relation, "tls-ca");
    let size: usize = bag.values().map(String::len).sum();
    assert!(size < 64 * 1024, "{size} bytes");
}
