"""The article page: the extracted claims marked in the text (plain and HTML), each
listed with its source and resolved outlet, or why nothing was extracted; and the pure
cutting of a text into marked pieces behind it."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from service.desk.highlight import Piece, paragraphs
from service.models import Article
from tests.support.signing import post

SAID = "The SVR said that US forces trained militants at the al-Tanf base.\n\nNothing else happened today."


def _ingest(client: Any, run_jobs: Any, n: int, text: str, **extra: Any) -> str:
    body = {
        "type": "article.ingested",
        "article": {"url": f"https://paper.example.org/{n}", "outlet": "paper.example.org", "text": text}
        | extra,
    }
    assert post(client, body).status_code == 202
    run_jobs()
    return f"https://paper.example.org/{n}"


def _page(app: Any, sign_in: Any, url: str) -> str:
    with app.extensions["credence"].sessions() as session:
        article_id = session.execute(select(Article.id).where(Article.url == url)).scalar_one()
    answer = sign_in("reader").get(f"/articles/{article_id}")
    assert answer.status_code == 200
    return str(answer.text)


def test_extracted_claims_are_marked_in_the_text(app: Any, client: Any, run_jobs: Any, sign_in: Any) -> None:
    page = _page(app, sign_in, _ingest(client, run_jobs, 1, SAID))
    marks = re.findall(r'<mark class="extracted" id="q1">([^<]*)</mark>', page)
    assert marks and "trained militants" in marks[0]
    row = page[page.index('id="x1"') :].split("</tr>")[0]
    assert "SVR" in row and "/claims/" in row  # the source as written, and the claim it became
    assert "<p>Nothing else happened today.</p>" in page


def test_html_articles_are_marked_without_their_markup(
    app: Any, client: Any, run_jobs: Any, sign_in: Any
) -> None:
    text = (
        "<article><p>The SVR <b>said</b> that US forces trained militants at al-Tanf.</p>"
        "<script>x()</script></article>"
    )
    page = _page(app, sign_in, _ingest(client, run_jobs, 2, text, text_format="html"))
    body = page[page.index('class="article-text"') :]
    assert '<mark class="extracted" id="q1">' in body and "x()" not in body and "<b>" not in body


def test_the_page_says_why_nothing_was_extracted(app: Any, client: Any, run_jobs: Any, sign_in: Any) -> None:
    german = (
        "Die Regierung hat am Dienstag erklärt, dass der Bericht falsch ist, und die Vorwürfe "
        "wurden zurückgewiesen."
    )
    page = _page(app, sign_in, _ingest(client, run_jobs, 3, german))
    assert re.search(r'id="extracted-none">Nothing was extracted: not English', page)
    page = _page(app, sign_in, _ingest(client, run_jobs, 4, ""))
    assert 'id="extracted-none">Nothing was extracted' in page


def _shown(paras: list[list[Piece]]) -> list[list[tuple[str, int | None]]]:
    return [[(p.text, p.mark) for p in para] for para in paras]


def test_plain_text_is_cut_at_the_offsets_and_split_at_blank_lines() -> None:
    text = "  One said two.\n\nThree said four.  "
    start = text.index("two")
    got = paragraphs(text, None, [(start, start + 3, 1), (text.index("four"), text.index("four") + 4, 2)])
    assert _shown(got) == [
        [("One said ", None), ("two", 1), (".", None)],
        [("Three said ", None), ("four", 2), (".", None)],
    ]
    assert got[0][1].first and got[0][1].last


def test_html_pieces_drop_tags_keep_offsets_and_decode_entities_per_piece() -> None:
    text = "<p>A &amp; B <i>said</i> it</p><script>no()</script><div>C</div>"
    start = text.index("B")
    got = paragraphs(text, "html", [(start, text.index(" it"), 1)])
    assert _shown(got) == [
        [("A & ", None), ("B ", 1), ("said", 1), (" it", None)],
        [("C", None)],
    ]
    assert got[0][1].first and not got[0][1].last and got[0][2].last


def test_an_overlapping_or_empty_span_is_left_unmarked() -> None:
    got = paragraphs("abcdef", None, [(0, 4, 1), (2, 6, 2), (5, 5, 3)])
    assert _shown(got) == [[("abcd", 1), ("ef", None)]]
