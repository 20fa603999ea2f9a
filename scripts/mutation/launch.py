"""`mutmut run` without its second pass over the whole test pool.

mutmut 3 runs the pool twice before the first mutant: once to record which tests call which
function ("Running stats", which stops the run when a test fails) and once more, unchanged,
as "clean tests". When the first pass covered the whole pool in this same process, the
second one can only repeat its answer, and on two cores it costs minutes. This launcher
answers the clean run from the first pass in that case and runs mutmut otherwise as is.
Written against mutmut 3.8.1 (requirements-dev.txt pins it); `run.py` starts it.
"""

import sys

import mutmut.__main__ as mutmut_cli
from mutmut.workers import isolation

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


mutmut_cli.run_stats_collection = _run_stats_collection
for runner in vars(isolation).values():
    if isinstance(runner, type) and "run_clean_tests" in vars(runner):
        runner.run_clean_tests = _clean_run(runner.run_clean_tests)

if __name__ == "__main__":
    sys.argv[0] = "mutmut"
    sys.exit(mutmut_cli.cli())
