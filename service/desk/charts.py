"""Charts for the outlet page, drawn on the server as SVG: the score with its credible
interval, the criteria breakdown, the track record and the score history.

Each chart has a text title for screen readers and sits beside a table with the same
numbers. Names are escaped; colours come from classes in the desk's stylesheet.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from markupsafe import Markup, escape

from service.desk.display import criterion, words

OUTCOMES = ("true", "mostly_true", "mixed", "mostly_false", "false")
NO_CRITERIA = '<p class="empty">No rated criteria: the prior is the default for its kind.</p>'


def _svg(width: int, height: int, title: str, body: str, css: str) -> Markup:
    # Built from numbers and escaped text only, so it is marked safe as a whole.
    return Markup(  # noqa: S704
        f'<svg class="chart {css}" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img"><title>{escape(title)}</title>{body}</svg>'
    )


def interval(score: int, low: float, high: float) -> Markup:
    """The score on a 0-100 scale with the 90 % credible interval as a band."""
    w, left, right = 520, 10, 510
    span = right - left

    def x(v: float) -> float:
        return left + span * max(0.0, min(100.0, v)) / 100

    ticks = "".join(
        f'<line class="tick" x1="{x(t)}" y1="30" x2="{x(t)}" y2="44"/>'
        f'<text class="axis" x="{x(t)}" y="58" text-anchor="middle">{t}</text>'
        for t in (0, 25, 50, 75, 100)
    )
    lo, hi = round(low * 100), round(high * 100)
    body = (
        f'<rect class="track" x="{left}" y="34" width="{span}" height="6" rx="3"/>'
        f'<rect class="band" x="{x(lo)}" y="26" width="{max(2.0, x(hi) - x(lo))}" height="22" rx="4"/>'
        f'<circle class="point" cx="{x(score)}" cy="37" r="7"/>'
        f'<text class="value" x="{x(score)}" y="16" text-anchor="middle">{score}</text>{ticks}'
    )
    return _svg(w, 64, f"Score {score} of 100; 90% credible interval {lo} to {hi}", body, "interval")


def criteria(items: Sequence[Mapping[str, Any]]) -> Markup:
    """One bar per rated criterion: its rating (0 to 1); the weight says how much it counts."""
    if not items:
        return Markup(
            '<p class="empty">No rated criteria: the prior is the default for the outlet\'s kind.</p>'
        )
    row, label_w, bar_w = 30, 440, 260
    parts = []
    for i, item in enumerate(items):
        y = i * row
        rating = float(item.get("rating") or 0)
        name = escape(criterion(item.get("criterion")))
        parts.append(
            f'<text class="label" x="0" y="{y + 19}">{name}</text>'
            f'<rect class="track" x="{label_w}" y="{y + 8}" width="{bar_w}" height="14" rx="3"/>'
            f'<rect class="bar" x="{label_w}" y="{y + 8}" width="{bar_w * rating:.1f}" height="14" rx="3"/>'
            f'<text class="value" x="{label_w + bar_w + 8}" y="{y + 19}">'
            f"{rating:.2f} · weight {escape(str(item.get('weight')))}</text>"
        )
    return _svg(label_w + bar_w + 130, row * len(items) + 4, "Criteria ratings", "".join(parts), "criteria")


def track_record(items: Sequence[Mapping[str, Any]]) -> Markup:
    """Verdicts on claims the outlet vouched for, by rating: bar length is the summed
    weight (recent verdicts weigh more), the count is written beside it."""
    if not items:
        return Markup('<p class="empty">No fact-check verdicts on claims this outlet vouched for.</p>')
    weight = {k: 0.0 for k in OUTCOMES}
    count = {k: 0 for k in OUTCOMES}
    for item in items:
        rating = str(item.get("rating"))
        if rating in weight:
            weight[rating] += float(item.get("weight") or 0)
            count[rating] += 1
    top = max(weight.values()) or 1.0
    row, label_w, bar_w = 28, 110, 300
    parts = []
    for i, rating in enumerate(OUTCOMES):
        y = i * row
        parts.append(
            f'<text class="label" x="0" y="{y + 18}">{escape(words(rating))}</text>'
            f'<rect class="bar rating-{rating}" x="{label_w}" y="{y + 6}" '
            f'width="{bar_w * weight[rating] / top:.1f}" height="16" rx="3"/>'
            f'<text class="value" x="{label_w + bar_w + 8}" y="{y + 18}">'
            f"{count[rating]} verdict{'' if count[rating] == 1 else 's'}, weight {weight[rating]:.2f}</text>"
        )
    return _svg(
        label_w + bar_w + 190, row * len(OUTCOMES), "Track record by verdict rating", "".join(parts), "track"
    )


def history(points: Sequence[tuple[datetime, int, str]]) -> Markup:
    """Score over time (oldest to newest), with the label thresholds as guide lines."""
    if not points:
        return Markup('<p class="empty">No score history yet.</p>')
    w, h, left, top, bottom = 640, 220, 36, 10, 190
    plot_w = w - left - 10
    t0 = points[0][0].timestamp()
    t1 = points[-1][0].timestamp()
    spread = (t1 - t0) or 1.0

    def x(moment: datetime, i: int) -> float:
        if t1 == t0:
            return left + plot_w * (i + 1) / (len(points) + 1)
        return left + plot_w * (moment.timestamp() - t0) / spread

    def y(score: float) -> float:
        return bottom - (bottom - top) * score / 100

    guides = "".join(
        f'<line class="guide" x1="{left}" y1="{y(v)}" x2="{w - 10}" y2="{y(v)}"/>'
        f'<text class="axis" x="{left - 6}" y="{y(v) + 4}" text-anchor="end">{v}</text>'
        for v in (0, 40, 60, 75, 100)
    )
    xy = [(x(m, i), y(s)) for i, (m, s, _) in enumerate(points)]
    line = " ".join(f"{px:.1f},{py:.1f}" for px, py in xy)
    dots = "".join(
        f'<circle class="point" cx="{px:.1f}" cy="{py:.1f}" r="4">'
        f"<title>{escape(m.strftime('%Y-%m-%d %H:%M'))}: {s} ({escape(words(lbl))})</title></circle>"
        for (px, py), (m, s, lbl) in zip(xy, points, strict=True)
    )
    dates = (
        f'<text class="axis" x="{left}" y="{h - 6}">{escape(points[0][0].strftime("%Y-%m-%d"))}</text>'
        f'<text class="axis" x="{w - 10}" y="{h - 6}" text-anchor="end">'
        f"{escape(points[-1][0].strftime('%Y-%m-%d'))}</text>"
    )
    body = guides + f'<polyline class="line" points="{line}"/>' + dots + dates
    title = f"Score history: {len(points)} changes, from {points[0][1]} to {points[-1][1]}"
    return _svg(w, h, title, body, "history")
