"""Uploaded documents, checked the same way everywhere (SECURITY 24): the type is read from the content, never from
the name or the browser's claim; the size is capped; the caller stores the file under a server-generated name."""

from django import forms

TAILLE_MAX_DOCUMENT = 5 * 1024 * 1024
SIGNATURES = [
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
]
LIBELLE = "PDF, PNG ou JPEG, 5 Mo au plus"


def verifier_document(f):
    """Return the file with ``type_detecte`` and ``extension_detectee`` set, or raise a French ValidationError."""
    if f.size > TAILLE_MAX_DOCUMENT:
        raise forms.ValidationError("Le document dépasse 5 Mo.")
    debut = f.read(16)
    f.seek(0)
    for signature, type_mime, extension in SIGNATURES:
        if debut.startswith(signature):
            f.type_detecte, f.extension_detectee = type_mime, extension
            return f
    raise forms.ValidationError("Ce fichier n'est ni un PDF, ni une image PNG ou JPEG.")


class PlusieursFichiers(forms.ClearableFileInput):
    allow_multiple_selected = True


class DocumentsField(forms.FileField):
    """Several documents in one input, each checked by ``verifier_document``."""

    def __init__(self, *args, maximum=5, **kwargs):
        self.maximum = maximum
        kwargs.setdefault("widget", PlusieursFichiers())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        fichiers = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(fichiers) > self.maximum:
            raise forms.ValidationError(f"{self.maximum} documents au plus.")
        if not fichiers and self.required:
            raise forms.ValidationError("Joignez au moins un document.")
        verifies = []
        for f in fichiers:
            try:
                verifies.append(verifier_document(super().clean(f, initial)))
            except forms.ValidationError as e:
                raise forms.ValidationError(f"« {getattr(f, 'name', '')} » : {e.messages[0]}") from None
        return verifies
