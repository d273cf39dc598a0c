"""Derived figures (counts, league tables) reused until the data they come from changes.

A figure is stored under its key plus a *version* of its source: a cheap value that changes with
every write, such as the newest `updated_at` read through an index. A write therefore makes the
next request recompute; `seconds` bounds how long a figure can outlive a change the version does
not see (a row deleted outside the app, a racing writer). The cache is Django's default one.
"""

import hashlib

from django.core.cache import cache


def cached(namespace: str, key: str, compute, *, seconds: int, version=None):
    """`compute()`, or its value stored for the same key and `version()` (no version: reused
    for `seconds`); `seconds` <= 0 turns caching off and the version is not read."""
    if seconds <= 0:
        return compute()
    current = version() if version is not None else ""
    full_key = f"{namespace}:" + hashlib.sha256(f"{key}|{current}".encode()).hexdigest()
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, seconds)
    return value
