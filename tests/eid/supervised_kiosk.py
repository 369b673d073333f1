"""A stand-in kiosk for the orphan test: runs an ``AusweisAppSupervisor`` and prints the pid
of the SDK process it started (``child <pid> <url>``), then runs until it is killed.

    python -m tests.eid.supervised_kiosk [emulator]
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from eid.process import AusweisAppSupervisor

ROOT = Path(__file__).resolve().parents[2]


def main(argv: list[str]) -> int:
    app = QCoreApplication([])
    if argv[:1] == ["emulator"]:
        command = [sys.executable, "-m", "eid", "emulator", "--port", "0"]
        supervisor = AusweisAppSupervisor(command, cwd=str(ROOT))
    else:
        supervisor = AusweisAppSupervisor(binary="AusweisApp2")

    def report(url: str) -> None:
        print(f"child {supervisor.pid} {url}", flush=True)

    supervisor.url_ready.connect(report)
    supervisor.start()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
