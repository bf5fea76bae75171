"""``learn_reliability``: truth discovery over the database's claims, fed back into scoring.

The coordinator partitions the source-item graph into connected components (they share
no parameter, so they can be learned apart) and fans them out as ``learn_partition``
jobs; each loads its triples and priors (records), learns (the pure ``workers.truth``
core), stores the result (records) and enqueues the rescoring it owes.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from service.jobs import table
from service.jobs.enqueue import enqueue_effects, enqueue_job
from service.records.learned import declared_networks, load_triples, priors, store_learned
from service.store.db import transaction
from service.util.ids import new_id
from workers.context import context
from workers.truth.learn import connected_components, learn

PARTITION_APPEARANCES = 50_000


def learn_reliability() -> dict[str, Any]:
    """Coordinator: partition and fan out one job per group of components."""
    ctx = context()
    run_id = new_id("lr")
    with ctx.sessions() as session:
        components = connected_components(load_triples(session))
    parts: list[list[str]] = []
    current: set[str] = set()
    size = 0
    for comp in components:
        current |= {str(t[0]) for t in comp}
        size += len(comp)
        if size >= PARTITION_APPEARANCES:
            parts.append(sorted(current))
            current, size = set(), 0
    if current:
        parts.append(sorted(current))
    for i, sources in enumerate(parts):
        enqueue_job(ctx.redis, ctx.settings, table.LEARN_PARTITION, [run_id, sources], run_id, i)
    return {"run": run_id, "components": len(components), "jobs": len(parts)}


def learn_partition(run_id: str, sources: list[str]) -> dict[str, Any]:
    ctx = context()
    with transaction(ctx.sessions) as session:
        result = learn(
            load_triples(session, sources), priors(session, sources), declared_networks(session, sources)
        )
        pairs, effects = store_learned(session, sources, result, run_id, datetime.now(UTC))
    enqueue_effects(ctx.redis, ctx.settings, effects)
    return {"run": run_id, "sources": len(sources), "pairs": pairs, "changed": len(effects.outlets)}
