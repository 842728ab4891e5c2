//! The relation-data codec: round trips, what charms.reactive's two writer
//! styles publish, Python reading what we publish, and hostile input.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Debug;
use std::process::Command;

use iface_runtime::data::{DecodeError, EncodeError, decode_value, encode_value, from_bag, to_bag};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

type Bag = BTreeMap<String, String>;

fn bag(pairs: &[(&str, &str)]) -> Bag {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn round_trip<T: Serialize + DeserializeOwned + PartialEq + Debug>(value: &T) -> Bag {
    let encoded = to_bag(value).unwrap_or_else(|e| panic!("encoding {value:?}: {e}"));
    let decoded: T = from_bag(&encoded).unwrap_or_else(|e| panic!("decoding {encoded:?}: {e}"));
    assert_eq!(&decoded, value, "through {encoded:?}");
    encoded
}

fn decode_err<T: DeserializeOwned + Debug>(pairs: &[(&str, &str)]) -> DecodeError {
    match from_bag::<T>(&bag(pairs)) {
        Ok(value) => panic!("decoded {value:?} from {pairs:?}"),
        Err(error) => error,
    }
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Integers {
    a: i8,
    b: i16,
    c: i32,
    d: i64,
    e: i128,
    f: u8,
    g: u16,
    h: u32,
    i: u64,
    j: u128,
    k: isize,
    l: usize,
}

#[test]
fn every_integer_width_round_trips_at_its_limits() {
    let max = Integers {
        a: i8::MAX,
        b: i16::MAX,
        c: i32::MAX,
        d: i64::MAX,
        e: i128::MAX,
        f: u8::MAX,
        g: u16::MAX,
        h: u32::MAX,
        i: u64::MAX,
        j: u128::MAX,
        k: isize::MAX,
        l: usize::MAX,
    };
    let encoded = round_trip(&max);
    assert_eq!(encoded["g"], "65535");
    assert_eq!(encoded["j"], u128::MAX.to_string());
    let min = Integers {
        a: i8::MIN,
        b: i16::MIN,
        c: i32::MIN,
        d: i64::MIN,
        e: i128::MIN,
        f: 0,
        g: 0,
        h: 0,
        i: 0,
        j: 0,
        k: isize::MIN,
        l: 0,
    };
    let encoded = round_trip(&min);
    assert_eq!(encoded["a"], "-128");
    assert_eq!(encoded["e"], i128::MIN.to_string());
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Floats {
    single: f32,
    double: f64,
}

#[test]
fn floats_round_trip_exactly() {
    for (single, double) in [
        (0.0, 0.0),
        (-0.0, -0.0),
        (0.1, 0.1),
        (80.0, 80.0),
        (f32::MAX, f64::MAX),
        (f32::MIN_POSITIVE, f64::MIN_POSITIVE),
        (1.0e-45, 5e-324),
        (-1.5e30, 1e300),
        (f32::INFINITY, f64::NEG_INFINITY),
    ] {
        let value = Floats { single, double };
        let encoded = round_trip(&value);
        let back: Floats = from_bag(&encoded).unwrap();
        assert_eq!(back.single.to_bits(), single.to_bits(), "{encoded:?}");
        assert_eq!(back.double.to_bits(), double.to_bits(), "{encoded:?}");
    }
    assert_eq!(
        to_bag(&Floats {
            single: 80.0,
            double: 0.1
        })
        .unwrap(),
        bag(&[("single", "80.0"), ("double", "0.1")])
    );
    let nan: Floats = from_bag(
        &to_bag(&Floats {
            single: f32::NAN,
            double: f64::NAN,
        })
        .unwrap(),
    )
    .unwrap();
    assert!(nan.single.is_nan() && nan.double.is_nan());
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum Mode {
    Fast,
    Careful,
    Limit(u32),
    Pair(u8, String),
    Window { from: u16, to: u16 },
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Inner {
    name: String,
    weight: Option<f64>,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Newtype(u16);

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Unit;

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Everything {
    hostname: String,
    port: u16,
    enabled: bool,
    initial: char,
    ratio: f64,
    #[serde(rename = "private-address")]
    address: String,
    #[serde(rename = "tls-ca")]
    ca: Option<String>,
    weight: Option<u32>,
    paths: Vec<String>,
    empty: Vec<u8>,
    limits: BTreeMap<String, u64>,
    labels: HashMap<String, String>,
    inner: Inner,
    maybe_inner: Option<Inner>,
    pair: (u8, String),
    newtype: Newtype,
    unit: (),
    unit_struct: Unit,
    mode: Mode,
    other: Mode,
    modes: Vec<Mode>,
    extra: Value,
}

fn everything() -> Everything {
    Everything {
        hostname: "example.com".into(),
        port: 80,
        enabled: true,
        initial: 'é',
        ratio: 0.25,
        address: "10.0.0.7".into(),
        ca: None,
        weight: Some(7),
        paths: vec!["/".into(), "/a b".into(), "\"q\"".into()],
        empty: vec![],
        limits: BTreeMap::from([("cpu".into(), 2), ("mem".into(), u64::MAX)]),
        labels: HashMap::from([("z".into(), "last".into()), ("a".into(), "first".into())]),
        inner: Inner {
            name: "in\"ner".into(),
            weight: Some(1.5),
        },
        maybe_inner: None,
        pair: (3, "three".into()),
        newtype: Newtype(8080),
        unit: (),
        unit_struct: Unit,
        mode: Mode::Careful,
        other: Mode::Window { from: 1, to: 2 },
        modes: vec![Mode::Fast, Mode::Limit(5), Mode::Pair(1, "x".into())],
        extra: json!({"k": [1, "two", null], "b": true}),
    }
}

#[test]
fn a_struct_of_every_kind_encodes_to_the_documented_text_and_back() {
    let encoded = round_trip(&everything());
    let expected = bag(&[
        ("hostname", "example.com"),
        ("port", "80"),
        ("enabled", "true"),
        ("initial", "é"),
        ("ratio", "0.25"),
        ("private-address", "10.0.0.7"),
        ("tls-ca", ""),
        ("weight", "7"),
        ("paths", r#"["/","/a b","\"q\""]"#),
        ("empty", "[]"),
        ("limits", r#"{"cpu":2,"mem":18446744073709551615}"#),
        // Sorted, whatever the HashMap's order.
        ("labels", r#"{"a":"first","z":"last"}"#),
        ("inner", r#"{"name":"in\"ner","weight":1.5}"#),
        ("maybe_inner", ""),
        ("pair", r#"[3,"three"]"#),
        ("newtype", "8080"),
        ("unit", ""),
        ("unit_struct", ""),
        ("mode", "careful"),
        ("other", r#"{"window":{"from":1,"to":2}}"#),
        ("modes", r#"["fast",{"limit":5},{"pair":[1,"x"]}]"#),
        ("extra", r#"{"b":true,"k":[1,"two",null]}"#),
    ]);
    assert_eq!(encoded, expected);
}

#[test]
fn single_values_share_the_field_rules() {
    let value = everything();
    let encoded = to_bag(&value).unwrap();
    assert_eq!(encode_value("port", &value.port).unwrap(), encoded["port"]);
    assert_eq!(
        encode_value("paths", &value.paths).unwrap(),
        encoded["paths"]
    );
    assert_eq!(
        encode_value("other", &value.other).unwrap(),
        encoded["other"]
    );
    assert_eq!(encode_value("tls-ca", &value.ca).unwrap(), "");
    assert_eq!(decode_value::<u16>("port", &encoded["port"]).unwrap(), 80);
    assert_eq!(
        decode_value::<Mode>("other", &encoded["other"]).unwrap(),
        value.other
    );
    assert_eq!(decode_value::<Option<String>>("tls-ca", "").unwrap(), None);
    assert_eq!(
        decode_value::<Inner>("inner", &encoded["inner"]).unwrap(),
        value.inner
    );
    assert_eq!(
        decode_value::<u8>("port", "256").unwrap_err().to_string(),
        r#"key `port`: expected u8, found "256""#
    );
    assert_eq!(
        encode_value("bad key", &1).unwrap_err().to_string(),
        "key `bad key`: not a valid relation key: it must be non-empty and contain no `=` or whitespace"
    );
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Text {
    value: String,
}

#[test]
fn awkward_strings_come_back_exactly() {
    for text in [
        "",
        " ",
        "  spaced at both ends  ",
        "-leading-dash",
        "--flag=value",
        "key=value=more",
        "line one\nline two\r\n",
        "\ttab",
        "unicode: żółć 日本 🎉 \u{2028} \u{feff}",
        "\"quoted\"",
        "\"\"",
        "\"",
        "\"unbalanced",
        "\"a\" \"b\"",
        "\"esc\\\"aped\"",
        "'single'",
        "80",
        "true",
        "null",
        "[1, 2]",
        "{\"a\": 1}",
        "\\",
        "\0nul",
    ] {
        let value = Text {
            value: text.to_owned(),
        };
        round_trip(&value);
        assert_eq!(
            decode_value::<String>("value", &encode_value("value", text).unwrap()).unwrap(),
            text
        );
    }
    // Only strings that are JSON string literals get quoted on the way out.
    assert_eq!(encode_value("v", "\"quoted\"").unwrap(), r#""\"quoted\"""#);
    assert_eq!(encode_value("v", "\"unbalanced").unwrap(), "\"unbalanced");
    assert_eq!(encode_value("v", " x ").unwrap(), " x ");
}

#[test]
fn a_one_mebibyte_value_is_handled_whole() {
    let big = "x".repeat(1 << 20);
    let encoded = round_trip(&Text { value: big.clone() });
    assert_eq!(encoded["value"].len(), 1 << 20);
    let numbers: Vec<u32> = (0..200_000).collect();
    let text = encode_value("numbers", &numbers).unwrap();
    assert!(text.len() > 1 << 20);
    assert_eq!(decode_value::<Vec<u32>>("numbers", &text).unwrap(), numbers);
    // An error about it quotes only the start.
    let digits = "9".repeat(1 << 20);
    let message = decode_value::<u16>("port", &digits)
        .unwrap_err()
        .to_string();
    assert_eq!(
        message,
        format!(
            "key `port`: expected u16, found \"{}\"... (1048576 bytes)",
            "9".repeat(64)
        )
    );
}

#[derive(Debug, PartialEq, Deserialize)]
struct HttpSettings {
    hostname: String,
    port: u16,
    enabled: bool,
    ratio: f64,
    #[serde(default)]
    paths: Vec<String>,
    ca: Option<String>,
    #[serde(rename = "private-address")]
    address: Option<String>,
}

#[test]
fn reads_what_a_relation_base_writer_publishes() {
    // set_remote(hostname='example.com', port=80, enabled=True, ratio=0.5,
    // ca=None): relation-set of str() of each value, None as empty.
    let settings: HttpSettings = from_bag(&bag(&[
        ("hostname", "example.com"),
        ("port", "80"),
        ("enabled", "True"),
        ("ratio", "0.5"),
        ("ca", ""),
        ("private-address", "10.0.0.7"),
        ("ingress-address", "10.0.0.7"),
        ("egress-subnets", "10.0.0.7/32"),
    ]))
    .unwrap();
    assert_eq!(
        settings,
        HttpSettings {
            hostname: "example.com".into(),
            port: 80,
            enabled: true,
            ratio: 0.5,
            paths: vec![],
            ca: None,
            address: Some("10.0.0.7".into()),
        }
    );
}

#[test]
fn reads_what_an_endpoint_writer_publishes() {
    // to_publish[k] = v: json.dumps(v, sort_keys=True) of each value.
    let settings: HttpSettings = from_bag(&bag(&[
        ("hostname", r#""example.com""#),
        ("port", "80"),
        ("enabled", "true"),
        ("ratio", "0.5"),
        ("paths", r#"["/", "/api"]"#),
        (
            "ca",
            r#""-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n""#,
        ),
        ("private-address", "10.0.0.7"),
    ]))
    .unwrap();
    assert_eq!(settings.hostname, "example.com");
    assert_eq!(settings.paths, ["/", "/api"]);
    assert_eq!(
        settings.ca.as_deref(),
        Some("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")
    );
    // A number a Python writer kept as a string: to_publish['port'] = '80'.
    assert_eq!(decode_value::<u16>("port", r#""80""#).unwrap(), 80);
    assert_eq!(
        decode_value::<f64>("ratio", r#""0.5""#).unwrap().to_bits(),
        0.5f64.to_bits()
    );
    assert!(decode_value::<bool>("enabled", r#""True""#).unwrap());
}

/// Runs a Python script and returns its stdout.
fn python(script: &str, input: &str) -> String {
    use std::io::Write as _;
    let mut child = Command::new("python3")
        .arg("-c")
        .arg(script)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("python3 runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "python3 failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Published {
    hostname: String,
    port: u16,
    enabled: bool,
    ratio: f64,
    paths: Vec<String>,
    limits: BTreeMap<String, i64>,
    note: String,
}

fn published() -> Published {
    Published {
        hostname: "example.com".into(),
        port: 80,
        enabled: false,
        ratio: 0.1,
        paths: vec!["/".into(), "ü".into()],
        limits: BTreeMap::from([("b".into(), -1), ("a".into(), 2)]),
        note: "two\nlines = \"x\"".into(),
    }
}

/// The values of [`published`] as Python literals.
const PUBLISHED_PY: &str = "{'hostname': 'example.com', 'port': 80, 'enabled': False, 'ratio': 0.1, \
     'paths': ['/', '\\u00fc'], 'limits': {'b': -1, 'a': 2}, 'note': 'two\\nlines = \"x\"'}";

#[test]
fn reads_real_python_json_dumps_and_str_output() {
    // Endpoint's to_publish: json.dumps(value, sort_keys=True) per key.
    let endpoint = python(
        &format!(
            "import json\nvalues = {PUBLISHED_PY}\n\
             print(json.dumps({{k: json.dumps(v, sort_keys=True) for k, v in values.items()}}))"
        ),
        "",
    );
    let endpoint: Bag = serde_json::from_str(&endpoint).unwrap();
    assert_eq!(endpoint["hostname"], "\"example.com\"");
    assert_eq!(from_bag::<Published>(&endpoint).unwrap(), published());

    // RelationBase's set_remote: str() of scalars (lists would be repr, which
    // is not JSON, so an old interface would not have sent them this way).
    let relation_base = python(
        &format!(
            "import json\nvalues = {PUBLISHED_PY}\n\
             print(json.dumps({{k: (json.dumps(v) if isinstance(v, (list, dict)) else str(v)) \
             for k, v in values.items()}}))"
        ),
        "",
    );
    let relation_base: Bag = serde_json::from_str(&relation_base).unwrap();
    assert_eq!(relation_base["enabled"], "False");
    assert_eq!(from_bag::<Published>(&relation_base).unwrap(), published());
}

#[test]
fn python_endpoint_readers_understand_what_we_publish() {
    let bag = to_bag(&published()).unwrap();
    // JSONUnitDataView's reading: json.loads, or the raw text if that fails
    // or the text is empty.
    let script = "import json, sys\n\
        def received(v):\n    \
            if not v:\n        return v\n    \
            try:\n        return json.loads(v)\n    \
            except ValueError:\n        return v\n\
        bag = json.load(sys.stdin)\n\
        print(json.dumps({k: received(v) for k, v in bag.items()}, sort_keys=True))";
    let seen: Value =
        serde_json::from_str(&python(script, &serde_json::to_string(&bag).unwrap())).unwrap();
    assert_eq!(
        seen,
        json!({
            "hostname": "example.com",
            "port": 80,
            "enabled": false,
            "ratio": 0.1,
            "paths": ["/", "ü"],
            "limits": {"a": 2, "b": -1},
            "note": "two\nlines = \"x\"",
        })
    );
}

#[test]
fn bad_values_name_the_key_what_was_expected_and_what_was_found() {
    let error = decode_err::<HttpSettings>(&[
        ("hostname", "example.com"),
        ("port", "eighty"),
        ("enabled", "true"),
        ("ratio", "1"),
    ]);
    assert_eq!(error.key(), Some("port"));
    assert_eq!(error.expected(), Some("u16"));
    assert_eq!(
        error.to_string(),
        r#"key `port`: expected u16, found "eighty""#
    );

    let error = decode_err::<HttpSettings>(&[
        ("hostname", "example.com"),
        ("port", "80"),
        ("enabled", "yes"),
        ("ratio", "1"),
    ]);
    assert_eq!(
        error.to_string(),
        r#"key `enabled`: expected bool, found "yes""#
    );

    let error = decode_err::<HttpSettings>(&[
        ("hostname", "example.com"),
        ("port", "80"),
        ("enabled", "true"),
        ("ratio", "1"),
        ("paths", "[\"/\", "),
    ]);
    assert_eq!(error.key(), Some("paths"));
    assert_eq!(
        error.to_string(),
        r#"key `paths`: expected a sequence as a JSON array, found "[\"/\", " (EOF while parsing a value at line 1 column 6)"#
    );

    let error = decode_err::<HttpSettings>(&[
        ("hostname", "example.com"),
        ("port", "80"),
        ("enabled", "true"),
        ("ratio", "1"),
        ("paths", "/api"),
    ]);
    assert_eq!(
        error.to_string(),
        r#"key `paths`: expected a sequence as a JSON array, found "/api" (expected value at line 1 column 1)"#
    );

    let error = decode_err::<HttpSettings>(&[
        ("hostname", "example.com"),
        ("port", "80"),
        ("enabled", "true"),
        ("ratio", "1"),
        ("paths", "[1]"),
    ]);
    assert_eq!(
        error.to_string(),
        r#"key `paths`: expected a sequence as a JSON array, found "[1]" (invalid type: integer `1`, expected a string at line 1 column 2)"#
    );
}

#[test]
fn a_missing_key_is_serdes_missing_field_error() {
    let error = decode_err::<HttpSettings>(&[
        ("hostname", "example.com"),
        ("enabled", "true"),
        ("ratio", "1"),
    ]);
    assert!(error.is_missing());
    assert_eq!(error.key(), Some("port"));
    assert_eq!(error.to_string(), "missing field `port`");
}

#[derive(Debug, PartialEq, Deserialize)]
struct Optional {
    port: Option<u16>,
    name: Option<String>,
    #[serde(default = "default_count")]
    count: u32,
}

fn default_count() -> u32 {
    3
}

#[test]
fn options_are_none_when_missing_or_empty() {
    let none = Optional {
        port: None,
        name: None,
        count: 3,
    };
    assert_eq!(from_bag::<Optional>(&bag(&[])).unwrap(), none);
    assert_eq!(
        from_bag::<Optional>(&bag(&[("port", ""), ("name", "")])).unwrap(),
        none
    );
    assert_eq!(
        from_bag::<Optional>(&bag(&[("port", "0"), ("name", r#""""#), ("count", "9")])).unwrap(),
        Optional {
            port: Some(0),
            name: Some(String::new()),
            count: 9
        }
    );
    assert_eq!(
        decode_err::<Optional>(&[("port", "-1")]).to_string(),
        r#"key `port`: expected u16, found "-1""#
    );
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Strict {
    name: String,
}

#[test]
fn unknown_keys_are_ignored_whatever_they_hold() {
    let value: Optional = from_bag(&bag(&[
        ("private-address", "10.0.0.7"),
        ("egress-subnets", "[[[[[["),
        ("junk", "\u{0}\u{ffff}"),
        ("name", "n"),
    ]))
    .unwrap();
    assert_eq!(value.name.as_deref(), Some("n"));
    let error = decode_err::<Strict>(&[("name", "n"), ("private-address", "10.0.0.7")]);
    assert_eq!(error.key(), Some("private-address"));
    assert_eq!(
        error.to_string(),
        "key `private-address`: unknown field `private-address`, expected `name`"
    );
}

#[test]
fn enums_read_from_names_quoted_names_and_json() {
    assert_eq!(decode_value::<Mode>("mode", "fast").unwrap(), Mode::Fast);
    assert_eq!(
        decode_value::<Mode>("mode", r#""fast""#).unwrap(),
        Mode::Fast
    );
    assert_eq!(
        decode_value::<Mode>("mode", r#"{"limit": 5}"#).unwrap(),
        Mode::Limit(5)
    );
    assert_eq!(
        decode_value::<Mode>("mode", "slow")
            .unwrap_err()
            .to_string(),
        r#"key `mode`: unknown variant `slow`, expected one of `fast`, `careful`, `limit`, `pair`, `window` (value "slow")"#
    );
    assert_eq!(
        decode_value::<Mode>("mode", "limit")
            .unwrap_err()
            .to_string(),
        r#"key `mode`: invalid type: unit variant, expected newtype variant (value "limit")"#
    );
    assert_eq!(
        decode_value::<Mode>("mode", r#"{"limit": "x"}"#)
            .unwrap_err()
            .to_string(),
        r#"key `mode`: expected enum `Mode`, found "{\"limit\": \"x\"}" (invalid type: string "x", expected u32)"#
    );
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
enum Target {
    Port(u16),
    Url(String),
    Many(Vec<String>),
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind")]
enum Tagged {
    Tcp { port: u16 },
    Unix { path: String },
}

#[test]
fn self_describing_targets_take_json_else_the_text() {
    assert_eq!(decode_value::<Target>("t", "80").unwrap(), Target::Port(80));
    assert_eq!(
        decode_value::<Target>("t", "http://x:80/").unwrap(),
        Target::Url("http://x:80/".into())
    );
    assert_eq!(
        decode_value::<Target>("t", r#""quoted""#).unwrap(),
        Target::Url("quoted".into())
    );
    assert_eq!(
        decode_value::<Target>("t", r#"["a"]"#).unwrap(),
        Target::Many(vec!["a".into()])
    );
    assert_eq!(
        decode_value::<Target>("t", r#"{"a": 1}"#)
            .unwrap_err()
            .to_string(),
        r#"key `t`: data did not match any variant of untagged enum Target (value "{\"a\": 1}")"#
    );
    let tagged = Tagged::Unix {
        path: "/run/s".into(),
    };
    assert_eq!(
        encode_value("t", &tagged).unwrap(),
        r#"{"kind":"Unix","path":"/run/s"}"#
    );
    assert_eq!(
        decode_value::<Tagged>("t", r#"{"kind":"Unix","path":"/run/s"}"#).unwrap(),
        tagged
    );

    assert_eq!(decode_value::<Value>("v", "80").unwrap(), json!(80));
    assert_eq!(
        decode_value::<Value>("v", "example.com").unwrap(),
        json!("example.com")
    );
    assert_eq!(
        decode_value::<Value>("v", r#""example.com""#).unwrap(),
        json!("example.com")
    );
    assert_eq!(decode_value::<Value>("v", "").unwrap(), json!(""));
    assert_eq!(decode_value::<Value>("v", "True").unwrap(), json!("True"));
    assert_eq!(
        decode_value::<Value>("v", r#"{"a": [1]}"#).unwrap(),
        json!({"a": [1]})
    );

    // The whole bag as a Value: each key read the same way.
    let whole: Value = from_bag(&bag(&[("port", "80"), ("host", "h")])).unwrap();
    assert_eq!(whole, json!({"port": 80, "host": "h"}));
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Endpoint {
    host: String,
    port: u16,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct WithFlatten {
    name: String,
    #[serde(flatten)]
    endpoint: Endpoint,
    #[serde(default)]
    replicas: u8,
}

#[test]
fn flatten_rename_and_default_work() {
    let value = WithFlatten {
        name: "db".into(),
        endpoint: Endpoint {
            host: "h.example".into(),
            port: 5432,
        },
        replicas: 0,
    };
    let encoded = round_trip(&value);
    assert_eq!(
        encoded,
        bag(&[
            ("name", "db"),
            ("host", "h.example"),
            ("port", "5432"),
            ("replicas", "0")
        ])
    );
    let decoded: WithFlatten = from_bag(&bag(&[
        ("name", "db"),
        ("host", "h.example"),
        ("port", "5432"),
        ("egress-subnets", "x"),
    ]))
    .unwrap();
    assert_eq!(decoded, value);
    // The documented limit: flattened fields are read self-describingly, so
    // a string field holding a number does not decode.
    let error = decode_err::<WithFlatten>(&[("name", "db"), ("host", "10"), ("port", "5432")]);
    assert_eq!(
        error.to_string(),
        "invalid type: integer `10`, expected a string"
    );
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Wrapper(Endpoint);

#[test]
fn maps_at_the_top_level() {
    let labels = HashMap::from([
        ("a".to_owned(), "1".to_owned()),
        ("b".to_owned(), " two ".to_owned()),
    ]);
    round_trip(&labels);
    let numbers: BTreeMap<String, u16> = from_bag(&bag(&[("a", "1"), ("b", "\"2\"")])).unwrap();
    assert_eq!(
        numbers,
        BTreeMap::from([("a".to_owned(), 1), ("b".to_owned(), 2)])
    );
    let by_number = BTreeMap::from([(1u16, "one".to_owned()), (20, "twenty".to_owned())]);
    assert_eq!(
        round_trip(&by_number),
        bag(&[("1", "one"), ("20", "twenty")])
    );
    round_trip(&BTreeMap::from([
        ("on".to_owned(), Mode::Fast),
        ("off".to_owned(), Mode::Limit(1)),
    ]));
    round_trip(&Wrapper(Endpoint {
        host: "h".into(),
        port: 1,
    }));
}

#[derive(Serialize)]
struct Renamed {
    #[serde(rename = "bad key")]
    field: u8,
}

#[derive(Serialize)]
struct Clash {
    port: u16,
    #[serde(flatten)]
    endpoint: Endpoint,
}

#[test]
fn encoding_refuses_what_has_no_keys_and_keys_juju_would_mangle() {
    let message = |error: EncodeError| error.to_string();
    assert_eq!(
        message(to_bag(&80).unwrap_err()),
        "relation data must be a struct or a map, found an integer"
    );
    assert_eq!(
        message(to_bag(&vec![1]).unwrap_err()),
        "relation data must be a struct or a map, found a sequence"
    );
    assert_eq!(
        message(to_bag("text").unwrap_err()),
        "relation data must be a struct or a map, found a string"
    );
    assert_eq!(
        message(to_bag(&Mode::Fast).unwrap_err()),
        "relation data must be a struct or a map, found an enum variant"
    );
    assert_eq!(
        message(to_bag(&Some(1)).unwrap_err()),
        "relation data must be a struct or a map, found an Option"
    );

    for key in ["", "a=b", "a b", " lead", "tab\t", "new\nline"] {
        let error = to_bag(&BTreeMap::from([(key, 1)])).unwrap_err();
        assert_eq!(error.key(), Some(key));
        assert_eq!(
            error.to_string(),
            format!(
                "key `{}`: not a valid relation key: it must be non-empty and contain no `=` or whitespace",
                key.escape_debug()
            )
        );
    }
    assert_eq!(
        to_bag(&Renamed { field: 1 }).unwrap_err().key(),
        Some("bad key")
    );
    let error = to_bag(&Clash {
        port: 1,
        endpoint: Endpoint {
            host: "h".into(),
            port: 2,
        },
    })
    .unwrap_err();
    assert_eq!(error.to_string(), "key `port`: written twice");

    let error = to_bag(&BTreeMap::from([(vec![1], 1)])).unwrap_err();
    assert_eq!(error.key(), None);
    assert_eq!(
        error.to_string(),
        "a map key must be a string, number, bool or unit variant to be a relation key"
    );

    let error = to_bag(&BTreeMap::from([(
        "nested",
        BTreeMap::from([(vec![1], 1)]),
    )]))
    .unwrap_err();
    assert_eq!(error.key(), Some("nested"));
    assert_eq!(
        error.to_string(),
        "key `nested`: cannot encode as JSON: key must be a string"
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let deep = "[".repeat(10_000);
    let error = decode_value::<Vec<Value>>("deep", &deep).unwrap_err();
    assert!(
        error.to_string().contains("recursion limit exceeded"),
        "{error}"
    );
    let closed = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    assert!(decode_value::<Vec<Value>>("deep", &closed).is_err());
    assert!(decode_value::<Mode>("deep", &closed).is_err());
    assert!(decode_value::<Target>("deep", &closed).is_ok_and(|t| matches!(t, Target::Url(_))));
    let objects = format!("{}1{}", "{\"a\":".repeat(10_000), "}".repeat(10_000));
    assert!(decode_value::<BTreeMap<String, Value>>("deep", &objects).is_err());
    // A self-describing field falls back to the text, as documented.
    assert_eq!(
        decode_value::<Value>("deep", &closed).unwrap(),
        Value::String(closed.clone())
    );
}

#[test]
fn huge_and_odd_numbers_are_errors_or_exact() {
    assert!(decode_value::<u64>("n", "18446744073709551616").is_err());
    assert!(decode_value::<u128>("n", &"9".repeat(1000)).is_err());
    assert!(decode_value::<i8>("n", "-129").is_err());
    assert!(decode_value::<u16>("n", "80.0").is_err());
    assert!(decode_value::<u16>("n", "").is_err());
    assert_eq!(decode_value::<u16>("n", " 80\n").unwrap(), 80);
    assert_eq!(decode_value::<i32>("n", "+7").unwrap(), 7);
    assert_eq!(
        decode_value::<f64>("n", "1e400").unwrap().to_bits(),
        f64::INFINITY.to_bits()
    );
    assert_eq!(
        decode_value::<f64>("n", "-Infinity").unwrap().to_bits(),
        f64::NEG_INFINITY.to_bits()
    );
    assert!(decode_value::<f64>("n", "NaN").unwrap().is_nan());
    assert_eq!(decode_value::<char>("c", "\"x\"").unwrap(), 'x');
    assert_eq!(
        decode_value::<char>("c", "xy").unwrap_err().to_string(),
        r#"key `c`: expected a single character, found "xy""#
    );
    assert_eq!(
        decode_value::<()>("u", "x").unwrap_err().to_string(),
        r#"key `u`: expected nothing (an empty value), found "x""#
    );
}

/// Text made of JSON's syntax and a few awkward characters, up to 40
/// pieces: what a hostile or broken remote unit could put in a bag.
fn json_like_text() -> impl proptest::strategy::Strategy<Value = String> {
    const PIECES: &[&str] = &[
        "[", "]", "{", "}", "\"", "\\", ":", ",", "1", "-", "e", "9", " ", "\n", "true", "null",
        "a", "é", "\u{0}", "🎉",
    ];
    let pieces = proptest::collection::vec(proptest::sample::select(PIECES), 0..40);
    proptest::strategy::Strategy::prop_map(pieces, |pieces| pieces.concat())
}

/// The fields of `Everything`, as keys of its bag.
const KEYS: &[&str] = &[
    "hostname",
    "port",
    "enabled",
    "initial",
    "ratio",
    "private-address",
    "tls-ca",
    "weight",
    "paths",
    "empty",
    "limits",
    "labels",
    "inner",
    "maybe_inner",
    "pair",
    "newtype",
    "unit",
    "unit_struct",
    "mode",
    "other",
    "modes",
    "extra",
];

proptest::proptest! {
    #[test]
    fn arbitrary_text_never_panics(
        which in 0..KEYS.len(),
        value in json_like_text(),
        text in json_like_text(),
    ) {
        let mut noisy = to_bag(&everything()).unwrap();
        let key = KEYS[which];
        noisy.insert(key.to_owned(), value);
        if let Err(error) = from_bag::<Everything>(&noisy) {
            proptest::prop_assert_eq!(error.key(), Some(key), "{}", error);
            proptest::prop_assert!(!error.to_string().is_empty());
        }
        let _ = decode_value::<Target>("t", &text);
        let _ = decode_value::<Tagged>("t", &text);
        let _ = decode_value::<Option<Vec<Option<f32>>>>("t", &text);
        let _ = decode_value::<(u8, char, bool)>("t", &text);
        let _ = from_bag::<Value>(&bag(&[(&text, &text)]));
    }
}
