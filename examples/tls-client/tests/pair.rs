//! Both Rust sides in one deployment: every tls-client unit ends with a
//! verified certificate from tls-ca, under many hook orders, and removing
//! the relation leaves no flag or secret of the client behind.

use iface::testing::Simulation;

#[test]
fn every_client_unit_gets_a_verified_certificate_and_removal_leaves_nothing() {
    for seed in 1..=20 {
        let mut sim = Simulation::with_seed(seed);
        sim.deploy("tls-ca", &tls_ca_charm::CHARM, 2).unwrap();
        sim.deploy("tls-client", &tls_client_charm::CHARM, 2)
            .unwrap();
        let relation = sim
            .relate("tls-ca:certificates", "tls-client:certificates")
            .unwrap();
        sim.settle()
            .unwrap_or_else(|e| panic!("seed {seed}: {e}\n{}", sim.transcript()));
        for unit in ["tls-client/0", "tls-client/1"] {
            let flags = sim.flags(unit).unwrap();
            assert!(
                flags.contains("tls.verified"),
                "seed {seed} {unit}: {flags:?}\n{}",
                sim.transcript()
            );
        }
        sim.remove_relation(relation).unwrap();
        sim.settle().unwrap();
        for unit in ["tls-client/0", "tls-client/1"] {
            let flags = sim.flags(unit).unwrap();
            assert!(flags.is_empty(), "seed {seed} {unit}: {flags:?}");
        }
        let left: Vec<String> = sim
            .deployment()
            .secrets
            .values()
            .filter(|s| s.owner_app() == "tls-client")
            .map(|s| format!("{:?}", s.label))
            .collect();
        assert!(left.is_empty(), "seed {seed}: {left:?}");
        assert_eq!(sim.transcript().failures().count(), 0, "seed {seed}");
    }
}
