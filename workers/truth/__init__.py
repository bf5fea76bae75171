"""Batch truth discovery: learn outlet reliability and dependence jointly from all claims.

Public API for the worker job: :func:`learn`, :func:`connected_components`,
:class:`LearnResult` (with per-source :class:`SourceEvidence`) and the run guard
:func:`held_out_check`. The model lives in :mod:`workers.truth.models`; the benchmark
harness (normalisers, baselines, synthetic regimes) in ``bench/truth``.

A pure core: numpy and scipy, no I/O; imports nothing of ours outside this package.
"""

from __future__ import annotations

from workers.truth.evidence import SourceEvidence
from workers.truth.heldout import HeldOutCheck, held_out_check
from workers.truth.learn import LearnResult, connected_components, learn

__all__ = ["HeldOutCheck", "LearnResult", "SourceEvidence", "connected_components",
           "held_out_check", "learn"]
