//! A mysql-like interface (after the classic `mysql` interface of the
//! charm store), in today's dialect for its answer: each client unit asks
//! for a database by name in its unit bag; the server's leader answers
//! each client *application* once (SERVICE scope) in its application bag,
//! and keeps the password in an application-owned Juju secret granted on
//! the relation, so only the secret's URI travels in the relation data
//! (as `postgresql_client` does with `secret-user`).
//!
//! | key | bag | set by | when |
//! |---|---|---|---|
//! | `database` | each client unit's | each client unit | once connected |
//! | `host`, `port`, `database`, `user` | the server application's | the server's leader | once the client application asked |
//! | `secret-user` | the server application's | the server's leader | with the answer: the URI of the secret holding `username` and `password` |
//!
//! A new password is a new revision of the same secret: the clients get
//! `secret-changed` and read it with [`Revision::Refresh`](iface::secret::Revision).

mod provides;
mod requires;

use core::fmt;

use iface::secret::SecretUri;

pub use provides::MysqlProvides;
pub use requires::MysqlRequires;

/// What the server's leader publishes for a client application, in its
/// application bag (raw values, as the rest of this interface).
#[iface::data(app)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// The address clients connect to: the server leader's.
    pub host: String,
    /// The port it listens on.
    pub port: u16,
    /// The database created for the client application.
    pub database: String,
    /// The user created for the client application.
    pub user: String,
    /// The secret holding `username` and `password`, granted to the
    /// client application on this relation.
    #[serde(rename = "secret-user")]
    #[schemars(with = "String")]
    pub secret_user: SecretUri,
}

/// The secret key holding the user name.
pub const USERNAME_KEY: &str = "username";

/// The secret key holding the password.
pub const PASSWORD_KEY: &str = "password";

/// What a client connects with: the answer and the password read from its
/// secret. Its `Debug` never shows the password.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    /// The server's address.
    pub host: String,
    /// The port it listens on.
    pub port: u16,
    /// The client application's database.
    pub database: String,
    /// The client application's user.
    pub user: String,
    /// The user's password, from the secret.
    pub password: String,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("database", &self.database)
            .field("user", &self.user)
            .finish_non_exhaustive()
    }
}

/// The password of `user` on server application `server` at password
/// generation `generation` (0 until the first rotation), the same on every
/// run so that tests can look for it (a real server would draw it at
/// random; it is kept in the secret either way).
pub fn password_for(server: &str, user: &str, generation: u32) -> String {
    // FNV-1a: stable across platforms and Rust versions.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let generation = generation.to_string();
    for byte in server
        .bytes()
        .chain([0])
        .chain(user.bytes())
        .chain([0])
        .chain(generation.bytes())
    {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}
