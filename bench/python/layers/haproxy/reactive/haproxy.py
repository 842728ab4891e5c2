"""The haproxy charm in Python: the same handlers as
examples/haproxy/src/lib.rs, one backend per remote unit whose settings
have arrived, shown in the unit's status."""

from charmhelpers.core import hookenv
from charms.reactive import RelationBase, when, when_not


@when('reverseproxy.available')
def configure_backends():
    proxy = RelationBase.from_flag('reverseproxy.available')
    backends = sorted(
        '{}:{}'.format(host['hostname'], host['port'])
        for service in proxy.services()
        for host in service['hosts']
    )
    hookenv.status_set('active', 'balancing ' + ' '.join(backends))


@when_not('reverseproxy.available')
def wait_for_backends():
    hookenv.status_set('blocked', 'waiting for http backends')
