//! Hostile relation data and environments at the codec, tool, store and
//! session level: every input round-trips exactly or is a typed error,
//! nothing panics, and no value is ever read by a shell.

use std::collections::{BTreeMap, HashMap};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use iface_runtime::context::{ContextError, HookContext, RelationId};
use iface_runtime::data::{decode_value, encode_value, from_bag, to_bag};
use iface_runtime::session::Session;
use iface_runtime::store::{Changes, Store, flag_key};
use iface_runtime::tools::{
    HookTools, LogLevel, ProcessTools, Status, ToolCall, ToolError, ToolErrorKind, ToolOutput,
    ToolRunner, settings_document,
};
use iface_sim::HookEnv;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Values that break naive quoting, argv handling, line-based formats or
/// SQL, and one of 1 MiB. (The empty string is left out: Juju deletes a key
/// set to it, which the codec documents as its one lossy case.)
fn hostile_values(dir: &Path) -> Vec<String> {
    let pwned = dir.join("PWNED");
    let pwned = pwned.display();
    let mut values: Vec<String> = [
        "two\nlines",
        "crlf\r\n",
        "key=value",
        "=",
        "==x==",
        "-",
        "--app",
        "-r 7",
        "  spaces at both ends  ",
        "\ttab",
        "\"quoted\"",
        "\"",
        "{\"json\": [1, 2]}",
        "null",
        "true",
        "80",
        "'; DROP TABLE kv; --",
        "reactive.states.x",
        "é, 😀, \u{2028}, \u{85}, \u{feff}, \u{7f}",
        "nul\0byte",
        "back\\slash",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    values.extend([
        format!("$(touch {pwned})"),
        format!("; touch {pwned}"),
        format!("`touch {pwned}`"),
        format!("| touch {pwned}"),
        format!("\ntouch {pwned}\n"),
    ]);
    let mut big = "0123456789abcdef\n".repeat((1 << 20) / 17);
    big.push_str(" =-$(x) ");
    values.push(big);
    values
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Settings {
    value: String,
    list: Vec<String>,
    port: Option<u16>,
}

#[test]
fn hostile_strings_round_trip_through_the_codec() {
    let dir = tempfile::tempdir().unwrap();
    for value in hostile_values(dir.path()) {
        let settings = Settings {
            value: value.clone(),
            list: vec![value.clone(), "-".to_owned()],
            port: Some(80),
        };
        let bag = to_bag(&settings).unwrap();
        assert_eq!(from_bag::<Settings>(&bag).unwrap(), settings, "{value:?}");
        // One value alone, as `set_remote_value` writes it.
        let text = encode_value("value", &value).unwrap();
        assert_eq!(decode_value::<String>("value", &text).unwrap(), value);
        // The `relation-set --file -` document reads back as the same map
        // (JSON is the YAML subset it is written in).
        let document: BTreeMap<String, String> =
            serde_json::from_str(&settings_document(&bag)).unwrap();
        assert_eq!(document, bag, "{value:?}");
    }
    assert!(!dir.path().join("PWNED").exists());
}

#[test]
fn keys_that_would_be_mangled_are_typed_errors() {
    for key in ["", "a=b", "has space", "tab\t", "line\nbreak", " lead"] {
        let map = HashMap::from([(key.to_owned(), "v".to_owned())]);
        let error = to_bag(&map).unwrap_err();
        assert!(error.to_string().contains("key"), "{key:?}: {error}");
        assert!(encode_value(key, &1).is_err(), "{key:?}");
    }
}

#[test]
fn deeply_nested_json_is_an_error_not_a_stack_overflow() {
    let depth = 100_000;
    let deep = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let error = decode_value::<Vec<Value>>("nested", &deep).unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("key `nested`: expected a sequence"),
        "{error}"
    );
    // A self-describing target reads what is not JSON it can parse as text.
    assert_eq!(
        decode_value::<Value>("nested", &deep).unwrap(),
        Value::String(deep.clone())
    );
    let deep_map = format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth));
    assert!(decode_value::<HashMap<String, Value>>("nested", &deep_map).is_err());
    let bag = BTreeMap::from([
        ("value".to_owned(), "x".to_owned()),
        ("list".to_owned(), deep),
    ]);
    let error = from_bag::<Settings>(&bag).unwrap_err();
    assert!(error.to_string().starts_with("key `list`: "), "{error}");
}

/// A hook tool that answers every call with the same output.
struct Canned(ToolOutput);

impl Canned {
    fn stdout(bytes: &[u8]) -> Canned {
        Canned(ToolOutput {
            code: Some(0),
            stdout: bytes.to_vec(),
            stderr: String::new(),
        })
    }
}

impl ToolRunner for Canned {
    fn run(&self, _: &ToolCall) -> Result<ToolOutput, ToolError> {
        Ok(self.0.clone())
    }
}

fn website() -> RelationId {
    RelationId::new("website", 7)
}

#[test]
fn tool_output_that_is_not_utf8_is_a_typed_error() {
    // Juju's --format=json never prints invalid UTF-8 (Go's encoder
    // replaces it), but a broken or hostile tool might.
    for stdout in [
        &b"{\"host\": \"\xff\xfe\"}"[..],
        b"{\"\xc3\": \"v\"}",
        b"\xef\xbb\xbf{}",
        b"\x80",
    ] {
        let error = Canned::stdout(stdout)
            .relation_get(&website(), "haproxy/0", false)
            .unwrap_err();
        assert!(
            matches!(error.kind(), ToolErrorKind::BadOutput { .. }),
            "{stdout:?}: {error:?}"
        );
        assert_eq!(error.tool(), "relation-get");
        // The message shows the bytes lossily, on one line.
        assert!(!error.to_string().contains('\n'), "{error}");
    }
    let error = Canned::stdout(b"[\"website:\xff7\"]")
        .relation_ids("website")
        .unwrap_err();
    assert!(matches!(error.kind(), ToolErrorKind::BadOutput { .. }));
}

#[test]
fn tool_output_that_is_not_the_expected_json_is_a_typed_error() {
    let depth = 100_000;
    let deep = format!("{{\"k\": {}{}}}", "[".repeat(depth), "]".repeat(depth));
    for stdout in [
        deep.as_str(),
        "{\"port\": 80}",
        "[\"a\"]",
        "{\"k\": \"v\"} trailing",
        "",
    ] {
        let error = Canned::stdout(stdout.as_bytes())
            .relation_get(&website(), "haproxy/0", false)
            .unwrap_err();
        assert!(
            matches!(error.kind(), ToolErrorKind::BadOutput { .. }),
            "{stdout:.40}: {error:?}"
        );
    }
}

#[test]
fn huge_malformed_tool_output_is_quoted_short() {
    let mut stdout = b"<garbage> \n".to_vec();
    stdout.resize(200 * 1024, b'#');
    let error = Canned::stdout(&stdout)
        .relation_get(&website(), "haproxy/0", false)
        .unwrap_err();
    let message = error.to_string();
    assert!(
        message.len() < 300,
        "{} bytes: {message:.300}",
        message.len()
    );
    assert!(
        message.contains(
            r#"printed unexpected output (expected value at line 1 column 1): "<garbage> \n###"#
        ),
        "{message}"
    );
    assert!(message.ends_with("###\"... (204800 bytes)"), "{message}");
    // The whole output stays in the error for a caller that wants it.
    assert!(
        matches!(error.kind(), ToolErrorKind::BadOutput { stdout, .. } if stdout.len() == 200 * 1024)
    );
}

#[test]
fn targets_that_look_like_flags_are_refused_before_anything_runs() {
    for target in ["--app", "-", "-r", ""] {
        let error = ToolCall::relation_get(&website(), target, false).unwrap_err();
        assert!(
            matches!(error.kind(), ToolErrorKind::InvalidArgument { .. }),
            "{target:?}"
        );
    }
    let error = ToolCall::relation_get(&website(), "haproxy/0\0x", false).unwrap_err();
    assert!(matches!(
        error.kind(),
        ToolErrorKind::InvalidArgument { .. }
    ));
    // Free text goes after `--`, as one argument each.
    let call = ToolCall::status_set(Status::Active, "-r 7 --app", false).unwrap();
    assert_eq!(call.args, ["--", "active", "-r 7 --app"]);
    let call = ToolCall::juju_log(LogLevel::Info, "--help").unwrap();
    assert_eq!(call.args, ["-l", "INFO", "--", "--help"]);
}

/// Writes an executable shell script `dir/name` that records its argv, one
/// element per line, and its stdin.
fn recording_tool(dir: &Path, name: &str) {
    let script = format!(
        "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\" >> '{0}/{name}.args'; done\ncat > '{0}/{name}.stdin'\n",
        dir.display()
    );
    let path = dir.join(name);
    std::fs::write(&path, script).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn no_value_reaches_a_shell() {
    let dir = tempfile::tempdir().unwrap();
    let pwned = dir.path().join("PWNED");
    let value = format!(
        "$(touch {0}); touch {0}; `touch {0}` | touch {0}",
        pwned.display()
    );
    for tool in ["relation-set", "status-set", "juju-log"] {
        recording_tool(dir.path(), tool);
    }
    let tools = ProcessTools::in_dir(dir.path());

    let bag = BTreeMap::from([("host".to_owned(), value.clone())]);
    tools.relation_set(&website(), false, &bag).unwrap();
    tools.status_set(Status::Active, &value, false).unwrap();
    tools.juju_log(LogLevel::Info, &value).unwrap();

    assert!(!pwned.exists(), "a value was run by a shell");
    let stdin = std::fs::read_to_string(dir.path().join("relation-set.stdin")).unwrap();
    let sent: BTreeMap<String, String> = serde_json::from_str(&stdin).unwrap();
    assert_eq!(sent, bag);
    let args = |tool: &str| std::fs::read_to_string(dir.path().join(format!("{tool}.args")));
    assert_eq!(args("relation-set").unwrap(), "-r\nwebsite:7\n--file\n-\n");
    assert_eq!(
        args("status-set").unwrap(),
        format!("--\nactive\n{value}\n")
    );
    assert_eq!(
        args("juju-log").unwrap(),
        format!("-l\nINFO\n--\n{value}\n")
    );
}

#[test]
fn keys_that_look_like_flags_or_sql_are_only_keys() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(".unit-state.db");
    let mut store = Store::open(&path).unwrap();
    let mut changes = Changes::new();
    let keys = [
        "'; DROP TABLE kv; --",
        "x\" OR 1=1 --",
        "reactive.states.a_c",
        "reactive.states.%",
        "\0",
    ];
    for (i, key) in keys.iter().enumerate() {
        changes.set(*key, &i).unwrap();
    }
    changes.set("reactive.states.abc", &()).unwrap();
    store.commit(&changes, None).unwrap();

    let store = Store::open(&path).unwrap();
    for (i, key) in keys.iter().enumerate() {
        assert_eq!(store.get(key).unwrap(), Some(Value::from(i)), "{key:?}");
    }
    // `_` and `%` are not wildcards: only the literal prefix matches.
    let found: Vec<String> = store
        .get_prefix("reactive.states.a_c")
        .unwrap()
        .into_keys()
        .collect();
    assert_eq!(found, ["reactive.states.a_c"]);
    let found = store.get_prefix("reactive.states.%").unwrap();
    assert_eq!(found.len(), 1);
}

#[test]
fn remote_keys_never_become_store_keys_or_flags() {
    let dir = tempfile::tempdir().unwrap();
    let context = HookEnv::new("django/0", dir.path(), "website-relation-changed")
        .relation("website:7", Some("haproxy/0"))
        .context()
        .unwrap();
    let bag = serde_json::json!({
        "reactive.states.x": "null",
        "reactive.conversations.website.global": "{}",
        "'; DROP TABLE kv; --": "1",
        "-r": "--app",
    });
    let tools = Canned::stdout(bag.to_string().as_bytes());
    let path = dir.path().join(".unit-state.db");
    let mut session = Session::new(context, Box::new(tools), Store::open(&path).unwrap());

    let read = session.remote_bag(&website(), "haproxy/0").unwrap().clone();
    assert_eq!(read.len(), 4);
    assert_eq!(read["'; DROP TABLE kv; --"], "1");
    assert!(session.flags().unwrap().is_empty());
    session.commit().unwrap();

    let store = Store::open(&path).unwrap();
    assert!(store.get_prefix("").unwrap().is_empty());
    assert_eq!(store.get(&flag_key("x")).unwrap(), None);
}

fn context(remote: &str, relation_id: &str) -> Result<HookContext, ContextError> {
    HookEnv::new(
        "django/0",
        "/var/lib/juju/charm",
        "website-relation-changed",
    )
    .set("JUJU_RELATION", "website")
    .set("JUJU_RELATION_ID", relation_id)
    .set("JUJU_REMOTE_UNIT", remote)
    .set("JUJU_REMOTE_APP", "haproxy")
    .context()
}

#[test]
fn a_remote_unit_that_is_not_a_unit_name_is_a_context_error() {
    for remote in [
        "../../etc",
        "haproxy/../../etc",
        "/etc/passwd",
        "haproxy/0/..",
        "haproxy/-1",
        "--app",
        "haproxy/0 ; touch PWNED",
        "HAPROXY/0",
    ] {
        match context(remote, "website:7") {
            Err(ContextError::Malformed { var, value, .. }) => {
                assert_eq!((var, value.as_str()), ("JUJU_REMOTE_UNIT", remote));
            }
            other => panic!("{remote:?}: {other:?}"),
        }
    }
    assert!(context("haproxy/0", "website:7").is_ok());
}

#[test]
fn a_relation_id_that_is_not_a_relation_id_is_a_context_error() {
    for id in [
        "website:-1",
        "website:99999999999",
        "website:",
        "website:7 ",
        "website:0x7",
        "website:../7",
    ] {
        match context("haproxy/0", id) {
            Err(ContextError::Malformed { var, value, .. }) => {
                assert_eq!((var, value.as_str()), ("JUJU_RELATION_ID", id));
            }
            other => panic!("{id:?}: {other:?}"),
        }
    }
}
