"""The review queue and a claim's wordings through the test client: candidate matches
listed side by side, merged (the merged claim's address shows the survivor and its Undo),
undone, rejected; decided twice is a 409 page; the queue by status; editor only."""

from __future__ import annotations

from typing import Any

from tests.desk.conftest import token
from tests.support.signing import post

KNOWN = "The 2019 budget cut school funding by 5 percent."
NEWER = "The 2019 budget cut school funding by 7 percent."


def _claim(client: Any, keys: Any, text: str, outlet: str) -> str:
    body = {"text": text, "appearances": [{"outlet": outlet, "url": f"https://{outlet}/budget"}]}
    answer = client.post("/v1/claims", json=body, headers=keys["editor"])
    assert answer.status_code == 201, answer.json
    return str(answer.json["id"])


def _pair(client: Any, keys: Any, run_jobs: Any) -> tuple[str, str, int]:
    known = _claim(client, keys, KNOWN, "paper-a.example.org")
    run_jobs()
    newer = _claim(client, keys, NEWER, "paper-b.example.org")
    run_jobs()
    (match,) = client.get("/v1/review/matches", headers=keys["editor"]).json["items"]
    return known, newer, int(match["id"])


def _post(client: Any, path: str) -> Any:
    return client.post(path, data={"csrf_token": token(client)})


def test_merge_from_the_queue_then_undo_from_the_claim_page(
    client: Any, keys: Any, run_jobs: Any, sign_in: Any
) -> None:
    known, newer, match = _pair(client, keys, run_jobs)
    editor = sign_in("editor")
    front = editor.get("/review").text
    assert front.index(KNOWN) < front.index(NEWER)  # the known claim on the left
    assert f'action="/review/matches/{match}/merge"' in front and "1 appearance" in front

    merged = _post(editor, f"/review/matches/{match}/merge")
    assert merged.status_code == 303 and merged.headers["Location"] == f"/claims/{newer}?merged=1"
    page = editor.get(merged.headers["Location"]).text
    assert "Merged. Claim " + newer in page and f'action="/claims/{newer}/unmerge"' in page
    survivor = editor.get(f"/claims/{known}").text
    assert f'id="wording-{newer}"' in survivor and NEWER in survivor and "paper-b.example.org" in survivor
    assert "No candidate matches waiting." in editor.get("/review").text
    assert NEWER in editor.get("/review/matches?status=merged").text
    assert _post(editor, f"/review/matches/{match}/merge").status_code == 409  # already decided

    undone = _post(editor, f"/claims/{newer}/unmerge")
    assert undone.status_code == 303 and undone.headers["Location"] == f"/claims/{newer}?unmerged=1"
    assert "The merge is undone" in editor.get(undone.headers["Location"]).text
    assert f'id="wording-{newer}"' not in editor.get(f"/claims/{known}").text
    assert _post(editor, f"/claims/{newer}/unmerge").status_code == 409  # not merged
    assert f'action="/review/matches/{match}/merge"' in editor.get("/review").text  # pending again
    assert client.get(f"/v1/claims/{newer}", headers=keys["reader"]).json["id"] == newer


def test_reject_leaves_the_queue_and_readers_are_refused(
    client: Any, keys: Any, run_jobs: Any, sign_in: Any
) -> None:
    _known, newer, match = _pair(client, keys, run_jobs)
    reader = sign_in("reader")
    assert reader.get("/review/matches").status_code == 403
    for path in (
        f"/review/matches/{match}/merge",
        f"/review/matches/{match}/reject",
        f"/claims/{newer}/unmerge",
    ):
        assert _post(reader, path).status_code == 403, path
    assert "Undo merge" not in reader.get(f"/claims/{newer}").text

    editor = sign_in("editor")
    rejected = _post(editor, f"/review/matches/{match}/reject")
    assert rejected.status_code == 303 and rejected.headers["Location"] == f"/review?rejected={match}"
    front = editor.get(rejected.headers["Location"]).text
    assert f"Match {match} rejected" in front and "No candidate matches waiting." in front
    assert NEWER in editor.get("/review/matches?status=rejected").text
    assert _post(editor, f"/review/matches/{match}/reject").status_code == 409
    assert _post(editor, "/review/matches/999/merge").status_code == 404
    assert editor.get("/review/matches?status=maybe").status_code == 422


def test_an_ambiguous_source_is_attached_as_an_alias_and_its_articles_read_again(
    app: Any, client: Any, keys: Any, run_jobs: Any, sign_in: Any
) -> None:
    for slug, alias in (("svr-x", "SVR"), ("kremlin-x", "Kremlin")):
        body = {"name": f"Outlet {alias}", "kind": "government", "aliases": [alias]}
        assert client.put(f"/v1/outlets/{slug}", json=body, headers=keys["editor"]).status_code == 201
    text = "The SVR and the Kremlin said that US forces trained militants at the al-Tanf base."
    body = {
        "type": "article.ingested",
        "article": {"url": "https://paper.example.org/1", "outlet": "paper.example.org", "text": text},
    }
    assert post(client, body).status_code == 202
    run_jobs()

    editor = sign_in("editor")
    page = editor.get("/review").text
    row = page[page.index('id="sources-h"') :]
    assert "The SVR and the Kremlin" in row and "Outlet SVR" in row and "Outlet Kremlin" in row
    form = {"source": "The SVR and the Kremlin", "outlet": "svr-x", "csrf_token": token(editor)}
    attached = editor.post("/review/sources/attach", data=form)
    assert attached.status_code == 303
    notice = editor.get(attached.headers["Location"])
    assert notice.status_code == 200 and "is now an alias of" in notice.text
    assert "1 article will be read again" in notice.text
    aliases = client.get("/v1/outlets/svr-x", headers=keys["reader"]).json["aliases"]
    assert aliases == ["SVR", "The SVR and the Kremlin"]
    run_jobs()
    (article,) = client.get("/v1/articles", headers=keys["reader"]).json["items"]
    (found,) = article["extracted_claims"]
    assert found["resolution"] == "resolved" and found["origin"] == "svr-x"
    assert "Every extracted source was placed." in editor.get("/review").text
    # The same name for another outlet: the API's 409, as a page.
    again = editor.post("/review/sources/attach", data=form | {"outlet": "kremlin-x"})
    assert again.status_code == 409
    reader = sign_in("reader")
    refused = reader.post("/review/sources/attach", data=form | {"csrf_token": token(reader)})
    assert refused.status_code == 403


def test_wordings_follow_merges_of_merges_and_list_each_appearance_once(
    client: Any, keys: Any, sign_in: Any
) -> None:
    a, b, c = (
        _claim(client, keys, f"The dam at site {n} was breached.", f"paper-{n}.example.org") for n in "abc"
    )
    assert client.post(f"/v1/claims/{c}/merge", json={"into": b}, headers=keys["editor"]).status_code == 200
    assert client.post(f"/v1/claims/{b}/merge", json={"into": a}, headers=keys["editor"]).status_code == 200
    page = sign_in("reader").get(f"/claims/{a}").text
    wordings = page[page.index('id="wordings-h"') : page.index('id="history"')]
    assert f'id="wording-{b}"' in wordings and f'id="wording-{c}"' in wordings
    # Each outlet named once: C's appearance under C only, not again under B.
    assert wordings.count(">paper-c.example.org</a>") == 1 and wordings.count(">paper-b.example.org</a>") == 1
