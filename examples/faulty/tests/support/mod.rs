//! What the faulty charm's tests share: its binary, its one relation (to
//! a haproxy unit), that relation's `-changed` hook, and a model of it on
//! disk under the fake tools.

#![allow(dead_code)]

use std::path::Path;
use std::process::Output;

use iface_sim::process::{HookProcess, ProcessModel, charm_command};
use iface_sim::{Deployment, HookRelation};

/// The unit under test.
pub const UNIT: &str = "faulty/0";
/// Its relation to `haproxy/0`.
pub const RELATION: u32 = 1;
/// The hook the tests run.
pub const HOOK: &str = "website-relation-changed";

/// The faulty charm binary cargo built for these tests.
pub fn binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_faulty"))
}

/// `faulty/0` (the leader) related to `haproxy/0` on `website`.
pub fn deployment() -> Deployment {
    Deployment::related(
        RELATION,
        ("faulty", "website"),
        ("haproxy", "reverseproxy"),
        &[UNIT, "haproxy/0"],
    )
}

/// [`deployment`] on disk under `root`, with the fake tools.
pub fn process_model(root: &Path) -> ProcessModel {
    ProcessModel::beside(root, binary(), &deployment()).unwrap()
}

/// [`HOOK`] of `faulty/0`, about `haproxy/0`, with `env` on top.
pub fn run(model: &ProcessModel, env: &[(&str, &str)]) -> HookProcess {
    let relation = Some(HookRelation::unit(RELATION, "haproxy/0"));
    model.run_hook(binary(), UNIT, HOOK, relation, env).unwrap()
}

/// The binary's command line `args`, with only `CHARM_DIR` set.
pub fn cli(charm_dir: &Path, args: &[&str]) -> Output {
    charm_command(binary(), charm_dir, args).unwrap()
}
