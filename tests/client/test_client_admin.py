"""Admin through the client: profiles and the config (versioned, with a stale edit
refused), API keys and notification subscriptions."""

from __future__ import annotations

import pytest

from service.client import Credence, NotFound, PreconditionFailed, Unauthorized


def test_profiles_versions_and_a_stale_edit(clients: dict[str, Credence]) -> None:
    admin = clients["admin"].admin
    criteria = dict.fromkeys(admin.config()["config"]["criteria"], 0.5)
    first = admin.put_profile("house-style", criteria, notes="first")
    assert first["version"] == 1
    second = admin.put_profile("house-style", criteria | {next(iter(criteria)): 1.0}, based_on=1)
    assert second["version"] == 2 and admin.profile("house-style")["version"] == 2
    with pytest.raises(PreconditionFailed) as stale:
        admin.put_profile("house-style", criteria, based_on=1)
    assert stale.value.current_version == 2
    assert [p["id"] for p in admin.profiles(q="house")] == ["house-style"]
    assert [v["version"] for v in admin.profile_history("house-style")] == [1, 2]
    preview = admin.preview_profile("house-style", criteria)
    assert "outlets" in preview
    assert admin.restore_profile("house-style", 1)["version"] == 3


def test_config_round_trip(clients: dict[str, Credence]) -> None:
    admin = clients["admin"].admin
    current = admin.config()
    saved = admin.put_config(current["config"], based_on=current["version"])
    assert saved["version"] == current["version"] + 1
    with pytest.raises(PreconditionFailed):
        admin.put_config(current["config"], based_on=current["version"])
    assert [v["version"] for v in admin.config_history()][-1] == saved["version"]
    assert "claims" in admin.preview_config(current["config"])


def test_keys_and_subscriptions(base: str, clients: dict[str, Credence]) -> None:
    admin = clients["admin"].admin
    made = admin.create_key("cms-plugin", "reader")
    assert made["key"].startswith("crd_") and made["role"] == "reader"
    assert "cms-plugin" in [k["name"] for k in admin.api_keys()]
    with Credence(base, made["key"]) as plugin:
        assert plugin.lookup("https://example.com/")["label"] == "unrated"
        admin.revoke_key(made["id"])
        with pytest.raises(Unauthorized):
            plugin.lookup("https://example.com/")
    sub = admin.subscribe("http://127.0.0.1:9/hook", ["claim.label_changed"])
    assert sub["secret"].startswith("whsec_")
    assert [s["id"] for s in admin.subscriptions()] == [sub["id"]]
    assert admin.subscription(sub["id"])["events"] == ["claim.label_changed"]
    assert list(admin.deliveries(sub["id"])) == []
    admin.unsubscribe(sub["id"])
    with pytest.raises(NotFound):
        admin.unsubscribe("no-such-subscription")
