"""Load test: 20 people using the real server at once for two minutes, then every saved write checked.

Usage::

    make load                                   # 20 users, 120 seconds, a fresh SQLite database
    .venv/bin/python bench/load.py --seconds 30 # a shorter run while developing
    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1/load_db .venv/bin/python bench/load.py

What it does, in order:

1. A temporary instance folder with a fresh SQLite database (or the *empty* database that
   `DATABASE_URL` names, for PostgreSQL or MariaDB), built by `flask --app app db upgrade` and
   filled by `flask --app app seed` (the Klaten reference data and the demo clients).
2. The accounts, through the real `create-user` command: clerks (`--role clerk`) and agency heads
   (`--role head --agency ACRONYM`, one per agency, the Bapas among them).
3. waitress, started as a subprocess on a free 127.0.0.1 port, as `make run` serves the app; the
   script waits for `/healthz`. The login rate limit is raised to `LOGIN_RATE_LIMIT="100 per minute"`
   for this server only: every simulated user logs in from 127.0.0.1, and the office's 10 a minute
   per address would refuse the 11th of them. Nothing else is relaxed: CSRF, session binding and
   scrypt password hashes are on as in the office.
4. For `--seconds` (default 120, or `LOAD_SECONDS`), `--users` people (default 20) each in a thread
   with their own cookie session, pausing 0.5–2 s between requests as people do:
   - clerks (`--clerks`, default 6) register an adult client, place them in a line of the work plan
     with places left, log three days in the hour journal ("Catat jurnal") and then end the
     placement, each save a real form with its CSRF token read from the page;
   - heads read their home page, the lists of placements, commitments, clients and hour logs, a
     placement's page, the signing checklist and now and then one of its PDFs.
5. A table per page (the route with ids as `<id>`): requests, errors, median and 95th percentile in
   milliseconds, and the totals. An error is a connection failure, an answer of 400 or more, or a
   save refused for anything but a rule that two clerks can race for (the last place in a line of
   the work plan; such a refusal is counted apart and retried elsewhere). A 429 (a rate limit) is
   counted apart, not as an error.
6. A save is *acknowledged* when the server redirected after the POST (Flask-Admin does so only
   after the commit) and the next page shows the success message. Every acknowledged write is then
   looked up in the database directly (SQLAlchemy, same URL): "lost writes" must be 0. The stored
   records must also keep every domain rule (tests/invariants.py), SQLite's integrity check must say
   ok, and the server's log must show no traceback.

The exit code is 1 when anything of this failed, so CI can run it.
"""

from __future__ import annotations

import argparse
import html
import http.client
import os
import random
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# tests/invariants.py reads the domain rules back with plain SQL; the load check reuses it.
sys.path.insert(0, str(ROOT / "tests"))

HOST = "127.0.0.1"
# Heads of these agencies read (one head each, in this order); the Bapas head reads everything unmasked.
HEAD_AGENCIES = (
    "BAPAS",
    "DLH",
    "DINSOS-P3AKB",
    "KEC-KLATEN-TENGAH",
    "DISPERMASDES",
    "DISPERINAKER",
    "DISPERKIM",
    "DISHUB",
    "BPBD",
    "RSUD-BAGAS-WARAS",
    "DISPUSIP",
    "DINKES",
    "DISDIK",
    "DISDUKCAPIL",
    "KEC-KLATEN-SELATAN",
    "DISTAN",
    "DINKOP-UKM",
    "SATPOL-PP",
    "KESBANGPOL",
    "BAPPEDA",
    "DISKOMINFO",
)
PDFS = ("checklist.pdf", "annex.pdf", "attendance.pdf")
# A refusal two clerks can legitimately race for: both saw the last place left in a line.
RACE_REFUSALS = ("Kapasitas rencana kerja ini sudah penuh",)
HOURS_A_DAY = 4
DAYS_LOGGED = 3
WIB = timezone(timedelta(hours=7))


# ---------------------------------------------------------------------------------------------
# Counting
# ---------------------------------------------------------------------------------------------


@dataclass
class PageStats:
    """What one page (route pattern) answered: each request's time, and the failures."""

    times_ms: list[float] = field(default_factory=list)
    errors: int = 0
    limited: int = 0


class Recorder:
    """Every request of every user, per page; every acknowledged write; thread-safe."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.pages: dict[str, PageStats] = defaultdict(PageStats)
        self.problems: list[str] = []
        self.race_refusals = 0
        self.acknowledged: list[tuple[Any, ...]] = []

    def request(self, pattern: str, ms: float, outcome: str, detail: str = "") -> None:
        """Count one request: outcome "ok", "error" (detail says what) or "limited" (a 429)."""
        with self.lock:
            stats = self.pages[pattern]
            stats.times_ms.append(ms)
            if outcome == "error":
                stats.errors += 1
                self.problems.append(f"{pattern}: {detail}")
            elif outcome == "limited":
                stats.limited += 1

    def refused(self, pattern: str, messages: list[str]) -> None:
        """A save the server did not acknowledge: a race for the last place, or an error."""
        with self.lock:
            if any(race in message for message in messages for race in RACE_REFUSALS):
                self.race_refusals += 1
                return
            self.pages[pattern].errors += 1
            self.problems.append(f"{pattern}: save refused: {' | '.join(messages) or 'no message'}")

    def acknowledge(self, *write: Any) -> None:
        """Remember a write the server said it saved, to look for it in the database afterwards."""
        with self.lock:
            self.acknowledged.append(write)


def page_pattern(method: str, target: str) -> str:
    """'GET /admin/placement/details/?id=<id>': the route with ids replaced; the return `url` left out."""
    parts = urlsplit(target)
    path = re.sub(r"/\d+(?=/|$)", "/<id>", parts.path)
    query = [
        (key, "<id>" if value.isdigit() else value) for key, value in parse_qsl(parts.query) if key != "url"
    ]
    suffix = "?" + "&".join(f"{key}={value}" for key, value in query) if query else ""
    return f"{method} {path}{suffix}"


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (share 0.95 → p95) of a non-empty list."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))
    return ordered[rank]


# ---------------------------------------------------------------------------------------------
# A browser: one keep-alive connection, a cookie jar, forms read from the page
# ---------------------------------------------------------------------------------------------


@dataclass
class Answer:
    """One response: status, where a redirect points, the body as text (empty for a PDF)."""

    status: int
    location: str
    text: str
    content_type: str


class FormReader(HTMLParser):
    """The fields of the page's admin form (or its only form) as a browser would post them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fields: list[tuple[str, str]] = []
        self.forms_seen = 0
        self.inside = False
        self.select: str | None = None
        self.select_value: str | None = None
        self.select_first: str | None = None
        self.option_selected = False
        self.textarea: str | None = None
        self.textarea_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Hook for HTMLParser: a field starts (or the form does)."""
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            # The logout button is a form of its own in the navigation; the page's form is the other one.
            self.inside = a.get("id") != "logout-form"
            return
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "file", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append((name, a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self.select, self.select_value, self.select_first = name, None, None
        elif tag == "option" and self.select is not None:
            value = a.get("value", "")
            if self.select_first is None:
                self.select_first = value
            if "selected" in a:
                self.select_value = value
        elif tag == "textarea" and name:
            self.textarea, self.textarea_text = name, []

    def handle_data(self, data: str) -> None:
        """Hook for HTMLParser: the text of an open textarea."""
        if self.textarea is not None:
            self.textarea_text.append(data)

    def handle_endtag(self, tag: str) -> None:
        """Hook for HTMLParser: a select or textarea ends with its value."""
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select is not None:
            value = self.select_value if self.select_value is not None else self.select_first
            self.fields.append((self.select, value or ""))
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            # HTML drops the newline right after <textarea>; a browser posts the rest.
            self.fields.append((self.textarea, "".join(self.textarea_text).removeprefix("\n")))
            self.textarea = None


def form_fields(page: str) -> dict[str, str]:
    """The form's fields by name (the first value of a repeated name, as WTForms reads it)."""
    reader = FormReader()
    reader.feed(page)
    fields: dict[str, str] = {}
    for name, value in reader.fields:
        fields.setdefault(name, value)
    return fields


def messages(page: str, kinds: tuple[str, ...] = ("danger",)) -> list[str]:
    """The flashed messages of these kinds, and every field error, as plain text."""
    found = []
    for kind, body in re.findall(r'<div class="alert alert-(\w+)[^"]*">(.*?)</div>', page, re.S):
        if kind in kinds:
            found.append(_plain(body))
    found += [
        _plain(body) for body in re.findall(r'<div class="invalid-feedback[^"]*">(.*?)</div>', page, re.S)
    ]
    return [message for message in found if message]


def _plain(fragment: str) -> str:
    """An HTML fragment as one line of text, without the close button's ×."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).replace("×", "").split())


class Browser:
    """One simulated person: a keep-alive connection and the session cookie, every request counted."""

    def __init__(self, port: int, recorder: Recorder, name: str) -> None:
        self.port = port
        self.recorder = recorder
        self.name = name
        self.cookies: dict[str, str] = {}
        self.connection: http.client.HTTPConnection | None = None

    def close(self) -> None:
        """Drop the connection."""
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def request(self, method: str, target: str, form: dict[str, str] | None = None) -> Answer | None:
        """One request, counted under its page; None when the connection failed (counted as an error)."""
        pattern = page_pattern(method, target)
        body = urlencode(form).encode() if form is not None else None
        headers = {"User-Agent": f"bapas-load/1 ({self.name})", "Accept-Language": "id"}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{key}={value}" for key, value in self.cookies.items())
        started = time.perf_counter()
        # A browser reopens a kept-alive connection the server closed while idle, for a GET only.
        attempts = 2 if method == "GET" else 1
        for attempt in range(attempts):
            reused = self.connection is not None
            if self.connection is None:
                self.connection = http.client.HTTPConnection(HOST, self.port, timeout=120)
            try:
                self.connection.request(method, target, body=body, headers=headers)
                response = self.connection.getresponse()
                payload = response.read()
            except (OSError, http.client.HTTPException) as error:
                self.close()
                if reused and attempt + 1 < attempts:
                    continue
                ms = (time.perf_counter() - started) * 1000
                self.recorder.request(pattern, ms, "error", f"{type(error).__name__}: {error}")
                return None
            break
        ms = (time.perf_counter() - started) * 1000
        for header in response.msg.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        content_type = response.getheader("Content-Type", "")
        text = payload.decode("utf-8", "replace") if content_type.startswith("text/") else ""
        answer = Answer(response.status, response.getheader("Location", ""), text, content_type)
        if response.status == 429:
            self.recorder.request(pattern, ms, "limited")
        elif response.status >= 400:
            self.recorder.request(
                pattern, ms, "error", f"HTTP {response.status} {' | '.join(messages(text))}"
            )
        else:
            self.recorder.request(pattern, ms, "ok")
        if response.will_close:
            self.close()
        return answer

    def get(self, target: str) -> Answer | None:
        """GET, following redirects as a browser does."""
        answer = self.request("GET", target)
        for _ in range(5):
            if answer is None or answer.status not in (301, 302, 303) or not answer.location:
                break
            answer = self.request("GET", answer.location)
        return answer

    def post(self, target: str, form: dict[str, str]) -> Answer | None:
        """POST a form; the redirect (if any) is not followed, so the caller sees it."""
        return self.request("POST", target, form)

    def login(self, username: str, password: str) -> bool:
        """Open the login page and log in with its CSRF token; True when the server let us in."""
        page = self.get("/login")
        if page is None or page.status != 200:
            return False
        fields = form_fields(page.text)
        fields.update(username=username, password=password)
        answer = self.post("/login", fields)
        if answer is None or answer.status != 302:
            if answer is not None:
                self.recorder.refused("POST /login", messages(answer.text))
            return False
        home = self.get(answer.location)
        return home is not None and home.status == 200


# ---------------------------------------------------------------------------------------------
# The people
# ---------------------------------------------------------------------------------------------

FIRST_NAMES = ("Agus", "Budi", "Dwi", "Eko", "Hendra", "Joko", "Slamet", "Sri", "Tri", "Wahyu", "Yuli")
LAST_NAMES = ("Santoso", "Wibowo", "Prasetyo", "Nugroho", "Susanto", "Hidayat", "Purnomo", "Rahayu")
ACTIVITIES = ("Membersihkan taman kota", "Memilah sampah di TPS3R", "Merapikan gudang logistik")


@dataclass
class Person:
    """One account of the run and what it does."""

    username: str
    role: str
    agency: str | None = None
    number: int = 0


class Run:
    """The simulated office: clerks writing and heads reading until the deadline."""

    def __init__(self, port: int, password: str, tag: str, deadline: float, recorder: Recorder) -> None:
        self.port = port
        self.password = password
        self.tag = tag
        self.deadline = deadline
        self.recorder = recorder
        self.today = datetime.now(WIB).date()

    def think(self) -> bool:
        """Pause as a person does between two clicks; False once the time is up."""
        time.sleep(random.uniform(0.5, 2.0))
        return time.monotonic() < self.deadline

    def person(self, who: Person) -> None:
        """A thread's body: log in, then work as a clerk or read as a head until the deadline."""
        browser = Browser(self.port, self.recorder, who.username)
        # People arrive over the first seconds, not all in the same instant.
        time.sleep(random.uniform(0, 5))
        try:
            if not browser.login(who.username, self.password):
                with self.recorder.lock:
                    self.recorder.problems.append(f"{who.username}: login failed")
                return
            if who.role == "clerk":
                self.clerk(browser, who)
            else:
                self.head(browser)
        finally:
            browser.close()

    # --- clerks -----------------------------------------------------------------------------

    def clerk(self, browser: Browser, who: Person) -> None:
        """Register a client, place them, log their days, end the placement; again until the deadline."""
        done = 0
        while self.think():
            done += 1
            register = f"D-LOAD-{self.tag}-{who.number}-{done}"
            client_id = self.new_client(browser, register, who.number * 1000 + done)
            if client_id is None or not self.think():
                continue
            placement = self.new_placement(browser, client_id, register)
            if placement is None:
                continue
            placement_id, takes_hours = placement
            for _ in range(DAYS_LOGGED if takes_hours else 0):
                if not self.think() or not self.log_day(browser, placement_id):
                    break
            if self.think():
                self.end_placement(browser, placement_id)

    def save(self, browser: Browser, target: str, fields: dict[str, str], expect: str) -> Answer | None:
        """POST a form; the redirect when the server saved it (its page shows the success), else None."""
        answer = browser.post(target, fields)
        pattern = page_pattern("POST", target)
        if answer is None:
            return None
        if answer.status not in (302, 303) or expect not in answer.location:
            if answer.status < 400:
                self.recorder.refused(pattern, messages(answer.text))
            return None
        page = browser.get(answer.location)
        if page is None or page.status != 200:
            return None
        if 'class="alert alert-success' not in page.text:
            self.recorder.refused(pattern, ["redirected without a success message", *messages(page.text)])
            return None
        return answer

    def new_client(self, browser: Browser, register: str, serial: int) -> int | None:
        """Register an adult client (half of them with a NIK); their id when the server saved them."""
        page = browser.get("/admin/client/new/")
        if page is None or page.status != 200 or not self.think():
            return None
        sex = random.choice("LP")
        birth = date(random.randint(1965, 2000), random.randint(1, 12), random.randint(1, 28))
        fields = form_fields(page.text)
        fields.update(
            register_number=register,
            full_name=f"{random.choice(FIRST_NAMES)} {random.choice(LAST_NAMES)}",
            birth_date=birth.strftime("%d-%m-%Y"),
            sex=sex,
            category="dewasa",
            offence="Pencurian ringan",
            offence_date=(self.today - timedelta(days=random.randint(120, 300))).strftime("%d-%m-%Y"),
            legal_basis="pidana_kerja_sosial",
            status="active",
            pk_name="Rina Puspitasari",
            _continue_editing="1",
        )
        if serial % 2:
            # A well-formed NIK, unique in this run: the tag's digits, the birth date, the serial.
            day = birth.day + (40 if sex == "P" else 0)
            fields["nik"] = f"33{int(self.tag, 16) % 10000:04d}{day:02d}{birth:%m%y}{serial % 10000:04d}"
        answer = self.save(browser, "/admin/client/new/", fields, "/admin/client/edit/")
        if answer is None:
            return None
        client_id = int(dict(parse_qsl(urlsplit(answer.location).query))["id"])
        self.recorder.acknowledge("client", register)
        return client_id

    def new_placement(self, browser: Browser, client_id: int, register: str) -> tuple[int, bool] | None:
        """Place the client in a line with places left (retried once after losing a race).

        Adult community service (kerja sosial) in a line of that kind with room; when every such
        line is full, a service placement in a line without a capacity. Returns (id, takes hours).
        """
        for _ in range(2):
            page = browser.get("/admin/placement/new/")
            if page is None or page.status != 200 or not self.think():
                return None
            select = re.search(r'<select[^>]*id="commitment".*?</select>', page.text, re.S)
            options = re.findall(
                r'<option data-agency="(\d+)" value="(\d+)">([^<]*)</option>',
                select.group(0) if select else "",
            )
            open_lines = [
                (agency, line)
                for agency, line, label in options
                if "sisa" in label and "kerja sosial" in html.unescape(label).lower() and "anak" not in label
            ]
            unlimited = [(agency, line) for agency, line, label in options if "tidak dibatasi" in label]
            if open_lines:
                (agency, line), kind, hours = random.choice(open_lines), "kerja_sosial", "40"
            else:
                (agency, line), kind, hours = random.choice(unlimited), "layanan", ""
            fields = form_fields(page.text)
            fields.update(
                client=str(client_id),
                agency=agency,
                commitment=line,
                kind=kind,
                site="Lokasi uji beban",
                host_supervisor="Koordinator lokasi",
                start_date=(self.today - timedelta(days=28)).strftime("%d-%m-%Y"),
                end_date=(self.today + timedelta(days=60)).strftime("%d-%m-%Y"),
                hours_ordered=hours,
                status="active",
                _continue_editing="1",
            )
            races = self.recorder.race_refusals
            answer = self.save(browser, "/admin/placement/new/", fields, "/admin/placement/edit/")
            if answer is not None:
                placement_id = int(dict(parse_qsl(urlsplit(answer.location).query))["id"])
                self.recorder.acknowledge("placement", placement_id, register)
                return placement_id, kind == "kerja_sosial"
            if self.recorder.race_refusals == races:
                return None
        return None

    def log_day(self, browser: Browser, placement_id: int) -> bool:
        """ "Catat jurnal" on the placement: the next day the form suggests, four hours; True when saved."""
        target = "/admin/hourlog/new/?" + urlencode(
            {"placement": placement_id, "url": f"/admin/placement/details/?id={placement_id}"}
        )
        page = browser.get(target)
        if page is None or page.status != 200:
            return False
        fields = form_fields(page.text)
        work_date = datetime.strptime(fields.get("work_date", ""), "%d-%m-%Y").date()
        if work_date > self.today or not self.think():
            return False
        fields.update(hours=str(HOURS_A_DAY), activity=random.choice(ACTIVITIES), verified_by="Koordinator")
        if self.save(browser, target, fields, "/admin/placement/details/") is None:
            return False
        self.recorder.acknowledge("hourlog", placement_id, work_date.isoformat(), float(HOURS_A_DAY))
        return True

    def end_placement(self, browser: Browser, placement_id: int) -> None:
        """Open the placement's edit form and save it as completed (its place in the line is freed)."""
        target = f"/admin/placement/edit/?id={placement_id}&url=/admin/placement/"
        page = browser.get(target)
        if page is None or page.status != 200 or not self.think():
            return
        fields = form_fields(page.text)
        fields["status"] = "completed"
        if self.save(browser, target, fields, "/admin/placement/") is not None:
            self.recorder.acknowledge("completed", placement_id)

    # --- heads ------------------------------------------------------------------------------

    def head(self, browser: Browser) -> None:
        """Home, lists, a placement, the checklist, and every third round one of the PDFs."""
        rounds = 0
        while time.monotonic() < self.deadline:
            for target in ("/admin/", "/admin/placement/"):
                page = browser.get(target)
                if not self.think():
                    return
            placements = re.findall(r"/admin/placement/details/\?id=(\d+)", page.text if page else "")
            if placements:
                browser.get(f"/admin/placement/details/?id={random.choice(placements)}")
                if not self.think():
                    return
            for target in (
                "/admin/commitment/",
                random.choice(("/admin/client/", "/admin/hourlog/")),
                "/admin/checklist/",
            ):
                browser.get(target)
                if not self.think():
                    return
            if rounds % 3 == 0:
                browser.get(f"/admin/checklist/{random.choice(PDFS)}")
                if not self.think():
                    return
            rounds += 1


# ---------------------------------------------------------------------------------------------
# Setting up, serving, checking
# ---------------------------------------------------------------------------------------------


class ServerError(RuntimeError):
    """The server did not start, or stopped answering."""


def free_port() -> int:
    """A TCP port nobody listens on at the moment."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def flask(env: dict[str, str], *args: str) -> None:
    """Run `flask --app app ARGS` as an office would, stopping the run if it fails."""
    subprocess.run([sys.executable, "-m", "flask", "--app", "app", *args], cwd=ROOT, env=env, check=True)


def create_users(env: dict[str, str], people: list[Person], password: str) -> None:
    """Every account through the real `create-user` command (in one process: 20 starts take a minute)."""
    from app import create_app
    from extensions import db

    app = create_app(
        {
            "DATABASE_URL": env["DATABASE_URL"],
            "INSTANCE_PATH": env["INSTANCE_PATH"],
            "SECRET_KEY": env["SECRET_KEY"],
        }
    )
    runner = app.test_cli_runner()
    for who in people:
        args = ["create-user", who.username, "--role", who.role, "--password-stdin"]
        if who.agency:
            args += ["--agency", who.agency]
        result = runner.invoke(args=args, input=password + "\n")
        if result.exit_code != 0:
            raise SystemExit(f"create-user {who.username}: {result.output}")
    with app.app_context():
        db.engine.dispose()


def start_server(env: dict[str, str], port: int, log: Path) -> subprocess.Popen:
    """waitress with 8 threads, as `make run` serves; returns once /healthz answers 200."""
    waitress = Path(sys.executable).parent / "waitress-serve"
    command = [
        str(waitress),
        "--host",
        HOST,
        "--port",
        str(port),
        "--threads",
        "8",
        "--call",
        "app:create_app",
    ]
    with log.open("ab") as output:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        wait_healthy(port, server)
    except ServerError:
        server.kill()
        server.wait()
        raise
    return server


def wait_healthy(port: int, server: subprocess.Popen, seconds: float = 60) -> None:
    """Wait until the server answers /healthz with 200; stop if it died or never answers."""
    give_up = time.monotonic() + seconds
    last = "no answer"
    while time.monotonic() < give_up:
        if server.poll() is not None:
            raise ServerError(f"the server stopped at start (exit {server.returncode})")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/healthz")
            status = connection.getresponse().status
            connection.close()
            if status == 200:
                return
            last = f"HTTP {status}"
        except (OSError, http.client.HTTPException) as error:
            last = repr(error)
        time.sleep(0.2)
    raise ServerError(f"the server did not answer /healthz with 200 ({last}); see its log")


def lost_writes(url: str, tag: str, acknowledged: list[tuple[Any, ...]]) -> tuple[list[str], list[str], str]:
    """Look up every acknowledged write in the database: (the missing ones, broken rules, integrity)."""
    from invariants import violations
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            clients = set(
                connection.execute(
                    text("SELECT register_number FROM client WHERE register_number LIKE :p"),
                    {"p": f"D-LOAD-{tag}-%"},
                ).scalars()
            )
            placements = {
                row.id: (row.register_number, row.status)
                for row in connection.execute(
                    text(
                        "SELECT p.id, p.status, k.register_number FROM placement p "
                        "JOIN client k ON k.id = p.client_id WHERE k.register_number LIKE :p"
                    ),
                    {"p": f"D-LOAD-{tag}-%"},
                )
            }
            days = {
                (row.placement_id, str(row.work_date)[:10], float(row.hours))
                for row in connection.execute(text("SELECT placement_id, work_date, hours FROM hour_log"))
            }
            broken = violations(connection)
            integrity = "ok"
            if url.startswith("sqlite"):
                integrity = connection.execute(text("PRAGMA integrity_check")).scalar()
    finally:
        engine.dispose()

    def stored(write: tuple[Any, ...]) -> bool:
        """True when the acknowledged `write` is in the database as the server said."""
        kind, key = write[0], write[1]
        if kind == "client":
            return key in clients
        if kind == "placement":
            return placements.get(key, (None, None))[0] == write[2]
        if kind == "hourlog":
            return write[1:] in days
        return placements.get(key, (None, None))[1] == "completed"

    missing = [" ".join(str(part) for part in write) for write in acknowledged if not stored(write)]
    return missing, broken, integrity


def report(recorder: Recorder, seconds: float) -> tuple[int, int]:
    """Print the table per page and the totals; returns (requests, errors)."""
    width = max([len(pattern) for pattern in recorder.pages] + [20])
    print(f"\n{'page':<{width}}  {'requests':>8}  {'errors':>6}  {'429':>4}  {'median ms':>9}  {'p95 ms':>7}")
    total = errors = limited = 0
    every: list[float] = []
    for pattern in sorted(recorder.pages):
        stats = recorder.pages[pattern]
        total += len(stats.times_ms)
        errors += stats.errors
        limited += stats.limited
        every += stats.times_ms
        print(
            f"{pattern:<{width}}  {len(stats.times_ms):>8}  {stats.errors:>6}  {stats.limited:>4}  "
            f"{statistics.median(stats.times_ms):>9.0f}  {percentile(stats.times_ms, 0.95):>7.0f}"
        )
    if every:
        print(
            f"{'total':<{width}}  {total:>8}  {errors:>6}  {limited:>4}  "
            f"{statistics.median(every):>9.0f}  {percentile(every, 0.95):>7.0f}"
        )
    print(
        f"\n{total} requests in {seconds:.0f} s ({total / seconds:.1f} a second), {errors} errors, {limited} rate-limited (429)"
    )
    return total, errors


def main() -> int:
    """Set up, serve, load, check; 0 when nothing failed and nothing was lost."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("LOAD_SECONDS", 120)))
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--clerks", type=int, default=6)
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary folder (database, server log)"
    )
    options = parser.parse_args()
    heads = options.users - options.clerks
    if options.clerks < 1 or not 0 <= heads <= len(HEAD_AGENCIES):
        parser.error(
            f"--clerks must be at least 1 and the heads (users - clerks) at most {len(HEAD_AGENCIES)}"
        )

    folder = Path(tempfile.mkdtemp(prefix="bapas-load-"))
    tag = secrets.token_hex(2)
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{folder}/bapas.sqlite"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "INSTANCE_PATH": str(folder),
        "SECRET_KEY": secrets.token_hex(32),
        # Every simulated user logs in from 127.0.0.1; the office limit (10 a minute) is per address.
        "LOGIN_RATE_LIMIT": "100 per minute",
    }
    password = f"beban-uji-{secrets.token_hex(6)}"
    people = [Person(f"petugas-{tag}-{n}", "clerk", number=n) for n in range(1, options.clerks + 1)]
    people += [
        Person(f"kepala-{tag}-{n}", "head", agency) for n, agency in enumerate(HEAD_AGENCIES[:heads], 1)
    ]
    print(f"Database: {url.split('@')[-1]}  (instance folder {folder})")
    server = None
    try:
        flask(env, "db", "upgrade")
        flask(env, "seed")
        create_users(env, people, password)
        port = free_port()
        server = start_server(env, port, folder / "server.log")
        print(
            f"Serving on http://{HOST}:{port}; {options.clerks} clerks and {heads} heads "
            f"for {options.seconds:.0f} s ...",
            flush=True,
        )
        recorder = Recorder()
        started = time.monotonic()
        run = Run(port, password, tag, started + options.seconds, recorder)
        threads = [threading.Thread(target=run.person, args=(who,), name=who.username) for who in people]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        server_alive = server.poll() is None
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
    _, errors = report(recorder, elapsed)
    tracebacks = (folder / "server.log").read_text(errors="replace").count("Traceback")
    missing, broken, integrity = lost_writes(url, tag, recorder.acknowledged)
    kinds = defaultdict(int)
    for write in recorder.acknowledged:
        kinds[write[0]] += 1
    print(
        f"acknowledged writes: {len(recorder.acknowledged)} "
        f"({kinds['client']} clients, {kinds['placement']} placements, {kinds['hourlog']} journal days, "
        f"{kinds['completed']} placements ended); saves lost to a race for the last place: {recorder.race_refusals}"
    )
    print(f"lost writes: {len(missing)}")
    print(f"domain rules broken: {len(broken)}; integrity: {integrity}; server tracebacks: {tracebacks}")
    for line in (missing + broken + recorder.problems)[:20]:
        print("  " + line)
    failed = errors or missing or broken or integrity != "ok" or tracebacks or not server_alive
    if not server_alive:
        print("the server stopped during the run")
    if options.keep or failed:
        print(f"kept for inspection: {folder}")
    else:
        shutil.rmtree(folder, ignore_errors=True)
    print("LOAD FAILED" if failed else "LOAD OK")
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (ServerError, subprocess.CalledProcessError) as failure:
        print(f"LOAD FAILED: {failure}", file=sys.stderr)
        sys.exit(1)
