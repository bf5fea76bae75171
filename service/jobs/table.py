"""Every job the workers run: the dotted path RQ imports and how its deterministic id is
built. The one place a job's path is written; ``tests/workers/test_job_table.py``
resolves each path with ``importlib``, so a moved or renamed job fails a test instead
of failing in production."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Job:
    path: str  # the function the worker imports and runs
    prefix: str  # its ids: ``<prefix>--<part>--<part>``, so a burst coalesces on one id
    # "interactive" jobs answer a waiting request: workers take them before the rest.
    queue: str = "default"

    def id(self, *parts: object) -> str:
        return "--".join((self.prefix, *(str(p) for p in parts)))

    def batch_id(self, ids: list[str]) -> str:
        """One id for a batch, the same for the same ids in the same order."""
        return self.id(ids[0], ids[-1], len(ids))


SCORE_OUTLET = Job("workers.jobs.scores.score_outlet", "score-outlet")
SCORE_OUTLETS = Job("workers.jobs.scores.score_outlets", "score-outlets")
SCORE_CLAIM = Job("workers.jobs.scores.score_claim", "score-claim")
SCORE_CLAIMS = Job("workers.jobs.scores.score_claims", "score-claims")
RESCORE_ALL = Job("workers.jobs.scores.rescore_all", "rescore-all")
PROCESS_ARTICLE = Job("workers.jobs.articles.process_article", "process-article")
PROCESS_ARTICLES = Job("workers.jobs.articles.process_articles", "process-articles")
DELIVER = Job("workers.jobs.notify.deliver", "notify")
LEARN = Job("workers.jobs.learn.learn_reliability", "learn-reliability")
LEARN_PARTITION = Job("workers.jobs.learn.learn_partition", "learn")
ANALYZE = Job("workers.jobs.analyze.analyze", "analyze", queue="interactive")
MATCH_CLAIM = Job("workers.jobs.matching.match_claim", "match-claim")
SEARCH_CLAIMS = Job("workers.jobs.matching.search_claims", "search", queue="interactive")
SIMILAR_CLAIMS = Job("workers.jobs.matching.similar_claims", "similar", queue="interactive")

JOBS = (
    SCORE_OUTLET,
    SCORE_OUTLETS,
    SCORE_CLAIM,
    SCORE_CLAIMS,
    RESCORE_ALL,
    PROCESS_ARTICLE,
    PROCESS_ARTICLES,
    DELIVER,
    LEARN,
    LEARN_PARTITION,
    ANALYZE,
    MATCH_CLAIM,
    SEARCH_CLAIMS,
    SIMILAR_CLAIMS,
)
QUEUES = ("interactive", "default")  # the order workers take jobs in
