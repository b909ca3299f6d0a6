"""PDF rendering with WeasyPrint, shared by every app that writes a PDF (accompagnement, ingenierie, indicateurs).

The URL fetcher reads only the app's own static files (docs/securite.md §25): a document that mentions ``file://`` or
``http://`` fetches nothing."""

import mimetypes
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

PREFIXE = "relais-static:"


def _classe_fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class FetcherStatique(URLFetcher):
        """``relais-static:<path>`` of a static file found by the staticfiles finders, and nothing else."""

        def fetch(self, url, headers=None):
            if not url.startswith(PREFIXE):
                raise ValueError(f"Ressource refusée : {url[:80]}")
            relatif = url[len(PREFIXE) :].lstrip("/")
            chemin = finders.find(relatif) if ".." not in Path(relatif).parts else None
            if not chemin:
                raise ValueError(f"Fichier statique introuvable : {url[:80]}")
            type_mime = mimetypes.guess_type(chemin)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=Path(chemin).read_bytes(), headers={"Content-Type": type_mime})

    return FetcherStatique


def fetcher():
    return _classe_fetcher()()


def recuperer_statique(url):
    """Fetch one URL the way a rendering does (for tests and callers outside WeasyPrint)."""
    return fetcher().fetch(url)


def rendre(gabarit, contexte):
    return rendre_html(render_to_string(gabarit, contexte))


def rendre_html(html):
    return mettre_en_page(html).write_pdf()


def mettre_en_page(html):
    """The laid-out document (its ``pages``, then ``write_pdf()``), for callers that report progress."""
    from weasyprint import HTML  # loaded on first use: ~0.5 s, paid once per worker process

    return HTML(string=html, base_url=PREFIXE, url_fetcher=fetcher()).render()
