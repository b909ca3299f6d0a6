"""Checked uploads (docs/securite.md §24): the type is read from the content, never from the name or the browser's
claim.

Every form that accepts a file uses ``ChampFichier`` with the kinds it allows; the cleaned file carries
``type_detecte`` and ``extension_detectee``, and is stored under a server-generated name.
"""

import zipfile

from django import forms

TAILLE_MAX = 5 * 1024 * 1024

PDF = ("application/pdf", "pdf", "PDF")
PNG = ("image/png", "png", "PNG")
JPEG = ("image/jpeg", "jpg", "JPEG")
ODT = ("application/vnd.oasis.opendocument.text", "odt", "ODT")
DOCX = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx", "DOCX")
XLSX = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", "XLSX")

_SIGNATURES = [(b"%PDF-", PDF), (b"\x89PNG\r\n\x1a\n", PNG), (b"\xff\xd8\xff", JPEG)]


def _type_bureautique(f):
    """ODT/DOCX/XLSX are ZIP archives: tell them apart by their inner parts, and refuse any other archive."""
    try:
        with zipfile.ZipFile(f) as archive:
            noms = set(archive.namelist())
            # never inflate an entry blindly (zip bomb): the ODT marker is a tiny stored file
            if "mimetype" in noms and archive.getinfo("mimetype").file_size <= 100:
                if archive.read("mimetype").strip() == ODT[0].encode():
                    return ODT
            if "[Content_Types].xml" in noms and "word/document.xml" in noms:
                return DOCX
            if "[Content_Types].xml" in noms and "xl/workbook.xml" in noms:
                return XLSX
    except (zipfile.BadZipFile, KeyError, OSError):
        return None
    finally:
        f.seek(0)
    return None


def detecter(f):
    """(mime type, extension, label) read from the content of ``f``, or None."""
    debut = f.read(16)
    f.seek(0)
    for signature, genre in _SIGNATURES:
        if debut.startswith(signature):
            return genre
    if debut.startswith(b"PK\x03\x04"):
        return _type_bureautique(f)
    return None


class ChampFichier(forms.FileField):
    def __init__(self, *args, types=(PDF, PNG, JPEG), taille_max=TAILLE_MAX, **kwargs):
        self.types, self.taille_max = types, taille_max
        noms = ", ".join(t[2] for t in types[:-1]) + (" ou " if len(types) > 1 else "") + types[-1][2]
        kwargs.setdefault("help_text", f"{noms}, {taille_max // (1024 * 1024)} Mo au plus.")
        super().__init__(*args, **kwargs)
        self.noms_types = noms

    def clean(self, data, initial=None):
        f = super().clean(data, initial)
        if not f or f is initial:
            return f
        if f.size > self.taille_max:
            raise forms.ValidationError(f"Le fichier dépasse {self.taille_max // (1024 * 1024)} Mo.")
        genre = detecter(f)
        if genre not in self.types:
            raise forms.ValidationError(f"Ce fichier n'est pas d'un type accepté ({self.noms_types}).")
        f.type_detecte, f.extension_detectee = genre[0], genre[1]
        return f
