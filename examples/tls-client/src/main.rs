//! The `tls-client` charm binary: Juju runs it for every hook.

use std::process::ExitCode;

fn main() -> ExitCode {
    tls_client_charm::CHARM.main()
}
