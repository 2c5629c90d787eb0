"""Every refusal and failure is explained in Indonesian, in the app's style, with a way back."""

from __future__ import annotations

from factories import make_agency

ENGLISH = ("Method Not Allowed", "Too Many Requests", "Internal Server Error", "Not Found", "Forbidden")


def assert_indonesian_page(response, status: int, title: str) -> None:
    page = response.get_data(as_text=True)
    assert response.status_code == status
    assert '<html lang="id">' in page and title in page and "Kembali ke beranda" in page
    assert not [word for word in ENGLISH if word in page]


def test_a_method_the_page_does_not_take_is_explained(clerk):
    assert_indonesian_page(clerk.post("/admin/"), 405, "Permintaan tidak dapat dilayani")


def test_an_unknown_address_is_explained(clerk):
    assert_indonesian_page(clerk.get("/admin/tidak-ada/"), 404, "Halaman tidak ditemukan")


def test_a_request_no_keyboard_sends_is_explained(clerk):
    assert_indonesian_page(clerk.get("/admin/client/?search=a%00b"), 400, "Permintaan tidak valid")


def test_a_write_a_reader_may_not_do_is_explained(app, login_as):
    with app.app_context():
        agency_id = make_agency().id
    head = login_as("head", agency_id)
    assert_indonesian_page(head.post("/admin/agency/new/", data={"name": "X"}), 403, "Akses ditolak")


def test_a_server_failure_is_explained_logged_with_its_traceback_and_the_next_request_works(
    app, login_as, caplog
):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.route("/__gagal")
    def failing():
        raise RuntimeError("kesalahan uji")

    clerk = login_as("clerk")
    response = clerk.get("/__gagal")
    assert_indonesian_page(response, 500, "Terjadi kesalahan")
    assert "kesalahan uji" not in response.get_data(as_text=True)
    [logged] = [record for record in caplog.records if record.exc_info]
    assert str(logged.exc_info[1]) == "kesalahan uji" and logged.exc_info[2] is not None  # the traceback
    assert clerk.get("/admin/").status_code == 200


def test_get_logout_shows_the_logout_button(app, clerk):
    page = clerk.get("/logout")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert 'action="/logout"' in text and "Keluar dari aplikasi?" in text
    assert clerk.get("/admin/").status_code == 200  # still logged in: a GET changes nothing


def test_get_logout_when_logged_out_goes_to_the_login(client):
    response = client.get("/logout")
    assert response.status_code == 302 and response.location.startswith("/login")
