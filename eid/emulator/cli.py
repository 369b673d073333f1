"""``python -m eid emulator``: the SDK emulator as a process for staff, demos and tests.

It prints exactly one line ``listening ws://127.0.0.1:PORT/eID-Kernel`` on stdout once it
accepts connections (tests and the kiosk read it), logs to stderr, and ends with exit 0 on
SIGTERM or SIGINT. With ``--port-file`` it also writes its port where AusweisApp would
(``$TMPDIR/AusweisApp2.<pid>.port`` as 1.26.2, ``AusweisApp.<pid>.port`` as 2.x) and
removes the file on exit, so it can stand in for AusweisApp wherever that is discovered.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import signal
import sys
import tempfile
import threading
from pathlib import Path
from types import FrameType

from eid.emulator.cards import DEFAULT_PRESET, PRESETS, presets_help
from eid.emulator.protocol import TRAFFIC
from eid.emulator.server import CONTROL_PATH, EmulatorServer, is_loopback
from eid.emulator.versions import DEFAULT_PROFILE, PROFILES

logger = logging.getLogger(__name__)

EXIT_USAGE = 2

EPILOG = f"""card presets (--card):
{presets_help()}

Every preset except 'none' puts its card on the reader 'Plietsch Emulator' at the start of
each workflow; '-keypad' variants put it on a reader with keypad (send SET_* without value;
what is typed comes from the preset). The reader 'Simulator' behaves like AusweisApp's:
SET_CARD after INSERT_CARD, any PIN works.

SDK versions (--sdk-version):
  1.26.2   Debian bookworm: API levels 1-2, no reason codes, Origin accepted
  2.3      Debian trixie (2.3.1): API levels 1-3 (3 by default: PAUSE/CONTINUE, card {{}}),
           reason codes, STATUS and frame order as recorded
  2.5      upstream 2.5.3: like 2.3, and a handshake with an Origin header gets HTTP 403
           (unless it matches the regex in AUSWEISAPP_WEBSOCKET_ORIGIN)

HTTP on the same port:
  GET  {CONTROL_PATH}                  show the current card preset as JSON
  POST {CONTROL_PATH}?preset=NAME      put a fresh card of preset NAME on the reader
                                       (e.g. curl -X POST 'http://127.0.0.1:PORT{CONTROL_PATH}?preset=wrong-pin')
  GET  /selfauth/<refID>?mode=json     self-disclosure data (test person) after a successful
                                       RUN_AUTH with a tcTokenURL on http://127.0.0.1:PORT/...
                                       (answered once, then 404)
"""


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m eid emulator",
        description="Emulated AusweisApp SDK (as 1.26.2, 2.3 or 2.5) on a loopback port.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--host", default="127.0.0.1", help="loopback address to bind")
    parser.add_argument("--port", type=int, default=0, help="port; 0 picks a free one")
    parser.add_argument(
        "--card",
        default=DEFAULT_PRESET,
        choices=list(PRESETS),
        metavar="PRESET",
        help=f"card preset (default {DEFAULT_PRESET}; see below)",
    )
    parser.add_argument("--delay-ms", type=int, default=0, help="extra delay for every card step")
    parser.add_argument(
        "--sdk-version",
        default=DEFAULT_PROFILE,
        choices=list(PROFILES),
        help=f"AusweisApp version to behave like (default {DEFAULT_PROFILE}; see below)",
    )
    parser.add_argument(
        "--port-file",
        action="store_true",
        help="also write the port to $TMPDIR/<AusweisApp name>.<pid>.port, like AusweisApp",
    )
    parser.add_argument(
        "-v",
        "--verbose",
        action="count",
        default=0,
        help="more log output on stderr (-vv shows the traffic, with secrets masked)",
    )
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    try:
        args = parse_args(argv)
    except SystemExit as exc:  # argparse already printed the reason
        return int(exc.code or 0)
    level = {0: logging.INFO, 1: logging.DEBUG}.get(args.verbose, TRAFFIC)
    logging.basicConfig(
        level=level, stream=sys.stderr, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    if not is_loopback(args.host):
        print(
            f"refusing --host {args.host}: the emulator only binds loopback "
            "(127.0.0.1, ::1 or localhost)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if not 0 <= args.port <= 65535 or args.delay_ms < 0:
        print("--port must be 0 to 65535 and --delay-ms must not be negative", file=sys.stderr)
        return EXIT_USAGE
    stop = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        logger.info("signal %s received, stopping", signal.Signals(signum).name)
        stop.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    server = EmulatorServer(
        args.host, args.port, card=args.card, delay_ms=args.delay_ms, sdk_version=args.sdk_version
    )
    try:
        url = server.start()
    except OSError as exc:
        print(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    port_file: Path | None = None
    if args.port_file:
        name = f"{server.profile.binary}.{os.getpid()}.port"
        port_file = Path(tempfile.gettempdir()) / name
        port_file.write_text(str(server.port), encoding="ascii")
    print(f"listening {url}", flush=True)
    try:
        while not stop.wait(0.5):
            pass
    finally:
        server.stop()
        if port_file is not None:
            with contextlib.suppress(OSError):
                port_file.unlink()
    return 0
