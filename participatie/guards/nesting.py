"""JSON nested too deeply: refused with a message instead of a RecursionError (a 500).

Python's json module recurses once per level and raises RecursionError near 1,000 levels;
whatever walks the result afterwards (serializers, GeoJSON readers) recurses too. No input
of this site needs more than a handful of levels (a GeoJSON FeatureCollection of
MultiPolygons has eight), so anything over MAX_JSON_DEPTH is refused as a whole.
"""

from __future__ import annotations

import json

MAX_JSON_DEPTH = 32


class TooDeeplyNested(ValueError):
    """A ValueError, so code that refuses unreadable JSON refuses this too."""

    def __init__(self, max_depth: int = MAX_JSON_DEPTH):
        self.max_depth = max_depth
        super().__init__(f"JSON nested more than {max_depth} levels deep")


def nested_deeper_than(value, max_depth: int) -> bool:
    """Whether lists and objects in `value` nest more than `max_depth` levels (no recursion)."""
    stack = [(value, 1)] if isinstance(value, dict | list) else []
    while stack:
        item, depth = stack.pop()
        if depth > max_depth:
            return True
        children = item.values() if isinstance(item, dict) else item
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


def check_depth(value, max_depth: int = MAX_JSON_DEPTH):
    """`value` itself, or TooDeeplyNested."""
    if nested_deeper_than(value, max_depth):
        raise TooDeeplyNested(max_depth)
    return value


def json_loads(text: str | bytes, *, max_depth: int = MAX_JSON_DEPTH, **kwargs):
    """json.loads that raises TooDeeplyNested (a ValueError) past `max_depth` levels."""
    try:
        value = json.loads(text, **kwargs)
    except RecursionError:
        raise TooDeeplyNested(max_depth) from None
    return check_depth(value, max_depth)
