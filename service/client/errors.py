"""What the service refuses, as exceptions: every failure it answers is an RFC 9457
problem document, raised here as the ``ProblemError`` subclass of its status, so a caller
catches ``NotFound`` or ``ValidationFailed`` rather than testing numbers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class CredenceError(Exception):
    """Anything the client raises."""


class TransportError(CredenceError):
    """The service could not be reached (after the retries)."""


class WaitTimeout(CredenceError):
    """A job or a worker's answer was not ready within the time the caller allowed."""


class JobFailed(CredenceError):
    """A background job the caller waited for ended ``failed``."""

    def __init__(self, job: Mapping[str, Any]) -> None:
        super().__init__(f"job {job.get('id')} failed: {job.get('error')}")
        self.job = dict(job)


class ProblemError(CredenceError):
    """A problem document: ``status``, ``title``, ``detail``, per-field ``errors`` (422),
    and any extension members (``current_version`` on a 412, …) in ``extra``."""

    status: int = 0

    def __init__(self, status: int, document: Mapping[str, Any], retry_after: float | None = None) -> None:
        self.status = status
        self.document = dict(document)
        self.type: str = str(document.get("type", "about:blank"))
        self.title: str = str(document.get("title", ""))
        self.detail: str = str(document.get("detail", ""))
        raw = document.get("errors")
        self.errors: dict[str, list[str]] = dict(raw) if isinstance(raw, Mapping) else {}
        known = {"type", "title", "status", "detail", "errors"}
        self.extra: dict[str, Any] = {k: v for k, v in document.items() if k not in known}
        self.retry_after = retry_after
        super().__init__(f"{status} {self.title}: {self.detail}")


class BadRequest(ProblemError):
    status = 400


class Unauthorized(ProblemError):
    status = 401


class Forbidden(ProblemError):
    status = 403


class NotFound(ProblemError):
    status = 404


class Conflict(ProblemError):
    """409; ``kind`` is the problem type's last segment (``duplicate-alias``, …)."""

    status = 409

    @property
    def kind(self) -> str:
        return self.type.rsplit("/", 1)[-1]


class PreconditionFailed(ProblemError):
    """412: the version sent in ``If-Match`` is stale; ``current_version`` is the live one."""

    status = 412

    @property
    def current_version(self) -> int | None:
        value = self.extra.get("current_version")
        return value if isinstance(value, int) else None


class PayloadTooLarge(ProblemError):
    status = 413


class ValidationFailed(ProblemError):
    """422: ``errors`` maps each refused field or query parameter to its messages."""

    status = 422


class RateLimited(ProblemError):
    """429, raised once the retries are spent; ``retry_after`` is the server's advice."""

    status = 429


class ServerError(ProblemError):
    """5xx other than 503."""

    status = 500


class Unavailable(ServerError):
    """503, raised once the retries are spent."""

    status = 503


_BY_STATUS: dict[int, type[ProblemError]] = {
    cls.status: cls
    for cls in (
        BadRequest,
        Unauthorized,
        Forbidden,
        NotFound,
        Conflict,
        PreconditionFailed,
        PayloadTooLarge,
        ValidationFailed,
        RateLimited,
        Unavailable,
    )
}


def problem_for(status: int, document: Mapping[str, Any], retry_after: float | None = None) -> ProblemError:
    """The exception for a refusal with ``status`` (``ServerError``/``ProblemError`` for
    statuses without a class of their own)."""
    cls = _BY_STATUS.get(status) or (ServerError if status >= 500 else ProblemError)
    return cls(status, document, retry_after)
