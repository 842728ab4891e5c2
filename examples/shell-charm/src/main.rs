//! `iface-website`: run by the shell charm's hooks (see `lib/website.sh`).

fn main() -> std::process::ExitCode {
    shell_charm::CHARM.main()
}
