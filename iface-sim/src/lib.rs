//! A model of a Juju deployment for tests.
