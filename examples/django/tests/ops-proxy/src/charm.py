#!/usr/bin/env python3
"""An http requirer on ops: balances over every remote unit's hostname:port."""

import ops


class ProxyCharm(ops.CharmBase):
    def __init__(self, framework: ops.Framework):
        super().__init__(framework)
        for event in (
            self.on.install,
            self.on.config_changed,
            self.on.update_status,
            self.on.reverseproxy_relation_changed,
            self.on.reverseproxy_relation_departed,
            self.on.reverseproxy_relation_broken,
        ):
            framework.observe(event, self._refresh)

    def _refresh(self, event: ops.EventBase):
        backends = []
        for relation in self.model.relations["reverseproxy"]:
            if isinstance(event, ops.RelationBrokenEvent) and relation.id == event.relation.id:
                continue
            for unit in relation.units:
                data = relation.data[unit]
                if "hostname" in data and "port" in data:
                    backends.append(f"{data['hostname']}:{data['port']}")
        if backends:
            mode = self.config["mode"]
            self.unit.status = ops.ActiveStatus(f"{mode} over {', '.join(sorted(backends))}")
        else:
            self.unit.status = ops.WaitingStatus("waiting for http backends")


if __name__ == "__main__":
    ops.main(ProxyCharm)
