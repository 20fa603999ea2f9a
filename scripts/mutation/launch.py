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

And it does not run again the mutants judged equivalent (docs/mutants.md) whose change is
still the one listed in equivalent.tsv (equivalents.py): they are recorded as skipped, and
the report counts them as equivalent.

Written against mutmut 3.8.1 (requirements-dev.txt pins it); `run.py` starts it.
"""

import ast
import importlib.util
import re
import sys
from pathlib import Path

import libcst as cst
import mutmut.__main__ as mutmut_cli
from mutmut.mutation import mutators
from mutmut.mutation.diff_apply import get_diff_for_mutant
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
    # mutmut exits the process when a test of the pool fails, so returning means green.
    _collect_stats(runner, tests)
    _whole_pool_passed = _whole_pool_passed or not tests


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
