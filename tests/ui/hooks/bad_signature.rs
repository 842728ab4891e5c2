use iface::prelude::*;

#[interface(name = "http", role = provides, flags(available))]
pub struct HttpProvides;

#[hooks]
impl HttpProvides {
    #[hook("{provides:http}-relation-joined")]
    fn joined(&mut self, _conv: &mut Conversation, _port: u16) {}
}

fn main() {}
