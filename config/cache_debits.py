"""The cache that counts rate limits (docs/securite.md §21): shared by every process, and never down.

django-ratelimit counts in a cache; the local-memory default counts per process, so with N gunicorn workers a limit
of 5 let through about 5 × N (issue 12: 13 of 16). This backend counts in Redis (atomic ``INCR``, shared by every
process and host) and, when Redis fails — refused, or silent past its short socket timeout — in the database cache
(shared too), so that a public form neither fails nor stops limiting when Redis is down. After a Redis failure the
process counts in the database for ``PAUSE`` seconds instead of waiting on Redis at every request; a count that
moves from one store to the other starts again from zero there (a limit may then let a few more through, once).
"""

import logging
import time

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache

logger = logging.getLogger(__name__)


class CacheDebits(BaseCache):
    """OPTIONS: ``PRINCIPAL`` (the alias of the Redis cache, or None), ``SECOURS`` (the database cache's alias),
    ``PAUSE`` (seconds)."""

    def __init__(self, location, params):
        options = dict(params.get("OPTIONS") or {})
        super().__init__({k: v for k, v in params.items() if k != "OPTIONS"})
        self.principal = options.get("PRINCIPAL")
        self.secours = options["SECOURS"]
        self.pause = float(options.get("PAUSE", 30))
        self._pause_jusqua = 0.0

    def _appeler(self, methode, *args, **kwargs):
        if self.principal and time.monotonic() >= self._pause_jusqua:
            try:
                return getattr(caches[self.principal], methode)(*args, **kwargs)
            except ValueError:
                raise  # incr of a missing key: the caller's business, not an outage
            except Exception as erreur:  # Redis refused or silent: count in the database
                logger.warning("Cache des débits : Redis indisponible (%s), repli sur la base", erreur)
                self._pause_jusqua = time.monotonic() + self.pause
        return getattr(caches[self.secours], methode)(*args, **kwargs)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._appeler("add", key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._appeler("get", key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._appeler("set", key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._appeler("touch", key, timeout, version)

    def delete(self, key, version=None):
        return self._appeler("delete", key, version)

    def incr(self, key, delta=1, version=None):
        return self._appeler("incr", key, delta, version)

    def has_key(self, key, version=None):
        return self._appeler("has_key", key, version)

    def clear(self):
        """Forget every count. Never FLUSHDB: the Redis database is the broker's too (REDIS_URL by default)."""
        if self.principal:
            try:
                redis = caches[self.principal]
                client = redis._cache.get_client(write=True)
                cles = list(client.scan_iter(match=f"{redis.key_prefix}:*"))
                if cles:
                    client.delete(*cles)
            except Exception as erreur:
                logger.warning("Cache des débits : Redis indisponible (%s)", erreur)
        caches[self.secours].clear()
