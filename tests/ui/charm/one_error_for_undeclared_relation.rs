// A relation metadata lacks is one error: its handle is still emitted.
use iface::prelude::*;

#[interface(name = "http", role = provides, scope = Global, flags(available))]
pub struct HttpProvides;

#[hooks]
impl HttpProvides {
    /// Publishes the port.
    pub fn configure(&self, conv: &mut Conversation, port: u16) -> iface::Result<()> {
        conv.set_remote_value("port", &port)
    }
}

#[interface(name = "mysql", role = requires, flags(available))]
pub struct MysqlRequires;

#[hooks]
impl MysqlRequires {}

iface::charm! {
    metadata = "metadata.yaml",
    relations { website: HttpProvides, dbs: MysqlRequires },
    handlers = [configure, wait],
}

#[when(Website::AVAILABLE)]
fn configure(website: &Website) -> iface::Result<()> {
    website.configure(80)
}

#[when(Dbs::AVAILABLE)]
fn wait(_db: &Dbs) {}

fn main() {
    let _ = CHARM.main();
}
