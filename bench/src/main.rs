//! `iface-bench`: hook latency, tool calls, memory, scale and build cost of
//! the iface http charms against the same charms on ops and on
//! charms.reactive, and against the process floor. Writes `BENCHMARKS.md`
//! at the repository root.
//!
//! ```sh
//! cargo run --release -p iface-bench [-- --quick] [-- --no-build] [-- --out FILE]
//! ```
//!
//! Exits 0 when every target is met, 1 when one is missed (the report is
//! written either way), 2 on bad arguments.

mod buildcost;
mod charms;
mod floor;
mod hook;
mod python;
mod report;
mod scale;
mod side;
mod stats;
mod targets;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use charms::{Impl, Role};
use side::Runs;

/// The most remote units or relations the Python charms are scaled to.
const PYTHON_MOST: usize = 100;

/// How much to run.
struct Plan {
    /// Runs per implementation, fast tools and 20 ms tools.
    runs: [Runs; 2],
    /// (role, implementation, size, runs).
    scale: Vec<(Role, Impl, usize, usize)>,
    /// Whether to measure the binaries (`Some`), and the build of a charm
    /// copy too (`Some(true)`).
    build: Option<bool>,
    /// The report file.
    out: PathBuf,
    /// Whether to run the side-by-side section.
    side: bool,
}

fn plan(args: &[String]) -> Result<Plan, String> {
    let mut quick = false;
    let mut build = Some(true);
    let mut only_scale = None;
    let mut out = Path::new(env!("CARGO_MANIFEST_DIR")).join("../BENCHMARKS.md");
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--quick" => quick = true,
            "--no-build" => build = None,
            "--out" => out = PathBuf::from(args.next().ok_or("--out needs a file")?),
            "--only-scale" => {
                let size = args.next().ok_or("--only-scale needs a size")?;
                only_scale = Some(
                    size.parse::<usize>()
                        .map_err(|_| format!("--only-scale {size:?}: not a number"))?,
                );
            }
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    let mut scale = Vec::new();
    if let Some(size) = only_scale {
        for role in Role::ALL {
            if role == Role::Requirer || size <= 1_000 {
                scale.push((role, Impl::Iface, size, 1));
            }
        }
        let none = Runs {
            iface: 0,
            python: 0,
        };
        return Ok(Plan {
            runs: [none, none],
            scale,
            build: None,
            out,
            side: false,
        });
    }
    if quick {
        for role in Role::ALL {
            scale.push((role, Impl::Iface, 1, 2));
            scale.push((role, Impl::Iface, 100, 1));
            for python in Impl::PYTHON {
                scale.push((role, python, 1, 1));
            }
        }
        return Ok(Plan {
            runs: [
                Runs {
                    iface: 5,
                    python: 2,
                },
                Runs {
                    iface: 3,
                    python: 1,
                },
            ],
            scale,
            // The binaries only: a clean build takes a minute.
            build: build.map(|_| false),
            out,
            side: true,
        });
    }
    for (size, iface_runs, python_runs) in [(1, 5, 3), (100, 3, 2), (1_000, 2, 1)] {
        for role in Role::ALL {
            scale.push((role, Impl::Iface, size, iface_runs));
            // At 1,000 units or relations every Python hook makes 1,000 to
            // 2,000 calls (5 to 25 s each): at 100 their calls already grow
            // with the deployment, and the run stays under 10 minutes.
            if size <= PYTHON_MOST {
                for python in Impl::PYTHON {
                    scale.push((role, python, size, python_runs));
                }
            }
        }
    }
    scale.push((Role::Requirer, Impl::Iface, 10_000, 1));
    Ok(Plan {
        runs: [
            // iface rounds are cheap: more of them steady its medians.
            Runs {
                iface: 41,
                python: 7,
            },
            Runs {
                iface: 11,
                python: 3,
            },
        ],
        scale,
        build,
        out,
        side: true,
    })
}

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

fn command_line(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map_or_else(
            || "?".to_owned(),
            |o| String::from_utf8_lossy(&o.stdout).trim().to_owned(),
        )
}

fn load() -> String {
    read("/proc/loadavg")
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(", ")
}

fn machine(python: Option<&python::Python>) -> Vec<(String, String)> {
    let cpu = read("/proc/cpuinfo")
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split_once(':'))
        .map_or("?".to_owned(), |(_, v)| v.trim().to_owned());
    let mem = read("/proc/meminfo")
        .lines()
        .find(|l| l.starts_with("MemTotal"))
        .and_then(|l| {
            l.split_whitespace()
                .nth(1)
                .and_then(|k| k.parse::<u64>().ok())
        })
        .map_or("?".to_owned(), |k| {
            format!(
                "{:.1} GiB",
                f64::from(u32::try_from(k / 1024).unwrap_or(0)) / 1024.0
            )
        });
    vec![
        ("nproc".to_owned(), command_line("nproc", &[])),
        ("CPU".to_owned(), cpu),
        ("memory".to_owned(), mem),
        (
            "kernel".to_owned(),
            read("/proc/sys/kernel/osrelease").trim().to_owned(),
        ),
        ("rustc".to_owned(), command_line("rustc", &["--version"])),
        (
            "python".to_owned(),
            python.map_or("?".to_owned(), |p| p.version.clone()),
        ),
        (
            "charms.reactive".to_owned(),
            python::REACTIVE_REQUIREMENTS.join(", "),
        ),
        ("ops".to_owned(), python::OPS_REQUIREMENTS.join(", ")),
    ]
}

fn build_binaries() -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let out = Command::new(cargo)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(".."))
        .args([
            "build",
            "--release",
            "--quiet",
            "-p",
            "django-charm",
            "-p",
            "haproxy-charm",
            "-p",
            "iface-sim",
            "--bins",
        ])
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "building the charm binaries failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some(hook::LAUNCH_ARG) {
        return hook::launcher_main(&args[1..]);
    }
    let plan = match plan(&args) {
        Ok(plan) => plan,
        Err(e) => {
            eprintln!(
                "ERROR {e}\nusage: cargo run --release -p iface-bench [-- --quick] [--no-build] [--only-scale N] [--out FILE]"
            );
            return ExitCode::from(2);
        }
    };
    match run(&plan) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("ERROR {e}");
            ExitCode::from(1)
        }
    }
}

/// Runs everything and writes the report; `Ok(false)` when a target is
/// missed.
#[allow(clippy::too_many_lines)]
fn run(plan: &Plan) -> Result<bool, String> {
    let started = Instant::now();
    let load_before = load();
    eprintln!("building the charm binaries (release)...");
    build_binaries()?;
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let bin_dir = exe.parent().ok_or("no bin dir")?.to_owned();
    let target = bin_dir.parent().ok_or("no target dir")?.to_owned();
    let root = target.join("iface-bench");
    let work = root.join("work");
    if work.exists() {
        std::fs::remove_dir_all(&work).map_err(|e| e.to_string())?;
    }
    std::fs::create_dir_all(&work).map_err(|e| e.to_string())?;
    let python = python::Python::install(&root)?;
    let setup = side::Setup {
        bin_dir: &bin_dir,
        work: &work,
        python: &python,
    };
    let floor = hook::spawn_nothing(&work).map_or(0, |r| r.maxrss_kib);

    let mut floors = Vec::new();
    for (label, program, args) in [
        (
            "`/bin/true` (spawn and wait, nothing else)",
            PathBuf::from("/bin/true"),
            vec![],
        ),
        (
            "`django hooks` (the charm binary starts, prints its hook names, opens no store)",
            bin_dir.join("django"),
            vec!["hooks".to_owned()],
        ),
    ] {
        let mut walls = Vec::new();
        let mut peak = 0;
        for _ in 0..21 {
            let r = hook::launch(
                &program,
                &args,
                Some(&work),
                &[],
                None,
                std::process::Stdio::null(),
                Duration::from_secs(10),
            )
            .map_err(|e| e.to_string())?;
            walls.push(stats::ms(r.wall));
            peak = peak.max(r.maxrss_kib);
        }
        floors.push((label.to_owned(), walls, peak));
    }

    let mut side_results = Vec::new();
    for (delay, runs) in [0, 20].into_iter().zip(plan.runs) {
        if !plan.side {
            break;
        }
        eprintln!("side by side, tool delay {delay} ms");
        let phase = Instant::now();
        side_results.push((delay, side::run(&setup, delay, runs)));
        eprintln!("  {:.0} s", phase.elapsed().as_secs_f64());
    }

    let limits = (60, 120);
    let mut points = Vec::new();
    for &(role, implementation, size, runs) in &plan.scale {
        eprint!("scale: {} {} {size} ", implementation.title(), role.charm());
        let limit = Duration::from_secs(match implementation {
            Impl::Iface => limits.0,
            Impl::Ops | Impl::Reactive => limits.1,
        });
        let phase = Instant::now();
        let point = scale::point(&setup, role, implementation, size, runs, limit);
        eprintln!(" {:.0} s", phase.elapsed().as_secs_f64());
        if let Ok(p) = &point
            && let Some(note) = &p.note
        {
            eprintln!("  {note}");
        }
        points.push(point);
    }
    // The big deployments are not needed any more.
    let _ = std::fs::remove_dir_all(&work);

    let build = plan.build.map(|compile| {
        eprintln!("build cost...");
        buildcost::measure(&root, &bin_dir, compile)
    });

    let results = report::Results {
        machine: machine(Some(&python)),
        load_before,
        load_after: load(),
        total_s: started.elapsed().as_secs_f64(),
        runs: plan.runs,
        side: side_results,
        scale: points,
        build,
        rss_floor_kib: floor,
        floors,
        limits,
    };
    let verdicts = targets::verdicts(&results);
    let text = report::render(&results, &verdicts);
    std::fs::write(&plan.out, &text).map_err(|e| format!("cannot write the report: {e}"))?;
    eprintln!("wrote {}", plan.out.display());
    for v in &verdicts {
        println!(
            "{}: {} ({})",
            match v.met {
                Some(true) => "met",
                Some(false) => "MISSED",
                None => "not measured",
            },
            v.target,
            v.numbers
        );
    }
    Ok(verdicts.iter().all(|v| v.met == Some(true)))
}
