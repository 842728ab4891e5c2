//! Placeholder.
extern crate proc_macro;
