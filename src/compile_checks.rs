//! Const functions the macros' expansions evaluate when the user's crate
//! compiles: checks that fail the build with a message built from the
//! checked types' own constants. Reached through `__private`; not API.
//!
//! A const item can only fail with a message known to the compiler, and
//! `panic!("{}", s)` takes a `&str` computed at compile time. The
//! functions here build that string from `&'static str` parts into a
//! fixed buffer ([`Message`]) and return it; the expansion panics with it
//! in its own const item, so the error points at the user's code and
//! carries no backtrace into this file.

use crate::action::ActionDecl;
use crate::{Interface, Role};

/// The longest message kept; the rest is cut off at a character boundary.
const CAPACITY: usize = 1024;

/// A message assembled at compile time.
pub struct Message {
    bytes: [u8; CAPACITY],
    len: usize,
}

impl Message {
    /// `parts` concatenated.
    pub const fn of(parts: &[&str]) -> Message {
        let mut message = Message {
            bytes: [0; CAPACITY],
            len: 0,
        };
        let mut p = 0;
        while p < parts.len() {
            let part = parts[p].as_bytes();
            let mut i = 0;
            while i < part.len() && message.len < CAPACITY {
                message.bytes[message.len] = part[i];
                message.len += 1;
                i += 1;
            }
            p += 1;
        }
        message
    }

    /// The text, cut before a character the buffer could not hold whole.
    pub const fn as_str(&self) -> &str {
        let (kept, _) = self.bytes.split_at(self.len);
        match core::str::from_utf8(kept) {
            Ok(text) => text,
            Err(error) => match core::str::from_utf8(kept.split_at(error.valid_up_to()).0) {
                Ok(text) => text,
                Err(_) => "",
            },
        }
    }
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

/// Whether `key` is one of `groups`' keys.
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

/// `{before}{key}{after}` for the first key of `groups` that `documented`
/// lacks, if any.
pub const fn undocumented_key(
    groups: &[&[&str]],
    documented: &[&str],
    before: &str,
    after: &str,
) -> Option<Message> {
    match first_undocumented(groups, documented) {
        Some(key) => Some(Message::of(&[before, key, after])),
        None => None,
    }
}

/// Whether `T` is the interface `interface` on side `role`.
pub const fn speaks<T: Interface>(role: Role, interface: &str) -> bool {
    role as u8 == T::ROLE as u8 && str_eq(T::NAME, interface)
}

/// Unless `T` is the interface `interface` on side `role`: `{before}`,
/// then what `T` is, as "`{shown}` is provides `http`", so the message
/// names both sides.
pub const fn mismatch<T: Interface>(
    role: Role,
    interface: &str,
    before: &str,
    shown: &str,
) -> Option<Message> {
    if speaks::<T>(role, interface) {
        None
    } else {
        Some(Message::of(&[
            before,
            "`",
            shown,
            "` is ",
            T::ROLE.as_str(),
            " `",
            T::NAME,
            "`",
        ]))
    }
}

/// Unless `decl` takes no parameters of another action: the message that
/// action `action` (whose parameters are `own`) is bound to a handler that
/// takes `{other}`, one of `generated` (every action's parameter type).
pub const fn other_params(
    decl: &ActionDecl,
    action: &str,
    own: &str,
    generated: &[&str],
) -> Option<Message> {
    let mut i = 0;
    while i < decl.param_types.len() {
        let taken = decl.param_types[i];
        if contains(&[generated], taken) && !str_eq(taken, own) {
            return Some(Message::of(&[
                "action `",
                action,
                "` is bound to `",
                decl.name,
                "`, which takes `",
                taken,
                "`, another action's parameters; `",
                action,
                "`'s are `",
                own,
                "`",
            ]));
        }
        i += 1;
    }
    None
}

/// Unless the type of `decls` that writes `key` keeps it where the
/// documentation says (`bag` `unit`/`app`, `encoding` `raw`/`json`; an
/// empty string is not documented): `{before}` then what the type does,
/// as "`Issued` keeps it in the app bag, json-encoded". A key no type writes is
/// the key checks' to report.
pub const fn placement_mismatch(
    decls: &[crate::data::DataDecl],
    key: &str,
    bag: &str,
    encoding: &str,
    before: &str,
) -> Option<Message> {
    let mut d = 0;
    while d < decls.len() {
        let decl = &decls[d];
        if contains(&[decl.keys], key) {
            let bag_differs = !bag.is_empty() && !str_eq(bag, decl.bag.as_str());
            let encoding_differs =
                !encoding.is_empty() && !str_eq(encoding, decl.encoding.as_str());
            if bag_differs || encoding_differs {
                return Some(Message::of(&[
                    before,
                    "`",
                    decl.name,
                    "` keeps it in the ",
                    decl.bag.as_str(),
                    " bag, ",
                    decl.encoding.as_str(),
                    "-encoded",
                ]));
            }
            return None;
        }
        d += 1;
    }
    None
}
