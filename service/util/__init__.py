"""Leaf utilities: ids and slugs, RFC 3339 times, registrable domains, the outbound-URL
guard (SSRF policy), structured logging.

May import: nothing of ours.
"""
