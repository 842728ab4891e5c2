//! A charm's typed configuration from config.yaml, under strict lints:
//! one field per option, `Option` without a default, keyword names as raw
//! identifiers, and handlers taking `config: &Config`.
#![deny(warnings, missing_docs, unused, unused_qualifications, rust_2018_idioms, nonstandard_style)]

use iface::config::{CharmConfig, ConfigValues, OptionType};
use iface::prelude::*;
use iface::secret::SecretUri;
use shop::HttpProvides;

#[allow(dead_code)] // The fixture's other interface.
#[path = "../fixtures/shop.rs"]
mod shop;

iface::charm! {
    metadata = "../charm/metadata.yaml",
    config = "../config/config.yaml",
    relations { website: HttpProvides },
    handlers = [configure, reconfigure],
}

#[when(Website::AVAILABLE)]
fn configure(_website: &Website<'_>, config: &Config) -> iface::Result<()> {
    let _: &String = &config.log_level;
    let _: i64 = config.port;
    let _: f64 = config.ratio;
    let _: bool = config.debug;
    let _: &Option<SecretUri> = &config.admin_password;
    let _: &Option<String> = &config.r#type;
    let _: Option<i64> = config.max_connections;
    Ok(())
}

#[on(config_changed)]
fn reconfigure(config: &Config, unit: &Unit<'_>) -> iface::Result<()> {
    let again: Config = unit.config()?;
    assert_eq!(&again, config);
    Ok(())
}

fn main() {
    let names: Vec<(&str, OptionType, Option<&str>)> = Config::OPTIONS
        .iter()
        .map(|o| (o.name, o.kind, o.default))
        .collect();
    assert_eq!(
        names,
        [
            ("log-level", OptionType::String, Some(r#""info""#)),
            ("port", OptionType::Int, Some("8080")),
            ("ratio", OptionType::Float, Some("0.5")),
            ("debug", OptionType::Boolean, Some("false")),
            ("admin-password", OptionType::Secret, None),
            ("type", OptionType::String, None),
            ("max-connections", OptionType::Int, None),
        ]
    );
    assert_eq!(
        Config::OPTIONS[0].description,
        "How much the workload logs.\nOne of debug, info, warning.\n"
    );
    let values: ConfigValues = serde_json::from_str(
        r#"{"log-level": "debug", "port": 80, "ratio": 1, "debug": true,
            "admin-password": "secret:9m4e2mr0ui3e8a215n4g", "type": null}"#,
    )
    .unwrap();
    let config = Config::from_values(&values).unwrap();
    assert_eq!(config.log_level, "debug");
    assert_eq!((config.port, config.ratio, config.debug), (80, 1.0, true));
    assert!(config.admin_password.is_some());
    assert_eq!((config.r#type, config.max_connections), (None, None));
    let wrong: ConfigValues = serde_json::from_str(r#"{"log-level": "x", "port": "eighty", "ratio": 1, "debug": true}"#).unwrap();
    assert!(Config::from_values(&wrong).unwrap_err().to_string().contains("port"));
}
