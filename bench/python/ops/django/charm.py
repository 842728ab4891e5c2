#!/usr/bin/env python3
"""The django charm on ops 3.9: what examples/django does, in idiomatic ops.
It publishes its address and port to the http relation a unit joins or
changes, and does nothing in any other hook."""

import ops


class DjangoCharm(ops.CharmBase):
    def __init__(self, framework: ops.Framework):
        super().__init__(framework)
        framework.observe(self.on.website_relation_joined, self._publish)
        framework.observe(self.on.website_relation_changed, self._publish)

    def _publish(self, event: ops.RelationEvent):
        address = self.model.get_binding(event.relation).network.ingress_address
        event.relation.data[self.unit].update({"hostname": str(address), "port": "80"})


if __name__ == "__main__":
    ops.main(DjangoCharm)
