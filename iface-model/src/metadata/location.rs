//! Where a node of the YAML text is, found by asking the YAML parser itself.
//!
//! `serde_yaml_ng::Value` keeps no positions, and serde hands a visitor no
//! position either. But the deserializer stamps every error a visitor raises
//! with the position (line and column of the event that starts the node) of
//! the node being visited. So to learn where a node is, [`locate`] walks the
//! text once more with a visitor that skips to that node and fails there, and
//! reads the position off the error. The walk follows the same document the
//! `Value` was read from, entry by entry, so the position is the one libyaml
//! reports for that very node: block or flow style, quoted or plain keys,
//! comments and blank lines all come out right.
//!
//! Limits: a node reached through an alias (`*anchor`) is reported where its
//! anchor defines it; a block map or list is reported at its first entry, a
//! flow one at its opening bracket; an empty value (`key:` with nothing after
//! it) at the end of the `:`. If the walk does not meet the node it was sent
//! to (which a consistent `Value` never causes) the answer is `None`, never a
//! guess. Each lookup parses the text again, which is cheap for files of the
//! size of `metadata.yaml`.

use core::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// A position in a metadata file, both numbers 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// The line, counting from 1.
    pub line: usize,
    /// The column on that line, in characters, counting from 1.
    pub column: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

impl From<serde_yaml_ng::Location> for Location {
    fn from(location: serde_yaml_ng::Location) -> Self {
        Location {
            line: location.line(),
            column: location.column(),
        }
    }
}

/// One step from a node to a node inside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    /// The key of the map entry at this index (in file order).
    Key(usize),
    /// The value of the map entry at this index.
    Value(usize),
    /// The list item at this index.
    Item(usize),
}

/// The way from the document's root to one node.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct NodePath(Vec<Step>);

impl NodePath {
    /// The document's root node.
    pub(crate) fn root() -> Self {
        NodePath(Vec::new())
    }

    fn then(&self, step: Step) -> Self {
        let mut steps = self.0.clone();
        steps.push(step);
        NodePath(steps)
    }

    /// The key of entry `index` of the map at this path.
    pub(crate) fn key(&self, index: usize) -> Self {
        self.then(Step::Key(index))
    }

    /// The value of entry `index` of the map at this path.
    pub(crate) fn value(&self, index: usize) -> Self {
        self.then(Step::Value(index))
    }

    /// Item `index` of the list at this path.
    pub(crate) fn item(&self, index: usize) -> Self {
        self.then(Step::Item(index))
    }
}

/// A map entry: where its key is and where its value is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    /// The entry's key.
    pub(crate) key: NodePath,
    /// The entry's value.
    pub(crate) value: NodePath,
}

impl Entry {
    /// Entry `index` of the map at `map`.
    pub(crate) fn of(map: &NodePath, index: usize) -> Self {
        Entry {
            key: map.key(index),
            value: map.value(index),
        }
    }

    /// Where to point at a bad `value`: the value itself, or the key when
    /// the value is empty (libyaml puts an empty value just after the `:`).
    pub(crate) fn blame(&self, value: &serde_yaml_ng::Value) -> &NodePath {
        if value.is_null() {
            &self.key
        } else {
            &self.value
        }
    }
}

/// The message of the error the probe raises at its target; it must not be
/// something any other error of the walk could say.
const TARGET: &str = "the node iface-model's metadata probe is looking for";

/// Where the node at `path` starts in `text`, or `None` if that cannot be
/// told for sure.
pub(crate) fn locate(text: &str, path: &NodePath) -> Option<Location> {
    let deserializer = serde_yaml_ng::Deserializer::from_str(text);
    let error = Probe(&path.0).deserialize(deserializer).err()?;
    if error.to_string().contains(TARGET) {
        error.location().map(Location::from)
    } else {
        None
    }
}

/// Walks `.0` from the node it is given and fails at the end of the way.
struct Probe<'p>(&'p [Step]);

impl<'de> DeserializeSeed<'de> for Probe<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        match self.0.split_first() {
            None => deserializer.deserialize_any(Target),
            Some((&step, rest)) => deserializer.deserialize_any(Walk { step, rest }),
        }
    }
}

/// Fails at whatever node it is given; a scalar fails through serde's
/// default `invalid type ... expected <expecting>` error, which names
/// [`TARGET`] too.
struct Target;

impl<'de> Visitor<'de> for Target {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(TARGET)
    }

    fn visit_map<A: MapAccess<'de>>(self, _map: A) -> Result<(), A::Error> {
        Err(de::Error::custom(TARGET))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, _seq: A) -> Result<(), A::Error> {
        Err(de::Error::custom(TARGET))
    }
}

/// Skips to the entry or item `step` names and probes on from there. Given
/// a node that has no such step, it gives up without naming [`TARGET`].
struct Walk<'p> {
    step: Step,
    rest: &'p [Step],
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map or a list to walk through")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let (index, into_key) = match self.step {
            Step::Key(index) => (index, true),
            Step::Value(index) => (index, false),
            Step::Item(_) => return Ok(()),
        };
        for _ in 0..index {
            if map.next_key::<IgnoredAny>()?.is_none() {
                return Ok(());
            }
            map.next_value::<IgnoredAny>()?;
        }
        if into_key {
            map.next_key_seed(Probe(self.rest))?;
        } else if map.next_key::<IgnoredAny>()?.is_some() {
            map.next_value_seed(Probe(self.rest))?;
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let Step::Item(index) = self.step else {
            return Ok(());
        };
        for _ in 0..index {
            if seq.next_element::<IgnoredAny>()?.is_none() {
                return Ok(());
            }
        }
        seq.next_element_seed(Probe(self.rest))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::{Location, NodePath, locate};

    fn at(line: usize, column: usize) -> Location {
        Location { line, column }
    }

    #[test]
    fn finds_block_and_flow_nodes() {
        let text = "# c\nname: x\n\nprovides:\n  \"web\": {interface: http}\n";
        let provides = NodePath::root().value(1);
        assert_eq!(locate(text, &NodePath::root().key(1)), Some(at(4, 1)));
        assert_eq!(locate(text, &provides.key(0)), Some(at(5, 3)));
        assert_eq!(locate(text, &provides.value(0)), Some(at(5, 10)));
        assert_eq!(locate(text, &provides.value(0).value(0)), Some(at(5, 22)));
        let flow = "provides: {website: {interface: http}}";
        assert_eq!(
            locate(flow, &NodePath::root().value(0).key(0)),
            Some(at(1, 12))
        );
        let list = "sets: [a, {b: [c]}]";
        let sets = NodePath::root().value(0);
        assert_eq!(
            locate(list, &sets.item(1).value(0).item(0)),
            Some(at(1, 16))
        );
    }

    #[test]
    fn gives_none_rather_than_a_guess() {
        let text = "name: x\n";
        assert_eq!(locate(text, &NodePath::root().key(3)), None);
        assert_eq!(locate(text, &NodePath::root().item(0)), None);
        assert_eq!(locate(text, &NodePath::root().value(0).key(0)), None);
    }
}
