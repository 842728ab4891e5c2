use iface::prelude::*;

#[interface(name = "http", role = provides, scope = Global, flags(available))]
pub struct HttpProvides;

// One build reports all four faults, each at its own pattern.
#[hooks]
impl HttpProvides {
    #[hook("{peer:http}-relation-joined")]
    fn joined(&self, _conv: &mut Conversation) {}

    #[hook("{provides:http}-relation-chnaged")]
    fn changed(&self, _conv: &mut Conversation) {}

    #[hook("{provides:http}-relation-{departed,,broken}")]
    fn departed(&self, _conv: &mut Conversation) {}

    #[hook("{provides:https}-relation-created")]
    fn created(&self, _conv: &mut Conversation) {}
}

fn main() {}
