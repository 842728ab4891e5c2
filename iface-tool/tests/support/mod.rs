//! What the `iface pack` tests share: the `iface` command, the example
//! charms, archives unpacked, and the real charmcraft 4.5.0, installed from
//! PyPI under `target/tmp/` once (`iface_sim::python::install`) and run
//! with its logs and caches there too.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use iface_sim::python::PythonPackages;

/// The charmcraft release the tests check archives with.
pub const CHARMCRAFT: &str = "charmcraft==4.5.0";

/// A finished process: its exit code, stdout and stderr.
#[derive(Debug)]
pub struct Run {
    /// The exit code (`None` if a signal ended it).
    pub code: Option<i32>,
    /// Its stdout, lossily decoded.
    pub stdout: String,
    /// Its stderr, lossily decoded.
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(output: Output) -> Self {
        Run {
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

/// `iface ARGS...`.
pub fn iface<S: AsRef<OsStr>>(args: &[S]) -> Run {
    Command::new(env!("CARGO_BIN_EXE_iface"))
        .args(args)
        .output()
        .expect("the iface binary runs")
        .into()
}

/// The directory of the example charm `name`.
pub fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../examples")
        .join(name)
        .canonicalize()
        .expect("an example charm")
}

/// A fresh directory under `target/tmp/` for `test`, emptied first.
pub fn scratch(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("iface-pack")
        .join(test);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).unwrap();
    }
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The architecture this machine's binaries are for, in Juju's name.
pub fn host_arch() -> &'static str {
    if cfg!(target_arch = "x86_64") {
        "amd64"
    } else if cfg!(target_arch = "aarch64") {
        "arm64"
    } else {
        panic!("the pack tests know amd64 and arm64 hosts")
    }
}

/// One file of an unpacked archive: its mode and content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    /// The permission bits.
    pub mode: u32,
    /// The content.
    pub bytes: Vec<u8>,
}

impl File {
    /// The content as text.
    pub fn text(&self) -> &str {
        std::str::from_utf8(&self.bytes).expect("a text file")
    }
}

/// Unpacks `archive` into `dir` with `iface_tool::archive::unpack` and
/// returns its files by name.
pub fn unpack(archive: &Path, dir: &Path) -> BTreeMap<String, File> {
    let written = iface_tool::archive::unpack(archive, dir).expect("a readable .charm");
    written
        .iter()
        .map(|path| {
            let name = path
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let mode = std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
            (
                name,
                File {
                    mode,
                    bytes: std::fs::read(path).unwrap(),
                },
            )
        })
        .collect()
}

/// The installed charmcraft.
pub struct Charmcraft {
    packages: PythonPackages,
    /// Its `XDG_*` directories: logs, caches, state.
    home: PathBuf,
}

/// charmcraft, installed on first use (once per target directory).
pub fn charmcraft() -> &'static Charmcraft {
    static CHARMCRAFT_INSTALL: OnceLock<Charmcraft> = OnceLock::new();
    CHARMCRAFT_INSTALL.get_or_init(|| {
        let root = Path::new(env!("CARGO_TARGET_TMPDIR"));
        let packages = iface_sim::python::install(root, "charmcraft-4.5.0", &[CHARMCRAFT])
            .unwrap_or_else(|e| panic!("the pack tests check archives with {CHARMCRAFT}: {e}"));
        if let Some(took) = packages.installed_in {
            eprintln!("installed {CHARMCRAFT} in {:.1} s", took.as_secs_f64());
        }
        let home = root.join("charmcraft-home");
        let runtime = home.join("runtime");
        std::fs::create_dir_all(&runtime).unwrap();
        std::fs::set_permissions(&runtime, std::fs::Permissions::from_mode(0o700)).unwrap();
        Charmcraft { packages, home }
    })
}

impl Charmcraft {
    /// `python3 ARGS...` in `dir`, with charmcraft importable and its
    /// files under `target/tmp/charmcraft-home/`.
    pub fn python<S: AsRef<OsStr>>(&self, dir: &Path, module_args: &[S]) -> Run {
        let mut command = Command::new(&self.packages.executable);
        command
            .args(module_args)
            .current_dir(dir)
            .env("PYTHONPATH", self.packages.python_path(&[]))
            .env("PYTHONDONTWRITEBYTECODE", "1")
            .env("XDG_RUNTIME_DIR", self.home.join("runtime"));
        for (var, sub) in [
            ("XDG_STATE_HOME", "state"),
            ("XDG_CACHE_HOME", "cache"),
            ("XDG_CONFIG_HOME", "config"),
            ("XDG_DATA_HOME", "data"),
        ] {
            command.env(var, self.home.join(sub));
        }
        command.output().expect("python3 runs").into()
    }

    /// `charmcraft ARGS...` in `dir`.
    pub fn run<S: AsRef<OsStr>>(&self, dir: &Path, args: &[S]) -> Run {
        let mut module_args: Vec<&OsStr> = vec![OsStr::new("-m"), OsStr::new("charmcraft")];
        module_args.extend(args.iter().map(AsRef::as_ref));
        self.python(dir, &module_args)
    }
}
