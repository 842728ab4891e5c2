//! Compile-fail and compile-pass cases for the macros.
//!
//! The `.stderr` files hold rustc's exact words, which change between
//! releases, so they are checked on the toolchain that wrote them (stable
//! 1.95) and ignored, visibly, elsewhere. Regenerate them with
//! `TRYBUILD=overwrite cargo test --test ui` and read every diff.

#[rustversion::attr(
    not(stable(1.95)),
    ignore = "ui .stderr files are written by stable Rust 1.95"
)]
#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/pattern/*.rs");
    cases.compile_fail("tests/ui/interface/*.rs");
    cases.compile_fail("tests/ui/hooks/*.rs");
    cases.compile_fail("tests/ui/charm/*.rs");
    cases.compile_fail("tests/ui/config/*.rs");
    cases.compile_fail("tests/ui/actions/*.rs");
    cases.compile_fail("tests/ui/interface_file/*.rs");
    cases.compile_fail("tests/ui/interface_file_bag/*.rs");
    cases.pass("tests/ui/pass/*.rs");
}
