//! The charms.reactive side: the real package installed from PyPI with pip
//! into a folder under `target/`, and Python charm directories made of the
//! layers in `bench/python/`.

use std::fs;
use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

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

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).trim().to_owned()
}

/// This crate's Python files.
pub fn python_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("python")
}

impl Python {
    /// Finds `python3` and installs [`REQUIREMENTS`] into `root` unless a
    /// marker says they are there.
    pub fn install(root: &Path) -> Result<Python, String> {
        let found = Command::new("python3")
            .args([
                "-c",
                "import sys; print(sys.executable); print(sys.version.split()[0])",
            ])
            .output()
            .map_err(|e| format!("the benchmark needs python3 on PATH: {e}"))?;
        if !found.status.success() {
            return Err(format!("python3: {}", text(&found.stderr)));
        }
        let out = text(&found.stdout);
        let mut lines = out.lines();
        let executable = PathBuf::from(lines.next().unwrap_or("python3"));
        let version = format!("Python {}", lines.next().unwrap_or("?"));
        let packages = root.join("charms-reactive-1.5.3");
        let marker = packages.join(".installed");
        if !marker.exists() {
            let partial = packages.with_extension("partial");
            for dir in [&packages, &partial] {
                if dir.exists() {
                    fs::remove_dir_all(dir).map_err(|e| e.to_string())?;
                }
            }
            let started = Instant::now();
            let run = Command::new(&executable)
                .args(["-m", "pip", "install", "--no-input", "--quiet", "--target"])
                .arg(&partial)
                .args(["--timeout", "30", "--retries", "2"])
                .args(REQUIREMENTS)
                .env("PIP_DISABLE_PIP_VERSION_CHECK", "1")
                .env("PIP_ROOT_USER_ACTION", "ignore")
                .output()
                .map_err(|e| format!("cannot run pip: {e}"))?;
            if !run.status.success() {
                return Err(format!(
                    "pip install {} failed (is PyPI reachable?):\n{}{}",
                    REQUIREMENTS.join(" "),
                    text(&run.stdout),
                    text(&run.stderr)
                ));
            }
            fs::rename(&partial, &packages).map_err(|e| e.to_string())?;
            fs::write(&marker, REQUIREMENTS.join("\n")).map_err(|e| e.to_string())?;
            eprintln!(
                "installed {} in {:.1} s",
                REQUIREMENTS.join(" "),
                started.elapsed().as_secs_f64()
            );
        }
        Ok(Python {
            executable,
            version,
            packages,
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
