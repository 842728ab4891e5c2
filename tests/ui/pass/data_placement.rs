//! `#[iface::data(app, json)]` gives a type its bag and encoding, which
//! `RelationData` carries and the JSON codec honours, under strict lints;
//! every `#[iface::data]` type has a JSON Schema.
#![deny(warnings, missing_docs, unused, unused_qualifications, rust_2018_idioms, nonstandard_style)]

use iface::data::{Databag, Encoding};
use iface::prelude::*;

/// Application data, one JSON document per key.
#[iface::data(app, json)]
#[derive(Debug, PartialEq)]
pub struct Issued {
    /// Certificates.
    pub certificates: Vec<Entry>,
    /// Optional.
    pub note: Option<String>,
}

/// One entry.
#[data]
#[derive(Debug, PartialEq)]
pub struct Entry {
    /// The PEM.
    pub pem: String,
}

/// Unit data, raw, written out.
#[iface::data(json, unit)]
pub struct Asked {
    /// A host.
    pub host: String,
}

fn main() {
    assert_eq!((Issued::BAG, Issued::ENCODING), (Databag::App, Encoding::Json));
    assert_eq!((Asked::BAG, Asked::ENCODING), (Databag::Unit, Encoding::Json));
    assert_eq!(Issued::NAME, "Issued");
    let issued = Issued {
        certificates: vec![Entry { pem: "x".into() }],
        note: None,
    };
    let bag = Issued::ENCODING.encode(&issued).unwrap();
    assert_eq!(bag["certificates"], r#"[{"pem":"x"}]"#);
    assert_eq!(Issued::ENCODING.decode::<Issued>(&bag).unwrap(), issued);
    let schema = Issued::json_schema().unwrap();
    assert_eq!(schema["properties"]["certificates"]["type"], "array");
}
