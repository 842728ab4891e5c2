//! The charmhelpers `unitdata` SQLite store that charms.reactive keeps its flags in.
