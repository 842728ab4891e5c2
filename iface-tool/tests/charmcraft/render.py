"""Prints, as one JSON object, the metadata.yaml, config.yaml and actions.yaml
that charmcraft renders from the unified charmcraft.yaml in the current
directory (null for a file it would not write), with charmcraft's own code:
its project model, CharmMetadata.from_charm and yaml.safe_dump(...,
sort_keys=True), as its PackageService does when it packs."""

import json
import pathlib

import yaml
from charmcraft.models.metadata import CharmMetadata
from charmcraft.models.project import CharmcraftProject

project = CharmcraftProject.from_yaml_file(pathlib.Path("charmcraft.yaml"))
sections = project.marshal()


def section(name):
    value = sections.get(name)
    return yaml.safe_dump(value, sort_keys=True) if value else None


print(
    json.dumps(
        {
            "metadata.yaml": yaml.safe_dump(
                CharmMetadata.from_charm(project).marshal(), sort_keys=True
            ),
            "config.yaml": section("config"),
            "actions.yaml": section("actions"),
        }
    )
)
