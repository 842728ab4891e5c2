//! Juju hook tools (relation-get, relation-set, ...) behind one trait.
