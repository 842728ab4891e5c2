//! Property tests of the JSON-per-key codec: decoding never panics on any
//! text or bag, whatever the target type, and what `to_json_bag` writes
//! `from_json_bag` reads back exactly.

use std::collections::{BTreeMap, HashMap};

use iface_runtime::data::{decode_json_value, encode_json_value, from_json_bag, to_json_bag};
use proptest::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Issued {
    ca: String,
    certificate: String,
    chain: Option<Vec<String>>,
    revoked: Option<bool>,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct ProviderData {
    #[serde(default)]
    certificates: Vec<Issued>,
    capabilities: Option<BTreeMap<String, Value>>,
    port: u16,
    weight: Option<f64>,
    name: String,
}

/// Text made of what JSON is made of, so that near-misses are common.
fn texty() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        proptest::string::string_regex("[\\[\\]{}\",:0-9eE+\\-. tTrRuUefalsn\\\\\n]{0,24}")
            .unwrap(),
    ]
}

fn decode_all(text: &str) {
    let _ = decode_json_value::<u16>("k", text);
    let _ = decode_json_value::<f64>("k", text);
    let _ = decode_json_value::<bool>("k", text);
    let _ = decode_json_value::<String>("k", text);
    let _ = decode_json_value::<Option<u8>>("k", text);
    let _ = decode_json_value::<()>("k", text);
    let _ = decode_json_value::<Vec<Issued>>("k", text);
    let _ = decode_json_value::<(u8, String)>("k", text);
    let _ = decode_json_value::<HashMap<String, Value>>("k", text);
    let _ = decode_json_value::<Value>("k", text);
    let _ = decode_json_value::<ProviderData>("k", text);
}

fn certificate() -> impl Strategy<Value = Issued> {
    (
        any::<String>(),
        any::<String>(),
        proptest::option::of(proptest::collection::vec(any::<String>(), 0..3)),
        proptest::option::of(any::<bool>()),
    )
        .prop_map(|(ca, certificate, chain, revoked)| Issued {
            ca,
            certificate,
            chain,
            revoked,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn json_decoding_never_panics(text in texty()) {
        decode_all(&text);
    }

    #[test]
    fn decoding_a_json_bag_never_panics(
        bag in proptest::collection::btree_map(
            prop_oneof![
                Just("certificates".to_owned()), Just("capabilities".to_owned()),
                Just("port".to_owned()), Just("weight".to_owned()), Just("name".to_owned()),
                any::<String>(),
            ],
            texty(),
            0..7,
        )
    ) {
        let _ = from_json_bag::<ProviderData>(&bag);
        let _ = from_json_bag::<HashMap<String, Value>>(&bag);
        let _ = from_json_bag::<BTreeMap<String, u16>>(&bag);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn what_to_json_bag_writes_from_json_bag_reads_back(
        certificates in proptest::collection::vec(certificate(), 0..3),
        port in any::<u16>(),
        weight in proptest::option::of(any::<f64>().prop_filter("finite", |f| f.is_finite())),
        name in any::<String>(),
        extra in proptest::collection::btree_map("[a-z-]{1,8}", texty(), 0..3),
    ) {
        let data = ProviderData { certificates, capabilities: None, port, weight, name };
        let mut bag = to_json_bag(&data).unwrap();
        // Keys the type does not know, as Juju and newer versions add them,
        // are never parsed.
        for (key, value) in extra {
            bag.entry(key).or_insert(value);
        }
        let read: ProviderData = from_json_bag(&bag).unwrap();
        prop_assert_eq!(read, data);
    }

    #[test]
    fn every_string_round_trips_as_json(value in any::<String>()) {
        let text = encode_json_value("k", &value).unwrap();
        prop_assert_eq!(decode_json_value::<String>("k", &text).unwrap(), value);
    }
}
