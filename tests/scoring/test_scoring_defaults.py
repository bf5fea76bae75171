"""One source for the scoring defaults: the engine's ``DEFAULT_CONFIG_DICT``. The file a
newsroom edits and ``credence load-config`` applies, ``config/scoring.yaml``, ships equal to
it, so the engine's tests and a fresh production database score alike."""

from __future__ import annotations

from pathlib import Path

import yaml

from workers.scoring import DEFAULT_CONFIG_DICT, ScoringConfig, default_config

SCORING_YAML = Path(__file__).resolve().parents[2] / "config" / "scoring.yaml"


def test_the_shipped_config_file_is_the_engine_default() -> None:
    shipped = yaml.safe_load(SCORING_YAML.read_text())
    assert shipped == {k: v for k, v in DEFAULT_CONFIG_DICT.items() if k != "version"}
    assert ScoringConfig.from_dict(shipped | {"version": 1}) == default_config()


def test_a_config_without_the_optional_keys_gets_the_defaults() -> None:
    bare = {k: v for k, v in DEFAULT_CONFIG_DICT.items() if k not in ("labels", "learned_weight")}
    assert ScoringConfig.from_dict(bare) == default_config()


def test_the_matching_thresholds_default_to_the_fitted_ones() -> None:
    from workers.matching.rerank import thresholds

    same, candidate = thresholds("hybrid")
    assert DEFAULT_CONFIG_DICT["matching"] == {"same": same, "candidate": candidate}
