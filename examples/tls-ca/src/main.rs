//! The `tls-ca` charm binary: Juju runs it for every hook.

use std::process::ExitCode;

fn main() -> ExitCode {
    tls_ca_charm::CHARM.main()
}
