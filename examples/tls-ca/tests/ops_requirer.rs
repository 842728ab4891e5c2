//! tls-ca (Rust) against an unmodified ops charm built on the official
//! `charmlibs-interfaces-tls-certificates` library (`TLSCertificatesRequiresV4`,
//! unit mode, two units), deployed as processes in the simulator, under
//! five seeded hook orders: each ops unit gets a certificate for its own
//! CSR that verifies against the CA's certificate, and the library raises
//! its certificate-available event (the fixture says so in its status).
//! What tls-ca wrote validates against the JSON Schema of the library's
//! own data model (pydantic's `model_json_schema()`, made now from the
//! installed package) and against `iface schema`'s output for the
//! interface.

#[path = "../../tls-certificates/tests/support/ops_library.rs"]
mod ops_library;

use std::path::PathBuf;
use std::time::Instant;

use iface::testing::Simulation;
use iface_sim::process::fake_tools_beside;
use iface_tool::schema::{check_recorded, export};
use tls_certificates_interface::{ProviderAppData, UnitRequests};
use x509_parser::pem::parse_x509_pem;
use x509_parser::prelude::{FromDer, X509Certificate};

use iface_runtime::cli::describe;
use ops_library::{assert_clean, ops_charm, print_calls, recorded};

fn tls_ca() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_tls-ca"))
}

/// The certificate PEM `pem` parsed, for the checks below.
fn verify_issued_by(certificate: &str, ca: &str) -> String {
    let (_, leaf) = parse_x509_pem(certificate.as_bytes()).unwrap();
    let (_, authority) = parse_x509_pem(ca.as_bytes()).unwrap();
    let (_, leaf) = X509Certificate::from_der(&leaf.contents).unwrap();
    let (_, authority) = X509Certificate::from_der(&authority.contents).unwrap();
    leaf.verify_signature(Some(authority.public_key()))
        .expect("signed by the CA");
    assert!(authority.is_ca() && !leaf.is_ca());
    leaf.subject().to_string()
}

#[test]
fn the_official_requirer_gets_a_verified_certificate_per_unit_from_tls_ca() {
    let started = Instant::now();
    let tools = fake_tools_beside(&tls_ca());
    assert!(
        tools.exists(),
        "{} is built by cargo test --workspace",
        tools.display()
    );
    let root = tempfile::tempdir().unwrap();
    let charm = ops_charm(root.path(), "ops-requirer");
    let library_schema = ops_library::model_schema("_ProviderApplicationData");
    let sides = export(
        &[describe(&tls_ca_charm::CHARM)],
        Some("tls-certificates"),
        4,
    )
    .unwrap();
    let provider_schema = &sides
        .iter()
        .find(|side| side.path.ends_with("provider.json"))
        .expect("a provider.json")
        .schema;
    let ca_bin = tls_ca();
    for seed in 1..=5 {
        let mut sim =
            Simulation::in_processes(seed, &tools, [("tls-ca", ca_bin.as_path())]).unwrap();
        sim.deploy("tls-ca", &tls_ca_charm::CHARM, 2).unwrap();
        sim.deploy_dir("requirer", &charm, 2).unwrap();
        let relation = sim
            .relate("tls-ca:certificates", "requirer:certificates")
            .unwrap();
        sim.settle()
            .unwrap_or_else(|e| panic!("seed {seed}: {e}\n{}", sim.transcript()));
        assert_clean(&sim, seed);

        let answer: ProviderAppData =
            iface::data::from_json_bag(&sim.relation_data(relation, "tls-ca"))
                .unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        for unit in ["requirer/0", "requirer/1"] {
            let name = unit.replace('/', "-");
            let status = sim.status(unit).unwrap();
            assert_eq!(
                (status.status.as_str(), status.message.as_str()),
                (
                    "active",
                    format!("certificate-available: {name}.example verified").as_str()
                ),
                "seed {seed}: {unit}\n{}",
                sim.transcript()
            );
            let asked: UnitRequests =
                iface::data::from_json_bag(&sim.relation_data(relation, unit)).unwrap();
            let [request] = asked.certificate_signing_requests.as_slice() else {
                panic!("seed {seed}: {unit} asked {asked:?}");
            };
            let issued = answer
                .certificates
                .iter()
                .find(|c| c.certificate_signing_request == request.certificate_signing_request)
                .unwrap_or_else(|| panic!("seed {seed}: no certificate for {unit}'s CSR"));
            let subject = verify_issued_by(&issued.certificate, &issued.ca);
            assert!(subject.contains(&format!("{name}.example")), "{subject}");
        }
        assert!(
            answer.request_errors.is_empty(),
            "seed {seed}: {:?}",
            answer.request_errors
        );

        let data = recorded(&sim, relation, "tls-ca");
        let against_library = check_recorded(&library_schema, &data).unwrap();
        assert!(
            against_library.is_empty(),
            "seed {seed}: {against_library:#?}"
        );
        let against_ours = check_recorded(provider_schema, &data).unwrap();
        assert!(against_ours.is_empty(), "seed {seed}: {against_ours:#?}");
        if seed == 1 {
            print_calls(&sim, "tls-ca", "requirer");
        }
    }
    eprintln!("5 seeds in {:.1?}", started.elapsed());
}
