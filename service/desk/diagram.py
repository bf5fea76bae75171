"""The claim's explanation as a picture: publishers → origins → independent units.

Drawn on the server as SVG from the stored corroboration (the engine's units, each with
its member appearances and why they were grouped), so the page needs no script and the
picture is exactly what was scored. Every name is escaped; styles come from classes in
the desk's stylesheet (the CSP allows no inline style). The table under the picture says
the same in words, for screen readers and for claims too large to draw whole.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

ROW = 46
NODE_H = 36
COL_W = 230
GAP = 120
MAX_ROWS = 24  # a column longer than this is cut, and the table lists everything


@dataclass
class Node:
    key: str
    title: str
    sub: str
    css: str
    link: str | None = None
    y: float = 0.0


@dataclass
class Column:
    nodes: dict[str, Node] = field(default_factory=dict)
    hidden: int = 0

    def add(self, node: Node) -> None:
        if node.key in self.nodes:
            return
        if len(self.nodes) >= MAX_ROWS:
            self.hidden += 1
            return
        self.nodes[node.key] = node


def _short(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def unit_title(key: str) -> str:
    kind, _, name = key.partition(":")
    return {"network": f"network {name}", "group": f"copy group {name}"}.get(kind, name)


def build(
    body: Mapping[str, Any], outlets: Mapping[str, Mapping[str, Any]], outlet_url: Any
) -> tuple[Column, Column, Column, list[tuple[str, str, str]]]:
    """The three columns and the edges (from key, to key, css) of a claim body."""
    apps = {a["id"]: a for a in body.get("appearances") or []}
    verdicts = {v["id"]: v for v in body.get("verdicts") or []}
    units: Sequence[Mapping[str, Any]] = (body.get("corroboration") or {}).get("units") or []

    def name(outlet_id: str) -> str:
        return str(outlets.get(outlet_id, {}).get("name") or outlet_id)

    pubs, origins, groups = Column(), Column(), Column()
    edges: list[tuple[str, str, str]] = []
    for unit in units:
        ukey = f"u:{unit['key']}:{unit['stance']}"
        groups.add(
            Node(
                ukey,
                unit_title(unit["key"]),
                f"{unit['stance']} · strength {unit['strength']}",
                f"unit {unit['stance']}",
            )
        )
        for app_id in unit.get("appearances") or []:
            app = apps.get(app_id)
            if app is None:
                continue
            origin = app.get("origin") or app["outlet"]
            first_hand = not app.get("origin")
            okey, pkey = f"o:{origin}", f"p:{app['outlet']}"
            info = outlets.get(origin, {})
            sub = (
                "first-hand"
                if first_hand
                else (f"network {info['network']}" if info.get("network") else "origin")
            )
            origins.add(Node(okey, name(origin), sub, "origin", outlet_url(origin)))
            pubs.add(Node(pkey, name(app["outlet"]), "publisher", "publisher", outlet_url(app["outlet"])))
            style = "hedged" if app.get("hedged") else "plain"
            edges.append((pkey, okey, style))
            edges.append((okey, ukey, "plain"))
        for verdict_id in unit.get("verdicts") or []:
            verdict = verdicts.get(verdict_id)
            if verdict is None:
                continue
            okey = f"o:{verdict['reviewer']}"
            origins.add(
                Node(
                    okey,
                    name(verdict["reviewer"]),
                    f"verdict: {verdict['rating']}",
                    "origin verdict",
                    outlet_url(verdict["reviewer"]),
                )
            )
            edges.append((okey, ukey, "plain"))
        for other in unit.get("via") or []:
            okey = f"c:{other}"
            origins.add(Node(okey, "competing answer", _short(str(other), 24), "origin competitor"))
            edges.append((okey, ukey, "plain"))
    return pubs, origins, groups, edges


def _node(node: Node, x: float) -> str:
    label = escape(_short(node.title))
    sub = escape(_short(node.sub, 34))
    inner = (
        f'<rect x="{x}" y="{node.y}" width="{COL_W}" height="{NODE_H}" rx="6"/>'
        f'<text x="{x + 10}" y="{node.y + 15}" class="name">{label}</text>'
        f'<text x="{x + 10}" y="{node.y + 29}" class="sub">{sub}</text>'
        f"<title>{escape(node.title)} — {escape(node.sub)}</title>"
    )
    if node.link:
        return f'<a href="{escape(node.link)}" class="node {escape(node.css)}">{inner}</a>'
    return f'<g class="node {escape(node.css)}">{inner}</g>'


def render(body: Mapping[str, Any], outlets: Mapping[str, Mapping[str, Any]], outlet_url: Any) -> Markup:
    pubs, origins, groups, edges = build(body, outlets, outlet_url)
    if not groups.nodes:
        return Markup('<p class="empty">No evidence units yet: the claim has no scored appearances.</p>')
    columns = [
        (pubs, 0.0, "Publishers"),
        (origins, COL_W + GAP, "Origins"),
        (groups, 2 * (COL_W + GAP), "Units"),
    ]
    rows = max(len(c.nodes) + (1 if c.hidden else 0) for c, _, _ in columns)
    height = 28 + rows * ROW
    width = 3 * COL_W + 2 * GAP
    for col, _, _ in columns:
        # Centre shorter columns against the tallest one.
        top = 28 + (rows - len(col.nodes)) * ROW / 2
        for i, node in enumerate(col.nodes.values()):
            node.y = top + i * ROW
    where = {k: (x, n.y) for col, x, _ in columns for k, n in col.nodes.items()}
    parts = [f'<text x="{x}" y="14" class="colhead">{h}</text>' for _, x, h in columns]
    for src, dst, style in dict.fromkeys(edges):
        if src not in where or dst not in where:
            continue
        (x1, y1), (x2, y2) = where[src], where[dst]
        x1, y1, y2 = x1 + COL_W, y1 + NODE_H / 2, y2 + NODE_H / 2
        mid = (x1 + x2) / 2
        parts.append(f'<path class="edge {style}" d="M{x1},{y1} C{mid},{y1} {mid},{y2} {x2},{y2}"/>')
    for col, x, _ in columns:
        parts.extend(_node(n, x) for n in col.nodes.values())
        if col.hidden:
            y = 28 + len(col.nodes) * ROW + 14
            parts.append(
                f'<text x="{x + 10}" y="{y}" class="sub">and {col.hidden} more (see the table)</text>'
            )
    corr = body.get("corroboration") or {}
    summary = (
        f"{corr.get('appearances', 0)} appearances from {corr.get('publishers', 0)} publishers, "
        f"grouped into {corr.get('independent_units', 0)} independent supporting units"
    )
    # Built from numbers and escaped text only (see _node), so it is marked safe as a whole.
    return Markup(  # noqa: S704
        f'<svg class="diagram" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-labelledby="diagram-title"><title id="diagram-title">{escape(summary)}</title>'
        + "".join(parts)
        + "</svg>"
    )
