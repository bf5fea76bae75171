"""Number parsing shared by the Population and Weather normalisers."""

from __future__ import annotations

import math
import re

_MISSING = {"", "na", "n/a", "--", "-", "null", "none", "unknown", "not available"}
# "12-Nov", "11-Dec": a spreadsheet turned a reading such as "11-12" into a date. The
# original number cannot be recovered (day-month or month-day? range or negative?), so
# such values are treated as missing rather than guessed.
_DATE_MANGLED = re.compile(
    r"^\d{1,2}-(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)$|"
    r"^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)-\d{1,2}$",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[-+]?\.\d+")


def parse_number(raw: str) -> float | None:
    """The first number in ``raw`` (thousands separators allowed), or None.

    >>> parse_number("1,234,567"), parse_number("48.0"), parse_number("N/A")
    (1234567.0, 48.0, None)
    """
    text = raw.strip()
    if text.lower() in _MISSING or _DATE_MANGLED.match(text):
        return None
    m = _NUMBER.search(text)
    if m is None:
        return None
    value = float(m.group(0).replace(",", ""))
    return value if math.isfinite(value) else None


def format_number(value: float, decimals: int) -> str:
    """Canonical text of a number rounded to ``decimals`` places ("48", "30.06")."""
    rounded = round(value, decimals)
    if decimals <= 0:
        return str(int(rounded))
    text = f"{rounded:.{decimals}f}".rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text
