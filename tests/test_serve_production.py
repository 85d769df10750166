"""scripts/serve-production.sh refuses what production must never have, before it starts anything:
a frozen clock (TTG_NOW, ttg.E001) or a missing SECRET_KEY, unless told it is a local trial."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "serve-production.sh"


def serve(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"TTG_NOW", "SECRET_KEY", "TTG_TRIAL"}}
    return subprocess.run(["bash", str(SCRIPT), *args], env={**clean, **env}, capture_output=True, text=True, timeout=60, check=False)  # noqa: S607


def test_a_frozen_clock_is_refused_unless_it_is_a_trial() -> None:
    refused = serve(TTG_NOW="2019-09-02T09:30:00+01:00", SECRET_KEY="k" * 50)
    assert refused.returncode == 1
    assert "TTG_NOW" in refused.stderr
    assert "ttg.E001" in refused.stderr
    assert "--trial" in refused.stderr


def test_a_missing_secret_key_is_refused_unless_it_is_a_trial() -> None:
    refused = serve()
    assert refused.returncode == 1
    assert "SECRET_KEY is not set" in refused.stderr


def test_unknown_arguments_are_refused() -> None:
    assert serve("--production-please").returncode == 2
