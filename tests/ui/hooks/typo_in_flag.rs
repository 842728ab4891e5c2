use iface::prelude::*;

#[interface(name = "http", role = provides, scope = Global, flags(available))]
pub struct HttpProvides;

#[hooks]
impl HttpProvides {
    #[hook("{provides:http}-relation-joined")]
    fn joined(&self, _conv: &mut Conversation) {
        let _ = Self::AVAILBLE;
    }
}

fn main() {}
