"""What makes a pin public — the one rule, in each form its readers need.

A pin is public when its category is public and not sensitive, it is not hidden by
moderation and it is not withdrawn. The ORM querysets, the cluster trigger's SQL, the
admin and the pages all take the rule from here, so it cannot drift between them.
"""

from __future__ import annotations

from django.db.models import Q

# Category flags that put a category's pins on the public map.
PUBLIC_CATEGORY_FLAGS = {"is_public": True, "is_sensitive": False}
# A withdrawn pin is never public, whatever else is set.
NOT_PUBLIC_STATUS = "withdrawn"


def category_public_q(prefix: str = "") -> Q:
    return Q(**{f"{prefix}{flag}": value for flag, value in PUBLIC_CATEGORY_FLAGS.items()})


def pin_public_q(prefix: str = "") -> Q:
    return (
        category_public_q(f"{prefix}category__")
        & Q(**{f"{prefix}is_hidden": False})
        & ~Q(**{f"{prefix}status": NOT_PUBLIC_STATUS})
    )


def category_is_public(category) -> bool:
    return all(getattr(category, flag) == value for flag, value in PUBLIC_CATEGORY_FLAGS.items())


def pin_is_public(pin) -> bool:
    return (
        category_is_public(pin.category) and not pin.is_hidden and pin.status != NOT_PUBLIC_STATUS
    )


def pin_public_sql(alias: str = "p") -> str:
    """The rule as a SQL condition on a pins_pin row `alias` (the cluster trigger's)."""
    flags = " AND ".join(
        f"c.{flag}" if value else f"NOT c.{flag}" for flag, value in PUBLIC_CATEGORY_FLAGS.items()
    )
    # Constants of this module only: no input reaches the SQL.
    return f"""
    NOT {alias}.is_hidden AND {alias}.status <> '{NOT_PUBLIC_STATUS}'
    AND {alias}.geom_3857 IS NOT NULL
    AND EXISTS (SELECT 1 FROM pins_category c
                WHERE c.id = {alias}.category_id AND {flags})
"""
