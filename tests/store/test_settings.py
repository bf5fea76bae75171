"""Where a checkout keeps its state and its configuration: ``var/`` and ``config/`` at the
repository's top, whatever module asks (the modules moved once, and the paths with them)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from service.cli import main
from service.store.settings import config_dir, var_dir

TOP = Path(__file__).resolve().parents[2]


def test_var_and_config_are_at_the_top_of_the_checkout(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("CREDENCE_VAR_DIR", raising=False)
    monkeypatch.delenv("CREDENCE_CONFIG_DIR", raising=False)
    monkeypatch.chdir(tmp_path)  # not found by the working directory
    assert var_dir() == TOP / "var"
    assert config_dir() == TOP / "config" and (config_dir() / "scoring.yaml").is_file()


def test_the_benchmark_commands_are_offered_from_a_checkout() -> None:
    result = CliRunner().invoke(main, ["bench-truth", "--help"])
    assert result.exit_code == 0 and "crowd-kit" in result.output
