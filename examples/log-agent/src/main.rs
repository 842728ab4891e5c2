//! The log-agent charm's one binary: Juju runs it for every hook.

fn main() -> std::process::ExitCode {
    log_agent_charm::CHARM.main()
}
