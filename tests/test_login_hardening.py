"""The hardened login: a growing delay per account and address, one generic message and one hash per
attempt, a rate limit, the password policy, forced change, the session epoch and the idle timeout."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from conftest import TEST_PASSWORD, app_with, make_user
from sqlalchemy import select, update
from werkzeug.security import check_password_hash

import auth
import models
from models import LoginThrottle, User, db, utcnow
from passwords import password_problems

GENERIC = "Nama pengguna atau kata sandi salah, atau akun sedang dikunci sementara."


def login(browser, username: str, password: str):
    return browser.post("/login", data={"username": username, "password": password})


def flashed(response) -> list[str]:
    return re.findall(r'class="alert alert-[a-z]+" role="alert">([^<]*)<', response.get_data(as_text=True))


def stored_user(app, username: str) -> User:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        db.session.expunge(user)
        return user


ATTACKER = {"REMOTE_ADDR": "10.0.0.66"}
OFFICE_PC = {"REMOTE_ADDR": "10.0.0.2"}


def throttle(app, username: str, address: str = "127.0.0.1") -> LoginThrottle | None:
    with app.app_context():
        row = db.session.scalar(
            select(LoginThrottle)
            .join(User, User.id == LoginThrottle.user_id)
            .where(User.username == username, LoginThrottle.address == address)
        )
        if row is not None:
            db.session.expunge(row)
        return row


def delay_left(app, username: str, address: str = "127.0.0.1") -> float:
    """Minutes this address still waits for this account."""
    return (throttle(app, username, address).blocked_until - utcnow()).total_seconds() / 60


def wait_out_the_delay(app, username: str, address: str = "127.0.0.1") -> None:
    with app.app_context():
        db.session.execute(
            update(LoginThrottle)
            .where(LoginThrottle.address == address)
            .values(blocked_until=utcnow() - timedelta(seconds=1))
        )
        db.session.commit()


def test_five_failures_delay_that_address_with_a_growing_wait(app, client):
    """After 5 wrong passwords from one address it waits 1 minute, then 2, 4, 8, then at most 15."""
    make_user(app, "siti")
    for _ in range(4):
        assert login(client, "siti", "salah-salah-1").status_code == 401
    assert throttle(app, "siti").blocked_until is None
    assert login(client, "siti", "salah-salah-1").status_code == 401
    assert 0.9 < delay_left(app, "siti") <= 1
    refused = login(client, "siti", TEST_PASSWORD)
    assert refused.status_code == 401 and flashed(refused) == [GENERIC]
    # Attempts while waiting do not count and do not lengthen the wait.
    assert throttle(app, "siti").failures == 5 and delay_left(app, "siti") <= 1
    for expected in (2, 4, 8, 15, 15):
        wait_out_the_delay(app, "siti")
        assert login(client, "siti", "salah-salah-1").status_code == 401
        assert expected - 0.1 < delay_left(app, "siti") <= expected
    wait_out_the_delay(app, "siti")
    assert login(client, "siti", TEST_PASSWORD).status_code == 302
    assert throttle(app, "siti") is None


def test_the_clerk_cannot_be_locked_out_from_another_address(app):
    """Any number of wrong passwords from one address leave the clerk's own PC free to log in."""
    make_user(app, "operator")
    attacker = app.test_client()
    for _ in range(5):
        for _ in range(10):
            attacker.post(
                "/login", data={"username": "operator", "password": "tebak-tebak-1"}, environ_base=ATTACKER
            )
        wait_out_the_delay(app, "operator", ATTACKER["REMOTE_ADDR"])
    for _ in range(5):
        attacker.post(
            "/login", data={"username": "operator", "password": "tebak-tebak-1"}, environ_base=ATTACKER
        )
    assert delay_left(app, "operator", ATTACKER["REMOTE_ADDR"]) > 14
    office = app.test_client()
    response = office.post(
        "/login", data={"username": "operator", "password": TEST_PASSWORD}, environ_base=OFFICE_PC
    )
    assert response.status_code == 302
    assert office.get("/admin/", environ_base=OFFICE_PC).status_code == 200
    # The attacker's address still waits, even with the right password.
    right_from_attacker = app.test_client().post(
        "/login", data={"username": "operator", "password": TEST_PASSWORD}, environ_base=ATTACKER
    )
    assert right_from_attacker.status_code == 401


def test_a_success_resets_the_failure_count(app, client):
    """Four mistakes, then the right password: the count of that address starts again from zero."""
    make_user(app, "siti")
    for _ in range(4):
        login(client, "siti", "salah-salah-1")
    assert throttle(app, "siti").failures == 4
    assert login(client, "siti", TEST_PASSWORD).status_code == 302
    assert throttle(app, "siti") is None


def delayed(app, username: str, address: str = "127.0.0.1") -> None:
    """Make `address` wait 5 more minutes before trying `username` again."""
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        db.session.add(
            LoginThrottle(
                user_id=user.id, address=address, failures=5, blocked_until=utcnow() + timedelta(minutes=5)
            )
        )
        db.session.commit()


def test_every_failure_reads_the_same(app):
    """Unknown user, wrong password, delayed and deactivated accounts give one identical message."""
    make_user(app, "siti")
    make_user(app, "mantan")
    make_user(app, "terkunci")
    with app.app_context():
        db.session.scalar(select(User).where(User.username == "mantan")).active = False
        db.session.commit()
    delayed(app, "terkunci")
    attempts = [
        ("tidak-ada", TEST_PASSWORD),
        ("siti", "salah-salah-1"),
        ("terkunci", TEST_PASSWORD),
        ("mantan", TEST_PASSWORD),
    ]
    bodies = set()
    for username, password in attempts:
        response = login(app.test_client(), username, password)
        assert response.status_code == 401
        assert flashed(response) == [GENERIC]
        bodies.add(response.get_data(as_text=True).replace(f'value="{username}"', ""))
    assert len(bodies) == 1


@pytest.mark.parametrize(
    "username, password, status",
    [
        ("tidak-ada", TEST_PASSWORD, 401),
        ("siti", "salah-salah-1", 401),
        ("terkunci", TEST_PASSWORD, 401),
        ("terkunci", "salah-salah-1", 401),
        ("mantan", TEST_PASSWORD, 401),
        ("mantan", "salah-salah-1", 401),
        ("siti", TEST_PASSWORD, 302),
    ],
)
def test_every_login_attempt_checks_exactly_one_password_hash(app, monkeypatch, username, password, status):
    """Whatever the account's state (unknown, wrong password, delayed, deactivated), one hash is checked."""
    make_user(app, "siti")
    make_user(app, "mantan")
    make_user(app, "terkunci")
    with app.app_context():
        db.session.scalar(select(User).where(User.username == "mantan")).active = False
        db.session.commit()
    delayed(app, "terkunci")
    checks = []

    def counted(stored: str, given: str) -> bool:
        checks.append(stored)
        return check_password_hash(stored, given)

    monkeypatch.setattr(auth, "check_password_hash", counted)
    monkeypatch.setattr(models, "check_password_hash", counted)
    assert login(app.test_client(), username, password).status_code == status
    assert len(checks) == 1


def test_unlock_user_lifts_the_delay_from_every_address(app):
    """`flask --app app unlock-user NAME` forgets the account's failures from every address."""
    make_user(app, "operator")
    make_user(app, "siti")
    delayed(app, "operator")
    delayed(app, "operator", ATTACKER["REMOTE_ADDR"])
    delayed(app, "siti")
    result = app.test_cli_runner().invoke(args=["unlock-user", "operator"])
    assert result.exit_code == 0, result.output
    assert "Penundaan masuk untuk 'operator' dicabut (2 alamat)" in result.output
    assert throttle(app, "operator") is None and throttle(app, "operator", ATTACKER["REMOTE_ADDR"]) is None
    assert throttle(app, "siti") is not None
    assert login(app.test_client(), "operator", TEST_PASSWORD).status_code == 302
    again = app.test_cli_runner().invoke(args=["unlock-user", "operator"])
    assert again.exit_code == 0 and "tidak sedang ditunda" in again.output


def test_unlock_user_refuses_an_unknown_name(app):
    """An unknown username is an error, in Indonesian."""
    result = app.test_cli_runner().invoke(args=["unlock-user", "tidak-ada"])
    assert result.exit_code != 0
    assert "Pengguna 'tidak-ada' tidak ditemukan." in result.output


@pytest.fixture
def limited_app(database_url, tmp_path):
    """An app with the login rate limit on: 3 attempts a minute per address."""
    with app_with(
        database_url, str(tmp_path), RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute"
    ) as application:
        yield application


def test_login_attempts_per_address_are_rate_limited(limited_app):
    """The 4th attempt in a minute from one address gets 429 with an Indonesian message."""
    make_user(limited_app, "siti")
    browser = limited_app.test_client()
    for _ in range(3):
        assert login(browser, "tidak-ada", "salah-salah-1").status_code == 401
    blocked = login(browser, "siti", TEST_PASSWORD)
    assert blocked.status_code == 429
    assert "Terlalu banyak percobaan masuk" in blocked.get_data(as_text=True)
    assert '<html lang="id">' in blocked.get_data(
        as_text=True
    ) and "Too Many Requests" not in blocked.get_data(as_text=True)
    assert browser.get("/login").status_code == 200
    other_address = limited_app.test_client()
    response = other_address.post(
        "/login",
        data={"username": "siti", "password": TEST_PASSWORD},
        environ_base={"REMOTE_ADDR": "10.0.0.2"},
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    "password, username, message",
    [
        ("pendek", "siti", "Kata sandi minimal 10 karakter."),
        ("SitiRahayu", "sitirahayu", "Kata sandi tidak boleh sama dengan nama pengguna."),
        ("password123", "siti", "Kata sandi ini terlalu umum; pilih yang lain."),
        ("Bismillah123", "siti", "Kata sandi ini terlalu umum; pilih yang lain."),
        ("aaaaaaaaaaaa", "siti", "Kata sandi ini terlalu umum; pilih yang lain."),
    ],
)
def test_password_policy_refuses_weak_passwords(app, password, username, message):
    """Short, username-equal and common passwords are refused with a reason."""
    with app.app_context():
        assert message in [str(problem) for problem in password_problems(password, username)]


def test_password_policy_accepts_a_good_password(app):
    """A long, uncommon password passes."""
    with app.app_context():
        assert password_problems("Sawah-Hijau-Klaten-27", "siti") == []


def must_change(app, username: str) -> None:
    make_user(app, username)
    with app.app_context():
        db.session.scalar(select(User).where(User.username == username)).must_change_password = True
        db.session.commit()


def test_forced_change_comes_before_every_admin_page(app, client):
    """A password set by the clerk must be replaced at login before any admin page opens."""
    must_change(app, "siti")
    response = login(client, "siti", TEST_PASSWORD)
    assert response.location == "/change-password"
    for path in ("/admin/", "/admin/agency/", "/admin/placement/"):
        assert client.get(path).location == "/change-password"
    page = client.get("/change-password").get_data(as_text=True)
    assert "Pilih kata sandi baru sebelum melanjutkan." in page


def change_own_password(browser):
    """The user changes their own password on the "Ubah kata sandi" page."""
    return browser.post(
        "/change-password",
        data={
            "current_password": TEST_PASSWORD,
            "new_password": "Sawah-Hijau-Klaten-27",
            "confirm_password": "Sawah-Hijau-Klaten-27",
        },
    )


@pytest.mark.parametrize(
    "current, new, confirm, message",
    [
        ("salah-salah-1", "Sawah-Hijau-Klaten-27", "Sawah-Hijau-Klaten-27", "Kata sandi saat ini salah."),
        (TEST_PASSWORD, "pendek", "pendek", "Kata sandi minimal 10 karakter."),
        (TEST_PASSWORD, "password123", "password123", "Kata sandi ini terlalu umum; pilih yang lain."),
        (TEST_PASSWORD, TEST_PASSWORD, TEST_PASSWORD, "Kata sandi baru harus berbeda dari yang lama."),
        (
            TEST_PASSWORD,
            "Sawah-Hijau-Klaten-27",
            "Sawah-Hijau-Klaten-28",
            "Kedua kata sandi baru tidak sama.",
        ),
    ],
)
def test_change_password_refuses_bad_input(app, client, current, new, confirm, message):
    """Each bad change is refused with its message; the old password still works."""
    must_change(app, "siti")
    login(client, "siti", TEST_PASSWORD)
    response = client.post(
        "/change-password",
        data={"current_password": current, "new_password": new, "confirm_password": confirm},
    )
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    user = stored_user(app, "siti")
    assert user.must_change_password
    with app.app_context():
        assert db.session.get(User, user.id).check_password(TEST_PASSWORD)


def test_change_password_then_work_normally(app, client):
    """A good new password is stored, the flag is cleared, and the dashboard opens."""
    must_change(app, "siti")
    login(client, "siti", TEST_PASSWORD)
    response = change_own_password(client)
    assert response.location == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert not stored_user(app, "siti").must_change_password
    assert login(app.test_client(), "siti", "Sawah-Hijau-Klaten-27").status_code == 302


def test_strong_session_protection_drops_a_copied_cookie(app, client):
    """The session cookie replayed from another browser (User-Agent) is logged out."""
    make_user(app, "siti")
    login(client, "siti", TEST_PASSWORD)
    assert client.get("/admin/").status_code == 200
    response = client.get("/admin/", headers={"User-Agent": "Browser-lain/1.0"})
    assert response.status_code == 302 and response.location.startswith("/login")


def test_security_headers_on_every_page(clerk, client):
    """Every page, logged in or not, carries the CSP, frame denial, nosniff and referrer policy."""
    for browser, path in (
        (client, "/login"),
        (clerk, "/admin/"),
        (clerk, "/admin/client/"),
        (client, "/healthz"),
    ):
        headers = browser.get(path).headers
        csp = headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert (
            "script-src 'self' 'nonce-" in csp
            and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
        )
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
        assert headers["Cache-Control"] == "no-store"


def test_every_inline_script_carries_the_pages_nonce(clerk):
    """The admin's inline scripts run under the CSP because each carries this response's nonce."""
    response = clerk.get("/admin/placement/new/")
    nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)
    scripts = re.findall(r"<script\b[^>]*>", response.get_data(as_text=True))
    assert scripts
    assert all(f'nonce="{nonce}"' in tag for tag in scripts), [t for t in scripts if nonce not in t]
    assert "onclick=" not in clerk.get("/admin/agency/").get_data(as_text=True).replace(
        'onclick="return false;"', ""
    )


def copy_of(browser, app):
    """A second browser holding a copy of `browser`'s session cookie (same address and browser name)."""
    thief = app.test_client()
    thief.set_cookie("session", browser.get_cookie("session").value)
    return thief


def refused(browser) -> bool:
    response = browser.get("/admin/")
    return response.status_code == 302 and response.location.startswith("/login")


def test_a_cookie_copied_before_logout_is_refused_after_it(app, client):
    """Logging out ends every session of the user: a saved copy of the cookie opens nothing."""
    make_user(app, "siti")
    login(client, "siti", TEST_PASSWORD)
    copy = copy_of(client, app)
    assert copy.get("/admin/").status_code == 200
    client.post("/logout")
    assert refused(copy)
    assert refused(client)
    # Logging in again does not bring the old copy back.
    login(app.test_client(), "siti", TEST_PASSWORD)
    assert refused(copy)


def test_a_password_change_ends_every_other_session(app, client):
    """After a password change, another session of the user is refused; this one carries on."""
    make_user(app, "siti")
    login(client, "siti", TEST_PASSWORD)
    other_pc = app.test_client()
    login(other_pc, "siti", TEST_PASSWORD)
    copy = copy_of(client, app)
    response = change_own_password(client)
    assert response.location == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert refused(other_pc)
    assert refused(copy)


def test_a_session_ended_elsewhere_says_why_on_the_login_page(app, client):
    """The other PC is sent to the login page with the reason, once."""
    make_user(app, "siti")
    login(client, "siti", TEST_PASSWORD)
    other_pc = app.test_client()
    login(other_pc, "siti", TEST_PASSWORD)
    client.post("/logout")
    page = other_pc.get("/admin/client/", follow_redirects=True).get_data(as_text=True)
    assert "Sesi ini sudah berakhir: Anda keluar atau mengganti kata sandi di komputer lain" in page
    assert "Sesi ini sudah berakhir" not in other_pc.get("/login").get_data(as_text=True)


def edit_user(clerk, app, username: str, **fields: str):
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        data = {
            "username": user.username,
            "role": user.role,
            "active": "y",
            "new_password": "",
            "version": str(user.version),
        }
    data.update(fields)
    data = {key: value for key, value in data.items() if value is not None}
    return clerk.post(f"/admin/user/edit/?id={user.id}", data=data)


@pytest.mark.parametrize(
    "change", [{"active": None}, {"new_password": "Sawah-Hijau-Klaten-27"}], ids=["deactivated", "reset"]
)
def test_the_clerks_deactivation_or_reset_ends_the_users_sessions(app, clerk, change):
    """Unticking 'Aktif' or typing a new password ends every session the user had open."""
    make_user(app, "siti")
    siti = app.test_client()
    login(siti, "siti", TEST_PASSWORD)
    assert siti.get("/admin/").status_code == 200
    assert edit_user(clerk, app, "siti", **change).status_code == 302
    assert refused(siti)
    assert clerk.get("/admin/").status_code == 200


def test_the_clerk_who_resets_their_own_password_stays_logged_in(app, clerk):
    """The clerk's own reset ends their other sessions, not the one that made it."""
    with app.app_context():
        own = db.session.scalar(select(User).where(User.username.like("clerk-%")))
    other_pc = app.test_client()
    login(other_pc, own.username, TEST_PASSWORD)
    response = edit_user(clerk, app, own.username, new_password="Sawah-Hijau-Klaten-27")
    assert response.status_code == 302
    assert refused(other_pc)
    assert clerk.get("/change-password").status_code == 200


def test_editing_a_user_without_a_password_keeps_their_sessions(app, clerk):
    """Changing only the full name ends nothing."""
    make_user(app, "siti")
    siti = app.test_client()
    login(siti, "siti", TEST_PASSWORD)
    assert edit_user(clerk, app, "siti", full_name="Siti Rahayu").status_code == 302
    assert siti.get("/admin/").status_code == 200


@pytest.fixture
def clock(monkeypatch):
    """The idle timeout's clock, moved by hand: `clock.now += 60`."""

    class Clock:
        now = 1_800_000_000.0

    monkeypatch.setattr(auth, "now_seconds", lambda: Clock.now)
    return Clock


def test_an_idle_session_ends_after_eight_hours(app, client, clock):
    """Unused for more than IDLE_TIMEOUT_MINUTES (480), the session ends with an Indonesian message."""
    assert app.config["IDLE_TIMEOUT_MINUTES"] == 480
    make_user(app, "siti")
    login(client, "siti", TEST_PASSWORD)
    for _ in range(3):
        clock.now += 479 * 60
        assert client.get("/admin/").status_code == 200
    copy = copy_of(client, app)
    clock.now += 481 * 60
    response = client.get("/admin/client/")
    assert response.status_code == 302 and response.location.startswith("/login?next=")
    page = client.get(response.location)
    assert flashed(page) == ["Sesi berakhir karena lama tidak dipakai. Silakan masuk lagi."]
    assert refused(client)
    assert refused(copy)
    assert login(client, "siti", TEST_PASSWORD).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_the_idle_limit_is_a_setting(database_url, tmp_path, clock):
    """IDLE_TIMEOUT_MINUTES=30: 31 minutes unused end the session."""
    with app_with(database_url, str(tmp_path), IDLE_TIMEOUT_MINUTES=30) as application:
        make_user(application, "siti")
        browser = application.test_client()
        login(browser, "siti", TEST_PASSWORD)
        clock.now += 29 * 60
        assert browser.get("/admin/").status_code == 200
        clock.now += 31 * 60
        assert refused(browser)


def test_the_session_cookie_does_not_outlive_the_idle_limit(app, client):
    """The cookie ends with the browser, and its signature is refused a day after the idle limit."""
    make_user(app, "siti")
    cookie = login(client, "siti", TEST_PASSWORD).headers["Set-Cookie"]
    assert "Expires" not in cookie and "Max-Age" not in cookie
    assert app.permanent_session_lifetime == timedelta(minutes=480, days=1)
