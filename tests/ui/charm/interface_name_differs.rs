use iface::prelude::*;

// metadata.yaml declares `db` as requires `mysql`; this interface is
// requires `mariadb`: the error names both sides.
#[interface(name = "mariadb", role = requires)]
pub struct MariadbRequires;

#[hooks]
impl MariadbRequires {}

iface::charm! {
    metadata = "metadata.yaml",
    relations { db: MariadbRequires },
}

fn main() {}
