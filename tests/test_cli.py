"""Command-line tasks: seed, create-user and the demo logins `make run` prints."""

from __future__ import annotations

from pathlib import Path

from factories import make_agency
from sqlalchemy import func, select

from models import Agency, User, db


def test_seed_command_loads_and_reports_the_files(app):
    """`flask seed` prints how many rows each file had and stores the 23 agencies."""
    result = app.test_cli_runner().invoke(args=["seed"])
    assert result.exit_code == 0, result.output
    assert "agencies.csv: 23 baris" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Agency)) == 23


def test_seed_if_empty_leaves_a_database_with_data_alone(app):
    """`flask seed --if-empty` (what `make run` uses) skips a database that has agencies."""
    with app.app_context():
        make_agency(name="Dinas Yang Sudah Ada", acronym="ADA")
    result = app.test_cli_runner().invoke(args=["seed", "--if-empty"])
    assert result.exit_code == 0
    assert "seed dilewati" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Agency)) == 1


def test_create_user_reads_the_password_from_stdin(app):
    """`create-user NAME --role clerk --password-stdin` stores a clerk who can log in."""
    result = app.test_cli_runner().invoke(
        args=["create-user", "siti", "--role", "clerk", "--password-stdin"],
        input="rahasia-panjang-99\n",
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "siti"))
        assert user.role == "clerk" and user.check_password("rahasia-panjang-99")
        assert "rahasia-panjang-99" not in user.password_hash
    response = app.test_client().post("/login", data={"username": "siti", "password": "rahasia-panjang-99"})
    assert response.status_code == 302


def test_create_user_head_is_tied_to_an_agency(app):
    """A head account names its agency by acronym; without one it is refused."""
    with app.app_context():
        make_agency(name="Dinas Sosial Uji", acronym="DINSOS")
    runner = app.test_cli_runner()
    refused = runner.invoke(
        args=["create-user", "kadis", "--role", "head", "--password-stdin"], input="rahasia-panjang-99\n"
    )
    assert refused.exit_code != 0
    assert "wajib terhubung ke satu instansi" in refused.output
    created = runner.invoke(
        args=["create-user", "kadis", "--role", "head", "--agency", "DINSOS", "--password-stdin"],
        input="rahasia-panjang-99\n",
    )
    assert created.exit_code == 0, created.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "kadis"))
        assert user.agency.acronym == "DINSOS"


def test_create_user_refuses_weak_passwords_and_duplicates(app):
    """Short passwords, the username as password and a taken username are refused."""
    runner = app.test_cli_runner()
    short = runner.invoke(
        args=["create-user", "budi", "--role", "clerk", "--password-stdin"], input="pendek\n"
    )
    assert short.exit_code != 0 and "minimal 10 karakter" in short.output
    same = runner.invoke(
        args=["create-user", "budisantoso", "--role", "clerk", "--password-stdin"], input="BudiSantoso\n"
    )
    assert same.exit_code != 0 and "sama dengan nama pengguna" in same.output
    ok = runner.invoke(
        args=["create-user", "budi", "--role", "clerk", "--password-stdin"], input="cukup-panjang-1\n"
    )
    assert ok.exit_code == 0
    again = runner.invoke(
        args=["create-user", "budi", "--role", "clerk", "--password-stdin"], input="cukup-panjang-1\n"
    )
    assert again.exit_code != 0 and "sudah ada" in again.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 1


def test_create_user_refuses_an_unknown_agency(app):
    """A head for an acronym that does not exist is refused with that acronym named."""
    result = app.test_cli_runner().invoke(
        args=["create-user", "x", "--role", "head", "--agency", "NOPE", "--password-stdin"],
        input="rahasia-panjang-99\n",
    )
    assert result.exit_code != 0 and "NOPE" in result.output


def test_demo_logins_are_random_printed_once_and_kept_in_the_instance_folder(seeded):
    """The demo clerk, Dinsos head and Bapas head get random passwords, printed once and kept."""
    runner = seeded.test_cli_runner()
    first = runner.invoke(args=["demo-logins"])
    assert first.exit_code == 0, first.output
    path = Path(seeded.instance_path) / "demo-logins.txt"
    logins = dict(line.split("\t")[:2] for line in path.read_text(encoding="utf-8").splitlines())
    assert set(logins) == {"operator", "kadinsos", "kabapas"}
    assert len(set(logins.values())) == 3
    for password in logins.values():
        assert len(password) >= 16 and password in first.output
    second = runner.invoke(args=["demo-logins"])
    assert "demo-logins.txt" in second.output
    assert not any(password in second.output for password in logins.values())
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    with seeded.app_context():
        heads = {
            user.username: user.agency.acronym for user in db.session.scalars(select(User)) if user.agency
        }
    assert heads == {"kadinsos": "DINSOS-P3AKB", "kabapas": "BAPAS"}
    for username, password in logins.items():
        response = seeded.test_client().post("/login", data={"username": username, "password": password})
        assert response.status_code == 302, username
