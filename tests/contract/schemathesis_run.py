"""Schemathesis against the served OpenAPI document (``make test-contract``, run by CI).

A real ``credence serve`` (gunicorn and a worker) on a free port, a Redis server of its
own, the test database (``TEST_DATABASE_URL``, else a SQLite file), the scoring config
loaded and an admin key; then ``schemathesis run --checks all`` with a fixed seed and a
bounded number of examples per operation. Excluded: ``DELETE /v1/admin/keys/{key_id}``
only (it could revoke the run's own key). Settings that say which statuses a schema-valid
request may get are in ``schemathesis.toml`` beside this file, each with its reason.

Exits with schemathesis's status: 0 means no failure.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from sqlalchemy import create_engine, text

from tests.support.redis_server import RedisServer
from tests.support.served import serving

HERE = Path(__file__).resolve().parent
LOG = HERE.parents[1] / "var" / "contract" / "serve.log"
from tests.support.signing import SECRET  # noqa: E402


def fresh_database(url: str | None, tmp: Path) -> str:
    if not url:
        return f"sqlite:///{tmp / 'contract.db'}"
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


def credence(env: dict[str, str], *args: str) -> str:
    exe = os.path.join(os.path.dirname(sys.executable), "credence")
    done = subprocess.run([exe, *args], env=env, check=True, capture_output=True, text=True)
    return done.stdout.strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-examples", type=int, default=25)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--log", default=str(LOG), help=f"credence serve's output (default: {LOG})")
    parser.add_argument("extra", nargs="*", help="more schemathesis arguments")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="credence-contract-"))
    redis = RedisServer().start()
    try:
        env = os.environ | {
            "CREDENCE_DATABASE_URL": fresh_database(os.environ.get("TEST_DATABASE_URL"), tmp),
            "CREDENCE_REDIS_URL": redis.url,
            "CREDENCE_INGEST_SECRETS": SECRET,
            "CREDENCE_LOG_JSON": "false",
            "CREDENCE_LOG_LEVEL": "WARNING",
            "CREDENCE_VAR_DIR": str(tmp),
            # POST /v1/analyze waits this long for a worker before answering 202 (default
            # 10 s): schemathesis's response-time check allows 10 s in all, and a worker
            # still loading its language models on a busy machine can take longer.
            "CREDENCE_ANALYZE_WAIT_SECONDS": "5",
        }
        # Signs ingest deliveries (tests/contract/hooks.py); only schemathesis reads it.
        fuzz_env = env | {"SCHEMATHESIS_HOOKS": "tests.contract.hooks"}
        credence(env, "migrate")
        credence(env, "load-config")
        admin = credence(env, "keys", "create", "--role", "admin", "--name", "schemathesis")
        Path(args.log).parent.mkdir(parents=True, exist_ok=True)
        Path(args.log).unlink(missing_ok=True)
        with serving(env, log=args.log) as served:
            command = [
                os.path.join(os.path.dirname(sys.executable), "schemathesis"),
                "--config-file",
                str(HERE / "schemathesis.toml"),
                "run",
                f"{served.base}/openapi.json",
                "--checks",
                "all",
                "--seed",
                str(args.seed),
                "--max-examples",
                str(args.max_examples),
                "--phases",
                "examples,coverage,fuzzing",
                "--workers",
                "1",
                "--request-timeout",
                "20",
                "--exclude-name",
                "DELETE /v1/admin/keys/{key_id}",
                "-H",
                f"Authorization: Bearer {admin}",
                *args.extra,
            ]
            code = subprocess.run(command, env=fuzz_env, cwd=HERE.parents[1]).returncode
        if code:
            # What the server said about it: the tail of its log, errors first.
            lines = Path(args.log).read_text(errors="replace").splitlines()
            errors = [i for i, line in enumerate(lines) if "ERROR" in line or "Traceback" in line]
            start = errors[0] if errors else max(0, len(lines) - 40)
            print("\n".join(lines[start : start + 80]), file=sys.stderr)
        return code
    finally:
        redis.stop()


if __name__ == "__main__":
    sys.exit(main())
