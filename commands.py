"""Command-line tasks: `flask --app app seed | create-user | demo-logins | backup | unlock-user`."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Blueprint, current_app
from sqlalchemy import func, select

from extensions import db
from models import Agency, DomainError, User
from passwords import password_problems, random_password
from seed import SeedError, load_seed

bp = Blueprint("commands", __name__, cli_group=None)

DEMO_LOGINS_FILE = "demo-logins.txt"
# The demo accounts `make run` creates: username, role, agency acronym, full name.
DEMO_ACCOUNTS = (
    ("operator", "clerk", None, "Operator Bapas (demo)"),
    ("kadinsos", "head", "DINSOS-P3AKB", "Kepala Dinsos P3AKB (demo)"),
    ("kabapas", "head", "BAPAS", "Kepala Bapas Klaten (demo)"),
)


@bp.cli.command("seed")
@click.option("--no-demo", is_flag=True, help="Only the reference data, without the fictional clients.")
@click.option("--if-empty", is_flag=True, help="Do nothing when agencies are already on record.")
def seed_command(no_demo: bool, if_empty: bool) -> None:
    """Load the Klaten agencies, work plan and agreement (and demo clients); safe to run twice."""
    if if_empty and db.session.scalar(select(func.count()).select_from(Agency)):
        click.echo("Basis data sudah berisi data; seed dilewati.")
        return
    try:
        counts = load_seed(db.session, demo=not no_demo)
        db.session.commit()
    except SeedError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    for filename, count in counts.items():
        click.echo(f"{filename}: {count} baris")


@bp.cli.command("create-user")
@click.argument("username")
@click.option("--role", type=click.Choice(["clerk", "head"]), required=True)
@click.option("--agency", "agency_acronym", help="Agency acronym (required for --role head).")
@click.option("--full-name", default=None)
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of stdin.")
def create_user_command(
    username: str, role: str, agency_acronym: str | None, full_name: str | None, password_stdin: bool
) -> None:
    """Create a login for the clerk or an agency head."""
    if db.session.scalar(select(User).where(User.username == username)):
        raise click.ClickException(f"Pengguna '{username}' sudah ada.")
    agency = None
    if agency_acronym:
        agency = db.session.scalar(select(Agency).where(Agency.acronym == agency_acronym))
        if agency is None:
            raise click.ClickException(f"Instansi '{agency_acronym}' tidak ditemukan.")
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Kata sandi", hide_input=True, confirmation_prompt=True)
    problems = password_problems(password, username)
    if problems:
        raise click.ClickException(" ".join(str(problem) for problem in problems))
    user = User(username=username, role=role, agency=agency, full_name=full_name)
    user.set_password(password)
    db.session.add(user)
    try:
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    click.echo(f"Pengguna '{username}' ({role}) dibuat.")


@bp.cli.command("demo-logins")
def demo_logins_command() -> None:
    """Create the demo accounts that do not exist yet, with random passwords printed once."""
    path = Path(current_app.instance_path) / DEMO_LOGINS_FILE
    created = []
    for username, role, acronym, full_name in DEMO_ACCOUNTS:
        if db.session.scalar(select(User).where(User.username == username)):
            continue
        agency = None
        if acronym:
            agency = db.session.scalar(select(Agency).where(Agency.acronym == acronym))
            if agency is None:
                raise click.ClickException(f"Instansi '{acronym}' belum ada; jalankan seed dulu.")
        password = random_password()
        user = User(username=username, role=role, agency=agency, full_name=full_name)
        user.set_password(password)
        db.session.add(user)
        created.append(f"{username}\t{password}\t{full_name}")
    db.session.commit()
    if created:
        with path.open("a", encoding="utf-8") as handle:
            handle.write("\n".join(created) + "\n")
        path.chmod(0o600)
        click.echo("Login demo (kata sandi hanya ditampilkan sekali; salinannya di " + str(path) + "):")
        for line in created:
            click.echo("  " + line.replace("\t", "  "))
    else:
        click.echo(f"Login demo sudah dibuat sebelumnya; lihat {path}")


@bp.cli.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(path: Path) -> None:
    """Copy the live SQLite database to PATH, consistently, while the application keeps running."""
    url = db.engine.url
    backend = url.get_backend_name()
    if backend == "postgresql":
        raise click.ClickException(
            "Basis data PostgreSQL dicadangkan dengan alat bawaannya, misalnya: "
            f"pg_dump --format=custom --file {path} --dbname {url.database} "
            f"--host {url.host or 'localhost'} --username {url.username or 'postgres'}. "
            "Pulihkan dengan pg_restore --clean --dbname <basis data> <berkas>."
        )
    if backend in ("mysql", "mariadb"):
        raise click.ClickException(
            "Basis data MariaDB dicadangkan dengan alat bawaannya, misalnya: "
            f"mariadb-dump --single-transaction --routines --result-file={path} {url.database}. "
            "Pulihkan dengan: mariadb <basis data> < <berkas>."
        )
    if path.exists():
        raise click.ClickException(f"{path} sudah ada; pilih nama berkas lain.")
    written = backup_sqlite(url.database, path)
    click.echo(
        f"Cadangan ditulis ke {path}: {written['bytes']} byte, {written['tables']} tabel, "
        f"pemeriksaan integritas: {written['integrity']}."
    )


def backup_sqlite(source: str, target: Path) -> dict:
    """SQLite's online-backup API: a consistent copy even while other connections write."""
    import sqlite3

    target.parent.mkdir(parents=True, exist_ok=True)
    live = sqlite3.connect(source, timeout=30)
    copy = sqlite3.connect(target)
    try:
        live.backup(copy)
        integrity = copy.execute("PRAGMA integrity_check").fetchone()[0]
        tables = copy.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
    finally:
        copy.close()
        live.close()
    return {"bytes": target.stat().st_size, "tables": tables, "integrity": integrity}


@bp.cli.command("unlock-user")
@click.argument("username")
def unlock_user_command(username: str) -> None:
    """Lift the login delays of an account from every client address (after too many wrong passwords)."""
    from auth import clear_throttles

    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        raise click.ClickException(f"Pengguna '{username}' tidak ditemukan.")
    addresses = clear_throttles(user.id)
    db.session.commit()
    if addresses:
        click.echo(f"Penundaan masuk untuk '{username}' dicabut ({addresses} alamat); silakan masuk lagi.")
    else:
        click.echo(f"Akun '{username}' tidak sedang ditunda; tidak ada yang diubah.")
