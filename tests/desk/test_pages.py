"""The desk's forms and lists through the test client: profile and config edits with
their conflicts and restores, keys and subscriptions (secrets shown once), filters,
pagination and refusals. Chromium drives the main paths in ``tests/desk/browser``."""

from __future__ import annotations

import re
from typing import Any

from tests.desk.conftest import token

FULL = {f"c.{k}": "1" for k in ("no_false_content", "responsible_gathering", "corrects_errors")}


def _post(client: Any, path: str, data: dict[str, Any], page: str = "/claims") -> Any:
    return client.post(path, data=data | {"csrf_token": token(client, page)})


def test_profile_create_save_conflict_and_restore(app: Any, sign_in: Any, client: Any, keys: Any) -> None:
    first, second = sign_in("admin"), sign_in("admin")
    # Creating: both start from "no profile yet"; the second creator is told.
    made = _post(first, "/admin/profiles/acme/save", FULL | {"base_version": "0"})
    assert made.status_code == 303 and made.headers["Location"] == "/admin/profiles/acme?saved=1"
    late = _post(second, "/admin/profiles/acme/save", {"c.corrects_errors": "0", "base_version": "0"})
    assert late.status_code == 409 and "Not saved: test-admin saved version 1" in late.text
    assert 'value="0"' in late.text and 'name="base_version" value="1"' in late.text
    # Preview saves nothing and names the outlets' new scores.
    client.put(
        "/v1/outlets/acme", json={"name": "Acme", "kind": "news", "profile": "acme"}, headers=keys["editor"]
    )
    preview = _post(
        first, "/admin/profiles/acme/preview", FULL | {"c.no_false_content": "0", "base_version": "1"}
    )
    assert (
        preview.status_code == 200
        and "Preview — nothing is saved yet" in preview.text
        and "Acme" in preview.text
    )
    assert "Save as version 2" in preview.text
    assert client.get("/v1/admin/profiles/acme", headers=keys["admin"]).json["version"] == 1
    saved = _post(first, "/admin/profiles/acme/save", FULL | {"c.no_false_content": "0", "base_version": "1"})
    assert saved.status_code == 303
    # Bad values come back with the API's messages, beside the field.
    bad = _post(first, "/admin/profiles/acme/preview", {"c.no_false_content": "2", "base_version": "2"})
    assert (
        bad.status_code == 422
        and "Must be greater than or equal to 0 and less than or equal to 1" in bad.text
    )
    unknown = _post(first, "/admin/profiles/acme/preview", {"c.made_up": "1", "base_version": "2"})
    assert unknown.status_code == 422 and "Unknown criterion" in unknown.text
    # Restore: version 1's values loaded, previewed, saved as a restore.
    loaded = first.get("/admin/profiles/acme?from_version=1")
    assert "The form holds version 1" in loaded.text and 'name="restore_of" value="1"' in loaded.text
    restored = _post(first, "/admin/profiles/acme/save", FULL | {"base_version": "2", "restore_of": "1"})
    assert restored.status_code == 303
    history = client.get("/v1/admin/profiles/acme/history", headers=keys["admin"]).json["items"]
    assert [h["cause"] for h in history] == ["update", "update", "restore of version 1"]
    page = first.get("/admin/profiles/acme/history").text
    assert page.index("Version 3") < page.index("Version 2") < page.index("Version 1")  # newest first
    assert first.get("/admin/profiles/Not A Slug").status_code == 422
    assert first.get("/admin/profiles/nope/history").status_code == 404


def test_config_preview_save_conflict_and_restore(sign_in: Any, client: Any, keys: Any) -> None:
    admin = sign_in("admin")
    editor = admin.get("/admin/config").text
    assert 'name="cfg.kind_priors.blog" type="text" inputmode="decimal" value="0.45"' in editor
    values = dict(re.findall(r'name="(cfg\.[^"]+)" type="text" inputmode="decimal" value="([^"]*)"', editor))
    preview = _post(
        admin, "/admin/config/preview", values | {"cfg.kind_priors.blog": "0.2", "base_version": "1"}
    )
    assert (
        preview.status_code == 200
        and "kind_priors.blog" in preview.text
        and "Save as version 2" in preview.text
    )
    bad = _post(admin, "/admin/config/preview", values | {"cfg.hedge_factor": "3", "base_version": "1"})
    assert bad.status_code == 422 and 'aria-invalid="true"' in bad.text
    saved = _post(admin, "/admin/config/save", values | {"cfg.kind_priors.blog": "0.2", "base_version": "1"})
    assert saved.status_code == 303
    stale = _post(admin, "/admin/config/save", values | {"cfg.hedge_factor": "0.4", "base_version": "1"})
    assert stale.status_code == 409 and "Not saved" in stale.text and "kind_priors.blog" in stale.text
    again = _post(admin, "/admin/config/save", values | {"base_version": "2", "restore_of": "1"})
    assert again.status_code == 303
    history = client.get("/v1/admin/config/history", headers=keys["admin"]).json["items"]
    assert history[-1]["cause"] == "restore of version 1"
    assert client.get("/v1/admin/config", headers=keys["admin"]).json["config"]["kind_priors"]["blog"] == 0.45
    assert "Restore version 2…" in admin.get("/admin/config/history").text


def test_key_secret_is_shown_once_and_revoked_keys_stop(sign_in: Any, client: Any) -> None:
    admin = sign_in("admin")
    created = _post(admin, "/admin/keys", {"name": "cms-plugin", "role": "reader"}, "/admin/keys")
    assert created.status_code == 201
    secret = re.search(r'id="new-key-value" type="text" readonly value="(crd_[^"]+)"', created.text).group(1)
    assert client.get("/v1/claims", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    listing = admin.get("/admin/keys").text
    assert "cms-plugin" in listing and secret not in listing and secret.split("_", 2)[2] not in listing
    key_id = secret.split("_")[1]
    assert _post(admin, f"/admin/keys/{key_id}/revoke", {}, "/admin/keys").status_code == 303
    assert client.get("/v1/claims", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    assert "revoked" in admin.get("/admin/keys").text
    assert _post(admin, "/admin/keys", {"name": " ", "role": "god"}, "/admin/keys").status_code == 422
    assert _post(admin, "/admin/keys/nope/revoke", {}, "/admin/keys").status_code == 404
    audit = admin.get("/admin/audit?entity_type=api_key").text
    assert "create" in audit and "revoke" in audit and secret not in audit


def test_subscriptions_secret_once_refusals_log_and_delete(sign_in: Any) -> None:
    admin = sign_in("admin")
    form = {"url": "http://127.0.0.1:9/hook", "events": ["claim.label_changed"]}
    created = _post(admin, "/admin/subscriptions", form, "/admin/subscriptions")
    assert created.status_code == 201 and "whsec_" in created.text
    sub_id = re.search(r"/admin/subscriptions/(sub_[0-9a-f]+)\"", created.text).group(1)
    listing = admin.get("/admin/subscriptions").text
    assert "http://127.0.0.1:9/hook" in listing and "whsec_" not in listing
    log = admin.get(f"/admin/subscriptions/{sub_id}")
    assert log.status_code == 200 and "Nothing delivered yet" in log.text
    private = _post(
        admin, "/admin/subscriptions", form | {"url": "http://10.0.0.1/x"}, "/admin/subscriptions"
    )
    assert private.status_code == 422
    none = _post(admin, "/admin/subscriptions", {"url": "https://example.com/x"}, "/admin/subscriptions")
    assert none.status_code == 422
    gone = _post(admin, f"/admin/subscriptions/{sub_id}/delete", {}, "/admin/subscriptions")
    assert gone.status_code == 303 and "http://127.0.0.1:9/hook" not in admin.get("/admin/subscriptions").text
    # The row stays, disabled, so the log of the attempts made to it stays readable.
    log = admin.get(f"/admin/subscriptions/{sub_id}")
    assert log.status_code == 200 and "deleted" in log.text and "whsec_" not in log.text
    again = _post(admin, f"/admin/subscriptions/{sub_id}/delete", {}, "/admin/subscriptions")
    assert again.status_code == 404


def test_lists_filter_page_and_refuse_bad_filters(
    sign_in: Any, client: Any, keys: Any, run_jobs: Any
) -> None:
    for i in range(3):
        client.put(f"/v1/outlets/o{i}", json={"name": f"Outlet {i}", "kind": "news"}, headers=keys["editor"])
    for i in range(5):
        client.post(
            "/v1/claims",
            json={
                "text": f"Claim number {i}",
                "appearances": [{"outlet": "o1", "url": f"https://o1.example/{i}"}],
            },
            headers=keys["editor"],
        )
    run_jobs()
    reader = sign_in("reader")
    first = reader.get("/claims?limit=2&outlet=o1")
    assert first.status_code == 200 and first.text.count('href="/claims/c_') == 2
    nxt = re.search(r'href="([^"]+)" rel="next"', first.text).group(1).replace("&amp;", "&")
    assert "outlet=o1" in nxt and "limit=2" in nxt
    second = reader.get(nxt)
    assert second.text.count('href="/claims/c_') == 2 and "First page" in second.text
    assert reader.get("/claims?q=number 4").text.count('href="/claims/c_') == 1
    for bad in [
        "/claims?label=great",
        "/outlets?kind=pamphlet",
        "/outlets?country=gb",
        "/articles?status=lost",
        "/articles?since=yesterday",
        "/claims?limit=9999",
    ]:
        answer = reader.get(bad)
        assert answer.status_code == 422 and "Some filters are not valid" in answer.text, bad
    assert reader.get("/claims?cursor=!!").status_code == 422
    assert reader.get("/outlets?q=outlet 2").text.count('href="/outlets/o') == 1
    assert "Outlet 1" in reader.get("/outlets/o1").text
    assert reader.get("/outlets/none").status_code == 404 and reader.get("/articles/none").status_code == 404
