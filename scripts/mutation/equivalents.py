"""The mutants judged equivalent, and the change each one makes (scripts/mutation/equivalent.tsv).

An equivalent mutant can only survive, and it survives by running every test of its function
to the end: the costliest kind of mutant there is. docs/mutants.md explains why each one is
equivalent; equivalent.tsv repeats its id with the change it makes, in the report's words
(`old line  →  new line`). `make mutants` does not run a listed mutant again as long as
mutmut still makes that very change under that id; when an edit of the function renumbers
its mutants or changes that line, the mutant runs like any other, and the report names the
entry as out of date. `scripts/mutants.sh --list-equivalents` prints the entries for the
documented equivalents of the last run.
"""

from __future__ import annotations

from pathlib import Path

FILE = Path(__file__).resolve().parent / "equivalent.tsv"


def change_of(diff: str) -> str:
    """A mutant's change in one line, from mutmut's unified diff of its function."""
    body = diff.splitlines()[2:]  # the ---/+++ header
    removed = [line[1:].strip() for line in body if line.startswith("-")]
    added = [line[1:].strip() for line in body if line.startswith("+")]
    return f"{' '.join(removed)}  →  {' '.join(added) or '(removed)'}"


def load(path: Path = FILE) -> dict[str, str]:
    """Mutant id → the change it was judged equivalent for."""
    if not path.exists():
        return {}
    entries = {}
    for line in path.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, change = line.split("\t", 1)
            entries[name] = change
    return entries
