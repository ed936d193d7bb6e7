"""The attacker's desks: the packet tests' trimmed demo desks (two counties and a city),
reused as they are."""

from tests.packets.conftest import (  # noqa: F401  (fixtures, by name)
    _fast_keys,
    city,
    county,
    desk_templates,
    desks,
)
