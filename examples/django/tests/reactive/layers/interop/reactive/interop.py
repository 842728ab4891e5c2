"""A Python reactive layer beside the iface `django` binary: it watches the
flag iface's http interface raises and reads iface's conversations.

Its effects, for the test to observe: `status-set`, the file
`python-saw-website.json` in the charm directory, and the flag
`python.saw-website` (value: the units it saw).
"""

import json
import os

from charmhelpers.core import hookenv
from charms.reactive import RelationBase, set_flag, when, when_not


@when('website.available')
def saw_website():
    website = RelationBase.from_flag('website.available')
    conversations = [
        {
            'key': conversation.key,
            'namespace': conversation.namespace,
            'scope': conversation.scope,
            'units': sorted(conversation.units),
            'remote-address': conversation.get_remote('private-address'),
        }
        for conversation in website.conversations()
    ]
    seen = {
        'hook': hookenv.hook_name(),
        'class': type(website).__name__,
        'relation_name': website.relation_name,
        'conversations': conversations,
    }
    path = os.path.join(hookenv.charm_dir(), 'python-saw-website.json')
    with open(path, 'w') as out:
        json.dump(seen, out, sort_keys=True)
    units = sorted(u for c in conversations for u in c['units'])
    set_flag('python.saw-website', units)
    hookenv.status_set('active', 'python sees website.available')


@when_not('website.available')
def no_website():
    hookenv.status_set('waiting', 'python waits for website.available')
