"""`python -m stations.finder "QUERY" [--lang de] [--json] [--bundle DIR]`: ranked finder results.

Why a command line: content editors check their search words without the kiosk, and the
benchmark and tests run the same search the station runs.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from kiosk.content import DEFAULT_ALLOWED_HOSTS, SHIPPED_BUNDLE
from stations.finder.catalogue import LANGUAGES, load_catalogue
from stations.finder.matching import FinderIndex, Hit

logger = logging.getLogger(__name__)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m stations.finder", description=__doc__)
    parser.add_argument("query", help="what a visitor would type")
    parser.add_argument("--lang", choices=LANGUAGES, default="de", help="language of the output")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--limit", type=int, default=8, help="at most this many results")
    parser.add_argument("--bundle", type=Path, default=SHIPPED_BUNDLE, help="content bundle")
    return parser.parse_args(argv)


def as_records(hits: list[Hit], lang: str) -> list[dict[str, object]]:
    return [
        {
            "id": hit.service.id,
            "title": hit.service.title.get_text(lang),
            "office": hit.service.office.name.get_text(lang),
            "url": hit.service.url,
            "score": round(hit.score, 3),
        }
        for hit in hits
    ]


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    catalogue, problems = load_catalogue(args.bundle, DEFAULT_ALLOWED_HOSTS)
    if catalogue is None:
        for problem in problems:
            print(problem, file=sys.stderr)
        return 2
    records = as_records(FinderIndex(catalogue).search(args.query, limit=args.limit), args.lang)
    if args.json:
        print(json.dumps(records, ensure_ascii=False, indent=2))
    else:
        for record in records:
            print(
                f"{record['score']:.2f}  {record['title']}  ({record['office']})  {record['url']}"
            )
        if not records:
            print("no results", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
