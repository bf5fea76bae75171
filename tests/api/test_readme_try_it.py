"""The README's "Try it" block runs as printed: it is taken from README.md, run with bash
against the app served over real HTTP (a free port, the test database, config/ loaded,
the admin key where ``make run`` puts it), and every curl in it must succeed."""

from __future__ import annotations

import re
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from werkzeug.serving import make_server

README = Path(__file__).resolve().parents[2] / "README.md"

# Every curl of the block fails on an HTTP error (the block's own `curl -s` would not) and
# reports success on stderr, so the test counts them.
PRELUDE = 'curl() { command curl --fail-with-body "$@" && echo "curl: ok" >&2; }\n'


def try_it_block() -> str:
    section = README.read_text().split("\n## Try it\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, re.DOTALL)
    assert len(blocks) == 1, "the Try it section has one sh block"
    return blocks[0]


@pytest.fixture
def base(app: Any) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_try_it_runs_as_printed(
    base: str, keys: dict[str, dict[str, str]], apply_config_files: Any, tmp_path: Path
) -> None:
    apply_config_files()
    block = try_it_block()
    assert "<" not in block.replace("<<", ""), "no placeholder to edit"
    (tmp_path / "var").mkdir()
    (tmp_path / "var" / "admin.key").write_text(keys["admin"]["Authorization"].removeprefix("Bearer ") + "\n")
    script = PRELUDE + block.replace("http://127.0.0.1:8000", base)
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr + done.stdout
    calls = len(re.findall(r"(?m)^\s*(?:\w+=\$\()?curl ", block))
    assert calls >= 6 and done.stderr.count("curl: ok") == calls, done.stderr
    # The claim's id was captured and used: its GET answered with the same claim.
    assert '"US forces trained ISIS fighters at the al-Tanf base."' in done.stdout
    assert '"key": "crd_' in done.stdout  # the last command: a key created, shown once
