"""Text preparation: paragraphs with exact offsets, site furniture dropped, language."""

from __future__ import annotations

import time

from workers.extraction import detect_language, prepare

ARTICLE = (
    "World\n"
    "Politics Economy Science Culture Sports Health Travel Opinion Video Podcasts\n\n"
    "Harbour authority denies plan to close the old port\n\n"
    "The harbour authority said on Friday that the old port would stay open until 2030.\n"
    "Fishermen who use the port say repairs have been postponed three times.\n\n"
    "Share this article\n\n"
    "Related posts\n\n"
    "One Reply to \u201cHarbour authority denies plan to close the old port\u201d\n\n"
    "Leave a Reply\n"
)


def _check_offsets(text: str, prepared: object) -> None:
    for p in prepared.paragraphs:  # type: ignore[attr-defined]
        assert text[p.start : p.start + len(p.text)] == p.text


def test_offsets_point_into_the_text_as_received() -> None:
    prepared = prepare(ARTICLE)
    _check_offsets(ARTICLE, prepared)
    head = prepared.headline
    assert head is not None and ARTICLE[head.start : head.start + len(head.text)] == head.text


def test_headline_apart_furniture_dropped() -> None:
    prepared = prepare(ARTICLE)
    assert prepared.headline is not None
    assert prepared.headline.text == "Harbour authority denies plan to close the old port"
    body = " ".join(p.text for p in prepared.paragraphs)
    assert "Politics Economy" not in body and "World" not in body
    assert "Share this" not in body and "Leave a Reply" not in body and "One Reply" not in body
    assert "stay open until 2030" in body and "postponed three times" in body


def test_title_given_by_the_caller_is_found() -> None:
    prepared = prepare(ARTICLE, title="Harbour authority denies plan to close the old port")
    assert prepared.headline is not None and prepared.headline.text.startswith("Harbour authority")


def test_appeal_block_at_the_end_is_dropped() -> None:
    story = "\n\n".join(f"The council said on day {i} that the road would reopen soon." for i in range(6))
    appeal = (
        "\n\nSupport us and go ad-free\n\nWe need your help to keep our reporting going. "
        "Every story we publish is for you, and our work depends on your support. "
        "Please join us with a monthly donation.\n\nWe are grateful for every one of our readers.\n"
    )
    prepared = prepare("Road to reopen\n\n" + story + appeal)
    body = " ".join(p.text for p in prepared.paragraphs)
    assert "road would reopen" in body and "donation" not in body and "grateful" not in body


def test_html_offsets_and_soup() -> None:
    html = (
        "<html><head><title>T</title><script>var x = 'said that'</script></head><body>"
        "<nav>Home | World</nav><h1>Port stays open</h1>"
        "<p>The <b>harbour authority</b> said &amp; confirmed that the port stays open."
        "<div><p>Unclosed <i>italic and a stray </span> tag"
        "<footer>Subscribe to our newsletter</footer></body>"
    )
    prepared = prepare(html, html=True)
    assert prepared.headline is not None and prepared.headline.text == "Port stays open"
    texts = [p.text for p in prepared.paragraphs]
    assert any("harbour authority said & confirmed" in t for t in texts)
    assert not any("said that'" in t or "Subscribe" in t or "Home" in t for t in texts)
    for p in prepared.paragraphs:
        for i, ch in enumerate(p.text):
            if ch not in " &":
                assert html[p.to_source(i)] == ch


def test_non_english_is_reported_not_parsed() -> None:
    french = (
        "Le ministère a déclaré mardi que le barrage était solide et ne présentait aucun risque pour les "
        "villages situés en aval, selon un communiqué publié dans la soirée."
    )
    prepared = prepare(french)
    assert prepared.language == "fr" and prepared.skipped_reason and not prepared.paragraphs
    assert detect_language("Министерство заявило во вторник, что плотина в безопасности.")[0] == "ru"
    assert detect_language("The ministry said on Tuesday that the dam was safe for the villages.")[0] == "en"


def test_empty_text() -> None:
    for text in ("", "   \n\n  "):
        prepared = prepare(text)
        assert prepared.skipped_reason == "empty text" and not prepared.paragraphs


def test_two_megabytes_is_cut_at_the_limit_quickly() -> None:
    para = "The harbour authority said that the old port would stay open until 2030 at least.\n\n"
    text = para * (2_000_000 // len(para) + 1)
    started = time.process_time()
    prepared = prepare(text)
    assert prepared.truncated_at is not None and prepared.truncated_at <= 200_000
    assert prepared.paragraphs[-1].start + len(prepared.paragraphs[-1].text) <= prepared.truncated_at
    assert time.process_time() - started < 10
