//! The faulty charm's one binary.

fn main() -> std::process::ExitCode {
    faulty_charm::CHARM.main()
}
