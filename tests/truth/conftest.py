"""Fixtures of the truth-discovery core's tests."""

from __future__ import annotations

import pytest

from tests.support.truth_worlds import Triple, copier_world


@pytest.fixture
def copier_data() -> tuple[list[Triple], dict[str, str]]:
    return copier_world()
