"""Files in and out: the configuration directory (``config/``: scoring config, profiles,
outlets) applied and exported, published domain ratings imported, the demo data. Each
goes through the same record operations as the API.

May import: ``service.records`` and below. Used by the CLI.
"""
