use iface::prelude::*;

#[interface(name = "http", role = provides, scope = Global, flags(available))]
pub struct HttpProvides;

#[hooks]
impl HttpProvides {}

#[interface(name = "mysql", role = requires, flags(available))]
pub struct MysqlRequires;

#[hooks]
impl MysqlRequires {}

iface::charm! {
    metadata = "metadata.yaml",
    relations { website: HttpProvides },
    handlers = [configure],
}

#[when(Website::AVAILABLE)]
fn configure(_website: Website) {}

fn main() {}
