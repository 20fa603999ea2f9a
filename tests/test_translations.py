"""The Dutch translation is complete: every message translated, nothing left fuzzy, in the
server's catalog (django.po) and in the page scripts' (djangojs.po)."""

import ast
import re
import shutil
import subprocess
from pathlib import Path

import pytest

CATALOGUES = Path(__file__).resolve().parents[1] / "locale" / "nl" / "LC_MESSAGES"
PO_FILES = [CATALOGUES / "django.po", CATALOGUES / "djangojs.po"]
KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (".*")$')
PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[sdif]|\{\w*\}")


def parse_po(text: str) -> list[dict]:
    """Entries of a .po file: flags, msgid, msgstr(s). A new entry starts at a blank line, or
    at a comment or msgid after a msgstr (makemessages may drop the blank line after the
    header)."""
    entries: list[dict] = []
    entry: dict | None = None
    field = None
    for line in text.splitlines():
        starts_entry = line.startswith(("#", "msgctxt ", "msgid "))
        if (
            not line.strip()
            or entry is None
            or (starts_entry and field and field.startswith("msgstr"))
        ):
            if entry is not None:
                entries.append(entry)
            entry, field = None, None
            if not line.strip():
                continue
            entry = {"flags": set(), "obsolete": False}
        if line.startswith("#~"):
            entry["obsolete"] = True
        elif line.startswith("#,"):
            entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif match := KEYWORD.match(line):
            field = match.group(1)
            entry.setdefault(field, "")
            entry[field] += ast.literal_eval(match.group(2))
        elif line.startswith('"') and field:
            entry[field] += ast.literal_eval(line)
    if entry is not None:
        entries.append(entry)
    for entry in entries:
        entry["msgstrs"] = [v for k, v in entry.items() if k == "msgstr" or k.startswith("msgstr[")]
    return entries


@pytest.fixture(params=PO_FILES, ids=lambda path: path.name)
def po_file(request) -> Path:
    return request.param


def messages(po_file: Path):
    return [
        e
        for e in parse_po(po_file.read_text(encoding="utf-8"))
        if e.get("msgid") and not e["obsolete"]
    ]


def test_the_dutch_catalogue_exists_and_has_messages(po_file):
    assert len(messages(po_file)) > 40


def test_the_dutch_header_is_not_fuzzy_and_declares_utf8(po_file):
    header = next(e for e in parse_po(po_file.read_text(encoding="utf-8")) if e.get("msgid") == "")
    assert "fuzzy" not in header["flags"], "a fuzzy header is skipped by msgfmt"
    assert "charset=UTF-8" in header["msgstr"]
    assert "Language: nl" in header["msgstr"]


def test_every_dutch_message_has_a_translation(po_file):
    missing = [e["msgid"] for e in messages(po_file) if not all(e["msgstrs"])]
    assert not missing, f"untranslated in {po_file.name}: {missing}"


def test_no_dutch_message_is_fuzzy(po_file):
    fuzzy = [e["msgid"] for e in messages(po_file) if "fuzzy" in e["flags"]]
    assert not fuzzy, f"fuzzy (guessed, not used) in {po_file.name}: {fuzzy}"


def test_dutch_messages_keep_the_placeholders_of_the_english_ones(po_file):
    def placeholders(text):
        return sorted(PLACEHOLDER.findall(text))

    wrong = []
    for entry in messages(po_file):
        # Plural forms may use the placeholders of either the singular or the plural.
        allowed = {tuple(placeholders(entry["msgid"]))}
        if "msgid_plural" in entry:
            allowed.add(tuple(placeholders(entry["msgid_plural"])))
        if any(s and tuple(placeholders(s)) not in allowed for s in entry["msgstrs"]):
            wrong.append(entry["msgid"])
    assert not wrong, f"placeholders differ in {po_file.name}: {wrong}"


def test_msgfmt_accepts_the_dutch_catalogue(po_file):
    # The set-up installs gettext (compilemessages needs it too): missing msgfmt is a failure.
    assert shutil.which("msgfmt"), "gettext's msgfmt is not installed"
    result = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(po_file)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
