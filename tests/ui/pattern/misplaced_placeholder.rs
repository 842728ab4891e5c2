use iface::prelude::*;

#[interface(name = "http", role = provides, scope = Global, flags(available))]
pub struct HttpProvides;

#[hooks]
impl HttpProvides {
    #[hook("x-{provides:http}-relation-joined")]
    fn changed(&self, _conv: &mut Conversation) {}
}

fn main() {}
