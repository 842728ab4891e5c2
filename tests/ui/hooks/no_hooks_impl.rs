use iface::prelude::*;

#[interface(name = "http", role = provides, flags(available))]
pub struct HttpProvides;

fn hook_table<T: Hooks>() -> usize {
    T::HOOKS.len()
}

fn main() {
    hook_table::<HttpProvides>();
}
