"""The clients an app holds, created in ``create_app`` and kept in ``app.extensions``."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from redis import Redis
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from service.settings import Settings


@dataclass
class Services:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    redis: Redis


def services() -> Services:
    svc: Services = current_app.extensions["credence"]
    return svc
