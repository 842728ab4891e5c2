//! The server binary describes what `charm!` compiled into it from its
//! metadata, `config.yaml` and `actions.yaml`, as `iface doc` and other
//! languages read it. (Being an integration test of this crate, it also
//! makes `cargo test --workspace` build the `mysql-server` binary that the
//! client's process tests deploy.)

use std::process::Command;

use serde_json::Value;

fn describe() -> Value {
    let output = Command::new(env!("CARGO_BIN_EXE_mysql-server"))
        .args(["describe", "--format", "json"])
        .env_clear()
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn the_binary_describes_its_config_actions_and_relation_hooks() {
    let described = describe();
    assert_eq!(described["charm"], "mysql");
    let config = &described["config"][0];
    assert_eq!(
        (&config["name"], &config["type"], &config["default"]),
        (&"port".into(), &"int".into(), &3306.into())
    );
    let actions: Vec<(&str, usize)> = described["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["name"].as_str().unwrap(),
                a["params"].as_array().unwrap().len(),
            )
        })
        .collect();
    assert_eq!(
        actions,
        [("rotate-password", 0), ("pause", 0), ("resume", 0)]
    );
    let hooks: Vec<&str> = described["hooks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h.as_str().unwrap())
        .collect();
    for hook in [
        "cluster-relation-joined",
        "db-relation-changed",
        "db-relation-departed",
    ] {
        assert!(hooks.contains(&hook), "{hook} in {hooks:?}");
    }
}
