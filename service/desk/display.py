"""How values read on a page: labels in words, times in UTC, criteria by name. Jinja's
autoescaping does the escaping; nothing here marks text safe."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint

from workers.scoring import CORROBORATION_LABELS, RELIABILITY_LABELS

# What a label means, for the badge's tooltip and the legend (DESIGN.md's thresholds).
LABEL_TONE = {
    "corroborated": "good",
    "partially_corroborated": "fair",
    "weakly_corroborated": "weak",
    "uncorroborated": "none",
    "disputed": "warn",
    "refuted": "bad",
    "high": "good",
    "generally_reliable": "fair",
    "mixed": "warn",
    "low": "bad",
    "unrated": "none",
}
CRITERIA_NAMES = {
    "no_false_content": "Does not repeatedly publish false content",
    "responsible_gathering": "Gathers and presents information responsibly",
    "corrects_errors": "Regularly corrects or clarifies errors",
    "separates_news_opinion": "Handles the difference between news and opinion responsibly",
    "no_deceptive_headlines": "Avoids deceptive headlines",
    "discloses_ownership": "Discloses ownership and financing",
    "labels_advertising": "Clearly labels advertising",
    "reveals_management": "Reveals who is in charge, including possible conflicts of interest",
    "names_content_creators": "Provides the names of content creators",
}


def words(value: Any) -> str:
    """``partially_corroborated`` → ``partially corroborated``."""
    return str(value).replace("_", " ") if value is not None else ""


def tone(label: Any) -> str:
    return LABEL_TONE.get(str(label), "none")


def when(value: Any) -> str:
    """An RFC 3339 string or a datetime as ``2026-11-22 10:00 UTC``."""
    if value is None or value == "":
        return "—"
    moment = (
        value if isinstance(value, datetime) else datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    )
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def criterion(name: Any) -> str:
    return CRITERIA_NAMES.get(str(name), words(name).capitalize())


def number(value: Any, digits: int = 2) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.{digits}f}".rstrip("0").rstrip(".") if value % 1 else f"{value:.0f}"
    return str(value)


def http_only(url: Any) -> str:
    """A link target only if it is http(s): stored URLs were validated on the way in,
    but a page must not turn a ``javascript:`` string into a live link whatever happened."""
    text = str(url or "")
    return text if urlsplit(text).scheme.lower() in ("http", "https") else "#"


def register(bp: Blueprint) -> None:
    filters = (
        ("words", words),
        ("tone", tone),
        ("when", when),
        ("criterion", criterion),
        ("http_only", http_only),
    )
    for name, fn in filters:
        bp.add_app_template_filter(fn, name)
    bp.add_app_template_filter(number, "number")
    bp.app_context_processor(
        lambda: {"CORROBORATION_LABELS": CORROBORATION_LABELS, "RELIABILITY_LABELS": RELIABILITY_LABELS}
    )
