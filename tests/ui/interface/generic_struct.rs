use iface::prelude::*;

#[interface(name = "http", role = provides)]
pub struct HttpProvides<T>(core::marker::PhantomData<T>);

fn main() {}
