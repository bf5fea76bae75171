"""Credence's truth-discovery model (``credence_model``) and what it rests on: the copy
detector (``dependence``) and the result type (``base``). The paper baselines it is
compared with live in the benchmark harness, ``bench/truth/``."""
