"""The hardened login: lockout, one generic message, a rate limit, the password policy, forced change."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from conftest import TEST_PASSWORD, empty_tables, make_user, test_config
from sqlalchemy import select

from app import create_app
from extensions import limiter
from models import User, db, utcnow
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


def test_five_failures_lock_the_account_for_fifteen_minutes(app, client):
    """After 5 wrong passwords even the right one is refused, until the 15 minutes are over."""
    make_user(app, "siti")
    for _ in range(5):
        assert login(client, "siti", "salah-salah-1").status_code == 401
    locked = stored_user(app, "siti")
    assert locked.locked_until is not None
    minutes = (locked.locked_until - utcnow()).total_seconds() / 60
    assert 14 < minutes <= 15
    refused = login(client, "siti", TEST_PASSWORD)
    assert refused.status_code == 401 and flashed(refused) == [GENERIC]
    with app.app_context():
        db.session.scalar(select(User).where(User.username == "siti")).locked_until = utcnow() - timedelta(
            seconds=1
        )
        db.session.commit()
    assert login(client, "siti", TEST_PASSWORD).status_code == 302
    assert stored_user(app, "siti").failed_logins == 0


def test_a_success_resets_the_failure_count(app, client):
    """Four mistakes, then the right password: the count starts again from zero."""
    make_user(app, "siti")
    for _ in range(4):
        login(client, "siti", "salah-salah-1")
    assert stored_user(app, "siti").failed_logins == 4
    assert login(client, "siti", TEST_PASSWORD).status_code == 302
    assert stored_user(app, "siti").failed_logins == 0


def test_every_failure_reads_the_same(app):
    """Unknown user, wrong password, locked and deactivated accounts give one identical message."""
    make_user(app, "siti")
    make_user(app, "mantan")
    make_user(app, "terkunci")
    with app.app_context():
        db.session.scalar(select(User).where(User.username == "mantan")).active = False
        db.session.scalar(select(User).where(User.username == "terkunci")).locked_until = (
            utcnow() + timedelta(minutes=5)
        )
        db.session.commit()
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


@pytest.fixture
def limited_app(database_url, tmp_path):
    """An app with the login rate limit on: 3 attempts a minute per address."""
    application = create_app(
        test_config(database_url, str(tmp_path), RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute")
    )
    limiter.reset()
    yield application
    limiter.reset()
    with application.app_context():
        db.session.remove()
        empty_tables()
        db.engine.dispose()


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
    response = client.post(
        "/change-password",
        data={
            "current_password": TEST_PASSWORD,
            "new_password": "Sawah-Hijau-Klaten-27",
            "confirm_password": "Sawah-Hijau-Klaten-27",
        },
    )
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
