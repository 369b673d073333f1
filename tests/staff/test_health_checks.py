"""The health checks as pure functions, and what makes a report unhealthy."""

from __future__ import annotations

from pathlib import Path

from kiosk.config import Config, load_config
from kiosk.health import (
    Check,
    EidSnapshot,
    Status,
    ausweisapp_check,
    build_report,
    content_check,
    default_required,
    readers_check,
)
from kiosk.health_probes import ContentStatus
from kiosk.health_run import build_monitor

READY = EidSnapshot(
    mode="ausweisapp",
    connection="ready",
    process="running",
    version="1.26.2",
    api_level=2,
    readers=(
        {"name": "Simulator", "keypad": True, "card": None, "source": "sdk"},
        {"name": "REINER SCT cyberJack RFID standard", "keypad": True, "card": "eid"},
    ),
)


def test_ausweisapp_states() -> None:
    assert ausweisapp_check(READY).status is Status.OK
    assert "1.26.2" in ausweisapp_check(READY).summary
    missing = EidSnapshot("ausweisapp", "disconnected", "not-installed", reason="not installed")
    assert ausweisapp_check(missing).status is Status.DOWN
    assert "not installed" in ausweisapp_check(missing).summary
    held = EidSnapshot("external", "held", None, reason="another client holds the SDK")
    assert ausweisapp_check(held).status is Status.DOWN
    starting = EidSnapshot("ausweisapp", "disconnected", "starting", reason="starting")
    assert ausweisapp_check(starting).status is Status.UNKNOWN
    assert ausweisapp_check(None).status is Status.UNKNOWN


def test_readers_need_a_real_reader_besides_the_simulator() -> None:
    check = readers_check(READY)
    assert check.status is Status.OK
    assert "cyberJack" in check.summary and "PIN pad" in check.summary
    only_simulator = EidSnapshot(
        "ausweisapp", "ready", readers=({"name": "Simulator", "keypad": True, "card": None},)
    )
    assert readers_check(only_simulator).status is Status.DOWN
    no_pcscd = EidSnapshot("ausweisapp", "ready", pcsc="unavailable")
    assert "pcscd" in readers_check(no_pcscd).summary


def test_a_required_check_that_is_down_makes_the_report_unhealthy() -> None:
    checks = [Check("content", Status.OK, "fine"), Check("portal", Status.DOWN, "offline")]
    assert build_report("s", checks, frozenset({"content"}), 0.0).ok
    report = build_report("s", checks, frozenset({"content", "portal"}), 0.0)
    assert not report.ok
    assert report.check("portal") is not None and report.check("portal").required  # type: ignore[union-attr]
    assert [c.name for c in report.checks] == ["portal", "content"]  # dashboard order
    assert report.to_dict()["ok"] is False


def test_unknown_counts_as_not_working_when_required() -> None:
    checks = [Check("ausweisapp", Status.UNKNOWN, "starting")]
    assert not build_report("s", checks, frozenset({"ausweisapp"}), 0.0).ok


def test_required_checks_follow_the_stations_or_the_config(tmp_path: Path) -> None:
    assert default_required(("services", "eid")) == ("ausweisapp", "readers", "content")
    assert default_required(("services",)) == ("content",)
    path = tmp_path / "station.toml"
    path.write_text(
        '[staff]\nrequired_checks = ["portal"]\nportal_urls = ["http://127.0.0.1:9/"]\n',
        encoding="utf-8",
    )
    config, problems = load_config(path)
    assert problems == []
    monitor = build_monitor(config, ContentStatus("x", tmp_path))
    assert monitor.required == {"portal"}
    assert monitor.portal.urls == ("http://127.0.0.1:9/",)


def test_a_wrong_check_name_in_the_config_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "station.toml"
    path.write_text('[staff]\nrequired_checks = ["coffee"]\n', encoding="utf-8")
    config, problems = load_config(path)
    assert any("staff.required_checks" in str(p) and ":2:" in str(p) for p in problems)
    assert config.staff.required_checks == Config().staff.required_checks


def test_content_falls_back_and_says_so(tmp_path: Path) -> None:
    ok = ContentStatus("flensburg", tmp_path)
    assert content_check(ok).status is Status.OK
    broken = ContentStatus("flensburg", tmp_path, tmp_path / "mine", ("bundle.toml:3: bad",))
    check = content_check(broken)
    assert check.status is Status.DOWN
    assert "1 problem" in check.summary and check.details["first_problems"] == [
        "bundle.toml:3: bad"
    ]


def test_the_content_version_changes_with_any_file(tmp_path: Path) -> None:
    (tmp_path / "bundle.toml").write_text("[bundle]\n", encoding="utf-8")
    first = ContentStatus("x", tmp_path).fingerprint()
    assert first == ContentStatus("x", tmp_path).fingerprint()
    (tmp_path / "services").mkdir()
    (tmp_path / "services" / "a.toml").write_text("id = 'a'\n", encoding="utf-8")
    assert ContentStatus("x", tmp_path).fingerprint() != first
