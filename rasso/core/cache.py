"""The cache is a shortcut, never the record: when Redis is unreachable a
value cached for speed is computed again from the database, and a page or a
service that wanted it carries on (no 500 because the cache is down).

``read_through`` and ``forget`` are the only ways the application's own code
reads and invalidates cached values (the API throttle has its own fail-open
rule, ``rasso.core.throttling``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

T = TypeVar("T")


def read_through(key: str, compute: Callable[[], T], timeout: int | None) -> T:
    """The cached value of ``key``, or ``compute()`` cached for ``timeout``
    seconds; ``compute()`` alone while the cache cannot be reached."""
    try:
        found: T | None = cache.get(key)
    except RedisError:
        logger.warning("Cache unreachable reading %s: computed from the database", key)
        return compute()
    if found is not None:
        return found
    value = compute()
    store(key, value, timeout)
    return value


def store(key: str, value: object, timeout: int | None) -> None:
    try:
        cache.set(key, value, timeout)
    except RedisError:
        logger.warning("Cache unreachable storing %s: not cached", key)


def forget(key: str) -> None:
    """Drop ``key``. If the cache cannot be reached the entry (if any) lives
    out its timeout, which is why every cached value has one."""
    try:
        cache.delete(key)
    except RedisError:
        logger.warning("Cache unreachable forgetting %s: it expires on its own", key)
