"""User management by the clerk: head accounts, deactivation, password reset with a forced change."""

from __future__ import annotations

import pytest
from conftest import TEST_PASSWORD, make_user
from factories import make_agency
from sqlalchemy import func, select

from models import User, db

GOOD_PASSWORD = "Sawah-Hijau-Klaten-27"


def user_named(app, username: str) -> User | None:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        if user is not None:
            db.session.expunge(user)
        return user


def count_users(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(User))


@pytest.fixture
def dinsos_id(app):
    with app.app_context():
        return make_agency(name="Dinas Sosial P3AKB", acronym="DINSOS").id


def test_clerk_creates_a_head_who_must_change_the_password(app, clerk, dinsos_id):
    """A head account made by the clerk logs in once, then must choose its own password."""
    response = clerk.post(
        "/admin/user/new/",
        data={
            "username": "kadinsos",
            "full_name": "Kepala Dinsos",
            "role": "head",
            "agency": str(dinsos_id),
            "active": "y",
            "new_password": GOOD_PASSWORD,
        },
    )
    assert response.status_code == 302
    user = user_named(app, "kadinsos")
    assert user.role == "head" and user.agency_id == dinsos_id and user.must_change_password
    assert GOOD_PASSWORD not in user.password_hash
    browser = app.test_client()
    login = browser.post("/login", data={"username": "kadinsos", "password": GOOD_PASSWORD})
    assert login.location == "/change-password"


@pytest.mark.parametrize(
    "fields, message",
    [
        (
            {"role": "head", "new_password": GOOD_PASSWORD},
            "Akun kepala instansi wajib terhubung ke satu instansi.",
        ),
        ({"role": "clerk", "new_password": ""}, "Wajib diisi."),
        ({"role": "clerk", "new_password": "pendek"}, "Kata sandi minimal 10 karakter."),
        ({"role": "clerk", "new_password": "operator123"}, "Kata sandi ini terlalu umum; pilih yang lain."),
        (
            {"role": "clerk", "new_password": "BaruSekali1", "username": "barusekali1"},
            "tidak boleh sama dengan nama",
        ),
    ],
    ids=["head-without-agency", "no-password", "short", "common", "same-as-username"],
)
def test_bad_accounts_are_refused_with_a_message(app, clerk, fields, message):
    """Each bad account form is refused with its Indonesian message and stores nothing."""
    before = count_users(app)
    data = {"username": "baru", "full_name": "Pengguna Baru", "active": "y", **fields}
    response = clerk.post("/admin/user/new/", data=data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert count_users(app) == before


def test_deactivated_head_cannot_log_in(app, clerk, dinsos_id):
    """Unticking 'Aktif' ends the head's access; the account and its history stay."""
    make_user(app, "kadinsos", "head", dinsos_id)
    head = app.test_client()
    head.post("/login", data={"username": "kadinsos", "password": TEST_PASSWORD})
    assert head.get("/admin/").status_code == 200
    user_id = user_named(app, "kadinsos").id
    response = clerk.post(
        f"/admin/user/edit/?id={user_id}",
        data={"username": "kadinsos", "role": "head", "agency": str(dinsos_id), "new_password": ""},
    )
    assert response.status_code == 302
    assert user_named(app, "kadinsos").active is False
    assert head.get("/admin/").status_code == 302
    refused = app.test_client().post("/login", data={"username": "kadinsos", "password": TEST_PASSWORD})
    assert refused.status_code == 401


def test_password_reset_unlocks_and_forces_a_change(app, clerk, dinsos_id):
    """A reset password lifts the login delay of every address, and the head must replace it at login."""
    make_user(app, "kadinsos", "head", dinsos_id)
    for _ in range(5):
        app.test_client().post("/login", data={"username": "kadinsos", "password": "salah-salah-1"})
    assert user_named(app, "kadinsos").login_delayed_until is not None
    listed = clerk.get("/admin/user/").get_data(as_text=True)
    assert "Masuk ditunda sampai" in listed and " WIB" in listed
    user_id = user_named(app, "kadinsos").id
    response = clerk.post(
        f"/admin/user/edit/?id={user_id}",
        data={
            "username": "kadinsos",
            "role": "head",
            "agency": str(dinsos_id),
            "active": "y",
            "new_password": GOOD_PASSWORD,
        },
    )
    assert response.status_code == 302
    user = user_named(app, "kadinsos")
    assert user.login_delayed_until is None and user.must_change_password
    login = app.test_client().post("/login", data={"username": "kadinsos", "password": GOOD_PASSWORD})
    assert login.location == "/change-password"


def test_editing_without_a_new_password_keeps_the_old_one(app, clerk, dinsos_id):
    """Changing only the name leaves the password and the change flag alone."""
    make_user(app, "kadinsos", "head", dinsos_id)
    user = user_named(app, "kadinsos")
    clerk.post(
        f"/admin/user/edit/?id={user.id}",
        data={
            "username": "kadinsos",
            "full_name": "Nama Baru",
            "role": "head",
            "agency": str(dinsos_id),
            "active": "y",
            "new_password": "",
        },
    )
    changed = user_named(app, "kadinsos")
    assert changed.full_name == "Nama Baru"
    assert changed.password_hash == user.password_hash and not changed.must_change_password


def test_clerk_cannot_lock_themself_out(app, login_as):
    """The clerk cannot deactivate, demote or delete the account they are using."""
    clerk = login_as("clerk")
    with app.app_context():
        me = db.session.scalar(select(User).where(User.role == "clerk"))
        my_id, my_name = me.id, me.username
    response = clerk.post(
        f"/admin/user/edit/?id={my_id}", data={"username": my_name, "role": "head", "new_password": ""}
    )
    page = response.get_data(as_text=True)
    assert "Anda tidak dapat menonaktifkan akun Anda sendiri." in page
    assert "Anda tidak dapat mengubah peran akun Anda sendiri." in page
    deleted = clerk.post("/admin/user/delete/", data={"id": str(my_id)}, follow_redirects=True)
    assert "Anda tidak dapat menghapus akun Anda sendiri." in deleted.get_data(as_text=True)
    me = user_named(app, my_name)
    assert me.active and me.role == "clerk"


def test_password_hashes_are_never_shown(app, clerk):
    """No list, details page or export shows a password hash."""
    user = user_named(app, db_first_username(app))
    for path in ("/admin/user/", f"/admin/user/details/?id={user.id}", "/admin/user/export/csv/"):
        body = clerk.get(path).get_data(as_text=True)
        assert user.password_hash not in body and "pbkdf2" not in body, path


def db_first_username(app) -> str:
    with app.app_context():
        return db.session.scalar(select(User.username))
