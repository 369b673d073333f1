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


def content_summary(bundle_dir: Path, allowed_hosts: Collection[str]) -> str | None:
    """How many questions the survey asks, for the ``--check-content`` ok line."""
    if not (bundle_dir / "survey").is_dir():
        return None
    from kiosk.content import plural  # noqa: PLC0415 - only when checking
    from stations.survey.model import load_survey  # noqa: PLC0415 - only when checking

    survey = load_survey(bundle_dir)[0]
    return plural(len(survey.questions), "survey question") if survey else None
