use iface::prelude::*;

#[interface(name = "http", role = provides, flags(available))]
pub struct HttpProvides;

#[hooks]
impl HttpProvides {}

pub struct NotAnInterface;

impl NotAnInterface {
    #[hook("{provides:http}-relation-joined")]
    fn joined(&self, _conv: &mut Conversation) {}
}

fn main() {}
