//! The haproxy charm's one binary: Juju runs it for every hook.

fn main() -> std::process::ExitCode {
    haproxy_charm::CHARM.main()
}
