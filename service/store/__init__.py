"""Storage and clients: settings (environment over ``config/settings.yaml``), the database
engine and sessions (and Alembic), Redis connections (embedded or real), the Redis cache's
keys, and the SQLite writer lock.

May import: ``service.util`` only. Nothing here knows a table or a request.
"""
