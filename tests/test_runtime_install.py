"""The runtime install (``pip install .``, what ``make run`` installs) holds what the
service runs and no package that only the benchmarks or the tests use.

The closure is computed from the installed distributions' own metadata: ``credence``'s
requirements without extras, then each requirement's requirements (with the extras it
names), markers evaluated for this interpreter. It is what pip would install for
``pip install .`` here, so the check needs no network and no throwaway virtualenv, and it
runs in the dev virtualenv where the extras are installed beside the runtime.
"""

from __future__ import annotations

import importlib.metadata as md

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

# Packages that only the bench or dev extras bring in. crowd-kit drags pandas and pyarrow;
# the dev tools have no business on a server. scikit-learn is *not* here: it is a runtime
# requirement of sentence-transformers (claim matching), whatever crowd-kit also wants.
NOT_AT_RUNTIME = {
    "crowd-kit",
    "pandas",
    "pyarrow",
    "pytest",
    "hypothesis",
    "ruff",
    "mypy",
    "schemathesis",
    "playwright",
    "openapi-spec-validator",
    "import-linter",
}

# What the service itself names, so that a runtime dependency dropped by mistake fails too.
MUST_BE_AT_RUNTIME = {"flask", "gunicorn", "sqlalchemy", "rq", "spacy", "sentence-transformers", "torch"}


def _requirements(dist: str, extras: frozenset[str]) -> list[Requirement]:
    wanted = []
    for line in md.requires(dist) or []:
        req = Requirement(line)
        envs = [{"extra": e} for e in extras] or [{"extra": ""}]
        if req.marker is None or any(req.marker.evaluate(env) for env in envs):
            wanted.append(req)
    return wanted


def runtime_closure(root: str = "credence") -> set[str]:
    seen: set[str] = set()
    todo: list[tuple[str, frozenset[str]]] = [(root, frozenset())]
    done: set[tuple[str, frozenset[str]]] = set()
    while todo:
        name, extras = todo.pop()
        if (name, extras) in done:
            continue
        done.add((name, extras))
        seen.add(name)
        for req in _requirements(name, extras):
            child = canonicalize_name(req.name)
            try:
                md.distribution(child)
            except md.PackageNotFoundError:
                # A requirement that applies here but is not installed: the runtime install
                # itself is broken, and the test says which one.
                raise AssertionError(f"{name} requires {req}, which is not installed") from None
            todo.append((child, frozenset(req.extras)))
    return seen


def test_runtime_install_holds_no_bench_or_dev_package() -> None:
    closure = runtime_closure()
    assert closure >= MUST_BE_AT_RUNTIME, MUST_BE_AT_RUNTIME - closure
    assert not closure & NOT_AT_RUNTIME, sorted(closure & NOT_AT_RUNTIME)


def test_the_extras_are_where_those_packages_come_from() -> None:
    # Guards the list above against going stale: the extras still name the packages it was
    # written for, so the check above is not vacuous.
    named = {
        canonicalize_name(r.name) for e in ("bench", "dev") for r in _requirements("credence", frozenset({e}))
    }
    assert named >= {"crowd-kit", "pytest", "playwright", "schemathesis"}
