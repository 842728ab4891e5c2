#!/usr/bin/env python3
"""The haproxy charm on ops 3.9: what examples/haproxy does, in idiomatic
ops. Whenever its http relations change it reads every remote unit's
settings and shows the backends in its status (the first three and a
count, as the iface charm does)."""

import ops


class HaproxyCharm(ops.CharmBase):
    def __init__(self, framework: ops.Framework):
        super().__init__(framework)
        for event in (
            self.on.install,
            self.on.reverseproxy_relation_joined,
            self.on.reverseproxy_relation_changed,
            self.on.reverseproxy_relation_departed,
            self.on.reverseproxy_relation_broken,
        ):
            framework.observe(event, self._configure_backends)

    def _configure_backends(self, _event: ops.EventBase):
        backends = sorted(
            f"{data['hostname']}:{data['port']}"
            for relation in self.model.relations["reverseproxy"]
            for data in (relation.data[unit] for unit in relation.units)
            if "hostname" in data and "port" in data
        )
        if backends:
            more = f" and {len(backends) - 3} more" if len(backends) > 3 else ""
            self.unit.status = ops.ActiveStatus(f"balancing {' '.join(backends[:3])}{more}")
        else:
            self.unit.status = ops.BlockedStatus("waiting for http backends")


if __name__ == "__main__":
    ops.main(HaproxyCharm)
