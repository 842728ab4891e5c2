"""The provider side of seed 000's `http` interface as a classic
charms.reactive interface layer (RelationBase, GLOBAL scope), as
interface-http wrote it: the benchmark's Python counterpart of
examples/http/src/provides.rs."""

from charmhelpers.core import hookenv
from charms.reactive import RelationBase, hook, scopes


class HttpProvides(RelationBase):
    scope = scopes.GLOBAL

    @hook('{provides:http}-relation-{joined,changed}')
    def changed(self):
        self.set_state('{relation_name}.available')

    @hook('{provides:http}-relation-{broken,departed}')
    def broken(self):
        self.remove_state('{relation_name}.available')

    def configure(self, port, private_address=None, hostname=None):
        if not hostname:
            hostname = hookenv.unit_get('private-address')
        if not private_address:
            private_address = hookenv.unit_get('private-address')
        self.set_remote(**{
            'hostname': hostname,
            'private-address': private_address,
            'port': port,
        })
