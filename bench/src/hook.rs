//! Running one hook process under the fake tools and measuring it: wall
//! time and peak RSS from `wait4(2)`, tool calls from the state file.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fs::File;
use std::io::Write as _;
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use iface_sim::process::ProcessModel;
use iface_sim::{CallRecord, DELAY_ENV, HookRelation, STATE_ENV, statefile};

/// What one hook process cost.
#[derive(Debug, Clone)]
pub struct Sample {
    /// From just before the spawn to the moment it was reaped.
    pub wall: Duration,
    /// `ru_maxrss` of the hook process tree (the hook and the tool
    /// processes it waited for), in KiB.
    pub maxrss_kib: u64,
    /// Whether it exited 0.
    pub ok: bool,
    /// Whether it was killed for running past its time limit.
    pub timed_out: bool,
    /// Its tool calls, oldest first.
    pub calls: Vec<CallRecord>,
    /// The store file's size after the hook (bytes, with any `-wal` file).
    pub store_bytes: u64,
    /// The last lines of its stderr when it failed.
    pub stderr_tail: String,
}

/// Whether `tool` reads or writes relation data or membership
/// (`relation-get`, `-set`, `-ids`, `-list`): the calls an interface makes
/// for its protocol. Every other call (`status-set`, `config-get`,
/// `juju-log`, ...) is the charm's or its framework's.
pub fn is_relation_tool(tool: &str) -> bool {
    tool.starts_with("relation-")
}

impl Sample {
    /// Tool calls by tool name.
    pub fn calls_by_tool(&self) -> BTreeMap<String, usize> {
        self.count_calls(|_| true)
    }

    /// Relation tool calls ([`is_relation_tool`]) by tool name.
    pub fn relation_calls(&self) -> BTreeMap<String, usize> {
        self.count_calls(is_relation_tool)
    }

    /// The other tool calls by tool name.
    pub fn other_calls(&self) -> BTreeMap<String, usize> {
        self.count_calls(|tool| !is_relation_tool(tool))
    }

    fn count_calls(&self, counted: impl Fn(&str) -> bool) -> BTreeMap<String, usize> {
        let mut counts = BTreeMap::new();
        for call in self.calls.iter().filter(|call| counted(&call.tool)) {
            *counts.entry(call.tool.clone()).or_insert(0) += 1;
        }
        counts
    }
}

/// A process that reported its wall time and peak RSS.
#[derive(Debug, Clone, Copy)]
pub struct Reaped {
    /// Wall time from spawn to exit.
    pub wall: Duration,
    /// `ru_maxrss` in KiB.
    pub maxrss_kib: u64,
    /// Exit code (`None`: a signal).
    pub code: Option<i32>,
    /// Whether the watchdog killed it.
    pub timed_out: bool,
}

/// The first argument that makes `iface-bench` a launcher (see [`launcher_main`]).
pub const LAUNCH_ARG: &str = "--launch";

/// Runs `program` with `args` through a launcher process (this executable
/// with [`LAUNCH_ARG`]), which measures it.
///
/// Why a launcher: `ru_maxrss` of a child counts the memory of the process
/// that spawned it, as it was at the spawn (Linux records the parent's
/// high-water mark when the child execs). This benchmark grows to tens of
/// MiB on the large deployments; a launcher that never grows (about 2 MiB)
/// keeps that out of the charm's number.
pub fn launch(
    program: &Path,
    args: &[String],
    cwd: Option<&Path>,
    env: &[(OsString, OsString)],
    input: Option<Vec<u8>>,
    stderr: Stdio,
    limit: Duration,
) -> std::io::Result<Reaped> {
    let exe = std::env::current_exe()?;
    let mut command = Command::new(exe);
    command
        .arg(LAUNCH_ARG)
        .arg(limit.as_millis().to_string())
        .arg(program)
        .args(args)
        .env_clear()
        .envs(env.iter().map(|(k, v)| (k, v)))
        .stdout(Stdio::piped())
        .stderr(stderr);
    if let Some(dir) = cwd {
        command.current_dir(dir);
    }
    command.stdin(if input.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    });
    let mut child = command.spawn()?;
    if let Some(input) = input {
        let mut stdin = child.stdin.take().expect("piped");
        // The tool reads all of it; a tool that exits early closes the pipe.
        let _ = stdin.write_all(&input);
    }
    let output = child.wait_with_output()?;
    let text = String::from_utf8_lossy(&output.stdout);
    let fields: Vec<&str> = text.split_whitespace().collect();
    let parse = |i: usize| -> std::io::Result<i64> {
        fields
            .get(i)
            .and_then(|f| f.parse().ok())
            .ok_or_else(|| std::io::Error::other(format!("launcher said {text:?}")))
    };
    Ok(Reaped {
        wall: Duration::from_nanos(u64::try_from(parse(0)?).unwrap_or(0)),
        maxrss_kib: u64::try_from(parse(1)?).unwrap_or(0),
        code: match parse(2)? {
            -1 => None,
            code => Some(i32::try_from(code).unwrap_or(1)),
        },
        timed_out: parse(3)? == 1,
    })
}

/// Runs `/bin/true` in `cwd` through the launcher: what starting and
/// ending any process costs here, the unit of the process floor.
pub fn spawn_nothing(cwd: &Path) -> std::io::Result<Reaped> {
    launch(
        Path::new("/bin/true"),
        &[],
        Some(cwd),
        &[],
        None,
        Stdio::null(),
        Duration::from_secs(10),
    )
}

/// The launcher: `iface-bench --launch LIMIT_MS PROGRAM [ARG...]` runs
/// PROGRAM with this process's environment, working directory, stdin and
/// stderr (its stdout goes nowhere), kills its process group after
/// `LIMIT_MS`, and prints `WALL_NS MAXRSS_KIB CODE TIMED_OUT` (CODE -1: a
/// signal).
pub fn launcher_main(args: &[String]) -> std::process::ExitCode {
    let [limit, program, rest @ ..] = args else {
        eprintln!("usage: iface-bench --launch LIMIT_MS PROGRAM [ARG...]");
        return std::process::ExitCode::from(2);
    };
    let limit = Duration::from_millis(limit.parse().unwrap_or(60_000));
    let mut command = Command::new(program);
    command.args(rest).stdout(Stdio::null());
    match spawn_and_reap(&mut command, limit) {
        Ok(r) => {
            println!(
                "{} {} {} {}",
                r.wall.as_nanos(),
                r.maxrss_kib,
                r.code.unwrap_or(-1),
                u8::from(r.timed_out)
            );
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("iface-bench --launch: cannot run {program}: {e}");
            std::process::ExitCode::from(1)
        }
    }
}

/// Spawns `command` (in its own process group) and waits for it with
/// `wait4`, killing the group at `limit`.
fn spawn_and_reap(command: &mut Command, limit: Duration) -> std::io::Result<Reaped> {
    command.process_group(0);
    let started = Instant::now();
    let child = command.spawn()?;
    let pid = libc::pid_t::try_from(child.id()).expect("pid fits pid_t");
    let (done, watch) = mpsc::channel::<()>();
    let watchdog = std::thread::spawn(move || {
        if watch.recv_timeout(limit) == Err(mpsc::RecvTimeoutError::Timeout) {
            kill_group(pid);
            true
        } else {
            false
        }
    });
    // Wait for the exit without reaping, so that the watchdog can never
    // signal a reused process group id; then reap with wait4.
    wait_exited(pid)?;
    let wall = started.elapsed();
    let _ = done.send(());
    let timed_out = watchdog.join().unwrap_or(false);
    let (status, maxrss_kib) = reap(pid)?;
    drop(child);
    let code = if libc::WIFEXITED(status) {
        Some(libc::WEXITSTATUS(status))
    } else {
        None
    };
    Ok(Reaped {
        wall,
        maxrss_kib,
        code,
        timed_out,
    })
}

#[allow(unsafe_code)]
fn wait_exited(pid: libc::pid_t) -> std::io::Result<()> {
    let id = libc::id_t::try_from(pid).expect("pids are positive");
    loop {
        // SAFETY: `info` is a valid, writable siginfo_t for the call.
        let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
        // SAFETY: plain syscall on our own child; WNOWAIT leaves it unreaped.
        let rc = unsafe {
            libc::waitid(
                libc::P_PID,
                id,
                &raw mut info,
                libc::WEXITED | libc::WNOWAIT,
            )
        };
        if rc == 0 {
            return Ok(());
        }
        let error = std::io::Error::last_os_error();
        if error.kind() != std::io::ErrorKind::Interrupted {
            return Err(error);
        }
    }
}

#[allow(unsafe_code)]
fn reap(pid: libc::pid_t) -> std::io::Result<(i32, u64)> {
    let mut status = 0;
    // SAFETY: `usage` is a valid, writable rusage for the call.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: plain syscall on our own exited child, valid out-pointers.
        let rc = unsafe { libc::wait4(pid, &raw mut status, 0, &raw mut usage) };
        if rc == pid {
            return Ok((status, u64::try_from(usage.ru_maxrss).unwrap_or(0)));
        }
        let error = std::io::Error::last_os_error();
        if error.kind() != std::io::ErrorKind::Interrupted {
            return Err(error);
        }
    }
}

#[allow(unsafe_code)]
fn kill_group(pid: libc::pid_t) {
    // SAFETY: signals our own child's process group, which exists until
    // the child is reaped (it is not reaped before the watchdog ends).
    unsafe {
        libc::kill(-pid, libc::SIGKILL);
    }
}

/// How a hook is run: the program, its extra environment and limits.
pub struct Runner<'a> {
    /// The deployment on disk.
    pub model: &'a ProcessModel,
    /// Extra environment (`PYTHONPATH`, the tool delay, ...).
    pub env: Vec<(String, String)>,
    /// A hook running longer is killed.
    pub limit: Duration,
}

impl Runner<'_> {
    /// Runs `program` for `hook` on `unit` as Juju would: the hook
    /// environment of the model, the fake tools first on `PATH`, the unit's
    /// charm directory as working directory; then commits or drops its
    /// relation writes, and collects its tool calls.
    pub fn run(
        &self,
        program: &Path,
        unit: &str,
        hook: &str,
        relation: Option<HookRelation>,
    ) -> Result<Sample, String> {
        let model = self.model;
        let charm_dir = model.charm_dir(unit);
        std::fs::create_dir_all(&charm_dir).map_err(|e| e.to_string())?;
        let charm_dir_text = charm_dir.to_string_lossy().into_owned();
        let hook_env = model
            .update(|d| {
                d.calls.clear();
                d.logs.clear();
                d.begin_hook(unit, hook, relation);
                d.hook_env(&charm_dir_text)
            })
            .map_err(|e| e.to_string())?;
        let stderr_path = model.state_path().with_file_name("hook.stderr");
        let stderr = File::create(&stderr_path).map_err(|e| e.to_string())?;
        let mut env: Vec<(OsString, OsString)> = vec![
            ("PATH".into(), tools_path(model)),
            (STATE_ENV.into(), model.state_path().into()),
        ];
        env.extend(hook_env.into_iter().map(|(k, v)| (k.into(), v.into())));
        env.extend(self.env.iter().map(|(k, v)| (k.into(), v.into())));
        let reaped = launch(
            program,
            &[],
            Some(&charm_dir),
            &env,
            None,
            stderr.into(),
            self.limit,
        )
        .map_err(|e| format!("cannot run {}: {e}", program.display()))?;
        let ok = reaped.code == Some(0);
        let calls = model
            .update(|d| {
                d.end_hook(ok);
                std::mem::take(&mut d.calls)
            })
            .map_err(|e| e.to_string())?;
        let stderr_tail = if ok {
            String::new()
        } else {
            let text = std::fs::read_to_string(&stderr_path).unwrap_or_default();
            let lines: Vec<&str> = text.lines().collect();
            lines[lines.len().saturating_sub(8)..].join("\n")
        };
        Ok(Sample {
            wall: reaped.wall,
            maxrss_kib: reaped.maxrss_kib,
            ok,
            timed_out: reaped.timed_out,
            calls,
            store_bytes: store_bytes(&model.store_path(unit)),
            stderr_tail,
        })
    }

    /// Runs `calls` again, one process each, as the hook `hook` on `unit`
    /// would, three times over: what the fake tools alone cost for that
    /// hook. Returns the
    /// summed wall time, the largest peak RSS of one tool process, and how
    /// many calls were replayed (at most `most`; the rest are estimated by
    /// the caller). Relation writes are dropped afterwards.
    pub fn replay_tools(
        &self,
        unit: &str,
        hook: &str,
        relation: Option<HookRelation>,
        calls: &[CallRecord],
        most: usize,
    ) -> Result<ToolCost, String> {
        let model = self.model;
        model
            .update(|d| d.begin_hook(unit, hook, relation))
            .map_err(|e| e.to_string())?;
        let mut cost = ToolCost::default();
        // Three passes; the median pass counts (the machine is shared).
        let mut passes = Vec::new();
        for _ in 0..3 {
            model
                .update(|d| d.calls.clear())
                .map_err(|e| e.to_string())?;
            let mut pass = Duration::ZERO;
            cost.replayed = 0;
            for call in calls.iter().take(most) {
                let mut env: Vec<(OsString, OsString)> = vec![
                    ("PATH".into(), tools_path(model)),
                    (STATE_ENV.into(), model.state_path().into()),
                ];
                env.extend(
                    self.env
                        .iter()
                        .filter(|(k, _)| k == DELAY_ENV)
                        .map(|(k, v)| (k.into(), v.into())),
                );
                let reaped = launch(
                    &model.tools_dir().join(&call.tool),
                    &call.args,
                    None,
                    &env,
                    call.stdin.clone().map(String::into_bytes),
                    Stdio::null(),
                    self.limit,
                )
                .map_err(|e| format!("cannot replay {}: {e}", call.tool))?;
                pass += reaped.wall;
                cost.maxrss_kib = cost.maxrss_kib.max(reaped.maxrss_kib);
                cost.replayed += 1;
            }
            let served: u64 = model
                .deployment()
                .map_err(|e| e.to_string())?
                .calls
                .iter()
                .filter_map(|call| call.elapsed_us)
                .sum();
            passes.push((pass, Duration::from_micros(served)));
        }
        passes.sort();
        (cost.wall, cost.served) = passes[1];
        model
            .update(|d| {
                d.end_hook(false);
                d.calls.clear();
                d.logs.clear();
            })
            .map_err(|e| e.to_string())?;
        Ok(cost)
    }
}

/// What the tool calls of one hook cost on their own.
#[derive(Debug, Clone, Copy, Default)]
pub struct ToolCost {
    /// Summed wall time of the replayed calls (the median of three
    /// passes).
    pub wall: Duration,
    /// Of that, the time the tools spent serving the calls, as they
    /// measured it themselves; the rest is starting and ending processes.
    pub served: Duration,
    /// The largest peak RSS of one tool process, KiB.
    pub maxrss_kib: u64,
    /// How many calls were replayed.
    pub replayed: usize,
}

fn tools_path(model: &ProcessModel) -> OsString {
    let mut path = OsString::from(model.tools_dir());
    if let Some(system) = std::env::var_os("PATH") {
        path.push(":");
        path.push(system);
    }
    path
}

/// The store's size on disk: the file and its write-ahead log, if any.
pub fn store_bytes(store: &Path) -> u64 {
    let mut wal = store.as_os_str().to_owned();
    wal.push("-wal");
    [store.to_owned(), PathBuf::from(wal)]
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum()
}

/// Ends a hook that may be left open in the state file (after an error).
pub fn close_hook(model: &ProcessModel) {
    let _ = statefile::discard_hook(&model.state_path());
}
