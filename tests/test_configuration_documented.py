"""README "Configuration" names every environment variable the settings read: each
`env_str("X")`, `env_int`, `env_bool`, `env_list`, `env_rate` and `os.environ` read in
participatie/ (settings.py, env.py and whatever else reads the environment there)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
READS = re.compile(
    r"""(?:env_(?:str|int|bool|list|rate)\(\s*|os\.environ(?:\.get)?[\(\[]\s*|os\.getenv\(\s*)"""
    r"""["']([A-Z][A-Z0-9_]*)["']"""
)
# Set by the code for Django itself, not configuration.
NOT_CONFIGURATION = {"DJANGO_SETTINGS_MODULE"}


def variables_read() -> dict[str, str]:
    found = {}
    for path in sorted((ROOT / "participatie").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for name in READS.findall(path.read_text()):
            found.setdefault(name, str(path.relative_to(ROOT)))
    return {k: v for k, v in found.items() if k not in NOT_CONFIGURATION}


def documented() -> set[str]:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    table = [line for line in section.splitlines() if line.startswith("| `")]
    return {
        name for line in table for name in re.findall(r"`([A-Z][A-Z0-9_]*)`", line.split(" | ")[0])
    }


def test_the_settings_read_what_this_test_looks_for():
    read = variables_read()
    # The reads of every kind are found (not an empty answer).
    for name in ("SECRET_KEY", "DEBUG", "EMAIL_PORT", "ALLOWED_HOSTS", "VOTING_CODE_RATE"):
        assert name in read
    assert {"DATABASE_URL", "PGHOST", "PGPORT", "PGUSER", "PGDATABASE"} <= set(read)  # env.py
    assert {"CACHE_DIR", "DATA_DIR", "AREA_FILES"} <= set(read)


def test_every_variable_the_settings_read_is_in_the_readme_table():
    missing = {name: where for name, where in variables_read().items() if name not in documented()}

    assert missing == {}, f"add these to README 'Configuration': {missing}"
