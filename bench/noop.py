"""The throughput yardstick: a job that does nothing, in a module that imports nothing,
so a default (forking) RQ worker runs it at RQ's own speed."""


def noop() -> None:
    """Does nothing."""
