"""With CSRF switched on (as in production), every POST without the token is refused."""

from __future__ import annotations

import re

import pytest
from conftest import TEST_PASSWORD, app_with, make_user
from factories import make_agency
from sqlalchemy import func, select

from models import Agency, User, db


@pytest.fixture
def csrf_app(database_url, tmp_path):
    """An app like production: CSRF checked on every POST."""
    with app_with(database_url, str(tmp_path), WTF_CSRF_ENABLED=True) as application:
        yield application


def csrf_token(browser, path: str) -> str:
    page = browser.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def logged_in(app):
    make_user(app, "operator")
    browser = app.test_client()
    token = csrf_token(browser, "/login")
    response = browser.post(
        "/login", data={"username": "operator", "password": TEST_PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302
    return browser


def test_login_without_token_is_refused(csrf_app):
    """A login POST that did not come from our form is refused and logs nobody in."""
    make_user(csrf_app, "operator")
    browser = csrf_app.test_client()
    response = browser.post("/login", data={"username": "operator", "password": TEST_PASSWORD})
    assert response.status_code in (200, 400)
    assert browser.get("/admin/").status_code == 302


def test_logout_without_token_is_refused(csrf_app):
    """A forged logout POST does not end the session."""
    browser = logged_in(csrf_app)
    assert browser.post("/logout").status_code == 400
    assert browser.get("/admin/").status_code == 200


VIEWS = ("agency", "commitment", "client", "placement", "hourlog", "agreement", "user")
POSTS = {
    "create": ("/admin/{view}/new/", {"name": "Palsu", "acronym": "PALSU"}),
    "edit": ("/admin/{view}/edit/?id={id}", {"name": "Diubah", "status": "completed"}),
    "delete": ("/admin/{view}/delete/", {"id": "{id}"}),
    "action": ("/admin/{view}/action/", {"action": "delete", "rowid": "{id}"}),
    "ajax_update": ("/admin/{view}/ajax/update/", {"list_form_pk": "{id}", "status": "completed"}),
}


def snapshot(app) -> dict:
    """Every row's id and version: equal snapshots mean nothing was written."""
    from models import Agreement, Client, Commitment, HourLog, Placement, User

    with app.app_context():
        return {
            model.__tablename__: sorted(db.session.execute(select(model.id, model.version)).all())
            for model in (Agency, Commitment, Client, Placement, HourLog, Agreement, User)
        }


@pytest.mark.parametrize("post", POSTS)
@pytest.mark.parametrize("view", VIEWS)
def test_admin_posts_without_token_are_refused(csrf_app, view, post):
    """Create, edit, delete and bulk actions without the token are refused (400) on every screen."""
    from factories import make_agreement, make_log, make_placement

    browser = logged_in(csrf_app)
    with csrf_app.app_context():
        placement = make_placement()
        ids = {
            "agency": placement.agency.id,
            "commitment": placement.commitment.id,
            "client": placement.client.id,
            "placement": placement.id,
            "hourlog": make_log(placement).id,
            "agreement": make_agreement().id,
            "user": db.session.scalar(select(User.id)),
        }
    before = snapshot(csrf_app)
    url, data = POSTS[post]
    response = browser.post(
        url.format(view=view, id=ids[view]), data={k: v.format(id=ids[view]) for k, v in data.items()}
    )
    assert response.status_code == 400
    assert "Formulir ini kedaluwarsa atau tidak berasal dari aplikasi ini." in response.get_data(as_text=True)
    after = snapshot(csrf_app)
    assert after == before


def test_admin_forms_carry_the_token_and_work_with_it(csrf_app):
    """The clerk's own form carries a token, so a real save goes through."""
    browser = logged_in(csrf_app)
    token = csrf_token(browser, "/admin/agency/new/")
    response = browser.post(
        "/admin/agency/new/",
        data={
            "name": "Dinas Baru",
            "acronym": "BARU",
            "kind": "opd",
            "delegation_basis": "none",
            "csrf_token": token,
        },
    )
    assert response.status_code == 302
    with csrf_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Agency)) == 1


def test_list_page_delete_and_action_forms_carry_the_token(csrf_app):
    """The list page's delete buttons and bulk-action form include the CSRF token."""
    browser = logged_in(csrf_app)
    with csrf_app.app_context():
        make_agency()
    page = browser.get("/admin/agency/").get_data(as_text=True)
    assert page.count('name="csrf_token"') >= 2
