//! Building a charm crate's binary with cargo (`$CARGO`, else `cargo` on
//! `PATH`), one argv element per argument: `cargo metadata` names the
//! crate's one binary target, `cargo build --message-format json` says
//! where the executable is, whatever the target directory and profile.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::error::PackError;

fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// Builds the binary of the crate in `dir` with `profile` and returns the
/// executable's path. Cargo's progress and errors go to stderr.
pub fn build(dir: &Path, profile: &str) -> Result<PathBuf, PackError> {
    let manifest = dir.join("Cargo.toml");
    if !manifest.is_file() {
        return Err(PackError::file(
            dir,
            "no Cargo.toml: `iface pack` builds the charm's binary from its crate; give \
             `--binary FILE` to pack one built elsewhere",
        ));
    }
    let binary = binary_name(&manifest)?;
    let run = cargo()
        .arg("build")
        .arg("--manifest-path")
        .arg(&manifest)
        .args(["--profile", profile, "--bin", &binary])
        .arg("--message-format=json-render-diagnostics")
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| PackError::other(format!("cannot run cargo: {e}")))?;
    if !run.status.success() {
        return Err(PackError::file(
            &manifest,
            format!(
                "`cargo build --profile {profile} --bin {binary}` failed ({}); its errors are above",
                run.status
            ),
        ));
    }
    String::from_utf8_lossy(&run.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|message| {
            message["reason"] == "compiler-artifact" && message["target"]["name"] == binary.as_str()
        })
        .find_map(|message| message["executable"].as_str().map(PathBuf::from))
        .ok_or_else(|| {
            PackError::file(
                &manifest,
                format!("cargo built no executable for the binary `{binary}`"),
            )
        })
}

/// The name of the one binary target of the crate whose manifest is
/// `manifest`.
fn binary_name(manifest: &Path) -> Result<String, PackError> {
    let run = cargo()
        .args([
            "metadata",
            "--no-deps",
            "--format-version",
            "1",
            "--manifest-path",
        ])
        .arg(manifest)
        .output()
        .map_err(|e| PackError::other(format!("cannot run cargo: {e}")))?;
    if !run.status.success() {
        return Err(PackError::file(
            manifest,
            format!(
                "`cargo metadata` failed: {}",
                String::from_utf8_lossy(&run.stderr).trim()
            ),
        ));
    }
    let metadata: serde_json::Value = serde_json::from_slice(&run.stdout)
        .map_err(|e| PackError::file(manifest, format!("`cargo metadata` printed no JSON: {e}")))?;
    let wanted = manifest
        .canonicalize()
        .unwrap_or_else(|_| manifest.to_owned());
    let package = metadata["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|package| {
            package["manifest_path"]
                .as_str()
                .is_some_and(|path| Path::new(path) == wanted)
        })
        .ok_or_else(|| PackError::file(manifest, "`cargo metadata` does not list this crate"))?;
    let binaries: Vec<&str> = package["targets"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|target| {
            target["kind"]
                .as_array()
                .is_some_and(|kinds| kinds.iter().any(|kind| kind == "bin"))
        })
        .filter_map(|target| target["name"].as_str())
        .collect();
    match binaries[..] {
        [one] => Ok(one.to_owned()),
        [] => Err(PackError::file(
            manifest,
            "the crate has no binary target: a charm crate's binary is what Juju runs",
        )),
        _ => Err(PackError::file(
            manifest,
            format!(
                "the crate has {} binary targets ({}); a charm crate has one, the binary Juju runs",
                binaries.len(),
                binaries.join(", ")
            ),
        )),
    }
}
