//! The Python side: charms.reactive and ops, the real packages installed
//! from PyPI with pip into folders under `target/`, and the charm
//! directories of both made of the files in `bench/python/`.

use std::fs;
use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};

/// What the charms.reactive charms run against.
pub const REACTIVE_REQUIREMENTS: [&str; 2] = ["charms.reactive==1.5.3", "charmhelpers==1.2.1"];

/// What the ops charms run against (ops brings its own dependencies:
/// `PyYAML`, `websocket-client`, `opentelemetry-api`).
pub const OPS_REQUIREMENTS: [&str; 1] = ["ops==3.9.0"];

/// The interpreter and the packages installed for it.
pub struct Python {
    /// `sys.executable` of the `python3` on `PATH`.
    pub executable: PathBuf,
    /// Its version, e.g. `Python 3.11.7`.
    pub version: String,
    /// The `pip install --target` directory of charms.reactive.
    pub packages: PathBuf,
    /// The `pip install --target` directory of ops: every ops charm's
    /// `venv`.
    pub ops: PathBuf,
    /// Where Python caches bytecode (`PYTHONPYCACHEPREFIX`): under
    /// `target/`, not beside the sources in `bench/python/`.
    pub pycache: PathBuf,
}

/// This crate's Python files.
pub fn python_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("python")
}

impl Python {
    /// Finds `python3` and installs [`REACTIVE_REQUIREMENTS`] and
    /// [`OPS_REQUIREMENTS`] into folders of their own in `root`, unless
    /// markers say they are there (`iface_sim::python::install`).
    pub fn install(root: &Path) -> Result<Python, String> {
        let install = |name: &str, requirements: &[&str]| {
            let packages =
                iface_sim::python::install(root, name, requirements).map_err(|e| e.to_string())?;
            if let Some(took) = packages.installed_in {
                eprintln!(
                    "installed {} in {:.1} s",
                    requirements.join(" "),
                    took.as_secs_f64()
                );
            }
            Ok::<_, String>(packages)
        };
        let reactive = install("charms-reactive-1.5.3", &REACTIVE_REQUIREMENTS)?;
        let ops = install("ops-3.9.0", &OPS_REQUIREMENTS)?;
        Ok(Python {
            executable: reactive.executable,
            version: format!("Python {}", reactive.version),
            packages: reactive.dir,
            ops: ops.dir,
            pycache: root.join("pycache"),
        })
    }

    /// The environment of a charms.reactive hook: the Debian patch first on
    /// `PYTHONPATH`, then the installed packages.
    pub fn reactive_env(&self) -> Vec<(String, String)> {
        vec![
            (
                "PYTHONPATH".to_owned(),
                format!(
                    "{}:{}",
                    python_dir().join("site").display(),
                    self.packages.display()
                ),
            ),
            (
                "PYTHONPYCACHEPREFIX".to_owned(),
                self.pycache.display().to_string(),
            ),
        ]
    }

    /// The environment of an ops hook: only the bytecode cache, since the
    /// charm's `dispatch` sets `PYTHONPATH` itself (`lib:venv`).
    pub fn ops_env(&self) -> Vec<(String, String)> {
        vec![(
            "PYTHONPYCACHEPREFIX".to_owned(),
            self.pycache.display().to_string(),
        )]
    }

    /// Lays out a classic reactive charm in `dir`: `metadata.yaml`, the
    /// `http` interface layer, the charm layer `layer` and one hook file
    /// (charms.reactive's `main()`) per name in `hooks`.
    pub fn make_reactive_charm(
        &self,
        dir: &Path,
        metadata: &Path,
        layer: &str,
        hooks: &[String],
    ) -> Result<(), String> {
        let io = |e: std::io::Error| e.to_string();
        fs::create_dir_all(dir.join("hooks")).map_err(io)?;
        fs::copy(metadata, dir.join("metadata.yaml")).map_err(io)?;
        copy_tree(&python_dir().join("layers/http"), dir).map_err(io)?;
        copy_tree(&python_dir().join("layers").join(layer), dir).map_err(io)?;
        let body = fs::read_to_string(python_dir().join("hook.py")).map_err(io)?;
        let shebang = format!("#!{}\n", self.executable.display());
        for hook in hooks {
            let path = dir.join("hooks").join(hook);
            fs::write(&path, format!("{shebang}{body}")).map_err(io)?;
            fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).map_err(io)?;
        }
        Ok(())
    }

    /// Lays out the ops charm `charm` of `bench/python/ops/` in `dir` as
    /// charmcraft packs one: `metadata.yaml`, `dispatch`, `src/charm.py`,
    /// and `venv` holding ops (a link to the installed packages).
    pub fn make_ops_charm(&self, dir: &Path, metadata: &Path, charm: &str) -> Result<(), String> {
        let io = |e: std::io::Error| e.to_string();
        let ops = python_dir().join("ops");
        fs::create_dir_all(dir.join("src")).map_err(io)?;
        fs::copy(metadata, dir.join("metadata.yaml")).map_err(io)?;
        for (from, to) in [
            (ops.join("dispatch"), dir.join("dispatch")),
            (ops.join(charm).join("charm.py"), dir.join("src/charm.py")),
        ] {
            fs::copy(from, &to).map_err(io)?;
            fs::set_permissions(&to, fs::Permissions::from_mode(0o755)).map_err(io)?;
        }
        std::os::unix::fs::symlink(&self.ops, dir.join("venv")).map_err(io)
    }
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            fs::create_dir_all(&target)?;
            copy_tree(&entry.path(), &target)?;
        } else if entry.path().extension().is_some_and(|e| e == "py") {
            fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}
