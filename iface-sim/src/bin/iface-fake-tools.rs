//! `iface-fake-tools`: every Juju hook tool in one executable, serving the
//! deployment in the state file named by `IFACE_FAKE_STATE`.
//!
//! Installed as symlinks named `relation-get`, `relation-set`, ... (see
//! `iface_sim::install_fake_tools`), it acts as the tool its argv\[0\]
//! names; run under its own name, the first argument names the tool.
//! `IFACE_FAKE_TOOL_DELAY_MS` adds a sleep per call.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use iface_sim::{DELAY_ENV, STATE_ENV, statefile};

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().collect();
    let argv0 = if args.is_empty() {
        String::new()
    } else {
        args.remove(0)
    };
    let mut tool = Path::new(&argv0)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if tool == "iface-fake-tools" && !args.is_empty() {
        tool = args.remove(0);
    }

    if let Some(ms) = std::env::var(DELAY_ENV).ok().and_then(|v| v.parse().ok()) {
        std::thread::sleep(Duration::from_millis(ms));
    }

    let Some(state) = std::env::var_os(STATE_ENV).map(PathBuf::from) else {
        eprintln!("ERROR {STATE_ENV} is not set: iface-fake-tools needs a state file");
        return ExitCode::from(1);
    };
    let mut stdin = std::io::stdin().lock();
    let output = match statefile::serve(&state, &tool, &args, &mut stdin) {
        Ok(output) => output,
        Err(e) => {
            eprintln!("ERROR {e}");
            return ExitCode::from(1);
        }
    };
    // Nothing useful can be done if the caller closed its pipes.
    let _ = std::io::stdout().write_all(&output.stdout);
    let _ = std::io::stderr().write_all(output.stderr.as_bytes());
    ExitCode::from(u8::try_from(output.code.unwrap_or(1)).unwrap_or(1))
}
