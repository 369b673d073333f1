"""Portal reachability against a local HTTP server: reachable, slow, refusing, 500, timeout."""

from __future__ import annotations

import time

from kiosk.health import Status, portal_check
from kiosk.health_probes import PortalProbe
from tests.staff.portal_server import portal_server, refusing_url


def probe(urls: list[str], **kwargs: float) -> PortalProbe:
    options = {"connect_timeout_s": 1.0, "read_timeout_s": 1.5, "slow_after_s": 0.4}
    options.update(kwargs)
    return PortalProbe(urls, **options)


def test_each_way_a_portal_can_answer_is_named() -> None:
    refused = refusing_url()
    with portal_server() as base:
        urls = [f"{base}/ok", f"{base}/slow-700", f"{base}/error", refused, f"{base}/slow-3000"]
        results = {r.url: r for r in probe(urls).results()}
    assert results[f"{base}/ok"].state == "ok"
    assert results[f"{base}/ok"].http_status == 200
    assert results[f"{base}/slow-700"].state == "slow"
    assert results[f"{base}/slow-700"].ms is not None and results[f"{base}/slow-700"].ms >= 700
    assert results[f"{base}/error"].state == "server_error"
    assert results[f"{base}/error"].http_status == 500
    assert results[refused].state == "refused"
    assert results[f"{base}/slow-3000"].state == "timeout"


def test_the_check_is_ok_degraded_or_down() -> None:
    with portal_server() as base:
        good = probe([f"{base}/ok"]).results()
        mixed = probe([f"{base}/ok", f"{base}/error"]).results()
        bad = probe([f"{base}/error", refusing_url()]).results()
    assert portal_check(good).status is Status.OK
    assert portal_check(mixed).status is Status.DEGRADED
    assert portal_check(bad).status is Status.DOWN
    assert portal_check(None).status is Status.UNKNOWN
    assert "refused" in portal_check(bad).summary


def test_probes_run_in_parallel_and_are_cached() -> None:
    clock = [100.0]
    with portal_server() as base:
        portal = PortalProbe(
            [f"{base}/slow-600", f"{base}/slow-601", f"{base}/slow-602"],
            read_timeout_s=2.0,
            ttl_s=60.0,
            clock=lambda: clock[0],
        )
        assert portal.cached() is None
        started = time.monotonic()
        first = portal.results()
        took = time.monotonic() - started
        assert took < 1.5, f"three 0.6 s probes took {took:.1f} s: not in parallel"
        assert portal.results() is first  # within the cache time: no new request
        clock[0] += 61
        assert portal.results() is not first
