"""The review queue and a claim's wordings through the test client: candidate matches
listed side by side, merged (the merged claim's address shows the survivor and its Undo),
undone, rejected; decided twice is a 409 page; the queue by status; editor only."""

from __future__ import annotations

from typing import Any

from tests.desk.conftest import token

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

