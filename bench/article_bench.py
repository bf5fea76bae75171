"""What one worker process pays to process ingested articles, in process, on one core.

    .venv/bin/python -m bench.article_bench [--articles 200] [--database-url URL]

Deliveries of ``bench.ingest_deliveries`` (three pipeline claims each and 40 sentences of
text to read) are accepted through the real webhook (Flask test client), then
``process_articles`` — what an RQ worker runs for an inbox batch: extraction, matching,
one transaction per article — works through them in batches of 200 (the dispatcher's
batch size). Model loading is done first, on five articles not counted.

Baseline, same run: extraction alone on the same articles (spaCy, the part no database
or index is involved in), so the ratio says what matching and storing add. The figure
is articles a second for one worker process; a deployment's is that times its worker
processes while cores last. Redis: ``--redis-url`` (default ``redis://127.0.0.1:6379/8``,
flushed). The database is a fresh SQLite file unless ``--database-url`` names one of the
benchmark's own (its name must start with ``bench``; it is emptied first).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.http_bench import BIN, REPO, log

SECRET = "whsec_" + "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0NTY3ODkwMTI="


def _prepare(url: str, redis_url: str) -> None:
    os.environ.update(
        CREDENCE_DATABASE_URL=url,
        CREDENCE_REDIS_URL=redis_url,
        CREDENCE_INGEST_SECRETS=SECRET,
        CREDENCE_LOG_LEVEL="WARNING",
        CREDENCE_LOG_JSON="false",
        CREDENCE_QUEUE_NAME="bench-articles",
    )
    if url.startswith("postgresql"):
        from sqlalchemy import create_engine, text

        if not url.rsplit("/", 1)[-1].startswith("bench"):
            raise SystemExit("--database-url must name a database of the benchmark's own (bench*)")
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        engine.dispose()
    for args in (["migrate"], ["load-config"]):
        command = [str(BIN / "credence"), *args]
        subprocess.run(command, env=os.environ, check=True, capture_output=True, cwd=REPO)


def run(n: int, url: str, redis_url: str, rounds: int) -> dict[str, float]:
    _prepare(url, redis_url)
    from standardwebhooks.webhooks import Webhook

    from bench.ingest_deliveries import make_delivery, sign
    from service import create_app
    from service.records.processing import to_read
    from workers.context import context
    from workers.jobs.articles import _extract, process_articles

    app = create_app({"log_json": False})
    app.extensions["credence"].redis.flushdb()
    hook, client = Webhook(SECRET), app.test_client()
    ids = []
    for i in range(5 + n * rounds):
        d = make_delivery("articles", i)
        r = client.post("/v1/webhooks/ingest", data=d.body, headers=sign(hook, d))
        if r.status_code != 202:
            raise SystemExit(f"delivery {i} answered {r.status_code}: {r.get_data(as_text=True)[:200]}")
        ids.append(r.json["article"])
    app.extensions["credence"].flush_inbox()
    process_articles(ids[:5])  # loads spaCy and MiniLM, builds the index
    ctx = context()
    full, extract_only = [], []
    for k in range(rounds):
        batch = ids[5 + k * n : 5 + (k + 1) * n]
        t0 = time.perf_counter()
        for article_id in batch:  # the baseline: reading alone (the articles are still pending)
            with ctx.sessions() as session:
                article = to_read(session, article_id)
            assert article is not None
            _extract(ctx, article)
        extract_only.append(n / (time.perf_counter() - t0))
        t0 = time.perf_counter()
        for start in range(0, n, 200):
            process_articles(batch[start : start + 200])
        full.append(n / (time.perf_counter() - t0))
        log(f"round {k + 1}: {full[-1]:.1f} articles/s processed, {extract_only[-1]:.1f}/s extraction alone")
    return {"processed": statistics.median(full), "extraction": statistics.median(extract_only)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="articles processed a second by one worker process")
    ap.add_argument("--articles", type=int, default=200, help="articles a round")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--database-url", default=None)
    ap.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/8"))
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="article-bench-") as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'articles.db'}"
        result = run(args.articles, url, args.redis_url, args.rounds)
    db = url.split(":")[0].split("+")[0]
    print(
        f"\none worker process, {db}: {result['processed']:.1f} articles/s processed (median of "
        f"{args.rounds} rounds of {args.articles}); extraction alone {result['extraction']:.1f}/s; "
        f"ratio {result['processed'] / result['extraction']:.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
