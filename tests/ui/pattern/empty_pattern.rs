use iface::prelude::*;

#[interface(name = "http", role = provides, scope = Global, flags(available))]
pub struct HttpProvides;

#[hooks]
impl HttpProvides {
    #[hook("")]
    fn changed(&self, _conv: &mut Conversation) {}
}

fn main() {}
