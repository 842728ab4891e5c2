//! What django's tests share: its binary, the demo's deployment, and that
//! deployment on disk under the fake tools.

#![allow(dead_code)]

mod deployment;

use std::path::Path;
use std::process::Output;

use iface_sim::process::{ProcessModel, charm_command};

#[allow(unused_imports)]
pub use deployment::{RELATION, deployment, joined};

/// The unit under test.
pub const UNIT: &str = "django/0";

/// The django binary cargo built for these tests.
pub fn binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_django"))
}

/// [`deployment`] on disk under `root`, with the fake tools.
pub fn process_model(root: &Path) -> ProcessModel {
    ProcessModel::beside(root, binary(), &deployment()).unwrap()
}

/// `django ARGS...` with only `CHARM_DIR` set: no hook context.
pub fn django(charm_dir: &Path, args: &[&str]) -> Output {
    charm_command(binary(), charm_dir, args).unwrap()
}
