"""Render the first page of each printed document of the Klaten seed as the README's pictures.

    .venv/bin/python docs/render_documents.py [--paper a4|f4] [--dpi 60]

It builds a throw-away SQLite database with the seed data, prints the checklist, the Lampiran and the
daftar hadir exactly as the application serves them, and turns each first page into
docs/documents/<name>.png with poppler's `pdftoppm`. Run it again after changing a document's template.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "bench"))

from common import bench_app  # noqa: E402

from documents import print_document  # noqa: E402
from extensions import db  # noqa: E402
from seed import load_seed  # noqa: E402

PICTURES = {
    "checklist.pdf": "daftar-periksa",
    "annex.pdf": "lampiran",
    "attendance.pdf": "daftar-hadir",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paper", choices=("a4", "f4"), default="a4")
    parser.add_argument("--dpi", type=int, default=60)
    args = parser.parse_args()
    if shutil.which("pdftoppm") is None:
        sys.exit("pdftoppm is missing: install poppler-utils (apt-get install poppler-utils).")

    target = HERE / "documents"
    target.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        app = bench_app(folder)
        with app.app_context():
            load_seed(db.session)
            for document, picture in PICTURES.items():
                pdf = Path(folder) / document
                pdf.write_bytes(print_document(db.session, document, args.paper).pdf)
                subprocess.run(
                    [
                        "pdftoppm",
                        "-png",
                        "-singlefile",
                        "-f",
                        "1",
                        "-l",
                        "1",
                        "-r",
                        str(args.dpi),
                        pdf,
                        target / picture,
                    ],
                    check=True,
                )
                print(f"{target / picture}.png")
            db.engine.dispose()


if __name__ == "__main__":
    main()
