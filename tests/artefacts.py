"""PDFs of the tests kept for a reader: written to ``test-artifacts/`` (or ``$RELAIS_ARTEFACTS``) with each page
rendered to PNG by pdftoppm (poppler-utils, installed by .ci/run), so a person can look at what a funder or a mayor
would receive. Returns the PDF read back with pypdf for the test's assertions."""

import io
import os
import shutil
import subprocess
from pathlib import Path

from pypdf import PdfReader


def garder_pdf(nom, contenu):
    dossier = Path(os.environ.get("RELAIS_ARTEFACTS") or Path(__file__).resolve().parents[1] / "test-artifacts")
    dossier.mkdir(parents=True, exist_ok=True)
    chemin = dossier / f"{nom}.pdf"
    chemin.write_bytes(contenu)
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", chemin, chemin.with_suffix("")], check=False)
    return PdfReader(io.BytesIO(contenu))
