//! A `.charm` file: a zip archive of the charm directory Juju unpacks on
//! each unit (`dispatch`, the charm binary, `metadata.yaml`,
//! `manifest.yaml`...), with each file's Unix mode.
//!
//! [`write()`] makes one from [`Entry`]s, deflated, every entry dated
//! 1980-01-01 (the zip epoch), so the same files give the same bytes.
//! [`unpack`] is its inverse, for whatever deploys a `.charm` without Juju
//! (the simulator): it restores the files and their modes, and refuses an
//! entry that would land outside the directory or is a link.

use std::fs;
use std::io::{Read as _, Write as _};
use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

/// One file of a charm.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Its path inside the charm, `/`-separated, e.g. `dispatch`.
    pub name: String,
    /// Its permission bits, e.g. `0o755` for `dispatch` and the binary.
    pub mode: u32,
    /// Its content.
    pub bytes: Vec<u8>,
}

/// Why a `.charm` could not be written or unpacked.
#[derive(Debug)]
pub enum ArchiveError {
    /// A file could not be read, written or created.
    Io {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        error: std::io::Error,
    },
    /// The archive is not a zip file, or a damaged one.
    Zip {
        /// The archive.
        path: PathBuf,
        /// What the zip reader or writer said.
        error: zip::result::ZipError,
    },
    /// An entry that [`unpack`] refuses: a path leaving the directory
    /// (`../x`, `/etc/x`), or a symbolic link.
    Unsafe {
        /// The archive.
        path: PathBuf,
        /// The entry's name as stored.
        entry: String,
        /// Why it is refused.
        why: &'static str,
    },
}

impl core::fmt::Display for ArchiveError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            ArchiveError::Io { path, error } => write!(f, "{}: {error}", path.display()),
            ArchiveError::Zip { path, error } => {
                write!(
                    f,
                    "{}: not a readable .charm (zip): {error}",
                    path.display()
                )
            }
            ArchiveError::Unsafe { path, entry, why } => {
                write!(f, "{}: entry {entry:?} {why}", path.display())
            }
        }
    }
}

impl std::error::Error for ArchiveError {}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> ArchiveError + '_ {
    move |error| ArchiveError::Io {
        path: path.to_owned(),
        error,
    }
}

fn zip_error(path: &Path) -> impl FnOnce(zip::result::ZipError) -> ArchiveError + '_ {
    move |error| ArchiveError::Zip {
        path: path.to_owned(),
        error,
    }
}

/// Writes `entries`, in order, as a zip archive to `file` (named `path` in
/// errors).
pub fn write(file: &mut fs::File, path: &Path, entries: &[Entry]) -> Result<(), ArchiveError> {
    let mut zip = ZipWriter::new(file);
    for entry in entries {
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .unix_permissions(entry.mode);
        zip.start_file(entry.name.as_str(), options)
            .map_err(zip_error(path))?;
        zip.write_all(&entry.bytes).map_err(io(path))?;
    }
    let file = zip.finish().map_err(zip_error(path))?;
    file.sync_all().map_err(io(path))
}

/// Unpacks the `.charm` at `archive` into `dir` (created if missing), with
/// each file's mode as stored (`0o644` where none is), and returns the
/// files written, in archive order. Refuses, before writing anything, an
/// archive with an entry outside `dir` or a symbolic link.
pub fn unpack(archive: &Path, dir: &Path) -> Result<Vec<PathBuf>, ArchiveError> {
    let file = fs::File::open(archive).map_err(io(archive))?;
    let mut zip = ZipArchive::new(file).map_err(zip_error(archive))?;
    let mut plan = Vec::with_capacity(zip.len());
    for index in 0..zip.len() {
        let entry = zip.by_index(index).map_err(zip_error(archive))?;
        let refuse = |why| ArchiveError::Unsafe {
            path: archive.to_owned(),
            entry: String::from_utf8_lossy(entry.name_raw()).into_owned(),
            why,
        };
        if entry.is_symlink() {
            return Err(refuse("is a symbolic link"));
        }
        let Some(relative) = entry.enclosed_name() else {
            return Err(refuse("would be written outside the charm directory"));
        };
        plan.push((index, relative, entry.is_dir(), entry.unix_mode()));
    }
    fs::create_dir_all(dir).map_err(io(dir))?;
    let mut written = Vec::new();
    for (index, relative, is_dir, mode) in plan {
        let target = dir.join(relative);
        if is_dir {
            fs::create_dir_all(&target).map_err(io(&target))?;
            continue;
        }
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(io(parent))?;
        }
        let mut entry = zip.by_index(index).map_err(zip_error(archive))?;
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).map_err(io(archive))?;
        fs::write(&target, &bytes).map_err(io(&target))?;
        let mode = mode.map_or(0o644, |mode| mode & 0o7777);
        fs::set_permissions(&target, fs::Permissions::from_mode(mode)).map_err(io(&target))?;
        written.push(target);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str, mode: u32, text: &str) -> Entry {
        Entry {
            name: name.to_owned(),
            mode,
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn what_write_packs_unpack_restores_with_modes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.charm");
        let entries = [
            entry("dispatch", 0o755, "#!/bin/sh\nexec ./x\n"),
            entry("metadata.yaml", 0o644, "name: x\n"),
            entry("lib/deep/file", 0o600, "deep"),
        ];
        write(&mut fs::File::create(&path).unwrap(), &path, &entries).unwrap();
        let first = fs::read(&path).unwrap();
        write(&mut fs::File::create(&path).unwrap(), &path, &entries).unwrap();
        assert_eq!(
            fs::read(&path).unwrap(),
            first,
            "the same files, the same bytes"
        );

        let out = dir.path().join("out");
        let files = unpack(&path, &out).unwrap();
        assert_eq!(files.len(), 3);
        for e in &entries {
            let file = out.join(&e.name);
            assert_eq!(fs::read(&file).unwrap(), e.bytes);
            let mode = fs::metadata(&file).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, e.mode, "{}", e.name);
        }
    }

    #[test]
    fn unpack_refuses_entries_outside_the_directory_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("evil.charm");
        let entries = [
            entry("dispatch", 0o755, "ok"),
            entry("../escaped", 0o644, "no"),
        ];
        write(&mut fs::File::create(&path).unwrap(), &path, &entries).unwrap();
        let out = dir.path().join("out");
        let error = unpack(&path, &out).unwrap_err();
        assert_eq!(
            error.to_string(),
            format!(
                "{}: entry \"../escaped\" would be written outside the charm directory",
                path.display()
            )
        );
        assert!(!out.exists() && !dir.path().join("escaped").exists());
    }

    #[test]
    fn a_file_that_is_no_zip_is_a_zip_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("not.charm");
        fs::write(&path, "metadata.yaml").unwrap();
        let error = unpack(&path, dir.path()).unwrap_err();
        assert!(matches!(error, ArchiveError::Zip { .. }), "{error}");
    }
}
