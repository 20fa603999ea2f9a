"""The Docker set-up, checked without a Docker engine by scripts/check-docker.sh: the
compose file and the Dockerfile parsed, and the image's start command run as an
unprivileged user in a copy of the app laid out as in the image, against the test
PostgreSQL (what it cannot check: scripts/docker_check.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHECK = [sys.executable, str(ROOT / "scripts" / "docker_check.py")]
# The set-up before the security review: the web container stopped at `migrate` with a
# PermissionError, the build baked a generated key, no health check, no Redis.
BEFORE_THE_REVIEW = "fd26a2e"
FILES = ["Dockerfile", "docker-compose.yml", ".dockerignore", "README.md"]


def static_check(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*CHECK, "--static-only", "--root", str(root)],
        capture_output=True,
        text=True,
        timeout=60,
    )


def repository_copy(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "scripts").mkdir(parents=True)
    for name in [*FILES, "requirements.txt"]:
        shutil.copy2(ROOT / name, root / name)
    shutil.copy2(ROOT / "scripts" / "docker-start.sh", root / "scripts" / "docker-start.sh")
    return root


@pytest.mark.django_db
def test_the_image_starts_as_an_unprivileged_user_migrates_loads_the_demo_and_serves():
    from django.db import connection

    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    result = subprocess.run(
        [str(ROOT / "scripts" / "check-docker.sh"), "--timeout", "170"],
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=200,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok: as nobody: migrate, setup_demo and gunicorn started" in result.stdout
    assert "check-docker: ok" in result.stdout


def test_the_files_as_they_are_pass_the_static_checks(tmp_path):
    result = static_check(repository_copy(tmp_path))

    assert result.returncode == 0, result.stdout + result.stderr


def test_the_set_up_before_the_review_fails_the_check(tmp_path):
    root = repository_copy(tmp_path)
    for name in ("Dockerfile", "docker-compose.yml"):
        old = subprocess.run(
            ["git", "show", f"{BEFORE_THE_REVIEW}:{name}"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        (root / name).write_text(old.stdout)

    result = static_check(root)

    assert result.returncode == 1
    assert "build step without its own DATA_DIR may write a key" in result.stdout
    assert "no HEALTHCHECK" in result.stdout


@pytest.mark.parametrize(
    ("file", "old", "new", "complaint"),
    [
        ("Dockerfile", "USER app\n", "", "runs as root"),
        (
            "Dockerfile",
            "ENV DATA_DIR=/data",
            "ENV SECRET_KEY=baked DATA_DIR=/data",
            "ENV SECRET_KEY bakes a key",
        ),
        (
            "docker-compose.yml",
            "SECRET_KEY: ${SECRET_KEY:?set SECRET_KEY in .env or the environment}",
            "SECRET_KEY: ${SECRET_KEY:-insecure}",
            "compose starts without SECRET_KEY",
        ),
        (
            "docker-compose.yml",
            "      REDIS_URL: redis://redis:6379/0\n",
            "",
            "3 workers without REDIS_URL",
        ),
        ("docker-compose.yml", "      - data:/data\n", "", "DATA_DIR (/data) is not a volume"),
        (
            "docker-compose.yml",
            "      LOAD_DEMO:",
            "      UNDOCUMENTED_SETTING: x\n      LOAD_DEMO:",
            "does not name: ['UNDOCUMENTED_SETTING']",
        ),
    ],
    ids=["root", "baked-key", "default-key", "no-redis", "no-data-volume", "undocumented"],
)
def test_each_finding_of_the_review_fails_the_check(tmp_path, file, old, new, complaint):
    root = repository_copy(tmp_path)
    text = (root / file).read_text()
    assert text.count(old) == 1
    (root / file).write_text(text.replace(old, new))

    result = static_check(root)

    assert result.returncode == 1
    assert complaint in result.stdout
