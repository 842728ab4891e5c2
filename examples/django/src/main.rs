//! The django charm's one binary: Juju runs it for every hook.

fn main() -> std::process::ExitCode {
    django_charm::CHARM.main()
}
