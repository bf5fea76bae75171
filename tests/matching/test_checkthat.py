from __future__ import annotations

import numpy as np
import pytest

from workers.matching import checkthat
from workers.matching.fit import threshold_for_precision, wilson_lower


def test_readers_handle_quoted_newlines_and_headers(tmp_path):
    pool = tmp_path / "pool.tsv"
    pool.write_text('\tvclaim\ttitle\n1\t"A claim\nover two lines"\tIts title\n2\tPlain claim\tT\n')
    queries = tmp_path / "q.tsv"
    queries.write_text("\ttweet_content\n7\tsome tweet\n")
    qrels = tmp_path / "q.qrels"
    qrels.write_text("7\t0\t2\t1\n7\t0\t1\t0\n")
    claims = checkthat.read_pool(pool)
    assert [(c.id, c.text, c.title) for c in claims] == [("1", "A claim\nover two lines", "Its title"),
                                                         ("2", "Plain claim", "T")]
    assert checkthat.read_queries(queries) == {"7": "some tweet"}
    assert checkthat.read_qrels(qrels) == {"7": {"2"}}


def test_metrics_follow_the_checkthat_scorer():
    assert checkthat.average_precision(["a", "b", "c"], {"b"}, 5) == 0.5
    assert checkthat.average_precision(["a", "b", "c"], {"b"}, 1) == 0.0
    assert checkthat.average_precision(["b", "x", "c"], {"b", "c"}, 5) == pytest.approx((1 + 2 / 3) / 2)
    res = checkthat.evaluate({"q1": ["b", "a"], "q2": ["a", "b"]}, {"q1": {"b"}, "q2": {"b"}})
    assert res == {"MAP@1": 0.5, "MAP@5": 0.75, "MRR": 0.75}


def test_same_threshold_respects_the_lower_bound():
    p = np.linspace(1, 0, 400)
    y = (np.arange(400) < 300).astype(float)  # the 300 best-scored pairs are right
    t = threshold_for_precision(p, y, 0.95)
    chosen = p >= t
    assert wilson_lower(np.array([y[chosen].sum()]), np.array([chosen.sum()]))[0] >= 0.95
    assert chosen.sum() >= 300
    assert threshold_for_precision(p, np.zeros(400), 0.95) == 1.0
