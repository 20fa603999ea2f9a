"""What the public pages show that changes only when areas or categories change.

The map page spends most of its time on things that are the same for every visitor: the
municipality's outline and district labels, the areas' bounds and the categories in the
page script's settings, and the filter form with a choice per area and category. They are
cached under a version that every committed write to an area, a category or a redesign
project replaces (`purge_on_commit`, connected in the apps' `ready()`), so a change shows
on the next page view. The version also has an end (TIMEOUT), for writes that go around
the models (raw SQL): then the pages are at most that old.

Nothing per visitor is cached here: the CSRF token, the signed-in state and messages of
a page are rendered for each request, around the cached parts.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TypeVar

from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import get_language

VERSION_KEY = "pages:version"
TIMEOUT = 600

T = TypeVar("T")


def version() -> str:
    """The current version; a new one when none is stored (first use, or expired)."""
    current = cache.get(VERSION_KEY)
    if current is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, TIMEOUT)
        current = cache.get(VERSION_KEY) or ""
    return current


def purge() -> None:
    """Every cached page part is stale from now on."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, TIMEOUT)


def purge_on_commit(**kwargs) -> None:
    """Signal receiver: purge once the write is committed (a page rendered before the
    commit, which still read the old rows, is then stale too)."""
    transaction.on_commit(purge)


def deployment() -> str:
    """Changes with the collected static files, whose hashed names the cached parts hold."""
    return getattr(staticfiles_storage, "manifest_hash", "") or ""


def cached(name: str, build: Callable[[], T], *, current: str | None = None) -> T:
    """`build()`, cached per version, deployment and language."""
    key = f"pages:{current or version()}:{deployment()}:{get_language()}:{name}"
    value = cache.get(key)
    if value is None:
        value = _resolved(build())
        cache.set(key, value, TIMEOUT)
    return value


def _resolved(value):
    """Lazy translations in dicts, lists and tuples as the plain text of the current language
    (the key holds the language): unpickling a lazy string builds a proxy class each time,
    which made reading the map page's parts cost more than building some of them."""
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, dict):
        return {_resolved(k): _resolved(v) for k, v in value.items()}
    if isinstance(value, list | tuple) and not hasattr(value, "_fields"):
        return type(value)(_resolved(item) for item in value)
    return value
