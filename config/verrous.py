"""A lock held until the end of the current transaction, for the writes whose uniqueness no constraint can say
(« the same request from the same address within a day »): two identical submissions arriving together then check
one after the other (docs/architecture.md §8). PostgreSQL advisory lock on a 64-bit hash of the key;
SQLite (the demo) writes one transaction at a time already."""

from django.db import connection, transaction


def verrouiller_jusqu_a_la_fin(*cle):
    """Wait for, then hold until commit or rollback, the lock named by ``cle`` (any values, joined as text)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("verrouiller_jusqu_a_la_fin : à appeler dans une transaction (transaction.atomic)")
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", ["|".join(str(c) for c in cle)])
