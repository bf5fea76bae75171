"""What every HTTP resource shares: the Blueprint with its argument parser, bearer-key
authentication and roles, problem documents (including the mapping of the records' domain
errors), pagination, ETags, metrics, the write and cached-read units of work, and the
per-app clients (``services``).

May import: ``service.records``, ``service.schemas``, ``service.jobs``, ``service.models``,
``service.store``, ``service.util``. Not ``service.api`` (resources build on this, not the
other way round).
"""
