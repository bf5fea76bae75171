"""What a worker process runs: ``runner`` (``credence worker``: an RQ worker with the
ingest-inbox ``dispatch``er and the ``reconcile``r beside it), the thin ``jobs``, their
per-process clients (``context``), and the pure cores — ``scoring`` (the engine) and
``truth`` (truth discovery) — which do no I/O and import nothing of ours.

May import: ``service`` below its HTTP and CLI layers (records, jobs contract, models,
store, util).
"""
