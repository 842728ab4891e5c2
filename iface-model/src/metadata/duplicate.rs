//! Locating a duplicate map key.
//!
//! `serde_yaml_ng` refuses a map that repeats a key, but reports the position
//! of the map, not of the repeated key. This walk finds the second
//! occurrence itself and fails while visiting it, so that the parser stamps
//! the error with the key's own line and column (see `location.rs`).

use core::cell::RefCell;
use core::fmt;
use std::collections::HashSet;

use serde::de::{
    self, DeserializeSeed, EnumAccess, IgnoredAny, MapAccess, SeqAccess, VariantAccess, Visitor,
};

use super::error::MetadataError;
use super::location::Location;

/// The first key `text` repeats within one map, as an error at that key;
/// `None` if the walk finds none (then the caller knows no better place).
pub(super) fn find_duplicate(text: &str) -> Option<MetadataError> {
    let found = RefCell::new(None);
    let error = Walk { found: &found }
        .deserialize(serde_yaml_ng::Deserializer::from_str(text))
        .err()?;
    let key = found.into_inner()?;
    Some(MetadataError {
        message: format!("invalid YAML: duplicate key {key}; a key may appear only once in a map"),
        location: Some(Location::from(error.location()?)),
    })
}

/// Walks every node, checking the keys of every map.
#[derive(Clone, Copy)]
struct Walk<'f> {
    found: &'f RefCell<Option<String>>,
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(self)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = HashSet::new();
        while map
            .next_key_seed(Key {
                seen: &mut seen,
                found: self.found,
            })?
            .is_some()
        {
            map.next_value_seed(self)?;
        }
        Ok(())
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        // A tagged value: walk what the tag is on.
        let (IgnoredAny, variant) = data.variant()?;
        variant.newtype_variant_seed(self)
    }
}

/// One map key: recorded, or refused if the map already has it.
struct Key<'s, 'f> {
    seen: &'s mut HashSet<String>,
    found: &'f RefCell<Option<String>>,
}

impl Key<'_, '_> {
    fn record<E: de::Error>(self, canonical: String, shown: String) -> Result<(), E> {
        if self.seen.insert(canonical) {
            Ok(())
        } else {
            let message = format!("duplicate key {shown}");
            *self.found.borrow_mut() = Some(shown);
            Err(E::custom(message))
        }
    }
}

impl<'de> DeserializeSeed<'de> for Key<'_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Key<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map key")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        self.record(format!("b{v}"), format!("`{v}`"))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.record(format!("i{v}"), format!("`{v}`"))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.record(format!("i{v}"), format!("`{v}`"))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        self.record(format!("f{}", v.to_bits()), format!("`{v}`"))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        self.record(format!("s{v}"), format!("`{v}`"))
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.record("n".to_owned(), "`null`".to_owned())
    }

    // Lists, maps and tagged values as keys are not compared.
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(())
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        let (IgnoredAny, variant) = data.variant()?;
        variant.newtype_variant::<IgnoredAny>().map(|IgnoredAny| ())
    }
}
