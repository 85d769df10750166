"""The house's arrows point down (docs/architecture.md): the import-linter contracts in pyproject.toml
hold for the code as it is, and each one fails when an import breaks it; no function hides an import of
the service's own code to dodge a cycle; the repository reads nothing from beside it."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(root / "pyproject.toml"), "--no-cache"],
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_contracts_hold() -> None:
    done = lint_imports(ROOT)
    assert done.returncode == 0, done.stdout[-4000:]
    assert "BROKEN" not in done.stdout and done.stdout.count("KEPT") == 4


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The service's code without its tests, to break on purpose."""
    root = tmp_path_factory.mktemp("house")
    shutil.copytree(ROOT / "ttg", root / "ttg", ignore=shutil.ignore_patterns("tests", "migrations", "jinja2", "__pycache__", "data"))
    shutil.copy(ROOT / "pyproject.toml", root)
    return root


BREAKS = [
    # (what, file to add a line to, the line, the contract's words that must say it is broken)
    ("core imports an app", "ttg/core/clock.py", "from ttg.people import models", "Apps import only the layers below"),
    ("a lower app imports a higher one", "ttg/people/importer.py", "from ttg.screening import models", "Apps import only the layers below"),
    ("two apps import each other", "ttg/payments/models.py", "from ttg.referrals import models", "Apps import only the layers below"),
    (
        "apps on one layer import each other",
        "ttg/plans/plan/services.py",
        "from ttg.payments import services",
        "Apps import only the layers below",
    ),
    ("the catalogue imports the plan", "ttg/plans/catalogue/selectors.py", "from ttg.plans.plan import models", "Plans: through the gate"),
    ("the gate imports the handover", "ttg/plans/gate/services.py", "from ttg.plans.handover import services", "Plans: through the gate"),
    ("a rules.py imports Django", "ttg/supply_chain/rules.py", "from django.db import models", "Rules and reference data are plain Python"),
    (
        "a rules.py imports Django through another module",
        "ttg/referrals/rules.py",
        "from ttg.referrals import models",
        "Rules and reference data",
    ),
    ("two modules of an app import each other", "ttg/estate/models.py", "from ttg.estate import selectors", "No import cycles"),
]


@pytest.mark.parametrize(("what", "path", "line", "contract"), BREAKS, ids=[b[0] for b in BREAKS])
def test_each_contract_fails_when_broken(copy: Path, what: str, path: str, line: str, contract: str) -> None:
    target = copy / path
    original = target.read_text(encoding="utf-8")
    target.write_text(f"{original}\n{line}  # noqa\n", encoding="utf-8")
    try:
        done = lint_imports(copy)
    finally:
        target.write_text(original, encoding="utf-8")
    assert done.returncode != 0, f"{what}: not caught"
    broken = done.stdout.split("Broken contracts", 1)[-1]
    assert contract in broken, done.stdout[-3000:]


# --- imports hidden in functions ---------------------------------------------------------------------


def hidden_imports(source: str) -> list[str]:
    """Imports of the service's own modules inside a function body: a cycle dodged, not removed."""
    found = []
    for fn in ast.walk(ast.parse(source)):
        if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for node in ast.walk(fn):
                if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").split(".")[0] == "ttg"):
                    found.append(f"line {node.lineno}: {'.' * node.level}{node.module or ''}")
                elif isinstance(node, ast.Import):
                    found += [f"line {node.lineno}: {a.name}" for a in node.names if a.name.split(".")[0] == "ttg"]
    return found


def test_the_check_finds_a_hidden_import() -> None:
    assert hidden_imports("def f():\n    from ttg.people import models\n") == ["line 2: ttg.people"]
    assert hidden_imports("def f():\n    from . import selectors\n") == ["line 2: ."]
    assert hidden_imports("from ttg.core import access\n\ndef f():\n    import json\n") == []


def test_no_function_hides_an_import_of_our_code() -> None:
    """Except AppConfig.ready(), which registers an app's parts once its models are loaded."""
    found = {}
    for path in sorted((ROOT / "ttg").rglob("*.py")):
        if {"tests", "migrations"} & set(path.parts) or path.name == "apps.py":
            continue
        if hidden := hidden_imports(path.read_text(encoding="utf-8")):
            found[str(path.relative_to(ROOT))] = hidden
    assert not found, found


# --- a self-contained repository ---------------------------------------------------------------------


def test_the_service_reads_its_reference_data_from_the_repository() -> None:
    from django.conf import settings

    from ttg.estate.reference import PRISONS_CSV
    from ttg.people.generator import SAMPLE_FEED
    from ttg.plans.catalogue.loader import CATALOGUE_DIR

    for path in (PRISONS_CSV, SAMPLE_FEED, CATALOGUE_DIR):
        assert path.exists() and ROOT in path.resolve().parents, path
    assert not hasattr(settings, "SHARED_DIR")
    outside = [p for p in (ROOT / "ttg").rglob("*.py") if "../shared" in p.read_text(encoding="utf-8")]
    assert not outside, outside
