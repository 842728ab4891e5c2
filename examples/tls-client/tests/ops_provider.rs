//! tls-client (Rust, two units) against an unmodified ops charm built on
//! the official `charmlibs-interfaces-tls-certificates` library
//! (`TLSCertificatesProvidesV4`, signing with the library's own helpers),
//! deployed as processes in the simulator, under five seeded hook orders:
//! each Rust unit ends with a certificate that verifies, and what it wrote
//! validates against the library's requirer model and `iface schema`'s
//! requirer.json. Removing the relation then leaves no flag, stored value
//! or secret of the Rust side behind.

#[path = "../../tls-certificates/tests/support/ops_library.rs"]
mod ops_library;

use std::path::PathBuf;
use std::time::Instant;

use iface::testing::Simulation;
use iface_sim::process::fake_tools_beside;
use iface_tool::schema::{check_recorded, export};

use iface_runtime::cli::describe;
use ops_library::{assert_clean, ops_charm, print_calls, recorded};

fn tls_client() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_tls-client"))
}

const UNITS: [&str; 2] = ["tls-client/0", "tls-client/1"];

#[test]
fn tls_client_units_get_verified_certificates_from_the_official_provider_and_leave_nothing_on_removal()
 {
    let started = Instant::now();
    let client = tls_client();
    let tools = fake_tools_beside(&client);
    assert!(
        tools.exists(),
        "{} is built by cargo test --workspace",
        tools.display()
    );
    let root = tempfile::tempdir().unwrap();
    let charm = ops_charm(root.path(), "ops-provider");
    let library_schema = ops_library::model_schema("_RequirerData");
    let sides = export(
        &[describe(&tls_client_charm::CHARM)],
        Some("tls-certificates"),
        4,
    )
    .unwrap();
    let requirer_schema = &sides
        .iter()
        .find(|side| side.path.ends_with("requirer.json"))
        .expect("a requirer.json")
        .schema;
    for seed in 1..=5 {
        let mut sim =
            Simulation::in_processes(seed, &tools, [("tls-client", client.as_path())]).unwrap();
        sim.deploy_dir("provider", &charm, 2).unwrap();
        sim.deploy("tls-client", &tls_client_charm::CHARM, 2)
            .unwrap();
        let relation = sim
            .relate("provider:certificates", "tls-client:certificates")
            .unwrap();
        sim.settle()
            .unwrap_or_else(|e| panic!("seed {seed}: {e}\n{}", sim.transcript()));
        for unit in UNITS {
            assert!(
                sim.flags(unit).unwrap().contains("tls.verified"),
                "seed {seed}: {unit} {:?}\n{}",
                sim.flags(unit),
                sim.transcript()
            );
            let status = sim.status(unit).unwrap();
            let name = unit.replace('/', "-");
            assert_eq!(status.status, "active", "seed {seed}: {unit}");
            assert!(
                status.message.starts_with("certificate verified: ")
                    && status.message.contains(&format!("{name}.example")),
                "seed {seed}: {unit}: {}",
                status.message
            );
        }
        assert_eq!(
            sim.status("provider/0").map(|s| s.message),
            Some("2 certificates issued".to_owned()),
            "seed {seed}"
        );
        let data = recorded(&sim, relation, "tls-client");
        assert_eq!(data.units.len(), 2, "seed {seed}: {data:?}");
        let against_library = check_recorded(&library_schema, &data).unwrap();
        assert!(
            against_library.is_empty(),
            "seed {seed}: {against_library:#?}"
        );
        let against_ours = check_recorded(requirer_schema, &data).unwrap();
        assert!(against_ours.is_empty(), "seed {seed}: {against_ours:#?}");
        sim.remove_relation(relation).unwrap();
        sim.settle()
            .unwrap_or_else(|e| panic!("seed {seed}: {e}\n{}", sim.transcript()));
        for unit in UNITS {
            let flags = sim.flags(unit).unwrap();
            assert!(flags.is_empty(), "seed {seed}: {unit}: {flags:?}");
            let stored = sim.store(unit, "tls-client.").unwrap();
            assert!(stored.is_empty(), "seed {seed}: {unit}: {stored:?}");
            assert_eq!(
                sim.status(unit).map(|s| (s.status, s.message)),
                Some(("waiting".to_owned(), "no certificate provider".to_owned())),
                "seed {seed}: {unit}"
            );
        }
        let left: Vec<String> = sim
            .deployment()
            .secrets
            .values()
            .filter(|secret| secret.owner_app() == "tls-client")
            .map(|secret| format!("{:?}", secret.label))
            .collect();
        assert!(left.is_empty(), "seed {seed}: secrets left: {left:?}");
        assert_clean(&sim, seed);
        if seed == 1 {
            print_calls(&sim, "tls-client", "provider");
        }
    }
    eprintln!("5 seeds in {:.1?}", started.elapsed());
}
