"""`mutmut run` without its second pass over the whole test pool.

mutmut 3 runs the pool twice before the first mutant: once to record which tests call which
function ("Running stats", which stops the run when a test fails) and once more, unchanged,
as "clean tests". When the first pass covered the whole pool in this same process, the
second one can only repeat its answer, and on two cores it costs minutes. This launcher
answers the clean run from the first pass in that case and runs mutmut otherwise as is.

It also leaves out one kind of mutant that can only survive: a change of letter case in
SQL text. mutmut upper- and lower-cases every string literal; in a statement that changes
keywords, function and type names and unquoted identifiers, all of which PostgreSQL reads
without regard to case (it folds unquoted names to lower case). Such a mutant runs every
test of its function to the end (seconds each, dozens of them in the tile SQL) to prove
nothing. The filter is narrow: the literal must read as SQL (a keyword such as SELECT,
FROM, WHERE, AND, AS, BETWEEN in capitals, an `ST_` function call or a `::type` cast),
and its quoted parts — '...' literals and "..." identifiers, where case matters — must
be unchanged; every other string mutation is made as before.

The mapping run itself is split in two: two processes, each running half of the pool's
test files (halves of about equal time by the last run's durations), instead of one
process running them all while the second core waits. Their records are merged as mutmut
merges the record of its one process.

And it does not run again the mutants judged equivalent (docs/mutants.md) whose change is
still the one listed in equivalent.tsv (equivalents.py): they are recorded as skipped, and
the report counts them as equivalent.

Written against mutmut 3.8.1 (requirements-dev.txt pins it); `run.py` starts it.
"""

import ast
import importlib.util
import json
import os
import pickle
import re
import sys
import traceback
from pathlib import Path

import libcst as cst
import mutmut.__main__ as mutmut_cli
from mutmut.models.results import StatsResult
from mutmut.mutation import mutators
from mutmut.mutation.diff_apply import get_diff_for_mutant
from mutmut.state import state
from mutmut.workers import isolation

# Beside this file; imported by path, since -P keeps this folder off sys.path.
_spec = importlib.util.spec_from_file_location(
    "equivalents", Path(__file__).resolve().parent / "equivalents.py"
)
equivalents = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(equivalents)
SKIPPED = 34  # mutmut's "skipped"

SQL_TEXT = re.compile(
    r"\b(?:SELECT|FROM|WHERE|AND|OR|AS|BETWEEN|GROUP BY|ORDER BY|HAVING|FILTER|JOIN|ON|"
    r"LIMIT|ANY|NOT|NULL|IS)\b|\bST_[A-Za-z]+\(|::[a-z][a-z0-9_]*\b"
)
QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")


def sql_case_only(original: str, mutated: str) -> bool:
    """Whether `mutated` (a string literal's source) differs from `original` only in the
    case of SQL text that PostgreSQL reads the same."""
    if original == mutated or original.lower() != mutated.lower():
        return False
    try:
        before, after = ast.literal_eval(original), ast.literal_eval(mutated)
    except (ValueError, SyntaxError):
        return False
    if not isinstance(before, str) or not SQL_TEXT.search(before):
        return False
    return QUOTED.findall(before) == QUOTED.findall(after)


def _without_sql_case(operator):
    def operator_string(node):
        for mutant in operator(node):
            if isinstance(node, cst.SimpleString) and sql_case_only(node.value, mutant.value):
                continue
            yield mutant

    return operator_string


for index, (node_type, operator) in enumerate(mutators.mutation_operators):
    if operator is mutators.operator_string:
        mutators.mutation_operators[index] = (node_type, _without_sql_case(operator))

_whole_pool_passed = False
_collect_stats = mutmut_cli.run_stats_collection


def _run_stats_collection(runner, tests=None):
    global _whole_pool_passed
    collect_alone = runner.collect_stats
    if not tests and getattr(runner, "max_workers", 1) > 1:
        runner.collect_stats = lambda tests: _collect_stats_in_halves(runner, collect_alone, tests)
    try:
        # mutmut exits the process when a test of the pool fails, so returning means green.
        _collect_stats(runner, tests)
    finally:
        runner.collect_stats = collect_alone
    _whole_pool_passed = _whole_pool_passed or not tests


def _collect_stats_in_halves(runner, collect_alone, tests):
    """The forkserver runner's `collect_stats` for the whole pool, in two processes at once.
    Each runs the tests of its files as mutmut's one process would (same runner, same
    arguments) and sends back its record; the records are merged the same way."""
    if tests:
        return collect_alone(tests)
    halves = [half for half in _halves(sorted(runner.list_all_tests().ids)) if half]
    children = [_fork_stats(runner, half) for half in halves]
    records = []
    for pid, read_fd in children:
        with os.fdopen(read_fd, "rb") as pipe:
            try:
                data = pickle.load(pipe)  # noqa: S301 (our own child, through a pipe)
            except EOFError:
                data = None
        _, status = os.waitpid(pid, 0)
        records.append(data if os.waitstatus_to_exitcode(status) == 0 else None)
    if None in records:
        return 1
    exit_code = 0
    for data in records:
        result = StatsResult.from_dict(data)
        for name, found in result.tests_by_mangled_function_name.items():
            state().tests_by_mangled_function_name[name] |= found
        state().duration_by_test.update(result.duration_by_test)
        for name, callers in result.function_dependencies.items():
            state().function_dependencies[name] = callers
        exit_code = exit_code or result.exit_code
    return exit_code


def _halves(test_ids: list[str]) -> list[list[str]]:
    """The tests in two lists of whole files, of about equal time by the last run's
    durations (MUTANTS_DURATIONS_BEFORE; a test without one counts as the median)."""
    durations = {}
    before = Path(os.environ.get("MUTANTS_DURATIONS_BEFORE", "-"))
    if before.is_file():
        durations = json.loads(before.read_text())
    known = sorted(durations.values())
    typical = known[len(known) // 2] if known else 1.0
    files: dict[str, list[str]] = {}
    for test in test_ids:
        files.setdefault(test.split("::", 1)[0], []).append(test)
    weight = {name: sum(durations.get(t, typical) for t in tests) for name, tests in files.items()}
    halves: list[list[str]] = [[], []]
    loads = [0.0, 0.0]
    for name in sorted(files, key=lambda name: -weight[name]):
        lighter = loads.index(min(loads))
        halves[lighter].append(name)
        loads[lighter] += weight[name]
    return [[test for name in sorted(half) for test in files[name]] for half in halves]


def _fork_stats(runner, tests: list[str]) -> tuple[int, int]:
    """One child that records which tests call which function, as ForkServerRunner's
    collect_stats does in its one child; returns the child's pid and the pipe to read."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write_fd)
        return pid, read_fd
    os.close(read_fd)
    try:
        child = runner.test_runner_class(**runner.test_runner_args)
        exit_code = child.run_stats(tests=tests)
        result = StatsResult(
            exit_code=exit_code,
            tests_by_mangled_function_name=dict(state().tests_by_mangled_function_name),
            duration_by_test=dict(state().duration_by_test),
            stats_time=state().stats_time or 0.0,
            function_dependencies=dict(state().function_dependencies),
        )
        with os.fdopen(write_fd, "wb") as pipe:
            pickle.dump(result.to_dict(), pipe)
        os._exit(0)
    except BaseException:
        traceback.print_exc()
        os._exit(1)


def _clean_run(original):
    def run_clean_tests(self, tests):
        if _whole_pool_passed:
            print("    the pool passed in the stats run just now: not run a second time")
            return 0
        return original(self, tests)

    return run_clean_tests


_collect_mutants = mutmut_cli.collect_source_file_mutation_data


def _collect_without_known_equivalents(*, mutant_names):
    """mutmut's list of mutants to run, less the known equivalents (see the docstring)."""
    mutants, by_path = _collect_mutants(mutant_names=mutant_names)
    known = equivalents.load()
    kept, skipped = [], {}
    for data, name, result in mutants:
        change = known.get(name)
        if change is not None and result in (None, SKIPPED):
            diff = get_diff_for_mutant(name, path=data.path)
            if equivalents.change_of(diff) == change:
                data.exit_code_by_key[name] = SKIPPED
                skipped[id(data)] = data
                continue
        kept.append((data, name, result))
    for data in skipped.values():
        data.save()
    if known:
        count = len(mutants) - len(kept)
        print(f"    {count} mutants judged equivalent (equivalent.tsv) are not run again")
    return kept, by_path


mutmut_cli.run_stats_collection = _run_stats_collection
mutmut_cli.collect_source_file_mutation_data = _collect_without_known_equivalents
for runner in vars(isolation).values():
    if isinstance(runner, type) and "run_clean_tests" in vars(runner):
        runner.run_clean_tests = _clean_run(runner.run_clean_tests)

if __name__ == "__main__":
    sys.argv[0] = "mutmut"
    sys.exit(mutmut_cli.cli())
