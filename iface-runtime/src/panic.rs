//! Handler panics as ordinary errors: caught where the handler is called,
//! so the error names the handler, and reported in one line instead of
//! Rust's default multi-line panic message.

use std::cell::RefCell;
use std::panic::{AssertUnwindSafe, catch_unwind};

use crate::error::{Error, Result};

thread_local! {
    /// Where the last panic on this thread happened, recorded by the quiet
    /// hook for the error that reports it.
    static LOCATION: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Replaces the default panic hook, which prints several lines to stderr,
/// with one that only records where the panic happened; [`catch`] then
/// reports it in one line. Installed by `Charm::main` for a hook's process.
pub fn install_quiet_hook() {
    std::panic::set_hook(Box::new(|info| {
        let location = info
            .location()
            .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()));
        LOCATION.with(|cell| *cell.borrow_mut() = location);
    }));
}

/// Runs `f`, turning a panic into `Error::Panic`.
pub fn catch<T>(f: impl FnOnce() -> Result<T>) -> Result<T> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "(no message)".to_owned());
        let location = LOCATION.with(|cell| cell.borrow_mut().take());
        Err(Error::Panic { message, location })
    })
}
