"""Plietsch: composition root. Parses arguments, loads config, builds objects, runs Qt."""

from __future__ import annotations

import argparse
import sys


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="plietsch", description=__doc__)
    parser.add_argument("--config", help="station config (TOML); default: embedded defaults")
    parser.add_argument("--demo", action="store_true", help="built-in eID emulator, no hardware")
    parser.add_argument("--windowed", action="store_true", help="window instead of kiosk mode")
    parser.add_argument("--screenshots", metavar="DIR", help="render every screen into DIR")
    parser.add_argument(
        "--check-content", nargs="*", metavar="DIR", help="validate content bundles and exit"
    )
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    parse_args(argv)
    print("Plietsch skeleton: the kiosk is being built.", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
