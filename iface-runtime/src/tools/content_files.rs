//! Secret values handed to `secret-add` and `secret-set` through private
//! files (`KEY#file=PATH`), as ops does: argv is readable by every process
//! on the machine (`/proc/<pid>/cmdline`), a file made 0600 in a 0700
//! directory is not.

use std::io::{self, Write as _};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::secret::SecretContent;

/// One directory of value files, removed when dropped.
pub(crate) struct ContentFiles {
    dir: PathBuf,
    /// `KEY#file=PATH` for each key, by key.
    pub(crate) args: Vec<String>,
}

/// Tells apart the directories of one process.
static NEXT: AtomicU64 = AtomicU64::new(0);

impl ContentFiles {
    /// Writes each value of `content` to a file of its own.
    pub(crate) fn write(content: &SecretContent) -> io::Result<ContentFiles> {
        let dir = std::env::temp_dir().join(format!(
            "iface-secret-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        private_dir(&dir)?;
        let mut files = ContentFiles {
            dir,
            args: Vec::new(),
        };
        for (key, value) in content.iter() {
            let path = files.dir.join(key);
            private_file(&path)?.write_all(value.as_bytes())?;
            files.args.push(format!("{key}#file={}", path.display()));
        }
        Ok(files)
    }
}

impl Drop for ContentFiles {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[cfg(unix)]
fn private_dir(dir: &std::path::Path) -> io::Result<()> {
    use std::os::unix::fs::DirBuilderExt as _;
    std::fs::DirBuilder::new().mode(0o700).create(dir)
}

#[cfg(not(unix))]
fn private_dir(dir: &std::path::Path) -> io::Result<()> {
    std::fs::create_dir(dir)
}

#[cfg(unix)]
fn private_file(path: &std::path::Path) -> io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt as _;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
}

#[cfg(not(unix))]
fn private_file(path: &std::path::Path) -> io::Result<std::fs::File> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
}
