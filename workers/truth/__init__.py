"""Batch truth discovery: learn outlet reliability and dependence jointly from all claims.

Public API for the worker job: :func:`learn`, :func:`connected_components`,
:class:`LearnResult`. Models live in :mod:`workers.truth.models`, dataset normalisers
in :mod:`workers.truth.normalise`, the benchmark command in :mod:`workers.truth.cli`.
"""

from __future__ import annotations

from workers.truth.learn import LearnResult, connected_components, learn

__all__ = ["LearnResult", "connected_components", "learn"]
