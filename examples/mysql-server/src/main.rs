//! The mysql-like server charm's binary: Juju runs it for every hook and
//! action.

fn main() -> std::process::ExitCode {
    mysql_server_charm::CHARM.main()
}
