"""The back-office of the Bapas Klaten – Pemkab Klaten agreement: `create_app` builds it.

Run it with `flask --app app run` (development) or `make run` (waitress, seeded demo data).
Nothing runs at import time; the factory reads top to bottom as the list of what the app has.
"""

from __future__ import annotations

import os
from typing import Any

from flask import Flask, jsonify, redirect, url_for
from sqlalchemy import text

from config import load_settings
from extensions import babel, csrf, db, limiter, migrate, register_sqlite_pragmas

SUPPORTED_LOCALES = ("id",)


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the application; `config` overrides the defaults and the environment (tests use it)."""
    instance_path = (config or {}).get("INSTANCE_PATH") or os.environ.get("INSTANCE_PATH")
    app = Flask(__name__, instance_path=instance_path, instance_relative_config=True)
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.update(load_settings(app.instance_path, config))

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
    """`flask seed`, `flask create-user`, `flask demo-logins`."""
    from commands import bp as commands_bp

    app.register_blueprint(commands_bp)


def register_health(app: Flask) -> None:
    """`/healthz`: 200 when the database answers, 503 when it does not (for a monitor)."""

    @app.route("/healthz")
    def healthz():
        try:
            db.session.execute(text("SELECT 1"))
        except Exception:  # any driver error means "not healthy"; the monitor needs no detail
            db.session.rollback()
            return jsonify(status="error", database="unreachable"), 503
        return jsonify(status="ok", database="ok"), 200


def register_error_pages(app: Flask) -> None:
    """Refusals explained in Indonesian, without a stack trace or a framework's English page."""
    from flask import render_template
    from flask_babel import gettext
    from flask_wtf.csrf import CSRFError

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
