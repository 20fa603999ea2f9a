"""A test run leaves no temporary folders behind: not when its tests pass, not when they
fail, and a run that was killed has its folders removed by the next run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PASSING_AND_FAILING = """
from django.core.cache import cache


def test_it_writes_to_the_cache():
    cache.set("written", 1)
    assert cache.get("written") == 1


def test_it_fails():
    assert 1 == 2
"""


def pytest_run(tmp_path: Path, tests: str) -> tuple[subprocess.CompletedProcess, Path]:
    """A test session of its own in a subprocess, with the project's test set-up
    (tests/conftest.py as a plugin) and its own TMPDIR to look into afterwards."""
    temp = tmp_path / "tmp"
    temp.mkdir(exist_ok=True)
    test_file = tmp_path / "test_sample.py"
    test_file.write_text(tests)
    env = {**os.environ, "TMPDIR": str(temp)}
    env.pop("PYTEST_ADDOPTS", None)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "tests.conftest", "-q", "-p", "no:cacheprovider"]
        + ["--rootdir", str(ROOT), "-c", str(ROOT / "pyproject.toml"), str(test_file)]
        + ["--basetemp", str(tmp_path / "basetemp")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result, temp


def test_a_run_with_a_failing_test_leaves_no_temporary_folder(tmp_path):
    result, temp = pytest_run(tmp_path, PASSING_AND_FAILING)

    assert "1 failed, 1 passed" in result.stdout, result.stdout + result.stderr
    assert list(temp.iterdir()) == []


def test_the_next_run_removes_the_folder_of_a_killed_run(tmp_path):
    temp = tmp_path / "tmp"
    temp.mkdir()
    # A run that was killed: its process is gone (a pid above the kernel's maximum).
    pid_max = int(Path("/proc/sys/kernel/pid_max").read_text())
    killed = temp / f"participatie-test-run-{pid_max + 1}-abcd1234"
    (killed / "cache").mkdir(parents=True)
    (killed / "cache" / "entry.djcache").write_bytes(b"x")
    # A run still going on (this process) keeps its folder.
    alive = temp / f"participatie-test-run-{os.getpid()}-efgh5678"
    alive.mkdir()

    result, _ = pytest_run(tmp_path, "def test_nothing():\n    pass\n")

    assert "1 passed" in result.stdout, result.stdout + result.stderr
    assert sorted(p.name for p in temp.iterdir()) == [alive.name]
