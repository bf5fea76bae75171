"""``credence serve --setup`` (what ``make run`` runs): one process migrates an empty
database, loads config/ and creates the local admin key, then serves; a second start
finds the key working and keeps it."""

from __future__ import annotations

from pathlib import Path

import requests

from tests.conftest import REDIS_URL
from tests.support.served import serving


def test_serve_setup_prepares_an_empty_var_directory_and_serves(tmp_path: Path) -> None:
    key_file = tmp_path / "admin.key"
    env = {
        "CREDENCE_VAR_DIR": str(tmp_path),
        "CREDENCE_DATABASE_URL": f"sqlite:///{tmp_path / 'credence.db'}",
        "CREDENCE_REDIS_URL": REDIS_URL,
        "CREDENCE_QUEUE_NAME": "credence-test",
        "CREDENCE_LOG_JSON": "false",
        "CREDENCE_LOG_LEVEL": "WARNING",
    }
    args = ["--setup", "--admin-key-file", str(key_file)]
    with serving(env, web_workers=1, args=args) as served:
        key = key_file.read_text().strip()
        auth = {"Authorization": f"Bearer {key}"}
        outlet = requests.get(f"{served.base}/v1/outlets/reuters", headers=auth, timeout=10)
        assert outlet.status_code == 200  # migrated, config/ loaded, the key works
    assert key_file.stat().st_mode & 0o777 == 0o600
    with serving(env, web_workers=1, args=args):
        assert key_file.read_text().strip() == key  # a working key is kept
