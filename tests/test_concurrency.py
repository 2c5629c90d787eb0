"""Simultaneous saves against the application, on the test database (SQLite, PostgreSQL or MariaDB).

Twenty browsers post at the same instant (a barrier releases them together), each on its own
connection, as clerks on several office PCs would. The rules that span records must hold for all of
them together: the losers of a race get the same message at the field as a later save would, and
nothing they sent is stored. Each test prints how many saves were accepted and refused.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from conftest import TEST_PASSWORD, make_user
from factories import make_client, make_commitment, make_placement
from invariants import violations
from sqlalchemy import func, select, text
from test_rules_both_sides import client_form

from models import HourLog, LoginThrottle, Placement, db

RACERS = 20


def all_at_once(count: int, request: Callable[[int], Any]) -> list[Any]:
    """Run `request(i)` for i in 0..count-1 in threads released together; their results (or errors)."""
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count

    def run(index: int) -> None:
        barrier.wait()
        try:
            results[index] = request(index)
        except Exception as error:  # a crash is a result the test reports, not a hang
            results[index] = error

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def clerks(app, count: int) -> list[Any]:
    """`count` browsers, each logged in as the same clerk (one after another)."""
    make_user(app, "clerk-on-many-pcs")
    browsers = []
    for _ in range(count):
        browser = app.test_client()
        response = browser.post("/login", data={"username": "clerk-on-many-pcs", "password": TEST_PASSWORD})
        assert response.status_code == 302
        browsers.append(browser)
    return browsers


def tally(results: list[Any], refusal: str) -> tuple[int, int, list[str]]:
    """(accepted, refused with `refusal`, anything else) among the responses."""
    accepted = refused = 0
    other = []
    for result in results:
        if isinstance(result, Exception):
            other.append(repr(result))
        elif result.status_code == 302:
            accepted += 1
        elif result.status_code == 200 and refusal in result.get_data(as_text=True):
            refused += 1
        else:
            other.append(f"{result.status_code}: {result.get_data(as_text=True)[:300]}")
    return accepted, refused, other


def test_simultaneous_journal_days_never_credit_more_than_ordered(app):
    """20 clerks log 8 hours each on a placement with 40 hours ordered: exactly 5 days are credited."""
    with app.app_context():
        placement = make_placement(
            hours_ordered=40, start_date=date(2026, 3, 2), end_date=date(2026, 8, 31)
        ).id
    browsers = clerks(app, RACERS)
    days = [date(2026, 3, 2) + timedelta(days=index) for index in range(RACERS)]

    def save_day(index: int) -> Any:
        data = {"placement": str(placement), "work_date": days[index].isoformat(), "hours": "8"}
        return browsers[index].post("/admin/hourlog/new/", data=data)

    accepted, refused, other = tally(all_at_once(RACERS, save_day), "melebihi jam putusan (40)")
    print(f"\njournal race: {accepted} accepted, {refused} refused, {len(other)} other")
    assert other == []
    assert (accepted, refused) == (5, 15)
    with app.app_context():
        credited = db.session.scalar(select(func.sum(HourLog.hours)).where(HourLog.placement_id == placement))
    assert credited == 40


def test_simultaneous_placements_never_exceed_the_capacity(app):
    """20 clerks place 20 clients under a commitment with room for 2: exactly 2 placements are stored."""
    with app.app_context():
        commitment = make_commitment(capacity=2)
        target = {"commitment": commitment.id, "agency": commitment.agency.id}
        clients = [make_client(full_name=f"Klien Serentak {index}").id for index in range(RACERS)]
    browsers = clerks(app, RACERS)

    def place(index: int) -> Any:
        data = {
            "client": str(clients[index]),
            "agency": str(target["agency"]),
            "commitment": str(target["commitment"]),
            "kind": "kerja_sosial",
            "start_date": "2026-03-02",
            "end_date": "2026-08-31",
            "hours_ordered": "60",
            "status": "active",
        }
        return browsers[index].post("/admin/placement/new/", data=data)

    accepted, refused, other = tally(
        all_at_once(RACERS, place), "Kapasitas rencana kerja ini sudah penuh (2 klien)."
    )
    print(f"\ncapacity race: {accepted} accepted, {refused} refused, {len(other)} other")
    assert other == []
    assert (accepted, refused) == (2, 18)
    with app.app_context():
        stored = db.session.scalar(
            select(func.count()).select_from(Placement).where(Placement.commitment_id == target["commitment"])
        )
    assert stored == 2


def test_closing_a_client_while_a_placement_is_saved_leaves_no_open_placement_of_a_closed_client(app):
    """One clerk ends a client while others place them: either the client stays active, or no placement opens."""
    with app.app_context():
        client = make_client()
        commitment = make_commitment(capacity=None)
        ids = {"client": client.id, "commitment": commitment.id, "agency": commitment.agency.id}
        form = client_form(client)
    browsers = clerks(app, 6)

    def act(index: int) -> Any:
        if index == 0:
            return browsers[0].post(
                f"/admin/client/edit/?id={ids['client']}", data={**form, "status": "completed"}
            )
        data = {
            "client": str(ids["client"]),
            "agency": str(ids["agency"]),
            "commitment": str(ids["commitment"]),
            "kind": "kerja_sosial",
            "start_date": f"2026-0{index + 2}-02",
            "end_date": f"2026-0{index + 2}-20",
            "hours_ordered": "40",
            "status": "active",
        }
        return browsers[index].post("/admin/placement/new/", data=data)

    results = all_at_once(6, act)
    assert not [result for result in results if isinstance(result, Exception)]
    assert all(result.status_code in (200, 302) for result in results)
    with app.app_context(), db.engine.connect() as connection:
        assert violations(connection) == []


def test_simultaneous_logins_to_one_account_all_succeed(app):
    """20 browsers log in to one account at once: every one is let in, none gets a server error."""
    make_user(app, "kepala-serentak", "clerk")

    def login(index: int) -> Any:
        return app.test_client().post(
            "/login", data={"username": "kepala-serentak", "password": TEST_PASSWORD}
        )

    results = all_at_once(RACERS, login)
    statuses = [
        result.status_code if not isinstance(result, Exception) else repr(result) for result in results
    ]
    print(f"\nlogin race: {statuses.count(302)} let in of {RACERS}")
    assert statuses == [302] * RACERS, statuses


def test_simultaneous_wrong_passwords_delay_the_address(app):
    """10 wrong passwords at once from one address: none is lost before the limit (5), so that address
    waits, even with the right password; another address logs in."""
    make_user(app, "sasaran", "clerk")

    def guess(index: int) -> Any:
        return app.test_client().post(
            "/login", data={"username": "sasaran", "password": f"salah-{index}-xyz"}
        )

    results = all_at_once(10, guess)
    assert [result.status_code for result in results] == [401] * 10
    with app.app_context():
        throttle = db.session.scalar(select(LoginThrottle))
        assert throttle.failures >= 5 and throttle.blocked_until is not None
    right = app.test_client().post("/login", data={"username": "sasaran", "password": TEST_PASSWORD})
    assert right.status_code == 401
    elsewhere = app.test_client().post(
        "/login",
        data={"username": "sasaran", "password": TEST_PASSWORD},
        environ_base={"REMOTE_ADDR": "10.0.0.2"},
    )
    assert elsewhere.status_code == 302


@pytest.mark.parametrize(
    "breakage",
    [
        "UPDATE commitment SET capacity = 0",
        "UPDATE hour_log SET hours = 30",
        "UPDATE app_user SET role = 'head', agency_id = NULL",
    ],
)
def test_the_invariant_checker_sees_a_broken_rule(app, breakage):
    """The checker is not blind: a record broken behind the application's back is reported."""
    with app.app_context():
        placement = make_placement(hours_ordered=60)
        db.session.add(HourLog(placement=placement, work_date=date(2026, 3, 3), hours=4))
        db.session.commit()
    make_user(app, "someone")
    with app.app_context(), db.engine.begin() as connection:
        assert violations(connection) == []
        connection.execute(text(breakage))
        assert violations(connection) != []
        connection.execute(text("DELETE FROM hour_log"))
        connection.execute(text("UPDATE commitment SET capacity = NULL"))
        connection.execute(text("UPDATE app_user SET role = 'clerk'"))
