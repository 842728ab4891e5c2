//! Installing `iface-fake-tools` under every hook-tool name.

use std::io;
use std::path::Path;

use crate::commands::TOOL_NAMES;

/// Creates `dir` (if needed) with one symlink per hook-tool name
/// (`relation-get`, ...) pointing at `binary`, the `iface-fake-tools`
/// executable, so that `PATH=<dir>:$PATH` makes the tools resolve to it.
/// Existing links of those names are replaced.
#[cfg(unix)]
pub fn install_fake_tools(dir: &Path, binary: &Path) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let binary = std::path::absolute(binary)?;
    for name in TOOL_NAMES {
        let link = dir.join(name);
        match std::fs::remove_file(&link) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
        std::os::unix::fs::symlink(&binary, &link)?;
    }
    Ok(())
}
