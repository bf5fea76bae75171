"""Record operations shared by the API, the ingest job and the CLI. Each works inside the
caller's transaction and returns what must be done after the commit (cache keys to drop,
jobs to enqueue) instead of doing it, so nothing escapes a transaction that rolls back."""
