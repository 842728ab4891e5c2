//! The mysql-like client charm's binary: Juju runs it for every hook.

fn main() -> std::process::ExitCode {
    mysql_client_charm::CHARM.main()
}
