from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from service.files.config import apply_config_files, export_config
from service.store.settings import config_dir


def test_load_is_idempotent_and_export_round_trips(app: Any, client: Any, keys: Any, tmp_path: Path) -> None:
    svc = app.extensions["credence"]
    first, effects = apply_config_files(svc.sessions, None)
    assert "config updated" in first and effects.outlets
    again, effects = apply_config_files(svc.sessions, None)
    assert again.endswith("config unchanged, 0 profiles and 0 outlets changed") and not effects.outlets
    shipped = {p.stem for p in (config_dir() / "profiles").glob("*.yaml")}
    assert len(shipped) >= 10
    assert client.get("/v1/admin/profiles/reuters", headers=keys["admin"]).json["version"] == 1
    export_config(svc.sessions, tmp_path)
    assert {p.stem for p in (tmp_path / "profiles").glob("*.yaml")} == shipped
    exported = yaml.safe_load((tmp_path / "outlets.yaml").read_text())["outlets"]
    assert {o["id"] for o in exported} >= {"reuters", "the-canary", "ru-svr"}
    # Loading what was exported changes nothing: the files are the database's state.
    summary, effects = apply_config_files(svc.sessions, tmp_path)
    assert summary.endswith("config unchanged, 0 profiles and 0 outlets changed") and not effects.outlets
    # An edit to a file is applied as a new version, through the same path as the API.
    doc = yaml.safe_load((tmp_path / "profiles" / "reuters.yaml").read_text())
    doc["criteria"]["corrects_errors"] = 0.5
    (tmp_path / "profiles" / "reuters.yaml").write_text(yaml.safe_dump(doc))
    summary, effects = apply_config_files(svc.sessions, tmp_path)
    assert "1 profiles" in summary and effects.outlets == {"reuters"}
    prof = client.get("/v1/admin/profiles/reuters", headers=keys["admin"]).json
    assert prof["version"] == 2 and prof["updated_by"] == "config-files"
