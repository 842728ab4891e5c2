"""The django charm in Python: the same handler as
examples/django/src/lib.rs, `website.configure(80)` once
`website.available` is set."""

from charms.reactive import RelationBase, when


@when('website.available')
def configure_website():
    RelationBase.from_flag('website.available').configure(80)
