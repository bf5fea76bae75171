"""A Python client for Credence, for newsroom tools. It speaks HTTP only and imports
nothing else of the service (an import-linter contract holds it to that), so a tool needs
the distribution, not a database or Redis. So far: the ingest signer and sender
(``service.client.signing``, ``service.client.ingest``) that ``credence ingest`` uses."""

from __future__ import annotations
