"""The job contract between the service and the workers: every job's dotted path and id
builder in one table (``table``), the effects a write owes after its commit
(``effects``), enqueueing them (``enqueue``), and the web side of the ingest inbox
(``inbox``). The only place the service names a worker function.

May import: ``service.store``, ``service.util``. Never ``workers`` (paths are strings
here, resolved by the worker; a test resolves each).
"""
