from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from service.cli import import_ratings_cmd

LIN = (
    Path(__file__).resolve().parents[2].parent / "shared" / "data" / "ratings" / "lin2023" / "domain_pc1.csv"
)


def invoke(app: Any, *args: str) -> Any:
    with app.app_context():
        result = CliRunner().invoke(import_ratings_cmd, list(args))
    assert result.exit_code == 0, result.output
    return result


def run(app: Any, *args: str) -> dict[str, Any]:
    return dict(json.loads(invoke(app, *args).stdout.strip().splitlines()[-1]))


def test_lin2023_format_small_file(
    app: Any, client: Any, keys: Any, apply_config_files: Any, run_jobs: Any, tmp_path: Path
) -> None:
    apply_config_files()
    client.put("/v1/admin/profiles/mine", json={"criteria": {"no_false_content": 1}}, headers=keys["admin"])
    client.put(
        "/v1/outlets/kept",
        json={"name": "Kept", "kind": "news", "domains": ["kept.com"], "profile": "mine"},
        headers=keys["editor"],
    )
    client.put(
        "/v1/outlets/linked",
        json={"name": "Linked", "kind": "news", "domains": ["linked.org"]},
        headers=keys["editor"],
    )
    csv = tmp_path / "r.csv"
    csv.write_text(
        "domain,pc1\nnew-site.com,0.25\nwww.linked.org,0.9\nkept.com,0.1\nlinked.org,0.2\nnot a domain,0.5\n"
        "unread.com,n/a\n"
    )
    dry = run(app, str(csv), "--format", "lin2023", "--dry-run")
    done = invoke(app, str(csv), "--format", "lin2023")
    real = json.loads(done.stdout.strip().splitlines()[-1])
    # Every row not imported is named on stderr with its line and reason, beside the progress.
    skipped = [x for x in done.stderr.splitlines() if x.startswith("skipped")]
    assert skipped == [
        "skipped line 4 (kept.com): outlet kept keeps its own profile mine",
        "skipped line 5 (linked.org): linked.org again (line 3 imported it)",
        "skipped line 6 (not a domain): not a registrable domain",
        "skipped line 7 (unread.com): unreadable: pc1 is not a number: 'n/a'",
    ]
    assert "read r.csv" in done.stderr and "import lin2023" in done.stderr and "committing" in done.stderr
    assert {k: v for k, v in dry.items() if k not in ("dry_run", "seconds")} == {
        k: v for k, v in real.items() if k not in ("dry_run", "seconds")
    }
    assert real["created_outlets"] == 1 and real["linked_outlets"] == 2 and real["kept_own_profile"] == 1
    assert real["invalid"] == 2 and real["duplicates"] == 1 and real["skipped"] == 4
    again = run(app, str(csv), "--format", "lin2023")
    assert again["unchanged"] == 2 and again["created_profiles"] == again["updated_profiles"] == 0
    run_jobs()
    score = client.get("/v1/outlets/new-site-com/score", headers=keys["reader"]).json
    assert score["reliability"] == pytest.approx(0.25) and score["explanation"]["prior"]["n0"] == 5
    assert client.get("/v1/outlets/linked/score", headers=keys["reader"]).json["score"] == 90
    assert client.get("/v1/outlets/kept", headers=keys["reader"]).json["profile"] == "mine"
    audit = client.get(
        "/v1/admin/audit?entity_type=profile&entity_id=lin2023-new-site-com", headers=keys["admin"]
    ).json["items"]
    assert [a["action"] for a in audit] == ["import"]


def test_criteria_csv_format(
    app: Any, client: Any, keys: Any, apply_config_files: Any, tmp_path: Path
) -> None:
    apply_config_files()
    csv = tmp_path / "c.csv"
    csv.write_text("domain,no_false_content,corrects_errors,prior_strength\nexample.net,1,,8\n")
    assert run(app, str(csv), "--format", "criteria-csv")["created_profiles"] == 1
    prof = client.get("/v1/admin/profiles/criteria-csv-example-net", headers=keys["admin"]).json
    assert prof["criteria"] == {"no_false_content": 1.0} and prof["prior_strength"] == 8


@pytest.mark.skipif(not LIN.exists(), reason="shared/data not present")
def test_lin2023_full_file_is_idempotent_and_dry_run_matches(app: Any, apply_config_files: Any) -> None:
    apply_config_files()
    dry = run(app, str(LIN), "--format", "lin2023", "--dry-run")
    real = run(app, str(LIN), "--format", "lin2023")
    strip = lambda d: {k: v for k, v in d.items() if k not in ("dry_run", "seconds")}  # noqa: E731
    assert strip(dry) == strip(real)
    assert real["created_profiles"] + real["kept_own_profile"] + real["invalid"] + real["duplicates"] == 11520
    assert real["skipped"] == real["kept_own_profile"] + real["invalid"] + real["duplicates"]
    again = run(app, str(LIN), "--format", "lin2023")
    assert again["unchanged"] == real["created_profiles"]
    assert again["created_profiles"] == again["updated_profiles"] == again["linked_outlets"] == 0
