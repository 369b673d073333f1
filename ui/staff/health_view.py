"""The health report in the staff's language: one headline and a few detail lines per check.

Why not the checks' own summaries: those are English for logs and terminals. Here each check
is rendered from its machine-readable details with catalog texts; only technical reasons the
software itself produced in English (an SDK error) are shown as they are, for the admin.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from kiosk.health import Check, Status

logger = logging.getLogger(__name__)

Translate = Callable[..., str]
MAX_HOST_LINES = 3

STATUS_COLOURS = {  # the status dot (non-text contrast ≥ 3:1 on white)
    Status.OK: "#1E7B34",
    Status.DEGRADED: "#A35F00",
    Status.DOWN: "#9F1C14",
    Status.UNKNOWN: "#5E6B78",
}


def check_lines(check: Check, tr: Translate) -> list[str]:
    """Detail lines for one check, in the current language."""
    render = _RENDERERS.get(check.name)
    if render is None:
        return [check.summary]
    try:
        return render(check, tr)
    except (KeyError, TypeError, ValueError):  # details of another version: fall back
        logger.warning("health view: unexpected details for %s", check.name)
        return [check.summary]


def _yes_no(value: Any, tr: Translate) -> str:
    if value is None:
        return tr("staff.detail.unknown")
    return tr("staff.detail.yes") if value else tr("staff.detail.no")


def _ausweisapp(check: Check, tr: Translate) -> list[str]:
    d = check.details
    if check.status is Status.OK:
        label = tr("staff.detail.emulator") if d["mode"] == "emulator" else "AusweisApp"
        return [tr("staff.detail.eid_ok", label=label, version=d["version"], level=d["api_level"])]
    if d.get("process") == "not-installed":
        return [tr("staff.detail.eid_not_installed")]
    if check.status is Status.UNKNOWN:
        return [tr("staff.detail.eid_starting")]
    return [tr("staff.detail.eid_down", reason=check.summary)]


def _readers(check: Check, tr: Translate) -> list[str]:
    if check.status is Status.UNKNOWN:
        return [tr("staff.detail.not_checked")]
    readers = [r for r in check.details["readers"] if r["name"] != "Simulator"]
    lines = [
        tr(
            "staff.detail.reader",
            name=reader["name"],
            pad=_yes_no(reader.get("keypad"), tr),
            card=tr(f"staff.card.{reader.get('card') or 'none'}"),
        )
        for reader in readers
    ]
    if lines:
        return lines
    if check.details.get("pcsc") == "unavailable":
        return [tr("staff.detail.no_pcscd")]
    return [tr("staff.detail.no_readers")]


def _portal(check: Check, tr: Translate) -> list[str]:
    if check.status is Status.UNKNOWN:
        return [tr("staff.detail.not_checked")]
    hosts = check.details["hosts"]
    if not hosts:
        return [tr("staff.detail.no_hosts")]
    if len(hosts) > MAX_HOST_LINES:  # many hosts: one line per way they answered
        groups: dict[str, list[dict[str, Any]]] = {}
        for host in hosts:
            groups.setdefault(host["state"], []).append(host)
        return [_host_line(group, tr) for group in groups.values()]
    return [
        tr(
            "staff.detail.host",
            host=host["host"],
            state=tr(f"staff.portal.{host['state']}", ms=host["ms"], status=host["http_status"]),
        )
        for host in hosts
    ]


def _host_line(group: list[dict[str, Any]], tr: Translate) -> str:
    """Hosts that answered the same way: the slowest time, the HTTP statuses seen."""
    times = [host["ms"] for host in group if host["ms"] is not None]
    statuses = sorted({str(host["http_status"]) for host in group if host["http_status"]})
    state = tr(
        f"staff.portal.{group[0]['state']}",
        ms=max(times) if times else "?",
        status="/".join(statuses) or "?",
    )
    names = [host["host"] for host in group]
    label = (
        ", ".join(names)
        if len(names) <= MAX_HOST_LINES
        else tr("staff.detail.hosts", count=len(names))
    )
    return tr("staff.detail.host", host=label, state=state)


def _content(check: Check, tr: Translate) -> list[str]:
    d = check.details
    if d["valid"]:
        return [tr("staff.detail.content_ok", bundle=d["bundle"], version=d["version"] or "…")]
    return [
        tr("staff.detail.content_bad", count=d["problems"], bundle=d["bundle"]),
        *d["first_problems"][:2],
    ]


def _statistics(check: Check, tr: Translate) -> list[str]:
    count = check.details["set_aside"]
    if count:
        return [tr("staff.detail.stats_reset", count=count)]
    return [tr("staff.detail.stats_ok")]


def _staff(check: Check, tr: Translate) -> list[str]:
    return [tr("staff.detail.staff_ok")] if check.status is Status.OK else [check.summary]


def _uptime(check: Check, tr: Translate) -> list[str]:
    hours, rest = divmod(int(check.details["seconds"]), 3600)
    return [tr("staff.detail.uptime", hours=hours, minutes=rest // 60)]


_RENDERERS: dict[str, Callable[[Check, Translate], list[str]]] = {
    "ausweisapp": _ausweisapp,
    "readers": _readers,
    "portal": _portal,
    "content": _content,
    "statistics": _statistics,
    "staff": _staff,
    "uptime": _uptime,
}
