"""``Credence.admin``: what an admin key may do — source profiles and the scoring config
(versioned: a replace can name the version it was based on, and is refused with
``PreconditionFailed`` when someone saved another meanwhile), API keys, notification
subscriptions and the audit log."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, cast

from service.client.transport import Transport
from service.client.types import CreatedKey, Subscription

JSON = dict[str, Any]


def _if_match(version: int | None, prefix: str = "") -> dict[str, str]:
    return {} if version is None else {"If-Match": f'"{prefix}{version}"'}


class Admin:
    def __init__(self, http: Transport) -> None:
        self.http = http

    # -- source profiles -------------------------------------------------------------
    def profiles(self, **filters: Any) -> Iterator[JSON]:
        """Every profile's current version with its outlet count (``q``: part of the id)."""
        return self.http.pages("/v1/admin/profiles", filters)

    def profile(self, profile_id: str) -> JSON:
        return dict(self.http.call("GET", f"/v1/admin/profiles/{profile_id}"))

    def put_profile(
        self,
        profile_id: str,
        criteria: Mapping[str, float],
        *,
        prior_strength: float | None = None,
        notes: str | None = None,
        based_on: int | None = None,
    ) -> JSON:
        """Create or replace a profile (a new version; its outlets are rescored).
        ``based_on``: the version edited — ``PreconditionFailed`` if it is not current."""
        body: JSON = {"criteria": dict(criteria), "notes": notes}
        if prior_strength is not None:
            body["prior_strength"] = prior_strength
        path = f"/v1/admin/profiles/{profile_id}"
        return dict(self.http.call("PUT", path, json=body, headers=_if_match(based_on)))

    def profile_history(self, profile_id: str) -> Iterator[JSON]:
        return self.http.pages(f"/v1/admin/profiles/{profile_id}/history")

    def restore_profile(self, profile_id: str, version: int) -> JSON:
        """Save an old version again, as a new version."""
        path = f"/v1/admin/profiles/{profile_id}/restore"
        return dict(self.http.call("POST", path, json={"version": version}))

    def preview_profile(self, profile_id: str, criteria: Mapping[str, float], **rest: Any) -> JSON:
        """What saving would change (outlets' scores, claims' labels), saving nothing."""
        path = f"/v1/admin/profiles/{profile_id}/preview"
        return dict(self.http.call("POST", path, json={"criteria": dict(criteria), **rest}))

    # -- scoring config --------------------------------------------------------------
    def config(self) -> JSON:
        return dict(self.http.call("GET", "/v1/admin/config"))

    def put_config(self, config: Mapping[str, Any], *, based_on: int | None = None) -> JSON:
        """Replace the config (a new version; everything it affects is rescored)."""
        headers = _if_match(based_on, "config-")
        return dict(self.http.call("PUT", "/v1/admin/config", json={"config": dict(config)}, headers=headers))

    def config_history(self) -> Iterator[JSON]:
        return self.http.pages("/v1/admin/config/history")

    def restore_config(self, version: int) -> JSON:
        return dict(self.http.call("POST", "/v1/admin/config/restore", json={"version": version}))

    def preview_config(self, config: Mapping[str, Any]) -> JSON:
        return dict(self.http.call("POST", "/v1/admin/config/preview", json={"config": dict(config)}))

    # -- API keys --------------------------------------------------------------------
    def api_keys(self) -> Iterator[JSON]:
        return self.http.pages("/v1/admin/keys")

    def create_key(self, name: str, role: str) -> CreatedKey:
        """A new key; its secret (``key``) is in this answer only."""
        return cast(CreatedKey, self.http.call("POST", "/v1/admin/keys", json={"name": name, "role": role}))

    def revoke_key(self, key_id: str) -> None:
        self.http.call("DELETE", f"/v1/admin/keys/{key_id}")

    # -- notification subscriptions --------------------------------------------------
    def subscriptions(self) -> Iterator[Subscription]:
        return cast(Iterator[Subscription], self.http.pages("/v1/admin/subscriptions"))

    def subscribe(self, url: str, events: list[str]) -> Subscription:
        """A new subscription; its signing ``secret`` is in this answer only."""
        body = {"url": url, "events": events}
        return cast(Subscription, self.http.call("POST", "/v1/admin/subscriptions", json=body))

    def subscription(self, sub_id: str) -> Subscription:
        return cast(Subscription, self.http.call("GET", f"/v1/admin/subscriptions/{sub_id}"))

    def unsubscribe(self, sub_id: str) -> None:
        """Delete it: what it was owed is dropped, its delivery log kept."""
        self.http.call("DELETE", f"/v1/admin/subscriptions/{sub_id}")

    def deliveries(self, sub_id: str) -> Iterator[JSON]:
        return self.http.pages(f"/v1/admin/subscriptions/{sub_id}/deliveries")

    # -- audit log -------------------------------------------------------------------
    def audit(self, **filters: Any) -> Iterator[JSON]:
        """Entries filtered by ``actor``, ``entity_type``, ``entity_id``, ``since``, ``until``."""
        return self.http.pages("/v1/admin/audit", filters)
