//! Reading a charm's metadata from a file or a charm directory.

use std::path::{Path, PathBuf};

use iface_model::metadata::{Metadata, parse};

/// The metadata at `spec`: a file, or a directory with `metadata.yaml` or
/// `charmcraft.yaml`. Errors name the file and, for YAML faults, the line
/// and column.
pub(crate) fn load(spec: &str) -> Result<Metadata, String> {
    let path = locate(Path::new(spec))?;
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    parse(&text).map_err(|faults| {
        let lines: Vec<String> = faults
            .iter()
            .map(|f| format!("{}:{f}", path.display()))
            .collect();
        lines.join("; ")
    })
}

fn locate(path: &Path) -> Result<PathBuf, String> {
    if !path.is_dir() {
        return Ok(path.to_owned());
    }
    ["metadata.yaml", "charmcraft.yaml"]
        .iter()
        .map(|name| path.join(name))
        .find(|candidate| candidate.is_file())
        .ok_or_else(|| {
            format!(
                "`{}` holds neither metadata.yaml nor charmcraft.yaml",
                path.display()
            )
        })
}
