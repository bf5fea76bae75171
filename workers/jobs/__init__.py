"""The RQ jobs, named in ``service.jobs.table``: plain functions of ids and primitives,
idempotent, failing loudly so RQ retries. Each is thin: load through the records, compute
with a pure core (``workers.scoring``, ``workers.truth``), store through the records,
commit, then enqueue what it owes.

May import: ``service`` below its HTTP and CLI layers, the pure cores, ``workers.context``.
"""
