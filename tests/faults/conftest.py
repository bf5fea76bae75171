"""The fault suite (``make test-faults``; ``make test`` leaves it out): one stack for the
module, the scenarios in order, and a table of what each fault cost, printed at the end
and written to ``var/faults/report.md``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.faults.harness import Stack, stack

WORK = Path(__file__).resolve().parents[2] / "var" / "faults"
ROWS: list[dict[str, Any]] = []


@pytest.fixture(scope="module")
def faults_stack() -> Iterator[Stack]:
    with stack(WORK) as running:
        running.results = ROWS
        yield running


def _table() -> str:
    head = (
        "| fault | load | requests refused during the fault | slowest answer | /readyz during the fault | "
        "time to convergence (after the last request) | writes acknowledged | writes lost |\n"
        "|---|---|---|---|---|---|---|---|\n"
    )
    lines = []
    for r in ROWS:
        refused = ", ".join(f"{n} {kind}" for kind, n in sorted(r["refused"].items())) or "0"
        lines.append(
            f"| {r['fault']} | {r['load']} | {refused} (of {r['during']}) | {r['slowest_ms'] / 1000:.1f} s | "
            f"{r['readyz']} | "
            f"{r['converged_s']:.1f} s ({r['after_load_s']:.1f} s) | {r['acknowledged']} | {r['lost']} |"
        )
    return head + "\n".join(lines) + "\n"


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not ROWS:
        return
    table = _table()
    WORK.mkdir(parents=True, exist_ok=True)
    (WORK / "report.md").write_text(table)
    terminalreporter.write_sep("=", "fault suite")
    terminalreporter.write(table)
