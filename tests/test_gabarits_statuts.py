"""Templates ask the model (``orientation.attend_reponse``, ``a.est_ouvert``), never compare a status with a raw
string: a renamed status would otherwise fail silently in the page."""

import re
from pathlib import Path

RACINE = Path(__file__).resolve().parents[1]
COMPARAISON = re.compile(r"""(?<!filtres)\.(statut|etat|status)\s*(==|!=)\s*["']""")  # filtres.statut: a query value


def test_no_template_compares_a_status_with_a_raw_string():
    dossiers = [
        d
        for d in RACINE.iterdir()
        if d.is_dir() and not d.name.startswith(".") and d.name not in {"static", "staticfiles", "node_modules"}
    ]
    gabarits = [g for d in dossiers for g in d.rglob("*.html")]
    assert len(gabarits) > 50
    fautifs = [str(g.relative_to(RACINE)) for g in gabarits if COMPARAISON.search(g.read_text())]
    assert fautifs == []
