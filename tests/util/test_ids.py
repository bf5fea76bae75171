"""Server-generated ids: time-ordered, unique, and unique across forked workers."""

from __future__ import annotations

import multiprocessing
import re

from service.util.ids import new_id


def _ids_in_child(queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    queue.put([new_id("art") for _ in range(200)])


def test_ids_are_prefixed_time_ordered_and_unique() -> None:
    ids = [new_id("art") for _ in range(5000)]
    assert all(re.fullmatch(r"art_[0-9a-f]{22}", i) for i in ids)
    assert len(set(ids)) == len(ids)
    stamps = [i[4:16] for i in ids]
    assert stamps == sorted(stamps)


def test_forked_workers_do_not_repeat_each_others_ids() -> None:
    # gunicorn forks its workers from one parent: the random part must not be inherited.
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    children = [ctx.Process(target=_ids_in_child, args=(queue,)) for _ in range(2)]
    for c in children:
        c.start()
    got = [queue.get(timeout=30) for _ in children]
    for c in children:
        c.join(30)
    suffixes = [{i[16:] for i in ids} for ids in got]
    assert not suffixes[0] & suffixes[1]
