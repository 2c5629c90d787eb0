"""The back-office of the Bapas Klaten – Pemkab Klaten agreement: `create_app` builds it.

Run it with `flask --app app run` (development) or `make run` (waitress, seeded demo data).
Nothing runs at import time; the factory reads top to bottom as the list of what the app has.
"""

from __future__ import annotations

import os
from typing import Any

from flask import Flask, jsonify, redirect, url_for

from config import SettingError, load_settings
from environment import StartupError, prepare_instance_folder
from extensions import babel, csrf, db, limiter, migrate, register_connect_timeouts, register_sqlite_pragmas

SUPPORTED_LOCALES = ("id",)


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the application; `config` overrides the defaults and the environment (tests use it)."""
    instance_path = (config or {}).get("INSTANCE_PATH") or os.environ.get("INSTANCE_PATH")
    app = Flask(__name__, instance_path=instance_path, instance_relative_config=True)
    # A folder or a setting the start cannot use is one Indonesian line (StartupError), not a traceback.
    prepare_instance_folder(app.instance_path)
    try:
        app.config.update(load_settings(app.instance_path, config))
    except SettingError as error:
        raise StartupError(str(error)) from error

    register_extensions(app)
    register_rule_guard()
    register_audit()
    register_security(app)
    register_document_allowance(app)
    register_templates(app)
    register_auth(app)
    register_admin(app)
    register_commands(app)
    register_health(app)
    register_error_pages(app)
    return app


def register_extensions(app: Flask) -> None:
    """Database (with the SQLite pragmas), migrations, CSRF on every POST, rate limit, translations."""
    db.init_app(app)
    register_sqlite_pragmas(app)
    register_connect_timeouts(app)
    migrate.init_app(app, db)
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=os.path.join(app.root_path, "translations"),
    )


def register_rule_guard() -> None:
    """The domain rules run before every flush, whoever writes (models.enforce_domain_rules)."""
    from models import register_rule_guard as guard_every_flush

    guard_every_flush()


def register_audit() -> None:
    """The audit trail's hooks on every database session, after the rule guard."""
    import audit

    audit.register_hooks()


def register_security(app: Flask) -> None:
    """Security headers on every page, input nobody types refused; client addresses read through
    trusted proxies only."""
    from werkzeug.middleware.proxy_fix import ProxyFix

    from security import refuse_unsafe_input, register_security_headers

    register_security_headers(app)
    refuse_unsafe_input(app)
    proxies = int(app.config.get("PROXY_COUNT", 0))
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]


def register_document_allowance(app: Flask) -> None:
    """The per-user limit on prints and exports, its setting checked now rather than at the first print."""
    from document_allowance import check_document_rate_limit

    check_document_rate_limit(app)


def register_templates(app: Flask) -> None:
    """Template filters: dates and hours as Indonesians write them ('23 September 2025', '7,5')."""
    from indonesian import format_hours, long_date

    app.add_template_filter(long_date, "long_date")
    app.add_template_filter(format_hours, "hours")


def select_locale() -> str:
    """Bahasa Indonesia for everyone: the one place where the language of a request is chosen."""
    return SUPPORTED_LOCALES[0]


def register_auth(app: Flask) -> None:
    """Login, logout, password change and the user loader (Flask-Login)."""
    from auth import register_login

    register_login(app)

    @app.route("/")
    def home():
        return redirect(url_for("admin.index"))


def register_admin(app: Flask) -> None:
    """Flask-Admin with every model view and custom screen, behind the login."""
    from admin_views import init_admin

    init_admin(app)


def register_commands(app: Flask) -> None:
    """`flask seed`, `flask create-user`, `flask demo-logins`, `flask backup`; each of them ends with one
    Indonesian line and exit code 1 when the database is unreachable, read-only, corrupt or full."""
    from commands import bp as commands_bp
    from environment import explain_database_errors

    app.register_blueprint(commands_bp)
    for command in app.cli.commands.values():
        if command.callback is not None:
            command.callback = explain_database_errors(command.callback)


def register_health(app: Flask) -> None:
    """`/healthz` for a monitor: 200 while the database takes a write and the disk has room
    (HEALTH_MIN_FREE_MB), else 503 naming the check that failed and what the clerk would read."""
    from environment import FULL, data_folder, database_write_problem, free_megabytes

    @app.route("/healthz")
    def healthz():
        problem = database_write_problem(db.session)
        free = free_megabytes(data_folder(db.engine.url, app.instance_path))
        disk_low = free < int(app.config["HEALTH_MIN_FREE_MB"])
        report = {
            "status": "error" if problem or disk_low else "ok",
            "database": problem.kind if problem else "ok",
            "disk": "low" if disk_low else "ok",
            "free_mb": free,
        }
        if problem or disk_low:
            report["message"] = problem.line() if problem else FULL.line()
            return jsonify(report), 503
        return jsonify(report), 200


def register_error_pages(app: Flask) -> None:
    """Refusals explained in Indonesian, without a stack trace or a framework's English page."""
    from flask import make_response, render_template
    from flask_babel import gettext
    from flask_wtf.csrf import CSRFError

    from environment import DATABASE_ERRORS, database_problem, rollback_quietly

    def page(status: int, title: str, message: str):
        return render_template("error.html", title=title, message=message), status

    @app.errorhandler(CSRFError)
    def csrf_refused(error):
        return page(
            400,
            gettext("Formulir ditolak"),
            gettext(
                "Formulir ini kedaluwarsa atau tidak berasal dari aplikasi ini. Muat ulang halaman lalu coba lagi."
            ),
        )

    @app.errorhandler(400)
    def bad_request(error):
        return page(
            400, gettext("Permintaan tidak valid"), gettext("Periksa alamat atau isian lalu coba lagi.")
        )

    @app.errorhandler(403)
    def forbidden(error):
        return page(403, gettext("Akses ditolak"), gettext("Akun Anda tidak berhak melakukan ini."))

    @app.errorhandler(404)
    def not_found(error):
        return page(404, gettext("Halaman tidak ditemukan"), gettext("Alamat ini tidak ada."))

    @app.errorhandler(405)
    def method_not_allowed(error):
        return page(
            405,
            gettext("Permintaan tidak dapat dilayani"),
            gettext("Halaman ini tidak menerima permintaan seperti itu. Buka lewat menu atau tombolnya."),
        )

    @app.errorhandler(429)
    def too_many_requests(error):
        return page(
            429,
            gettext("Terlalu banyak permintaan"),
            error.description or gettext("Tunggu sebentar, lalu coba lagi."),
        )

    @app.errorhandler(413)
    def too_large(error):
        return page(
            413,
            gettext("Kiriman terlalu besar"),
            # No number: MAX_CONTENT_LENGTH bounds the whole body, Werkzeug's MAX_FORM_MEMORY_SIZE one field.
            gettext("Isian yang dikirim melebihi batas yang diterima server; kecilkan lalu kirim lagi."),
        )

    def database_unavailable(error: Exception):
        """A database the server cannot use (environment.database_problem): 503 in the clerk's words.

        Other database errors (a violated constraint, a bad statement) are bugs or refusals handled
        elsewhere: they are raised again, to the 500 page, as before.
        """
        problem = database_problem(error)
        if problem is None:
            raise error
        app.logger.exception("Basis data bermasalah (%s)", problem.kind)
        rollback_quietly(db.session)
        response = make_response(page(503, problem.title, problem.message))
        response.headers["Retry-After"] = "60"
        return response

    for database_error in DATABASE_ERRORS:
        app.register_error_handler(database_error, database_unavailable)

    @app.errorhandler(500)
    def server_error(error):
        # Whatever the request had pending is abandoned, so the next one starts clean.
        db.session.rollback()
        return page(
            500,
            gettext("Terjadi kesalahan"),
            gettext(
                "Maaf, server gagal menyelesaikan permintaan ini; yang belum tersimpan tidak disimpan. "
                "Coba lagi sebentar lagi; bila berulang, hubungi operator Bapas."
            ),
        )
