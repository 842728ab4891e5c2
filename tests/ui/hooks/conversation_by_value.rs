use iface::prelude::*;

#[interface(name = "http", role = provides, flags(available))]
pub struct HttpProvides;

#[hooks]
impl HttpProvides {
    #[hook("{provides:http}-relation-joined")]
    fn joined(&self, _conv: Conversation) {}
}

fn main() {}
