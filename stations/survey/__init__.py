"""The Digitale-Agenda survey station; see `stations.survey.station`.

`check_content` is imported by `main.py --check-content` without Qt widgets.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from kiosk.content_model import Problem
from ui.station import Station


def create_station() -> Station:
    from stations.survey.station import SurveyStation  # noqa: PLC0415 - lazy: Qt widgets

    return SurveyStation()


def check_content(bundle_dir: Path, allowed_hosts: Collection[str]) -> list[Problem]:
    from stations.survey.model import check_survey  # noqa: PLC0415 - only when checking

    return check_survey(bundle_dir, allowed_hosts)
