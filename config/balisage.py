"""HTML written in Python on the hottest pages, where Django's widget templates and template loops cost more CPU
than the page's SQL (docs/performance.md §5, §15): ``<option>`` lists and the inputs of bound form fields, written
exactly as Django's widgets write them. Every value and label is escaped."""

from django import forms
from django.utils.html import escape
from django.utils.safestring import mark_safe


def options(choix, choisi):
    """The ``<option>``s of (value, label) pairs, ``choisi`` selected (compared as text: a pk, a code, a year)."""
    choisi = str(choisi or "")
    return mark_safe(
        "".join(
            f'<option value="{escape(v)}"{" selected" if str(v) == choisi else ""}>{escape(libelle)}</option>'
            for v, libelle in choix
        )
    )


def _attributs(bf):
    """The attributes Django's widget template would write for the bound field ``bf``: the widget's own (maxlength,
    rows, min…), ``required``, ``aria-invalid`` and ``aria-describedby`` as ``BoundField.as_widget`` sets them, then the
    id."""
    widget = bf.field.widget
    attrs = {**widget.attrs, **bf.build_widget_attrs({}, widget)}
    if bf.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bf.auto_id)
    return "".join(f" {nom}" if v is True else f' {nom}="{escape(v)}"' for nom, v in attrs.items() if v is not False)


def saisie(bf):
    """The input of the bound field ``bf`` — an ``<input>``, ``<textarea>`` or ``<select>`` with its value — as Django's
    widget writes it, without going through the widget's template."""
    widget = bf.field.widget
    attrs = _attributs(bf)
    if isinstance(widget, forms.Select):
        choisie = next(iter(widget.format_value(bf.value())), "")
        return mark_safe(f'<select name="{bf.html_name}"{attrs}>{options(widget.choices, choisie)}</select>')
    valeur = widget.format_value(bf.value())
    if isinstance(widget, forms.Textarea):
        return mark_safe(f'<textarea name="{bf.html_name}"{attrs}>\n{escape(valeur) if valeur else ""}</textarea>')
    valeur = "" if valeur is None else f' value="{escape(valeur)}"'
    return mark_safe(f'<input type="{widget.input_type}" name="{bf.html_name}"{valeur}{attrs}>')
