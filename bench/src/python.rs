//! The charms.reactive side: the real package installed from PyPI with pip
//! into a folder under `target/`, and Python charm directories made of the
//! layers in `bench/python/`.

use std::fs;
use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};

/// What the Python charms run against.
pub const REQUIREMENTS: [&str; 2] = ["charms.reactive==1.5.3", "charmhelpers==1.2.1"];

/// The interpreter and the packages installed for it.
pub struct Python {
    /// `sys.executable` of the `python3` on `PATH`.
    pub executable: PathBuf,
    /// Its version, e.g. `Python 3.11.7`.
    pub version: String,
    /// The `pip install --target` directory.
    pub packages: PathBuf,
    /// Where Python caches bytecode (`PYTHONPYCACHEPREFIX`): under
    /// `target/`, not beside the sources in `bench/python/`.
    pub pycache: PathBuf,
}

/// This crate's Python files.
pub fn python_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("python")
}

impl Python {
    /// Finds `python3` and installs [`REQUIREMENTS`] into `root` unless a
    /// marker says they are there (`iface_sim::python::install`).
    pub fn install(root: &Path) -> Result<Python, String> {
        let packages = iface_sim::python::install(root, "charms-reactive-1.5.3", &REQUIREMENTS)
            .map_err(|e| e.to_string())?;
        if let Some(took) = packages.installed_in {
            eprintln!(
                "installed {} in {:.1} s",
                REQUIREMENTS.join(" "),
                took.as_secs_f64()
            );
        }
        Ok(Python {
            executable: packages.executable,
            version: format!("Python {}", packages.version),
            packages: packages.dir,
            pycache: root.join("pycache"),
        })
    }

    /// The environment of a Python hook: the Debian patch first on
    /// `PYTHONPATH`, then the installed packages.
    pub fn env(&self) -> Vec<(String, String)> {
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

    /// Lays out a classic reactive charm in `dir`: `metadata.yaml`, the
    /// `http` interface layer, the charm layer `layer` and one hook file
    /// (charms.reactive's `main()`) per name in `hooks`.
    pub fn make_charm(
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
