"""A person's whole file for their right of access (RGPD art. 15, docs/securite.md §14): a ZIP of JSON files.

It lives at the top (portail) because it reads every app. Private notes stay out: they belong to their author's
working memory (docs/securite.md §5) and are not part of the shared file; the export says so in its README.
"""

import io
import json
import zipfile

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from accompagnement.models import Accompagnement, Entretien
from accueil.models import Orientation, Passage
from usagers.models import JournalAcces

LISEZMOI = """Export du dossier de {usager} — {date}
Contenu : identite.json, passages.json, orientations.json, accompagnements.json (plans, entretiens : synthèses
partagées), acces.json (qui a consulté le dossier, quand, depuis quelle structure).
Les notes privées des professionnels ne font pas partie du dossier partagé et ne sont pas exportées.
"""


def _json(donnees):
    return json.dumps(donnees, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def exporter(usager):
    identite = {
        "prenom": usager.prenom,
        "nom": usager.nom,
        "nom_naissance": usager.nom_naissance,
        "date_naissance": usager.date_naissance,
        "telephone": usager.telephone,
        "email": usager.email,
        "commune": usager.commune.nom if usager.commune else None,
        "dossier_cree_le": usager.cree_le,
    }
    passages = [
        {
            "date": p.date_heure,
            "lieu": p.lieu.nom,
            "canal": p.get_canal_display(),
            "motifs": [m.libelle for m in p.motifs.all()],
            "information": p.information,
        }
        for p in Passage.objects.filter(usager=usager).select_related("lieu").prefetch_related("motifs")
    ]
    orientations = [
        {
            "envoyee_le": o.emise_le,
            "de": o.structure_emettrice.nom,
            "vers": o.structure_destinataire.nom,
            "statut": o.get_statut_display(),
            "message": o.message,
        }
        for o in Orientation.objects.filter(usager=usager).select_related(
            "structure_emettrice", "structure_destinataire"
        )
    ]
    accompagnements = []
    for a in (
        Accompagnement.objects.filter(usager=usager)
        .select_related("type", "structure")
        .prefetch_related("themes__objectifs__actions")
    ):
        accompagnements.append(
            {
                "type": a.type.libelle,
                "structure": a.structure.nom,
                "debut": a.date_debut,
                "fin": a.date_fin,
                "statut": a.get_statut_display(),
                "plan": [
                    {
                        "theme": t.libelle,
                        "objectifs": [
                            {
                                "objectif": o.libelle,
                                "actions": [
                                    {
                                        "action": act.libelle,
                                        "echeance": act.echeance,
                                        "statut": act.get_statut_display(),
                                    }
                                    for act in o.actions.all()
                                ],
                            }
                            for o in t.objectifs.all()
                        ],
                    }
                    for t in a.themes.all()
                ],
                "entretiens": [
                    {"date": e.date, "canal": e.get_canal_display(), "synthese": e.synthese}
                    for e in Entretien.objects.filter(accompagnement=a)
                ],
            }
        )
    acces = [
        {
            "quand": j.quand,
            "qui": j.utilisateur.get_full_name(),
            "structure": j.structure.nom if j.structure else "",
            "action": j.get_action_display(),
        }
        for j in JournalAcces.objects.concernant(usager).select_related("utilisateur", "structure")
    ]
    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(
            "LISEZMOI.txt", LISEZMOI.format(usager=usager, date=timezone.localtime().strftime("%d/%m/%Y %H:%M"))
        )
        for nom, donnees in (
            ("identite", identite),
            ("passages", passages),
            ("orientations", orientations),
            ("accompagnements", accompagnements),
            ("acces", acces),
        ):
            zf.writestr(f"{nom}.json", _json(donnees))
    return tampon.getvalue()
