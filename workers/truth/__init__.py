"""Batch truth discovery: learn outlet reliability and dependence jointly from all claims.

Public API for the worker job: :func:`learn`, :func:`connected_components`,
:class:`LearnResult`. The model lives in :mod:`workers.truth.models`; the benchmark
harness (dataset normalisers, baselines, ``credence bench-truth``) in ``bench/truth/``.

A pure core: numpy and scipy, no I/O; imports nothing of ours outside this package.
"""

from __future__ import annotations

from workers.truth.learn import LearnResult, connected_components, learn

__all__ = ["LearnResult", "connected_components", "learn"]
