"""Loading and scoring for the extraction bench: gold sets, offset matching, metrics.

See `bench/extract_bench.py` for what the figures mean.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.extract_synthetic import ARTICLES
from workers.extraction import ExtractedClaim, alias_key

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "extraction" / "gold" / "seeds.jsonl"
SEEDS_DIRS = (ROOT.parent / "shared" / "seeds", Path("/work/shared/seeds"))
SCORED_KINDS = ("attributed", "publisher", "known")
MIN_OVERLAP = 0.5


@dataclass
class Article:
    name: str
    text: str
    claims: list[dict[str, Any]]
    html: bool = False
    known: list[str] = field(default_factory=list)
    language: str = "en"


def _pattern(snippet: str) -> re.Pattern[str]:
    return re.compile(r"\s+".join(re.escape(p) for p in snippet.split()))


def locate(text: str, start_words: str, end_words: str) -> tuple[int, int]:
    m = _pattern(start_words).search(text)
    if m is None:
        raise ValueError(f"not in text: {start_words!r}")
    m2 = _pattern(end_words).search(text, m.start())
    if m2 is None:
        raise ValueError(f"not in text after {start_words!r}: {end_words!r}")
    return m.start(), m2.end()


def seeds_dir() -> Path:
    for d in SEEDS_DIRS:
        if d.is_dir():
            return d
    raise SystemExit("shared/seeds not found beside the repository")


def load_seeds() -> list[Article]:
    out = []
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        text = (seeds_dir() / row["seed"]).read_text(encoding="utf-8")
        out.append(Article(row["seed"], text, row["claims"]))
    return out


def load_synthetic(articles: list[dict[str, Any]] = ARTICLES) -> list[Article]:
    out = []
    for a in articles:
        claims = []
        for c in a["claims"]:
            s, e = locate(a["text"], c["start_words"], c["end_words"])
            claims.append({**c, "start": s, "end": e, "quote": a["text"][s:e]})
        out.append(
            Article(
                a["name"],
                a["text"],
                claims,
                a.get("html", False),
                a.get("known", []),
                a.get("language", "en"),
            )
        )
    return out


def timing_articles(articles: list[Article]) -> list[Article]:
    """Three ~1,000-word plain articles made of the synthetic stories, for the per-size cost
    (short stories mostly measure the fixed cost of a call)."""
    parts = [a.text.split("\n", 1)[1] for a in articles if not a.html and a.language == "en" and a.claims]
    out = []
    for k in range(3):
        body: list[str] = []
        i = k
        while sum(len(p.split()) for p in body) < 1000:
            body.append(parts[i % len(parts)])
            i += 2
        out.append(Article(f"synthetic-long-{k}", "Combined report\n\n" + "\n".join(body), []))
    return out


def overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    shorter = min(a[1] - a[0], b[1] - b[0])
    return inter / shorter if inter > 0 and shorter > 0 else 0.0


def source_ok(gold: dict[str, Any], got: ExtractedClaim) -> bool:
    if gold.get("origin"):
        return got.origin == gold["origin"]
    if gold.get("source") is None:
        return got.source is None and got.origin is None
    if got.source is None:
        return False
    have = alias_key(got.source)
    for want in [gold["source"], *gold.get("source_alts", [])]:
        key = alias_key(want)
        if key and (have == key or f" {key} " in f" {have} "):
            return True
    return False


def score(articles: list[Article], results: dict[str, Any]) -> dict[str, Any]:
    tp = fp = ignored = found = total = 0
    src_ok = hedged_ok = stance_ok = matched = 0
    misses: list[str] = []
    false_hits: list[str] = []
    wrong_source: list[str] = []
    wrong_flags: list[str] = []
    for art in articles:
        claims: list[ExtractedClaim] = list(results[art.name].claims)
        scored = [g for g in art.claims if g["kind"] in SCORED_KINDS]
        opinions = [g for g in art.claims if g["kind"] == "opinion"]
        for c in claims:
            span = (c.start, c.end)
            if any(overlap(span, (g["start"], g["end"])) >= MIN_OVERLAP for g in scored):
                tp += 1
            elif any(overlap(span, (g["start"], g["end"])) >= MIN_OVERLAP for g in opinions):
                ignored += 1
            else:
                fp += 1
                false_hits.append(f"{art.name}: [{c.pattern}] {c.quote[:90]!r} src={c.source!r}")
        for g in scored:
            total += 1
            span = (g["start"], g["end"])
            cands = [(overlap(span, (c.start, c.end)), c) for c in claims]
            cands = [(o, c) for o, c in cands if o >= MIN_OVERLAP]
            if not cands:
                misses.append(f"{art.name}: {g['quote'][:100]!r} src={g['source']!r}")
                continue
            found += 1
            best = max(cands, key=lambda oc: (round(oc[0], 2), source_ok(g, oc[1])))[1]
            matched += 1
            if source_ok(g, best):
                src_ok += 1
            else:
                wrong_source.append(
                    f"{art.name}: want {g['source']!r}/{g.get('origin')} got "
                    f"{best.source!r}/{best.origin} in {g['quote'][:60]!r}"
                )
            hedged_ok += best.hedged == g["hedged"]
            stance_ok += best.stance == g["stance"]
            if best.hedged != g["hedged"] or best.stance != g["stance"]:
                wrong_flags.append(
                    f"{art.name}: want hedged={g['hedged']} {g['stance']} got "
                    f"hedged={best.hedged} {best.stance} [{best.pattern}] in {g['quote'][:60]!r}"
                )
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = found / total if total else 1.0
    return {
        "gold_claims": total,
        "extracted": tp + fp + ignored,
        "true_positive": tp,
        "false_positive": fp,
        "ignored_opinion": ignored,
        "found": found,
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "source_accuracy": round(src_ok / matched, 3) if matched else None,
        "hedged_accuracy": round(hedged_ok / matched, 3) if matched else None,
        "stance_accuracy": round(stance_ok / matched, 3) if matched else None,
        "misses": misses,
        "false_hits": false_hits,
        "wrong_source": wrong_source,
        "wrong_flags": wrong_flags,
    }


def words_of(art: Article) -> int:
    text = re.sub(r"<[^>]+>", " ", art.text) if art.html else art.text
    return len(text.split())
