"""Shared test helpers: matter files built in tmp_path from a small valid base."""

from __future__ import annotations

import atexit
import copy
import os
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]

# Compiled templates go to a cache folder of the test run's own, not the user's.
if "DRAFTER_CACHE_DIR" not in os.environ:
    _CACHE = tempfile.mkdtemp(prefix="drafter-test-cache-")
    os.environ["DRAFTER_CACHE_DIR"] = _CACHE
    atexit.register(shutil.rmtree, _CACHE, True)

BASE = {
    "format": 1,
    "id": "T-1",
    "client": {"name": "Test Client"},
    "case": {"district": "S.D. Fla.", "stage": "charged"},
    "government": {"office": "United States Attorney's Office for the Southern District of Florida",
                   "prosecutor": {"name": "Pat Prosecutor"}},
    "charges": [{"statute": "21 U.S.C. § 846", "mandatory_minimum_months": 120}],
    "criminal_history": {"prior_sentences": []},
    "offense": {"violence_or_threats": False, "weapon": False, "death_or_serious_injury": False,
                "aggravating_role": False, "continuing_criminal_enterprise": False},
    "cooperation": {"status": "considering"},
}


def deep_update(base: dict, changes: dict) -> dict:
    out = copy.deepcopy(base)
    for k, v in changes.items():
        if v is DELETE:
            out.pop(k, None)
        elif isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = deep_update(out[k], v)
        else:
            out[k] = v
    return out


class _Delete:
    pass


DELETE = _Delete()


@pytest.fixture
def make_matter(tmp_path):
    """Write a matter file from BASE plus changes; returns its path."""
    counter = {"n": 0}

    def make(changes: dict | None = None, text: str | None = None, name: str | None = None) -> Path:
        counter["n"] += 1
        path = tmp_path / (name or f"matter{counter['n']}.yaml")
        if text is None:
            text = yaml.safe_dump(deep_update(BASE, changes or {}), sort_keys=False, allow_unicode=True)
        path.write_text(text, encoding="utf-8")
        return path

    return make


@pytest.fixture
def firm(tmp_path):
    """A workspace whose attorney is the author of the tracked changes."""
    (tmp_path / "drafter.yaml").write_text(
        "firm:\n  name: Test Defense LLP\nattorney:\n  name: Alex Counsel\n", encoding="utf-8")
    return tmp_path


def matter_variant(base: Path, tmp_path: Path, change) -> Path:
    """A copy of the matter file ``base`` with ``change(data)`` applied, written as tmp_path/matter.yaml."""
    data = yaml.safe_load(base.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "matter.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
