"""Login for the clerk: every admin page behind it, one generic error, logout by POST, safe redirects."""

from __future__ import annotations

import pytest
from conftest import TEST_PASSWORD, make_user

ADMIN_PAGES = [
    "/admin/",
    "/admin/agency/",
    "/admin/agency/new/",
    "/admin/commitment/",
    "/admin/client/",
    "/admin/client/details/?id=1",
    "/admin/placement/",
    "/admin/placement/edit/?id=1",
    "/admin/hourlog/",
    "/admin/agreement/",
    "/admin/client/export/csv/",
]


def test_login_page_is_in_indonesian(client):
    """The login page asks for 'Nama pengguna' and 'Kata sandi'."""
    page = client.get("/login").get_data(as_text=True)
    assert "Nama pengguna" in page and "Kata sandi" in page and "Masuk" in page


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_every_admin_page_sends_an_anonymous_visitor_to_the_login(client, path):
    """Without logging in, every admin page redirects to /login?next=<that page>."""
    response = client.get(path)
    assert response.status_code == 302
    assert response.location.startswith("/login?next=")


def test_clerk_logs_in_and_lands_on_the_dashboard(app, client):
    """The right username and password open the dashboard, showing the user's name."""
    make_user(app, "operator")
    response = client.post(
        "/login", data={"username": "operator", "password": TEST_PASSWORD}, follow_redirects=True
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Beranda" in page and "operator" in page


@pytest.mark.parametrize(
    "username, password",
    [("operator", "salah-sekali-123"), ("tidak-ada", TEST_PASSWORD), ("operator", "")],
)
def test_a_failed_login_shows_one_generic_message(app, client, username, password):
    """Wrong password and unknown user read the same, so usernames cannot be probed."""
    make_user(app, "operator")
    response = client.post("/login", data={"username": username, "password": password})
    assert response.status_code == 401
    page = response.get_data(as_text=True)
    if password:
        assert "Nama pengguna atau kata sandi salah, atau akun sedang dikunci sementara." in page
    else:
        assert "Wajib diisi." in page
    assert client.get("/admin/").status_code == 302


def test_an_inactive_account_cannot_log_in(app, client):
    """A deactivated account gets the same generic message."""
    from models import User, db

    make_user(app, "mantan")
    with app.app_context():
        db.session.query(User).filter_by(username="mantan").one().active = False
        db.session.commit()
    response = client.post("/login", data={"username": "mantan", "password": TEST_PASSWORD})
    assert response.status_code == 401
    assert "Nama pengguna atau kata sandi salah, atau akun sedang dikunci sementara." in response.get_data(
        as_text=True
    )


def test_login_returns_to_the_page_asked_for(app, client):
    """After logging in from /admin/client/ the clerk is back on /admin/client/."""
    make_user(app, "operator")
    response = client.post(
        "/login?next=/admin/client/", data={"username": "operator", "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert response.location == "/admin/client/"


@pytest.mark.parametrize(
    "target", ["//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"]
)
def test_login_never_redirects_to_another_site(app, client, target):
    """A `next` pointing off the site is ignored; the clerk lands on the dashboard."""
    make_user(app, "operator")
    response = client.post(
        "/login", query_string={"next": target}, data={"username": "operator", "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert response.location == "/admin/"


def test_logout_is_a_post_that_ends_the_session(clerk):
    """A GET cannot log anyone out (it shows the button); the POST does, and the admin asks for a login again."""
    assert "Keluar dari aplikasi?" in clerk.get("/logout").get_data(as_text=True)
    assert clerk.get("/admin/").status_code == 200
    response = clerk.post("/logout", follow_redirects=True)
    assert "Anda telah keluar." in response.get_data(as_text=True)
    assert clerk.get("/admin/").status_code == 302


def test_every_admin_page_has_a_logout_button(clerk):
    """The navigation bar carries a logout form that POSTs to /logout."""
    page = clerk.get("/admin/agency/").get_data(as_text=True)
    assert 'id="logout-form"' in page and 'action="/logout"' in page and 'method="post"' in page


def test_session_cookie_is_httponly_and_samesite_lax(app, client):
    """The session cookie cannot be read by scripts nor sent by other sites' forms."""
    make_user(app, "operator")
    response = client.post("/login", data={"username": "operator", "password": TEST_PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "remember_token" not in str(response.headers)


def test_every_user_finds_how_to_change_the_password(app, login_as):
    """The navigation bar links to the password change, for the clerk and for a head."""
    from factories import make_agency

    with app.app_context():
        agency_id = make_agency().id
    for browser in (login_as("clerk"), login_as("head", agency_id)):
        page = browser.get("/admin/").get_data(as_text=True)
        assert 'href="/change-password"' in page and "Ubah kata sandi" in page


def test_the_login_page_says_whom_to_ask(app, client):
    """A locked-out user reads whom to contact; the office sets it (OFFICE_CONTACT)."""
    assert "Hubungi operator Bapas Klaten." in client.get("/login").get_data(as_text=True)
    app.config["OFFICE_CONTACT"] = "Sri, operator Bapas, 0272-321000"
    assert "Hubungi Sri, operator Bapas, 0272-321000." in client.get("/login").get_data(as_text=True)
