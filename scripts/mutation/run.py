"""`make mutants`: mutation testing of the rule modules with mutmut, in a copy of the tree.

1. Copy the working tree (or, with --rev, a commit) to .local/mutants/tree: mutmut writes
   its mutants there, so the checkout is never changed, not even when a run is interrupted.
2. Make a template database with the schema and the reference data; every pytest session
   of the run clones it (see conftest.py beside this file).
3. Let mutmut mutate the modules of modules.toml. It runs the test pool once to record
   which tests call each function, then runs, for every mutant, only those tests, stopping
   at the first failure (-x), as many mutants at a time as there are cores.
4. Print the kill rate per module and overall, and every surviving mutant as file:line and
   the mutation. Survivors that docs/mutants.md explains as equivalent are counted apart.

Usage: scripts/mutants.sh [--rev REV] [--workers N] [--report-only] [MUTANT_GLOB ...]
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import equivalents  # beside this file
import psycopg

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
WORK = ROOT / ".local" / "mutants"
TREE = WORK / "tree"
REPORT = WORK / "report.txt"
RESULTS = WORK / "results.json"
WARM_CALLS = WORK / "warm-calls.txt"
EQUIVALENTS_DOC = ROOT / "docs" / "mutants.md"
BIN = Path(sys.executable).parent

# mutmut's exit codes per mutant, grouped the way the report counts them.
KILLED = {1, 3}
TIMEOUT = {36, -24, 24, 152, 255}
SURVIVED = {0}
NO_TESTS = {5, 33}
SKIPPED = {34, 37}


@dataclass
class Module:
    path: str
    counts: dict[str, int] = field(default_factory=dict)
    survivors: list[tuple[str, int]] = field(default_factory=list)


def main() -> int:
    signal.signal(signal.SIGINT, _interrupted)
    signal.signal(signal.SIGTERM, _interrupted)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rev", help="test this commit instead of the working tree")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--report-only", action="store_true", help="print the last report")
    parser.add_argument(
        "--again",
        action="store_true",
        help="test again only what the last run did not kill or reach (after adding tests)",
    )
    parser.add_argument(
        "--list-equivalents",
        action="store_true",
        help="print equivalent.tsv lines for the documented equivalents that survived last",
    )
    parser.add_argument("mutants", nargs="*", help="only these mutants (globs, e.g. maps.*)")
    args = parser.parse_args()

    if args.report_only:
        return report(modules_in(TREE), elapsed=None)
    if args.list_equivalents:
        return list_equivalents(modules_in(TREE))

    started = time.monotonic()
    previous = last_results() if args.again else {}
    if args.again:
        # Survivors, mutants no test reached, and those an interrupted run left untested.
        args.mutants = sorted(
            name
            for name, (code, _) in previous.items()
            if code is None or code in SURVIVED | NO_TESTS
        )
        if not args.mutants:
            print("The last run left no mutant alive.")
            return report(modules_in(TREE), elapsed=None)
    snapshot(args.rev)
    modules = modules_in(TREE)
    configure(modules)
    database = os.environ["DATABASE_URL"]
    template = "test_" + psycopg.conninfo.conninfo_to_dict(database)["dbname"] + "_mt"
    try:
        make_template(database, template)
        code = run_mutmut(template, collect_static(), args.workers, args.mutants)
    finally:
        drop_databases(database, template)
    if code:
        print(f"mutmut stopped with exit code {code}; see the output above.", file=sys.stderr)
        _explain_red_pool()
        return code
    if args.again:
        keep_last_results(previous, retested=set(args.mutants))
    RESULTS.write_text(json.dumps(last_results_in_copy()))
    return report(modules, elapsed=time.monotonic() - started)


def _explain_red_pool() -> None:
    """mutmut needs a green pool; name the tests that failed without a mutant."""
    log = WORK / "sessions.log"
    lines = log.read_text().splitlines() if log.exists() else []
    for line in lines:
        mutant, _, _, _, *failed = line.split("\t") + [""]
        if mutant in ("stats", "") and failed[0]:
            print(f"Tests that fail without any mutant: {failed[0]}", file=sys.stderr)
    reasons = WORK / "red-pool.txt"
    if reasons.exists():
        print(f"Why (also in {reasons.relative_to(ROOT)}):", file=sys.stderr)
        print(reasons.read_text()[-6000:], file=sys.stderr)


def last_results() -> dict[str, tuple[int | None, str | None]]:
    """Every mutant of the last run that finished: its exit code and the hash of its
    function (kept apart from the copy, which a failed run replaces)."""
    if RESULTS.exists():
        return {name: tuple(value) for name, value in json.loads(RESULTS.read_text()).items()}
    results = last_results_in_copy()
    if not results:
        sys.exit("--again: there is no last run in .local/mutants; run `make mutants` first.")
    return results


def last_results_in_copy() -> dict[str, tuple[int | None, str | None]]:
    results = {}
    for meta in (TREE / "mutants").rglob("*.py.meta"):
        data = json.loads(meta.read_text())
        hashes = data.get("hash_by_function_name", {})
        for name, code in data["exit_code_by_key"].items():
            results[name] = (code, hashes.get(_function(name)))
    return results


def keep_last_results(previous: dict, retested: set[str]) -> None:
    """After `--again`: a mutant that was not tested again keeps the last run's result, if
    its function has not changed since (otherwise it stays unchecked, and the report
    says so)."""
    for meta in (TREE / "mutants").rglob("*.py.meta"):
        data = json.loads(meta.read_text())
        hashes = data.get("hash_by_function_name", {})
        for name in data["exit_code_by_key"]:
            code, digest = previous.get(name, (None, None))
            unchanged = digest is not None and digest == hashes.get(_function(name))
            if name not in retested and unchanged:
                data["exit_code_by_key"][name] = code
        meta.write_text(json.dumps(data, indent=4))


def _function(mutant: str) -> str:
    """`maps.tiles.grid.x_tile_of__mutmut_3` → `x_tile_of` (mutmut's key of a function)."""
    return mutant.rsplit(".", 1)[1].split("__mutmut_")[0]


# --- the copy ---------------------------------------------------------------------------


def snapshot(rev: str | None) -> None:
    """A fresh copy of the sources in TREE: the working tree as it is (tracked and new,
    not ignored files), or the commit `rev`. The translations are compiled in the copy; the
    front-end bundle (build output, ignored by git) is copied from the checkout."""
    if TREE.exists():
        shutil.rmtree(TREE)
    TREE.mkdir(parents=True)
    if rev:
        archive = subprocess.run(  # noqa: S603
            ["git", "archive", rev],  # noqa: S607
            cwd=ROOT,
            check=True,
            capture_output=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(TREE)], input=archive, check=True)  # noqa: S603, S607
    else:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],  # noqa: S607
            cwd=ROOT,
            check=True,
            capture_output=True,
        ).stdout.decode()
        for name in filter(None, listed.split("\0")):
            source = ROOT / name
            if source.is_file():  # files deleted in the working tree are still listed
                target = TREE / name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target)
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "compilemessages", "--ignore=node_modules", "-v", "0"],
        cwd=TREE,
        check=True,
    )
    dist = Path("frontend/static/dist")
    if (ROOT / dist).is_dir():
        shutil.copytree(ROOT / dist, TREE / dist, dirs_exist_ok=True)
    shutil.copy2(HERE / "conftest.py", TREE / "conftest.py")


def _config() -> dict:
    return tomllib.loads((HERE / "modules.toml").read_text())


def modules_in(tree: Path) -> list[str]:
    """The module files of modules.toml that exist in `tree` (every place a moving one
    has; every .py file of a folder)."""
    config = _config()
    found = []
    for entry in config["modules"]:
        places = [entry] if isinstance(entry, str) else entry
        present = [place for place in places if (tree / place).exists()]
        if not present:
            sys.exit(f"modules.toml: none of {places} exists; update the list.")
        for place in present:
            if (tree / place).is_dir():
                found += sorted(str(p.relative_to(tree)) for p in (tree / place).rglob("*.py"))
            else:
                found.append(place)
    return found


def configure(modules: list[str]) -> None:
    """mutmut's settings, appended to the copy's pyproject.toml."""
    tests = _config()["tests"]
    packages = sorted({Path(module).parts[0] for module in modules})
    # Everything else in the copy goes along unchanged: the tests, the other packages'
    # data (templates, fixtures, translations), manage.py, the conftest above.
    others = sorted(p.name for p in TREE.iterdir() if p.name not in packages)
    settings = {
        "source_paths": packages,
        "only_mutate": modules,
        "also_copy": others,
        "pytest_add_cli_args_test_selection": tests,
        # Per session: no cache folder to write, and no forced garbage collections at exit
        # looking for unraisable exceptions (most of a quick session's time otherwise).
        # No assertion rewriting: the tests were imported (and rewritten) once, before the
        # fork, and a failing plain assert fails the test all the same; the rewriting set-up
        # read every installed package's file list and rewrote the conftests anew in each
        # session. Nor the plugins the pool does not use: faker's made a Faker (a scan of
        # its provider modules) for every session. 0.41 s → 0.25 s for a one-test session.
        "pytest_add_cli_args": [
            "-p",
            "no:cacheprovider",
            "-p",
            "no:unraisableexception",
            "--assert=plain",
            "-p",
            "no:faker",
            "-p",
            "no:anyio",
            "-p",
            "no:schemathesis",
            "-p",
            "no:platformdirs",
        ],
        # The process that forks the mutants' test runs never runs a test itself, so no
        # database connection or live-server thread is shared across a fork.
        "process_isolation": "forkserver",
    }
    lines = ["", "[tool.mutmut]"]
    lines += [f"{key} = {json.dumps(value)}" for key, value in settings.items()]
    with open(TREE / "pyproject.toml", "a") as out:
        out.write("\n".join(lines) + "\n")


# --- the databases ----------------------------------------------------------------------


def _admin(database: str):
    return psycopg.connect(
        psycopg.conninfo.make_conninfo(database, dbname="postgres"), autocommit=True
    )


def make_template(database: str, template: str) -> None:
    drop_databases(database, template)
    with _admin(database) as admin:
        admin.execute(f'CREATE DATABASE "{template}"')
    print(f"==> Template database {template}: schema and reference data", flush=True)
    env = {
        **os.environ,
        "DATABASE_URL": urlsplit(database)._replace(path="/" + template).geturl(),
        "DJANGO_SETTINGS_MODULE": "participatie.settings",
    }
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup()\n"
            "from django.core.management import call_command\n"
            "call_command('migrate', verbosity=0)\n"
            "from tests.conftest import load_reference_data\n"
            "load_reference_data()\n",
        ],
        cwd=TREE,
        env=env,
        check=True,
    )


def collect_static() -> Path:
    """The static files as production serves them, collected once for every session."""
    static = WORK / "static"
    shutil.rmtree(static, ignore_errors=True)
    print("==> Static files", flush=True)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity=0"],
        cwd=TREE,
        env={**os.environ, "STATIC_ROOT": str(static)},
        check=True,
    )
    return static


def drop_databases(database: str, template: str) -> None:
    """The template and every clone left by a run (a mutant killed by its time limit
    cannot drop its own)."""
    pattern = re.compile(rf"^{re.escape(template)}(_\d+)?$")
    with _admin(database) as admin:
        names = [row[0] for row in admin.execute("SELECT datname FROM pg_database")]
        for name in sorted(filter(pattern.match, names), reverse=True):
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- the run ----------------------------------------------------------------------------


def run_mutmut(template: str, static: Path, workers: int, only: list[str]) -> int:
    tmp = WORK / "tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    WARM_CALLS.unlink(missing_ok=True)
    # The last run's test durations stay for one more run: the mapping run splits the pool
    # in two halves of about equal time with them (launch.py).
    if (WORK / "durations.json").exists():
        (WORK / "durations.json").replace(WORK / "durations.previous.json")
    # The last run's log stays for one more run: which tests killed the mutants of each
    # function (conftest.py tries those first).
    if (WORK / "sessions.log").exists():
        (WORK / "sessions.log").replace(WORK / "sessions.previous.log")
    (WORK / "red-pool.txt").unlink(missing_ok=True)
    shutil.rmtree(WORK / "slots", ignore_errors=True)
    env = {
        **os.environ,
        "MUTANTS_DB_TEMPLATE": template,
        "MUTANTS_DURATIONS": str(WORK / "durations.json"),
        "MUTANTS_DURATIONS_BEFORE": str(WORK / "durations.previous.json"),
        "MUTANTS_SLOTS": str(WORK / "slots"),
        "MUTANTS_STATIC_ROOT": str(static),
        "MUTANTS_LEAVE_OUT": ",".join(_config()["leave_out_fixtures"]),
        "MUTANTS_SESSION_LOG": str(WORK / "sessions.log"),
        "MUTANTS_WARM_CALLS": str(WARM_CALLS),
        "STATIC_ROOT": str(static),
        # The tests' temporary folders (tile caches, media) stay with the run's artefacts.
        "TMPDIR": str(tmp),
    }
    print(f"==> mutmut: {workers} at a time", flush=True)
    process = subprocess.Popen(  # noqa: S603 (our own arguments)
        # launch.py is `mutmut run` without the second, unchanged pass over the pool; -P keeps
        # this folder (its conftest.py) off sys.path.
        [sys.executable, "-P", str(HERE / "launch.py"), "run", "--max-children", str(workers)]
        + only,
        cwd=TREE,
        env=env,
        # Its own process group, which this script stops; and Ctrl-C back to its default
        # (a job started in the background inherits it ignored).
        process_group=0,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # noqa: PLW1509
    )
    try:
        return process.wait()
    except KeyboardInterrupt:
        stop(process)
        return 130


def stop(process: subprocess.Popen) -> None:
    """Let mutmut stop its workers, then make sure that the whole group is gone."""
    for sig, grace in ((signal.SIGINT, 30), (signal.SIGTERM, 10), (signal.SIGKILL, 10)):
        try:
            os.killpg(process.pid, sig)
            process.wait(grace)
            os.killpg(process.pid, 0)  # the workers may outlive mutmut's main process
        except ProcessLookupError:
            return
        except subprocess.TimeoutExpired:
            continue


def _interrupted(signum, frame):
    raise KeyboardInterrupt


# --- the report -------------------------------------------------------------------------


def documented_equivalents() -> set[str]:
    """Mutant ids that docs/mutants.md explains as equivalent (its section of that name)."""
    if not EQUIVALENTS_DOC.exists():
        return set()
    text = EQUIVALENTS_DOC.read_text()
    section = re.search(r"^## Equivalent mutants\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    return set(re.findall(r"[\w.ǁ]+__mutmut_\d+", section.group(1))) if section else set()


def list_equivalents(modules: list[str]) -> int:
    """equivalent.tsv's lines for every documented equivalent that survived the last run."""
    os.chdir(TREE)
    from mutmut.mutation.diff_apply import get_diff_for_mutant

    documented = documented_equivalents()
    for path in modules:
        meta = TREE / "mutants" / (path + ".meta")
        if meta.exists():
            results = json.loads(meta.read_text())["exit_code_by_key"]
            for name in sorted(results, key=_natural):
                if name in documented and results[name] in SURVIVED:
                    change = equivalents.change_of(get_diff_for_mutant(name, path=path))
                    print(f"{name}\t{change}")
    return 0


def where(path: str, diff: str, start: int) -> tuple[int, str]:
    """The line of the source file that a mutant changes (searched from the first line of
    its function), and the change in one line."""
    removed = [line[1:].strip() for line in diff.splitlines()[2:] if line.startswith("-")]
    change = equivalents.change_of(diff)
    source = (TREE / path).read_text().splitlines()
    if removed:
        for number, line in enumerate(source[start - 1 :], start=start):
            if line.strip() == removed[0]:
                return number, change
    return start, change


def function_lines(path: str) -> dict[str, int]:
    """First line of every function and method, keyed like mutmut's mangled names."""
    tree = ast.parse((TREE / path).read_text())
    lines = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            lines[f"x_{node.name}"] = node.lineno
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    lines[f"xǁ{node.name}ǁ{item.name}"] = item.lineno
    return lines


def report(modules: list[str], elapsed: float | None) -> int:
    os.chdir(TREE)
    from mutmut.mutation.diff_apply import get_diff_for_mutant

    documented = documented_equivalents()
    known = equivalents.load()
    rows, survivors, seen, unchecked, rerun = [], [], set(), 0, []
    totals = dict.fromkeys(["mutants", "killed", "survived", "no tests", "equivalent"], 0)
    for path in modules:
        meta = TREE / "mutants" / (path + ".meta")
        if not meta.exists():
            continue
        results = json.loads(meta.read_text())["exit_code_by_key"]
        starts = function_lines(path)
        counts = dict.fromkeys(totals, 0)
        for name, code in sorted(results.items(), key=lambda item: _natural(item[0])):
            seen.add(name)
            if code is None:
                unchecked += 1
                continue
            if code in SKIPPED:
                if name in known:  # judged equivalent before and unchanged: not run again
                    counts["mutants"] += 1
                    counts["equivalent"] += 1
                continue
            if name in known:
                rerun.append(name)
            counts["mutants"] += 1
            if code in KILLED or code in TIMEOUT or code not in SURVIVED | NO_TESTS:
                counts["killed"] += 1
                continue
            if name in documented:
                counts["equivalent"] += 1
                continue
            counts["no tests" if code in NO_TESTS else "survived"] += 1
            function = _function(name)
            diff = get_diff_for_mutant(name, path=path)
            line, change = where(path, diff, starts.get(function, 1))
            status = " (no test calls it)" if code in NO_TESTS else ""
            survivors.append(f"{path}:{line}  {change}{status}\n    {name}")
        rows.append((path, counts))
        for key in totals:
            totals[key] += counts[key]

    lines = ["", "Mutation testing of the rule modules (mutmut)"]
    if elapsed is not None:
        lines[-1] += f": {int(elapsed // 60)} min {int(elapsed % 60)} s"
    header = (
        f"{'module':<38} {'mutants':>7} {'killed':>7} {'survived':>8} {'no test':>7}"
        f" {'equiv.':>6} {'kill rate':>9} {'non-equiv.':>10}"
    )
    lines += [header, "-" * len(header)]
    for path, counts in rows + [("overall", totals)]:
        lines.append(
            f"{path:<38} {counts['mutants']:>7} {counts['killed']:>7} {counts['survived']:>8}"
            f" {counts['no tests']:>7} {counts['equivalent']:>6}"
            f" {_rate(counts['killed'], counts['mutants']):>9}"
            f" {_rate(counts['killed'], counts['mutants'] - counts['equivalent']):>10}"
        )
    if unchecked:
        lines += [
            "",
            f"{unchecked} mutants were not tested (an interrupted run, or with --again: their"
            " function changed since the last full run). Run `make mutants` for all of them.",
        ]
    lines += ["", f"Surviving mutants ({len(survivors)}; equivalent ones are in docs/mutants.md):"]
    lines += survivors or ["  none"]
    warmed = WARM_CALLS.read_text().split() if WARM_CALLS.exists() else []
    if warmed:
        lines += [
            "",
            "Rule functions that ran while the test process warmed up (an import, a template):"
            " there they ran",
            "unmutated, so their mutants act only through the calls the tests make"
            " (scripts/mutation/conftest.py):",
        ]
        lines += [f"  {name}" for name in warmed]
    stale = sorted(documented - seen)
    if stale:
        lines += ["", "docs/mutants.md lists mutants this run did not make (renumbered?):"]
        lines += [f"  {name}" for name in stale]
    if rerun:
        lines += ["", "equivalent.tsv entries whose change is another now (run, update them):"]
        lines += [f"  {name}" for name in sorted(rerun, key=_natural)]
    unexplained = sorted(set(known) - documented, key=_natural)
    if unexplained:
        lines += ["", "equivalent.tsv entries that docs/mutants.md does not explain:"]
        lines += [f"  {name}" for name in unexplained]
    text = "\n".join(lines) + "\n"
    print(text)
    REPORT.write_text(text)
    print(f"(also in {REPORT.relative_to(ROOT)}; `mutmut show <id>` in {TREE.relative_to(ROOT)})")
    return 0


def _rate(killed: int, total: int) -> str:
    return f"{100 * killed / total:.1f}%" if total else "-"


def _natural(name: str) -> tuple:
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name))


if __name__ == "__main__":
    sys.exit(main())
