"""The proof of docs/retention.md (issue #19): a person with every kind of data, the job run on both sides of the end
of each period, then a search of the whole database — every text column of every table, history tables included,
and the date columns for the birth date — and of every file of the media storage (text of the PDFs included)."""

import datetime
import io
import os

import pypdf
import pytest
from dateutil.relativedelta import relativedelta
from django.core.files.base import ContentFile
from django.db import connection
from django.utils import timezone

from accompagnement.models import Entretien
from accompagnement.tasks import generer_plan_pdf
from collectivites.tenancy import tenant_context
from tests import factories as f
from usagers.models import DureeConservation, JournalAcces, Usager
from usagers.retention import appliquer_collectivite

pytestmark = pytest.mark.date_figee

IDENTITE = [
    "Zabrowski",
    "Léocadie",
    "1961-03-17",
    "17/03/1961",
    "17 mars 1961",
    "612345678",
    "6 12 34 56 78",
    "leocadie.z@",
]

# The schedule of the test: each period shortened (as the administrator may) so that every boundary is its own day.
DUREES = {
    "passages_anonymes": 2,
    "notes_privees": 3,
    "documents": 6,
    "enquetes_expulsion": 9,
    "accompagnements": 12,
    "dossier": 18,
    "evaluations_ip": 30,
}

# The distinctive words of each kind of data, and the period after which they must be gone.
MOTS = {
    "passages_anonymes": ["quokka"],
    "notes_privees": ["ornithorynque", "saxophone", "wombat", "rue des Capucines"],
    "documents": ["capybara", "attestation-bail.txt"],
    "enquetes_expulsion": ["marmotte", "Kerguelen"],
    "accompagnements": ["pangolin", "axolotl", "narval"],
    "dossier": ["tamanoir", "okapi", "girafon"],
    "evaluations_ip": ["ocelot"],
}


def texte_des_fichiers(racine):
    """Every file of the media storage as text (a PDF through its text layer)."""
    textes = {}
    for dossier, _, fichiers in os.walk(racine):
        for nom in fichiers:
            chemin = os.path.join(dossier, nom)
            with open(chemin, "rb") as fichier:
                contenu = fichier.read()
            if contenu.startswith(b"%PDF"):
                texte = "".join(page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(contenu)).pages)
            else:
                texte = contenu.decode("utf-8", "replace")
            textes[os.path.relpath(chemin, racine)] = f"{nom}\n{texte}"
    return textes


def rechercher(termes, date_naissance, racine):
    """Where the terms are found: ``{term: [table.column or file, ...]}``, for the whole database and storage."""
    trouves = {}
    with connection.cursor() as curseur:
        curseur.execute(
            "SELECT table_name, column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'jsonb', 'json', 'date')"
        )
        colonnes = curseur.fetchall()
        for table, colonne, type_ in colonnes:
            if type_ == "date":
                curseur.execute(f'SELECT count(*) FROM "{table}" WHERE "{colonne}" = %s', [date_naissance])
                if curseur.fetchone()[0]:
                    trouves.setdefault("date_naissance", []).append(f"{table}.{colonne}")
                continue
            for terme in termes:
                curseur.execute(f'SELECT count(*) FROM "{table}" WHERE "{colonne}"::text ILIKE %s', [f"%{terme}%"])
                if curseur.fetchone()[0]:
                    trouves.setdefault(terme, []).append(f"{table}.{colonne}")
    for chemin, texte in texte_des_fichiers(racine).items():
        for terme in termes:
            if terme.lower() in texte.lower() or terme.replace(" ", "") in texte.replace(" ", ""):
                trouves.setdefault(terme, []).append(chemin)
    return trouves


def construire(lot, structure, lieu, referent, types, avec_evaluation):
    """A person with every kind of data, each text naming them or carrying its distinctive word."""
    nom = "Léocadie ZABROWSKI"
    with tenant_context(lot):
        usager = f.UsagerFactory(
            prenom="Léocadie",
            nom="Zabrowski",
            date_naissance=datetime.date(1961, 3, 17),
            telephone="06 12 34 56 78",
            email="leocadie.z@exemple.fr",
        )
        f.EvenementUsagerFactory(usager=usager, type="modification", details={"telephone": ["06 12 34 56 78", ""]})
        f.JournalAccesFactory(usager=usager, utilisateur=referent, objet="fiche")
        # a visitor who stayed anonymous, named in the free text all the same
        anonyme = f.PassageFactory(lieu=lieu, agent=referent, information=f"Mme {nom} dit quokka")
        f.OrientationFactory(passage=anonyme, message="quokka", structure_emettrice=structure)
        # identified passages and an orientation, its history and its events
        passage = f.PassageFactory(lieu=lieu, agent=referent, usager=usager, information=f"{nom} : tamanoir")
        orientation = f.OrientationFactory(
            passage=passage,
            usager=usager,
            message=f"{nom} okapi",
            contact="06 12 34 56 78",
            structure_emettrice=structure,
        )
        f.EvenementOrientationFactory(orientation=orientation, vers="recue", commentaire=f"girafon {nom}")
        # a closed support with its plan
        a = f.AccompagnementFactory(
            usager=usager,
            structure=structure,
            referent=referent,
            type=types["budgetaire"],
            statut="clos",
            date_fin=timezone.localdate(),
            commentaire_cloture=f"{nom} axolotl",
        )
        theme = f.ThemeFactory(accompagnement=a, libelle="Budget pangolin")
        f.ActionFactory(objectif=f.ObjectifFactory(theme=theme, libelle="Dettes narval"), resultat=f"{nom} narval")
        # an interview changed once: the old synthesis lives only in the history
        entretien = f.EntretienFactory(
            accompagnement=a, auteur=referent, synthese=f"{nom} wombat", adresse_visite="3 rue des Capucines"
        )
        entretien.synthese = f"{nom} ornithorynque"
        entretien.save()
        f.NotePriveeFactory(entretien=entretien, auteur=referent, texte=f"{nom} saxophone")
        # an uploaded document and the generated contract, which prints the name and the birth date
        depot = f.DocumentPlanFactory(
            accompagnement=a,
            demande_par=referent,
            nature="depose",
            nom_original="attestation-bail.txt",
            type_mime="text/plain",
        )
        depot.fichier.save("depot.txt", ContentFile(f"Attestation de {nom} capybara".encode()), save=True)
        contrat = f.DocumentPlanFactory(accompagnement=a, demande_par=referent, nature="contrat")
        # the eviction inquiry, on its own support
        e = f.AccompagnementFactory(
            usager=usager,
            structure=structure,
            referent=referent,
            type=types["prevention-expulsions"],
            statut="clos",
            date_fin=timezone.localdate(),
        )
        f.EnqueteExpulsionFactory(
            accompagnement=e, aides_demandees="FSL marmotte", recommandations=f"{nom}, bailleur M. Kerguelen"
        )
        rapport = f.DocumentPlanFactory(accompagnement=e, demande_par=referent, nature="rapport_expulsion")
        if avec_evaluation:
            ip = f.AccompagnementFactory(
                usager=usager,
                structure=structure,
                referent=referent,
                type=types["evaluation-ip"],
                statut="clos",
                date_fin=timezone.localdate(),
            )
            f.EvaluationIPFactory(accompagnement=ip, raison_non_information=f"{nom} ocelot")
        Usager.objects.filter(pk=usager.pk).update(dernier_contact=timezone.now())
    for document in (contrat, rapport):
        generer_plan_pdf(document.pk, collectivite_id=lot.pk)
    return usager


@pytest.mark.parametrize("avec_evaluation", [True, False], ids=["avec-evaluation-ip", "sans-evaluation"])
def test_at_the_end_of_each_period_the_data_leaves_whole(
    lot, structure_a, lieu_a, bob, types, settings, tmp_path, avec_evaluation
):
    settings.MEDIA_ROOT = str(tmp_path)
    with tenant_context(lot):
        for code, mois in DUREES.items():
            DureeConservation.objects.create(collectivite=lot, categorie=code, mois=mois)
    usager = construire(lot, structure_a, lieu_a, bob, types, avec_evaluation)
    debut = timezone.now()
    termes = IDENTITE + [mot for mots in MOTS.values() for mot in mots]

    trouves = rechercher(termes, datetime.date(1961, 3, 17), tmp_path)
    assert any(".pdf" in t for t in trouves["Zabrowski"])  # the generated contract names the person
    assert any(".pdf" in t for t in trouves["17 mars 1961"])  # the contract prints the birth date
    attendus = {code: mots for code, mots in MOTS.items() if avec_evaluation or code != "evaluations_ip"}
    assert {mot for mots in attendus.values() for mot in mots} <= set(trouves)

    # the identity goes with the file — kept as long as an evaluation of the child is
    fin_identite = "evaluations_ip" if avec_evaluation else "dossier"
    echeances = sorted(attendus, key=DUREES.get)
    for code in echeances:
        fin = debut + relativedelta(months=DUREES[code])
        # the day before: still there
        appliquer_collectivite(lot, fin - datetime.timedelta(days=1))
        trouves = rechercher(termes, datetime.date(1961, 3, 17), tmp_path)
        restants = [c for c in echeances if DUREES[c] >= DUREES[code]]
        for c in restants:
            if not (code == "dossier" and avec_evaluation and c == "dossier"):
                assert set(MOTS[c]) <= set(trouves), (code, c, trouves)
        if code == fin_identite:
            assert {"Zabrowski", "Léocadie", "date_naissance", "612345678"} <= set(trouves), trouves
        # the day after: gone, in the database and in the storage
        appliquer_collectivite(lot, fin + datetime.timedelta(days=1))
        trouves = rechercher(termes, datetime.date(1961, 3, 17), tmp_path)
        # the file of a child stays with their evaluation: its free text goes with it
        partis = [] if code == "dossier" and avec_evaluation else MOTS[code]
        if code == fin_identite:
            partis = partis + MOTS["dossier"] + ["Zabrowski", "Léocadie", "date_naissance", "612345678", "leocadie.z@"]
        assert not set(partis) & set(trouves), (code, {t: trouves[t] for t in set(partis) & set(trouves)})
        # idempotent: run again, nothing more to delete
        assert not any(appliquer_collectivite(lot, fin + datetime.timedelta(days=1)).values())

    assert rechercher(termes, datetime.date(1961, 3, 17), tmp_path) == {}
    with tenant_context(lot):
        usager.refresh_from_db()
        assert str(usager) == f"Personne ANONYMISÉE N° {usager.pk}"
        assert not Entretien.objects.filter(accompagnement__usager=usager).exists()
        assert not JournalAcces.objects.exists()  # twelve months
    assert os.listdir(tmp_path) == [] or all(not files for _, _, files in os.walk(tmp_path))
