//! A mysql-like interface (after the classic `mysql` interface of the
//! charm store): the client asks for a database by name; the server
//! answers each client *application* once (SERVICE scope) with where to
//! connect and with what credentials.
//!
//! | key | set by | when |
//! |---|---|---|
//! | `database` | each client unit | once connected |
//! | `host`, `port`, `database`, `user`, `password` | the server unit | once the client application asked |

mod provides;
mod requires;

pub use provides::MysqlProvides;
pub use requires::MysqlRequires;

/// What the server answers.
#[iface::data]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credentials {
    /// The server unit's address.
    pub host: String,
    /// The port it listens on.
    pub port: u16,
    /// The database created for the client application.
    pub database: String,
    /// The user created for the client application.
    pub user: String,
    /// The user's password.
    pub password: String,
}

/// A password for `user` on `server`, the same on every run (a real
/// server would draw it at random and keep it, as
/// [`MysqlProvides::provide`] keeps this one).
pub fn password_for(server: &str, user: &str) -> String {
    // FNV-1a: stable across platforms and Rust versions.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in server.bytes().chain([0]).chain(user.bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}
