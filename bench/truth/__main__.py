"""``python -m bench.truth DATASET ...``: the same command as ``credence bench-truth``."""

from __future__ import annotations

from bench.truth.cli import bench_truth

if __name__ == "__main__":
    bench_truth(prog_name="python -m bench.truth")
