"""A bounded load for the fault suite, run as its own (niced) process: signed ingest
deliveries, claim writes and keyed reads at fixed rates for a fixed time, one JSON line
per request (when it was sent, what, the status or the error, and for an acknowledged
write what it wrote) so the suite can check every acknowledged write afterwards.

    python -m tests.faults.load --base URL --secret whsec_… --editor KEY --reader KEY \
        --seconds 20 --out requests.jsonl --tag run1
"""

from __future__ import annotations

import argparse
import json
import threading
import time
import zlib
from collections.abc import Callable
from typing import Any

import requests

from tests.support.signing import signed

SHARED = "Fault-suite shared claim: the dam released water at night."
PUBLISHERS = ("reuters", "bbc", "afp")
LANES = 3


def delivery(tag: str, n: int) -> dict[str, Any]:
    return {
        "type": "article.ingested",
        "article": {
            "url": f"https://faults{n % 5}.example.com/{tag}/{n}",
            "outlet": f"faults{n % 5}.example.com",
            "title": f"Story {n}",
            "published_at": "2026-11-01T10:00:00Z",
            "text": "Body.",
            "claims": [
                {"text": SHARED, "stance": "supports", "origin": {"name": "Ministry", "kind": "government"}},
                {"text": f"Fault-suite claim {tag}-{n}.", "stance": "supports"},
            ],
        },
    }


def claim(tag: str, n: int) -> dict[str, Any]:
    # Each written claim must stay its own claim: the matcher merges one wording of a
    # claim into another ("... redis-9." and "... credence-9." are the same sentence to it),
    # and numbers that differ are what keeps two alike sentences apart.
    serial = zlib.crc32(f"{tag}-{n}".encode())
    return {
        "text": f"Fault-suite written claim {tag}-{n}, serial {serial}.",
        "appearances": [
            {"outlet": PUBLISHERS[n % 3], "url": f"https://{PUBLISHERS[n % 3]}.example/{tag}/{n}"},
            {"outlet": f"paper{n % 4}.example.org", "url": f"https://paper{n % 4}.example.org/{tag}/{n}"},
        ],
    }


class Recorder:
    def __init__(self, path: str) -> None:
        self._out = open(path, "a", buffering=1)  # noqa: SIM115 - closed by close()
        self._lock = threading.Lock()

    def write(self, record: dict[str, Any]) -> None:
        with self._lock:
            self._out.write(json.dumps(record) + "\n")

    def close(self) -> None:
        self._out.close()


def _paced(rate: float, seconds: float, send: Callable[[int], None]) -> None:
    """Call ``send(n)`` ``rate`` times a second for ``seconds``, on schedule (a slow answer
    does not slow the schedule: calls that fall behind go at once)."""
    start = time.monotonic()
    n = 0
    while (due := start + n / rate) < start + seconds:
        delay = due - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        send(n)
        n += 1


def run(args: argparse.Namespace) -> None:
    rec = Recorder(args.out)
    timeout = args.timeout

    def sender(
        kind: str, rate: float, one: Callable[[requests.Session, int], tuple[requests.Response, Any]]
    ) -> None:
        """``LANES`` threads, each on its own session, share ``rate``: a slow answer holds
        one lane, not the whole kind."""
        lanes = [threading.Thread(target=lane, args=(kind, rate, one, i)) for i in range(LANES)]
        for t in lanes:
            t.start()
        for t in lanes:
            t.join()

    def lane(
        kind: str, rate: float, one: Callable[[requests.Session, int], tuple[requests.Response, Any]], i: int
    ) -> None:
        session = requests.Session()

        def send(m: int) -> None:
            n = m * LANES + i
            sent = time.time()
            record: dict[str, Any] = {"kind": kind, "n": n, "t": sent}
            try:
                resp, written = one(session, n)
                record["status"] = resp.status_code
                if 200 <= resp.status_code < 300 and written is not None:
                    record["id"] = written(resp)
            except requests.RequestException as exc:
                record["status"] = None
                record["error"] = type(exc).__name__
            record["ms"] = round((time.time() - sent) * 1000, 1)
            rec.write(record)

        _paced(rate / LANES, args.seconds, send)

    def ingest(session: requests.Session, n: int) -> tuple[requests.Response, Any]:
        data, headers = signed(delivery(args.tag, n), secret=args.secret)
        resp = session.post(f"{args.base}/v1/webhooks/ingest", data=data, headers=headers, timeout=timeout)
        return resp, lambda r: r.json()["article"]

    def write_claim(session: requests.Session, n: int) -> tuple[requests.Response, Any]:
        headers = {"Authorization": f"Bearer {args.editor}"}
        resp = session.post(
            f"{args.base}/v1/claims", json=claim(args.tag, n), headers=headers, timeout=timeout
        )
        return resp, lambda r: r.json()["id"]

    def read(session: requests.Session, n: int) -> tuple[requests.Response, Any]:
        headers = {"Authorization": f"Bearer {args.reader}"}
        path = ("/v1/outlets/reuters", "/v1/outlets/reuters/score", "/v1/lookup?url=https://www.bbc.co.uk/x")[
            n % 3
        ]
        return session.get(f"{args.base}{path}", headers=headers, timeout=timeout), None

    def ready(session: requests.Session, n: int) -> tuple[requests.Response, Any]:
        return session.get(f"{args.base}/readyz", timeout=timeout), None

    threads = [
        threading.Thread(target=sender, args=("ingest", args.ingest_rate, ingest)),
        threading.Thread(target=sender, args=("claim", args.claim_rate, write_claim)),
        threading.Thread(target=sender, args=("read", args.read_rate, read)),
        threading.Thread(target=sender, args=("readyz", 2.0, ready)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    rec.close()


def main() -> None:
    parser = argparse.ArgumentParser(description="bounded load for the fault suite")
    parser.add_argument("--base", required=True)
    parser.add_argument("--secret", required=True)
    parser.add_argument("--editor", required=True)
    parser.add_argument("--reader", required=True)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--ingest-rate", type=float, default=15)
    parser.add_argument("--claim-rate", type=float, default=3)
    parser.add_argument("--read-rate", type=float, default=5)
    parser.add_argument("--timeout", type=float, default=15)
    parser.add_argument("--tag", required=True)
    parser.add_argument("--out", required=True)
    run(parser.parse_args())


if __name__ == "__main__":
    main()
