"""The import contracts (pyproject.toml) hold, and a wrong arrow is caught.

The check runs lint-imports on a copy of the source tree, so a planted import never
touches the working tree."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["api", "maps", "participatie", "frontend", "bench"]


@pytest.fixture
def source_copy(tmp_path):
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package,
            tmp_path / package,
            ignore=shutil.ignore_patterns("node_modules", "static", "templates", "*.pyc"),
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def lint_imports(where: Path) -> subprocess.CompletedProcess:
    command = Path(sys.executable).with_name("lint-imports")
    return subprocess.run(
        [str(command), "--no-cache"],
        cwd=where,
        env={"PYTHONPATH": str(where), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_contracts_hold_on_the_source_tree(source_copy):
    result = lint_imports(source_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken." in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        # maps importing a domain: the arrow runs the wrong way.
        ("maps/_planted.py", "from participatie.pins import models\n", "maps knows geography"),
        # a domain importing the API.
        ("participatie/pins/_planted.py", "import api.views\n", "Layers"),
        # a foundation domain importing a domain above it.
        ("participatie/accounts/_planted.py", "import participatie.pins.selectors\n", "Layers"),
        # the REST framework in a domain.
        ("participatie/pins/_planted.py", "import rest_framework.exceptions\n", "REST framework"),
    ],
)
def test_a_wrong_import_breaks_a_contract(source_copy, module, line, contract):
    (source_copy / module).write_text(line)
    result = lint_imports(source_copy)
    assert result.returncode != 0
    broken = [row for row in result.stdout.splitlines() if " BROKEN" in row]
    assert any(contract in row for row in broken), result.stdout
