//! The hook context, read from the environment Juju gives a hook.
