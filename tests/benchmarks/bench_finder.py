"""Benchmark of the service finder's search (a script, not a test).

    python tests/benchmarks/bench_finder.py [--rounds 5]

Runs every query of tests/finder/queries.toml, and every prefix of it as a visitor types it
letter by letter (that is when the station searches), through the finder's search and, in
the same run, through a plain case-insensitive substring scan over titles and search words
(the reference). Prints the top-3 rate of both over the whole queries and the median and
95th-percentile time per search. Targets: top-3 rate >= 90 %, median < 10 ms.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from kiosk.content import DEFAULT_ALLOWED_HOSTS, SHIPPED_BUNDLE  # noqa: E402
from stations.finder.catalogue import load_catalogue  # noqa: E402
from stations.finder.matching import FinderIndex, substring_search  # noqa: E402

logger = logging.getLogger(__name__)
QUERIES = ROOT / "tests" / "finder" / "queries.toml"


def timed(search: Callable[[str], list[str]], texts: list[str], rounds: int) -> list[float]:
    """Milliseconds per search over all `texts`, `rounds` times."""
    times: list[float] = []
    for _ in range(rounds):
        for text in texts:
            start = time.perf_counter()
            search(text)
            times.append((time.perf_counter() - start) * 1000)
    return times


def top3_rate(search: Callable[[str], list[str]], queries: list[dict[str, object]]) -> float:
    found = sum(
        1
        for q in queries
        if set(q["expect"]) & set(search(str(q["text"]))[:3])  # type: ignore[arg-type]
    )
    return found / len(queries)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    catalogue, problems = load_catalogue(SHIPPED_BUNDLE, DEFAULT_ALLOWED_HOSTS)
    if catalogue is None:
        print("\n".join(map(str, problems)))
        return 2
    start = time.perf_counter()
    index = FinderIndex(catalogue)
    build_ms = (time.perf_counter() - start) * 1000
    with QUERIES.open("rb") as handle:
        queries = list(tomllib.load(handle)["query"])
    typed = [str(q["text"])[:end] for q in queries for end in range(1, len(str(q["text"])) + 1)]

    def finder(text: str) -> list[str]:
        return [hit.service.id for hit in index.search(text, limit=8)]

    def reference(text: str) -> list[str]:
        return [service.id for service in substring_search(catalogue, text)]

    finder_times: list[float] = []
    reference_times: list[float] = []
    for _ in range(args.rounds):  # interleaved, so machine load hits both alike
        finder_times += timed(finder, typed, 1)
        reference_times += timed(reference, typed, 1)
    print(f"catalogue: {len(catalogue.services)} services; index built in {build_ms:.0f} ms")
    print(f"queries: {len(queries)} (de/en/da), {len(typed)} searches while typing x {args.rounds}")
    print(f"{'':24}{'top-3 rate':>12}{'median ms':>12}{'p95 ms':>10}")
    for name, search, times in (
        ("finder (rapidfuzz+stem)", finder, finder_times),
        ("reference (substring)", reference, reference_times),
    ):
        p95 = statistics.quantiles(times, n=20)[-1]
        rate = top3_rate(search, queries)
        print(f"{name:24}{rate:>11.1%}{statistics.median(times):>12.3f}{p95:>10.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
