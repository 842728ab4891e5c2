//! Section 3: build cost. A copy of `examples/django` (its sources and
//! metadata, depending on the workspace's `iface` and `examples/http` by
//! path) is built in release mode in its own target directory under
//! `target/iface-bench/`, with the workspace's release profile: once clean
//! with `--timings`, once after touching its `lib.rs` (not with `--quick`).
//! The charm binaries of the main release build are stripped (a copy) and
//! weighed.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant, SystemTime};

/// What building costs.
#[derive(Debug, Default)]
pub struct BuildCost {
    /// `cargo build --release --timings` from nothing (`None`: not built,
    /// `--quick`).
    pub clean: Option<Duration>,
    /// The same after touching the charm's `src/lib.rs`.
    pub incremental: Option<Duration>,
    /// Per unit of the clean build: (crate, target kind, seconds).
    pub units: Vec<(String, String, f64)>,
    /// Binary sizes: (name, bytes, bytes stripped).
    pub binaries: Vec<(String, u64, u64)>,
    /// Where the bytes of the `django` binary go: (group, bytes) from the
    /// symbol sizes `nm` gives, largest first.
    pub symbols: Vec<(String, u64)>,
    /// The copy built with `lto = "fat"` and `codegen-units = 1` (through
    /// `CARGO_PROFILE_RELEASE_*`): (clean build time, stripped `django`).
    pub lto: Option<(Duration, u64)>,
    /// What went wrong, if something did.
    pub error: Option<String>,
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .expect("the repository")
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
}

fn build(ws: &Path, target: &Path, timings: bool) -> Result<Duration, String> {
    build_with(ws, target, timings, &[])
}

fn build_with(
    ws: &Path,
    target: &Path,
    timings: bool,
    env: &[(&str, &str)],
) -> Result<Duration, String> {
    let mut command = Command::new(cargo());
    command
        .current_dir(ws)
        .args(["build", "--release", "--quiet"])
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS")
        .envs(env.iter().copied());
    if timings {
        command.arg("--timings");
    }
    let started = Instant::now();
    let out = command
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let took = started.elapsed();
    if !out.status.success() {
        return Err(format!(
            "cargo build in the build-cost copy failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(took)
}

/// The units of `cargo-timing.html`: its `UNIT_DATA` JSON.
fn timing_units(target: &Path) -> Vec<(String, String, f64)> {
    let Ok(html) = fs::read_to_string(target.join("cargo-timings/cargo-timing.html")) else {
        return Vec::new();
    };
    let Some(start) = html
        .find("const UNIT_DATA = ")
        .map(|p| p + "const UNIT_DATA = ".len())
    else {
        return Vec::new();
    };
    let Some(end) = html[start..].find(";\n").map(|p| p + start) else {
        return Vec::new();
    };
    let Ok(serde_json::Value::Array(units)) = serde_json::from_str(&html[start..end]) else {
        return Vec::new();
    };
    units
        .iter()
        .filter_map(|u| {
            Some((
                u["name"].as_str()?.to_owned(),
                u["target"].as_str().unwrap_or("").trim().to_owned(),
                u["duration"].as_f64()?,
            ))
        })
        .collect()
}

fn sizes(
    bin_dir: &Path,
    scratch: &Path,
    names: &[&str],
) -> Result<Vec<(String, u64, u64)>, String> {
    let mut out = Vec::new();
    for name in names {
        let binary = bin_dir.join(name);
        let size = fs::metadata(&binary)
            .map_err(|e| format!("{name}: {e}"))?
            .len();
        let copy = scratch.join(format!("{name}.stripped"));
        fs::copy(&binary, &copy).map_err(|e| e.to_string())?;
        let strip = Command::new("strip")
            .arg(&copy)
            .status()
            .map_err(|e| format!("cannot run strip: {e}"))?;
        if !strip.success() {
            return Err(format!("strip {name} failed"));
        }
        let stripped = fs::metadata(&copy).map_err(|e| e.to_string())?.len();
        out.push(((*name).to_owned(), size, stripped));
    }
    Ok(out)
}

/// Measures the sizes of the release binaries in `bin_dir` and, with
/// `compile`, the build of the django charm copy under `root`.
pub fn measure(root: &Path, bin_dir: &Path, compile: bool) -> BuildCost {
    let mut cost = BuildCost::default();
    let base = root.join("build-cost");
    let measured = fs::create_dir_all(&base)
        .map_err(|e| e.to_string())
        .and_then(|()| sizes(bin_dir, &base, &["django", "haproxy"]));
    match measured {
        Ok(binaries) => cost.binaries = binaries,
        Err(e) => cost.error = Some(e),
    }
    cost.symbols = symbol_groups(&bin_dir.join("django"));
    if compile && let Err(e) = measure_build(&mut cost, &base) {
        cost.error = Some(e);
    }
    cost
}

fn measure_build(cost: &mut BuildCost, base: &Path) -> Result<(), String> {
    let io = |e: std::io::Error| e.to_string();
    let repo = repo();
    let ws = base.join("django");
    let target = base.join("target");
    for dir in [&ws, &target] {
        if dir.exists() {
            fs::remove_dir_all(dir).map_err(io)?;
        }
    }
    fs::create_dir_all(ws.join("src")).map_err(io)?;
    let example = repo.join("examples/django");
    for file in ["src/lib.rs", "src/main.rs", "metadata.yaml"] {
        fs::copy(example.join(file), ws.join(file)).map_err(io)?;
    }
    fs::copy(repo.join("Cargo.lock"), ws.join("Cargo.lock")).map_err(io)?;
    // The workspace's profiles apply to the copy too.
    let root_manifest = fs::read_to_string(repo.join("Cargo.toml")).map_err(io)?;
    let manifest = format!(
        "# A copy of examples/django for iface-bench's build-cost measurement.\n\
         [package]\nname = \"django-charm\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
         [[bin]]\nname = \"django\"\npath = \"src/main.rs\"\n\n\
         [dependencies]\nhttp-interface = {{ path = {:?} }}\niface = {{ path = {:?} }}\n\n\
         [workspace]\n{}",
        repo.join("examples/http").display().to_string(),
        repo.display().to_string(),
        profiles(&root_manifest),
    );
    fs::write(ws.join("Cargo.toml"), manifest).map_err(io)?;

    cost.clean = Some(build(&ws, &target, true)?);
    cost.units = timing_units(&target);
    let lib = fs::File::options()
        .write(true)
        .open(ws.join("src/lib.rs"))
        .map_err(io)?;
    lib.set_modified(SystemTime::now()).map_err(io)?;
    drop(lib);
    cost.incremental = Some(build(&ws, &target, false)?);
    if root_manifest.contains("\nlto") {
        return Ok(()); // the release profile already links with LTO
    }
    let lto_target = base.join("target-lto");
    if lto_target.exists() {
        fs::remove_dir_all(&lto_target).map_err(io)?;
    }
    let took = build_with(
        &ws,
        &lto_target,
        false,
        &[
            ("CARGO_PROFILE_RELEASE_LTO", "fat"),
            ("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "1"),
        ],
    )?;
    let lto_dir = base.join("lto");
    fs::create_dir_all(&lto_dir).map_err(io)?;
    let lto = sizes(&lto_target.join("release"), &lto_dir, &["django"])?;
    cost.lto = lto.first().map(|(_, _, stripped)| (took, *stripped));
    let _ = fs::remove_dir_all(&lto_target);
    Ok(())
}

/// Symbol sizes of `binary` (`nm -S -C`), summed by crate (the first path
/// segment of a demangled Rust name); symbols without a path (C code, that
/// is SQLite, and the C library glue) form one group.
fn symbol_groups(binary: &Path) -> Vec<(String, u64)> {
    let Ok(out) = Command::new("nm")
        .args(["-S", "-C", "--size-sort"])
        .arg(binary)
        .output()
    else {
        return Vec::new();
    };
    let mut groups: std::collections::BTreeMap<String, u64> = std::collections::BTreeMap::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let mut fields = line.splitn(4, ' ');
        let (Some(_), Some(size), Some(_), Some(name)) =
            (fields.next(), fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        let Ok(size) = u64::from_str_radix(size, 16) else {
            continue;
        };
        let trimmed = name.trim_start_matches('<');
        let group = match trimmed.split_once("::") {
            Some((krate, _)) if !krate.contains(' ') && !krate.is_empty() => krate.to_owned(),
            _ => "C symbols (SQLite, libc glue)".to_owned(),
        };
        *groups.entry(group).or_insert(0) += size;
    }
    let mut groups: Vec<(String, u64)> = groups.into_iter().collect();
    groups.sort_by_key(|g| std::cmp::Reverse(g.1));
    groups
}

/// The `[profile.*]` sections of a manifest, verbatim.
fn profiles(manifest: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for line in manifest.lines() {
        if line.starts_with('[') {
            inside = line.starts_with("[profile");
        }
        if inside {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}
