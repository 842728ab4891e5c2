"""The requirer side of seed 000's `http` interface as a classic
charms.reactive interface layer (RelationBase, UNIT scope), as
interface-http wrote it: the benchmark's Python counterpart of
examples/http/src/requires.rs."""

from charms.reactive import RelationBase, hook, scopes


class HttpRequires(RelationBase):
    scope = scopes.UNIT

    @hook('{requires:http}-relation-{joined,changed}')
    def changed(self):
        conv = self.conversation()
        if conv.get_remote('port'):
            # This unit's settings have arrived: it is a backend.
            conv.set_state('{relation_name}.available')

    @hook('{requires:http}-relation-{departed,broken}')
    def broken(self):
        conv = self.conversation()
        conv.remove_state('{relation_name}.available')

    def services(self):
        """One entry per remote application with the hosts whose settings
        have arrived."""
        services = {}
        for conv in self.conversations():
            service_name = conv.scope.split('/')[0]
            service = services.setdefault(service_name, {
                'service_name': service_name,
                'hosts': [],
            })
            host = conv.get_remote('hostname') or \
                conv.get_remote('private-address')
            port = conv.get_remote('port')
            if host and port:
                service['hosts'].append({'hostname': host, 'port': port})
        return [s for s in services.values() if s['hosts']]
