"""Validating a scoring config given as plain data (an admin's PUT, a YAML file): field
path → messages, so the API can answer a 422 naming each bad field."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from .defaults import (
    DEFAULT_CORROBORATION_LABELS,
    DEFAULT_MATCHING,
    DEFAULT_RELIABILITY_LABELS,
    NAME_RE,
    OPTIONAL,
    REQUIRED,
)
from .types import OUTLET_KINDS

# Every number in a config is a weight, a strength, a prior or a number of days, far below
# this. The bound keeps the engine's sums and products finite: criteria weights of 1e308
# passed validation and then overflowed ``fsum`` in every scoring run.
MAGNITUDE = 1e9


def _is_number(v: Any) -> bool:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return False
    # isfinite() converts an int to float, which overflows for a 400-digit one.
    return isinstance(v, int) or math.isfinite(v)


def _number(
    errors: dict[str, list[str]],
    path: str,
    v: Any,
    lo: float | None = None,
    hi: float | None = None,
    lo_open: bool = False,
) -> None:
    if not _is_number(v):
        errors.setdefault(path, []).append("must be a finite number")
        return
    lo = -MAGNITUDE if lo is None else lo
    hi = MAGNITUDE if hi is None else hi
    if v <= lo if lo_open else v < lo:
        errors.setdefault(path, []).append(f"must be {'>' if lo_open else '>='} {lo:g}")
    if v > hi:
        errors.setdefault(path, []).append(f"must be <= {hi:g}")


def validate_config_dict(d: Any) -> dict[str, list[str]]:
    """Field path -> error messages; an empty dict means `d` is a valid config."""
    errors: dict[str, list[str]] = {}
    if not isinstance(d, Mapping):
        return {"_schema": ["must be an object"]}
    for k in d:
        if k not in REQUIRED and k not in OPTIONAL:
            errors.setdefault(str(k), []).append("unknown field")
    for k in REQUIRED:
        if k not in d:
            errors.setdefault(k, []).append("missing required field")

    if "version" in d:
        v = d["version"]
        if not (isinstance(v, int) and not isinstance(v, bool) and v >= 1):
            errors.setdefault("version", []).append("must be an integer >= 1")

    if "criteria" in d:
        crit = d["criteria"]
        if not isinstance(crit, Mapping) or not crit:
            errors.setdefault("criteria", []).append("must be a non-empty {name: weight} object")
        else:
            for name, w in crit.items():
                if not (isinstance(name, str) and NAME_RE.match(name)):
                    errors.setdefault("criteria", []).append(f"invalid criterion name {name!r}")
                    continue
                _number(errors, f"criteria.{name}", w, lo=0)
            weights = [w for w in crit.values() if _is_number(w) and w >= 0]
            if len(weights) == len(crit) and sum(weights) <= 0:
                errors.setdefault("criteria", []).append("weights must not all be zero")

    if "kind_priors" in d:
        kp = d["kind_priors"]
        if not isinstance(kp, Mapping):
            errors.setdefault("kind_priors", []).append("must be a {kind: prior} object")
        else:
            for kind, p in kp.items():
                if kind not in OUTLET_KINDS:
                    errors.setdefault("kind_priors", []).append(f"unknown outlet kind {kind!r}")
                    continue
                _number(errors, f"kind_priors.{kind}", p, lo=0, hi=1)
            if "unknown" not in kp:
                errors.setdefault("kind_priors", []).append(
                    "must include 'unknown' (the fallback for unlisted kinds)"
                )

    for k in ("default_prior_strength", "unrated_prior_strength"):
        if k in d:
            _number(errors, k, d[k], lo=0)
    if "half_life_days" in d:
        _number(errors, "half_life_days", d["half_life_days"], lo=0, lo_open=True)
    # Factors above 1 could push a unit's strength above 1 and S or D out of [0, 1].
    for k in ("hedge_factor", "competing_factor"):
        if k in d:
            _number(errors, k, d[k], lo=0, hi=1)
    for k in ("learned_weight", "learned_max_observations"):
        if k in d:
            _number(errors, k, d[k], lo=0)
    if "matching" in d:
        _matching(errors, d["matching"])

    if "labels" in d:
        _validate_labels(errors, d["labels"])
    return errors


def _validate_labels(errors: dict[str, list[str]], labels: Any) -> None:
    if not isinstance(labels, Mapping):
        errors.setdefault("labels", []).append("must be an object")
        return
    for k in labels:
        if k not in ("reliability", "corroboration"):
            errors.setdefault(f"labels.{k}", []).append("unknown field")
    # Absent means the defaults; present must be an object (`or {}` let [], "", 0 and null
    # through as if absent, which the document does not allow).
    rel = labels.get("reliability", {})
    cor = labels.get("corroboration", {})
    for part, given, defaults in (
        ("reliability", rel, DEFAULT_RELIABILITY_LABELS),
        ("corroboration", cor, DEFAULT_CORROBORATION_LABELS),
    ):
        if not isinstance(given, Mapping):
            errors.setdefault(f"labels.{part}", []).append("must be an object")
            return
        for k in given:
            if k not in defaults:
                errors.setdefault(f"labels.{part}.{k}", []).append("unknown field")
    for k in DEFAULT_RELIABILITY_LABELS:
        if k in rel:
            _number(errors, f"labels.reliability.{k}", rel[k], lo=0, hi=100)
    for k in DEFAULT_CORROBORATION_LABELS:
        if k not in cor:
            continue
        if k == "corroborated_min_units":
            v = cor[k]
            if not (isinstance(v, int) and not isinstance(v, bool) and v >= 1):
                errors.setdefault(f"labels.corroboration.{k}", []).append("must be an integer >= 1")
        else:
            _number(errors, f"labels.corroboration.{k}", cor[k], lo=0, hi=1)
    if any(k.startswith("labels.") for k in errors):
        return
    r = {**DEFAULT_RELIABILITY_LABELS, **rel}
    if not r["high"] > r["generally_reliable"] > r["mixed"]:
        errors.setdefault("labels.reliability", []).append(
            "thresholds must satisfy high > generally_reliable > mixed"
        )
    c = {**DEFAULT_CORROBORATION_LABELS, **cor}
    if not c["corroborated"] >= c["partially_corroborated"] >= c["weakly_corroborated"]:
        errors.setdefault("labels.corroboration", []).append(
            "thresholds must satisfy corroborated >= partially_corroborated >= weakly_corroborated"
        )


def _matching(errors: dict[str, list[str]], m: Any) -> None:
    if not isinstance(m, Mapping):
        errors.setdefault("matching", []).append("must be an object")
        return
    for k in m:
        if k not in DEFAULT_MATCHING:
            errors.setdefault(f"matching.{k}", []).append("unknown field")
    for k in DEFAULT_MATCHING:
        if k in m:
            _number(errors, f"matching.{k}", m[k], lo=0, hi=1)
    t = {**DEFAULT_MATCHING, **m}
    if _is_number(t["same"]) and _is_number(t["candidate"]) and t["candidate"] > t["same"]:
        errors.setdefault("matching", []).append("candidate must be <= same")
