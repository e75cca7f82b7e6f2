"""castiron-check-module: run every test function of a module built from check-format tests.

Prints `[ OK ] name` or `[ FAILED ] name: <first mismatch>` per function, like
iree-check-module, and exits 1 when any failed.
"""
from __future__ import annotations

import sys

from .common import OneLineParser, run_tool


def main(argv) -> int:
    p = OneLineParser(prog="castiron-check-module", description="Run the checks of an e2e test module.")
    p.add_argument("module_file", nargs="?", default=None, help="module file")
    p.add_argument("--module_file", "--module", dest="module_flag", default=None)
    p.add_argument("--driver", "--device", default="local-task", help="local-task or local-sync")
    p.add_argument("--function", action="append", default=[], help="run only these functions")
    args = p.parse_args(argv)
    from castiron.runtime import InvocationError, load_module
    from castiron.runtime.checks import run_checks

    path = args.module_flag or args.module_file
    if not path:
        raise InvocationError("give the module file (castiron-check-module MODULE)")
    module = load_module(path, driver="local-task" if args.driver in ("dylib", "local-task") else args.driver)
    names = args.function or [n for n, f in module.functions.items() if not f.input_types]
    if not names:
        raise InvocationError(f"'{path}' has no test functions (functions without inputs)")
    failed = 0
    for name in names:
        result = run_checks(module, name)
        if result.ok:
            print(f"[ OK ] {name}")
        else:
            failed += 1
            print(f"[ FAILED ] {name}: {result.message}")
    print(f"{len(names) - failed} of {len(names)} test functions passed")
    module.close()
    return 1 if failed else 0


def entry() -> int:
    return run_tool("castiron-check-module", main)


if __name__ == "__main__":
    sys.exit(entry())
