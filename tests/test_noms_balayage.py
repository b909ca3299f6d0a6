"""docs/publications.md §1 — the sweep of names and counts in French sentences.

The world of the cross-tenant sweep (``tests/test_isolation.py``: one object of every model, each with the same
primary key) is renamed with names that elide or carry an article — a person « Alain », a member « Hélène », a
structure « Association… », a partner « Les Restos… », a commune « Les Loges-Marchis », a pôle « Antenne… », a resource
« Annuaire… » — and every page is requested by a user holding every role in its structure. The visible text (and the
labels a screen reader reads) must contain no « de » or « à » before such a name left bare (« de Alain », « de
Les… », « à Le… »), and no count of 0 or 1 followed by a plural (« 0 accompagnements »). A new page is swept without
editing this file.
"""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from collectivites.tenancy import tenant_context
from comptes.roles import Role
from reseau.models import LieuAccueil, Structure
from territoire.models import Commune, TerritoireInterventionSociale
from tests import factories as f
from tests.test_isolation import ID_B, _valeur, collectivite_b, routes_a_balayer  # noqa: F401  (fixture)
from usagers.models import Usager

# « de » or « à » (or « pour les habitants de ») before a name that should have elided or merged with its article
ERREURS_DE_NOM = re.compile(
    r"\b(?:[dD]e|[àÀ]) (?:Les?|La|L['’])\s"  # de Les Arques, à Le Mans, de La Réunion
    r"|\b[dD]e (?:[AEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜŒÆ]|H(?!au)[aeiouyéèêâîô])\w*"  # de Alain, de Assier, de Hélène
)
# a count of 0 or 1 followed by a plural noun (French takes the singular up to 2)
PLURIEL_APRES_ZERO_OU_UN = re.compile(r"(?<![\d,.])\b[01] ([a-zéèêàç]+s)\b")
INVARIABLES = {"mois", "fois", "cas", "pas", "plus", "sous", "sans", "dans", "jours ouvrés", "ans"}
ATTRIBUTS_LUS = ("aria-label", "title", "alt", "placeholder")
# Elements that end a run of text: « En attente de » in a header cell and « ING-… » in the next are not one sentence
BLOCS = {
    *"p li td th tr caption dt dd div section article header footer nav main aside form fieldset legend label".split(),
    *"h1 h2 h3 h4 h5 h6 ul ol dl table thead tbody option select button br hr summary details figure".split(),
    *"figcaption input textarea".split(),
}


class _TexteVisible(HTMLParser):
    """The text a reader sees or hears: text nodes outside script and style, and the labels of the elements."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.morceaux, self._cache = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._cache += 1
        if tag in BLOCS:
            self.morceaux.append("¶")
        self.morceaux.extend(f"{v} ¶" for k, v in attrs if k in ATTRIBUTS_LUS and v)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._cache = max(0, self._cache - 1)
        if tag in BLOCS:
            self.morceaux.append("¶")

    def handle_data(self, data):
        if not self._cache:
            self.morceaux.append(data)


def texte_visible(html):
    """The visible text, a « ¶ » between blocks (a sentence does not run from one cell into the next)."""
    lecteur = _TexteVisible()
    lecteur.feed(html)
    return " ".join(" ".join(lecteur.morceaux).split())


def fautes_de_francais(texte, contexte=0):
    """The mistakes found in ``texte``, each with ``contexte`` characters before it (for the sweep's message)."""
    trouvees = [*ERREURS_DE_NOM.finditer(texte)]
    trouvees += [m for m in PLURIEL_APRES_ZERO_OU_UN.finditer(texte) if m.group(1) not in INVARIABLES]
    return [texte[max(0, m.start() - contexte) : m.end()] for m in trouvees]


def _renommer(objet, nom):
    objet.nom = nom
    if hasattr(objet, "article"):
        objet.article = objet.genre = ""
    objet.save()


@pytest.fixture
def monde_a_nommer(collectivite_b):  # noqa: F811
    """B's world renamed with names that elide or carry an article, and its administrator given every role."""
    b = collectivite_b
    Commune.objects.filter(code="50502").update(nom="Les Loges-Marchis")
    with tenant_context(b):
        _renommer(Structure.objects.get(pk=ID_B), "Association Arc-en-ciel")
        _renommer(Structure.objects.get(pk=ID_B + 1), "Les Restos du cœur")
        _renommer(LieuAccueil.objects.get(pk=ID_B), "Espace Le Havre")
        _renommer(TerritoireInterventionSociale.objects.get(pk=ID_B), "Antenne d'Avranches")
        Usager.objects.filter(pk=ID_B).update(prenom="Alain", nom="Marty")
        zoe = f.UtilisateurFactory._meta.model.objects.get(pk=ID_B)
        zoe.prenom, zoe.nom = "Hélène", "Roux"
        zoe.save()
        structure = Structure.objects.get(pk=ID_B)
        for role in Role:
            if role != Role.ADMINISTRATEUR:
                f.membre(zoe, structure, role)
        ressource = f.RessourceFactory._meta.model.objects.get(pk=ID_B)
        ressource.titre = "Annuaire interne des pôles"
        ressource.save()
        f.DemandeFactory._meta.model.objects.filter(pk=ID_B).update(
            contact_nom="Émilie Roux", nom_demandeur="Les Loges-Marchis"
        )
    return zoe


# Pages reached only with a query string, each with the object of the sweep
AVEC_PARAMETRES = [
    "/accueil/services/?thematique=&commune=Les Loges-Marchis (50502)",
    f"/aides/situation/?usager={ID_B}",
    f"/aides/nouvelle/?usager={ID_B}",
    f"/accompagnements/nouveau/?usager={ID_B}",
]


def _urls(b):
    for nom, parametres in routes_a_balayer():
        yield reverse(nom, kwargs={p: _valeur(p, b) for p in parametres})
    yield from AVEC_PARAMETRES


def test_the_sweep_finds_the_mistakes_it_looks_for():
    assert fautes_de_francais("Situation du foyer de Alain MARTY") == ["de Alain"]
    assert fautes_de_francais("aux habitants de Les Arques, à Le Mans") == ["de Les ", "à Le "]
    assert fautes_de_francais("le dossier de Hélène Roux") == ["de Hélène"]
    assert fautes_de_francais("0 accompagnements, 1 personnes ont répondu") == ["0 accompagnements", "1 personnes"]
    for juste in (
        "d'Alain MARTY",
        "des Arques",
        "au Mans",
        "de la Réunion",
        "de Haute-Garonne",
        "0 accompagnement",
        "2 accompagnements",
        "1 mois",
        "10 passages",
        "1,5 unités",
    ):
        assert fautes_de_francais(juste) == [], juste


def test_no_page_writes_de_before_a_bare_name_or_a_plural_after_zero(client, monde_a_nommer, manche):
    client.force_login(monde_a_nommer)
    client.raise_request_exception = False  # a download whose file the sweep did not write: not this sweep's concern
    fautes, lues = {}, 0
    for url in _urls(manche):
        reponse = client.get(url)
        if reponse.status_code != 200 or "html" not in reponse.get("Content-Type", "") or reponse.streaming:
            continue
        lues += 1
        if trouvees := fautes_de_francais(texte_visible(reponse.content.decode()), contexte=40):
            fautes[url] = trouvees
    assert lues > 100, f"le balayage n'a lu que {lues} pages"
    assert not fautes, "\n".join(f"{url} : {', '.join(t)}" for url, t in sorted(fautes.items()))
