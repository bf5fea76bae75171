"""What a record operation refuses, in the domain's words. The HTTP layer maps each to a
problem document (``service.http.problems``); a job that meets one fails with it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


class RecordError(Exception):
    """Base of every refusal a record operation makes; ``str()`` is the message shown."""


class NotFound(RecordError):
    """The record named does not exist."""


class Invalid(RecordError):
    """Fields that cannot be stored as given: field → messages."""

    def __init__(self, errors: Mapping[str, Sequence[str]]) -> None:
        super().__init__("The request has invalid fields.")
        self.errors = {k: list(v) for k, v in errors.items()}


class Conflict(RecordError):
    """The change contradicts records that exist (a domain another outlet holds)."""

    def __init__(self, message: str, kind: str = "conflict") -> None:
        super().__init__(message)
        self.kind = kind


class StaleVersion(RecordError):
    """The caller edited a version that is no longer current (optimistic concurrency)."""

    def __init__(self, message: str, current_version: int | None) -> None:
        super().__init__(message)
        self.current_version = current_version
