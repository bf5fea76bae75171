"""``learn_reliability``: truth discovery over the database's claims, fed back into scoring.

The coordinator partitions the source-item graph into connected components (they share
no parameter, so they can be learned apart) and fans them out as ``learn_partition``
jobs; each loads its triples and priors (records), checks the model on held-out answers
and learns (the pure ``workers.truth`` core), stores the check and — only if the model
beat majority vote there — the result (records), and enqueues the rescoring it owes.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from service.jobs import table
from service.jobs.enqueue import enqueue_effects, enqueue_job
from service.records.learned import declared_networks, load_triples, priors, record_run, store_learned
from service.store.db import transaction
from service.util.ids import new_id
from workers.context import context
from workers.truth import held_out_check
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
        enqueue_job(ctx.redis, ctx.settings, table.LEARN_PARTITION, [run_id, sources, i], run_id, i)
    return {"run": run_id, "components": len(components), "jobs": len(parts)}


def learn_partition(run_id: str, sources: list[str], part: int = 0) -> dict[str, Any]:
    """Learn one partition — unless the model, fitted without a sample of contested items,
    predicts their answers worse than majority vote does: then the run is recorded with
    its check and not applied, and the previous estimates stay."""
    ctx = context()
    now = datetime.now(UTC)
    with ctx.sessions() as session:
        triples = load_triples(session, sources)
        prior, groups = priors(session, sources), declared_networks(session, sources)
    # Both fits run outside the write transaction: SQLite's writers wait on none of it.
    check = held_out_check(triples, prior, groups)
    result = learn(triples, prior, groups) if check.passed else None
    with transaction(ctx.sessions) as session:
        applied = record_run(session, run_id, part, sources, check, now)
        pairs, effects = store_learned(session, sources, result, run_id, now) if result else (0, None)
    if effects is not None:
        enqueue_effects(ctx.redis, ctx.settings, effects)
    return {
        "run": run_id,
        "sources": len(sources),
        "check": check.as_dict(),
        "applied": applied,
        "pairs": pairs,
        "changed": len(effects.outlets) if effects is not None else 0,
    }
