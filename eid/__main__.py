"""Command line for staff and tests: ``python -m eid <command> ...``.

Each command lives in its own module and is imported only when asked for, so
``python -m eid readers`` works on a machine without AusweisApp and vice versa.
"""

from __future__ import annotations

import importlib
import sys

COMMANDS: dict[str, tuple[str, str]] = {
    "emulator": ("eid.emulator.cli", "run the built-in AusweisApp SDK emulator"),
    "diagnose": ("eid.diagnose", "show version, API levels, readers and cards of an SDK endpoint"),
    "selftest": ("eid.selftest", "run the fixed battery of checks against an SDK endpoint"),
    "readers": ("eid.readers.cli", "list PC/SC readers, PIN-pad capability and card kinds"),
}


def usage() -> str:
    lines = ["usage: python -m eid <command> [options]", "", "commands:"]
    lines += [f"  {name:<10} {help_text}" for name, (_, help_text) in COMMANDS.items()]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if not argv or argv[0] in {"-h", "--help"}:
        print(usage())
        return 0 if argv else 2
    name, rest = argv[0], argv[1:]
    if name not in COMMANDS:
        print(f"unknown command {name!r}\n\n{usage()}", file=sys.stderr)
        return 2
    module = importlib.import_module(COMMANDS[name][0])
    result: int = module.main(rest)
    return result


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
