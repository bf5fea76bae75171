"""A PostgreSQL server of the test's own: ``initdb`` in a temporary directory, its own free
port, so a test may ``kill -9`` it (never the machine's shared server)."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine, text

from tests.support.redis_server import free_port


def binaries() -> Path | None:
    """The newest installed server's bin directory (Debian's layout), or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _as_postgres() -> dict[str, str]:
    # The server refuses to run as root: then it runs as the distribution's ``postgres`` user.
    if os.geteuid() != 0:
        return {}
    return {"user": "postgres", "group": "postgres"}


class PostgresServer:
    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="credence-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = self.root / "server.log"
        if _as_postgres():
            shutil.chown(self.root, "postgres", "postgres")
            self.root.chmod(0o755)

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def init(self) -> PostgresServer:
        subprocess.run(
            [str(self.bindir / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust"],
            check=True,
            capture_output=True,
            timeout=120,
            **_as_postgres(),  # type: ignore[arg-type]
        )
        return self

    def start(self) -> PostgresServer:
        with open(self.log, "ab") as out:
            # fsync and synchronous_commit as in production (both the default, said anyway):
            # what the crash test checks is that an acknowledged commit is on disk.
            self.proc = subprocess.Popen(
                [
                    str(self.bindir / "postgres"),
                    "-D", str(self.data),
                    "-p", str(self.port),
                    "-k", str(self.root),
                    "-c", "listen_addresses=127.0.0.1",
                    "-c", "fsync=on",
                    "-c", "synchronous_commit=on",
                    "-c", "max_connections=60",
                ],
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: killed whole, and only it
                **_as_postgres(),  # type: ignore[arg-type]
            )
        engine = create_engine(self.url)
        deadline = time.monotonic() + 60
        try:
            while True:
                assert self.proc.poll() is None, f"postgres exited: {self.log.read_text()[-2000:]}"
                try:
                    with engine.connect() as conn:
                        conn.execute(text("SELECT 1"))
                    return self
                except Exception:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.1)
        finally:
            engine.dispose()

    def crash(self) -> None:
        """``kill -9`` the postmaster, then whatever of its group is left (its backends):
        what a power cut leaves, short of losing the OS page cache."""
        assert self.proc is not None
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        time.sleep(0.2)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)
        shutil.rmtree(self.root, ignore_errors=True)
