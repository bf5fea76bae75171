"""Record operations: the domain logic, on a session the caller owns. Writes return
what must be done after the commit (cache keys to drop, jobs to enqueue: ``Effects``)
instead of doing it, so nothing escapes a transaction that rolls back; reads build the
bodies the API shows; refusals are domain errors (``errors``), never HTTP ones. Shared by
the API, the jobs, the file import and the CLI.

May import: ``service.jobs`` (effects), ``service.models``, ``service.store``,
``service.util`` and the pure cores (``workers.scoring``, ``workers.truth``).
"""
