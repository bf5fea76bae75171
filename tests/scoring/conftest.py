from __future__ import annotations

import sys
from pathlib import Path

# `.venv/bin/pytest` does not put the repository root on sys.path and the project is
# not installed in the venv, so make `workers.scoring` and the local helpers
# importable however pytest is launched.
_HERE = Path(__file__).resolve().parent
for _p in (_HERE.parents[1], _HERE):
    if str(_p) not in sys.path:
        sys.path.insert(0, str(_p))
