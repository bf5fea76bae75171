"""Requests sent at once, for races: every thread waits at a barrier, then posts."""

from __future__ import annotations

import threading

import requests


def fire_together(url: str, sent: list[tuple[bytes, dict[str, str]]]) -> list[requests.Response]:
    """POST each (body, headers) from its own thread, all released together; the answers
    in the order they came."""
    barrier = threading.Barrier(len(sent))
    out: list[requests.Response] = []
    lock = threading.Lock()

    def one(data: bytes, headers: dict[str, str]) -> None:
        barrier.wait()
        resp = requests.post(url, data=data, headers=headers, timeout=60)
        with lock:
            out.append(resp)

    threads = [threading.Thread(target=one, args=s) for s in sent]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out
