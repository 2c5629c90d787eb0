"""Registers every admin screen, explicitly and in menu order."""

from __future__ import annotations

import os

from flask import Flask
from flask_admin import Admin
from flask_admin.theme import Bootstrap4Theme
from flask_babel import lazy_gettext as _l

from admin_views.agency import AgencyView
from admin_views.agreement import AgreementView
from admin_views.audit_log import AuditView
from admin_views.checklist_screen import ChecklistScreen
from admin_views.client import ClientView
from admin_views.commitment import CommitmentView
from admin_views.dashboard import DashboardView
from admin_views.hour_log import HourLogView
from admin_views.placement import PlacementView
from admin_views.user import UserView
from extensions import db
from models import Agency, Agreement, AuditEntry, Client, Commitment, HourLog, Placement, User
from security import csp_nonce


def init_admin(app: Flask) -> Admin:
    """Build the admin for `app` (a new Admin per app, so tests can build many apps)."""
    admin = Admin(
        app,
        name=_l("Nota Kesepakatan Bapas Klaten"),
        index_view=DashboardView(name=_l("Beranda"), url="/admin"),
        theme=Bootstrap4Theme(swatch="default", fluid=True, base_template="admin/app_base.html"),
        translations_path=os.path.join(app.root_path, "translations"),
        csp_nonce_generator=csp_nonce,
    )
    agreement = _l("Kesepakatan")
    admin.add_view(ChecklistScreen(name=_l("Daftar periksa"), category=agreement, endpoint="checklist"))
    guidance = _l("Pembimbingan")
    admin.add_view(AgencyView(Agency, db, name=_l("Instansi"), category=agreement, endpoint="agency"))
    admin.add_view(
        CommitmentView(Commitment, db, name=_l("Rencana kerja"), category=agreement, endpoint="commitment")
    )
    admin.add_view(
        AgreementView(Agreement, db, name=_l("Nota kesepakatan"), category=agreement, endpoint="agreement")
    )
    admin.add_view(ClientView(Client, db, name=_l("Klien"), category=guidance, endpoint="client"))
    admin.add_view(
        PlacementView(Placement, db, name=_l("Penempatan"), category=guidance, endpoint="placement")
    )
    admin.add_view(HourLogView(HourLog, db, name=_l("Jurnal kerja"), category=guidance, endpoint="hourlog"))
    settings = _l("Pengaturan")
    admin.add_view(UserView(User, db, name=_l("Pengguna"), category=settings, endpoint="user"))
    admin.add_view(AuditView(AuditEntry, db, name=_l("Jejak audit"), category=settings, endpoint="audit"))
    return admin
