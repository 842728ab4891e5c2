//! The keys a relation-data type reads and writes, known at compile time.

/// A type whose fields are relation-data keys; `#[derive(RelationData)]`
/// implements it from the struct's fields and their serde attributes, so
/// `#[interface(sets(...), gets(...))]` and `charm!` can check documented
/// `gets`/`sets` against what an interface really publishes and reads.
pub trait RelationData {
    /// Every key the type writes (its fields, renamed as serde renames them).
    const KEYS: &'static [&'static str];
    /// The keys that must be present for the type to decode: fields that
    /// are neither `Option` nor `#[serde(default)]`.
    const REQUIRED: &'static [&'static str];
}

/// Whether `key` is one of `groups`' keys; evaluated at compile time.
pub const fn contains(groups: &[&[&str]], key: &str) -> bool {
    let mut g = 0;
    while g < groups.len() {
        let mut k = 0;
        while k < groups[g].len() {
            if str_eq(groups[g][k], key) {
                return true;
            }
            k += 1;
        }
        g += 1;
    }
    false
}

/// String equality in a `const` context.
pub const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The first key of `groups` that `documented` lacks, if any.
pub const fn first_undocumented<'a>(
    groups: &[&'a [&'a str]],
    documented: &[&str],
) -> Option<&'a str> {
    let mut g = 0;
    while g < groups.len() {
        let mut k = 0;
        while k < groups[g].len() {
            if !contains(&[documented], groups[g][k]) {
                return Some(groups[g][k]);
            }
            k += 1;
        }
        g += 1;
    }
    None
}

/// Fails const evaluation with `{before}{key}{after}`: a compile error that
/// names the key, which a plain `assert!` message cannot.
///
/// # Panics
///
/// Always: that is its purpose (in a `const`, the panic is the error).
pub const fn fail_naming_key(before: &str, key: &str, after: &str) -> ! {
    const CAPACITY: usize = 1024;
    let mut buf = [0u8; CAPACITY];
    let mut len = 0;
    let parts = [before.as_bytes(), key.as_bytes(), after.as_bytes()];
    let mut p = 0;
    while p < parts.len() {
        let mut i = 0;
        while i < parts[p].len() && len < CAPACITY {
            buf[len] = parts[p][i];
            len += 1;
            i += 1;
        }
        p += 1;
    }
    match core::str::from_utf8(buf.split_at(len).0) {
        Ok(message) => panic!("{}", message),
        Err(_) => panic!("{}", before),
    }
}
