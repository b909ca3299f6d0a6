"""A person's file as a professional may read it, and the parts of the right-of-access answer (RGPD art. 15,
docs/securite.md §4, §5, §14).

It lives at the top (portail) because it reads every app. Nothing here decides who reads what: every record comes
from the same access functions as the pages (``accueil.access.passages_visibles_par``, ``orientations_visibles_par``,
``accompagnement.access.accompagnements_visibles_par``), and what the user may not read is written as the person
strip shows it — where, when and why for a passage, that a support exists (type, structure, since when), « un
accompagnement confidentiel existe » for a child-protection evaluation. Private notes belong to their author's
working memory (docs/securite.md §5) and are never exported; the LISEZMOI says so.
"""

import io
import json
import zipfile

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.utils import timezone

from accompagnement.access import accompagnements_visibles_par
from accompagnement.models import Accompagnement, Entretien
from accueil.access import orientations_nommees, orientations_visibles_par, passages_nommes, passages_visibles_par
from accueil.models import Orientation, Passage
from aides.export import aides_de_structure, aides_lisibles, structures_des_aides
from config.exports import lignes_csv
from developpement.export import actions_de_structure, actions_lisibles, structures_des_actions
from usagers.journal import lisible

LISEZMOI = """Dossier de {usager} — {date}
{objet}
Contenu : identite.json, passages.json, orientations.json, accompagnements.json (plans, entretiens : synthèses
partagées), aides.json (aides facultatives), acces.json et acces.csv (qui a consulté le dossier, quand, depuis
quelle structure).
Les notes privées des professionnels ne font pas partie du dossier partagé et ne sont pas exportées.
"""


def _json(donnees):
    return json.dumps(donnees, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def identite(usager):
    return {
        "prenom": usager.prenom,
        "nom": usager.nom,
        "nom_naissance": usager.nom_naissance,
        "date_naissance": usager.date_naissance,
        "telephone": usager.telephone,
        "email": usager.email,
        "commune": usager.commune.nom if usager.commune else None,
        "dossier_cree_le": usager.cree_le,
    }


def _passage(p, complet):
    ligne = {
        "date": p.date_heure,
        "lieu": p.lieu.nom,
        "structure": p.lieu.structure.nom,
        "canal": p.get_canal_display(),
        "motifs": [m.libelle for m in p.motifs.all()],
    }
    if complet:
        ligne["information"] = p.information
    return ligne


def _orientation(o, complet):
    ligne = {
        "envoyee_le": o.emise_le,
        "de": o.structure_emettrice.nom,
        "vers": o.structure_destinataire.nom,
        "statut": o.get_statut_display(),
    }
    if complet:
        ligne["message"] = o.message
    return ligne


def _champs(objet):
    """The fields of an inquiry or an evaluation, by their French names."""
    if objet is None:
        return None
    return {
        str(f.verbose_name): getattr(objet, f"get_{f.name}_display", lambda f=f: getattr(objet, f.name))()
        for f in objet._meta.concrete_fields
        if not f.is_relation and f.name not in ("id",)
    }


def _accompagnement(a, complet):
    ligne = {
        "type": a.type.libelle,
        "structure": a.structure.nom,
        "referent": a.referent.get_full_name() if a.referent else "",
        "debut": a.date_debut,
        "fin": a.date_fin,
        "statut": a.get_statut_display(),
    }
    if not complet:
        return ligne
    ligne["plan"] = [
        {
            "theme": t.libelle,
            "objectifs": [
                {
                    "objectif": o.libelle,
                    "actions": [
                        {"action": act.libelle, "echeance": act.echeance, "statut": act.get_statut_display()}
                        for act in o.actions.all()
                    ],
                }
                for o in t.objectifs.all()
            ],
        }
        for t in a.themes.all()
    ]
    ligne["entretiens"] = [
        {"date": e.date, "canal": e.get_canal_display(), "synthese": e.synthese}
        for e in Entretien.objects.filter(accompagnement=a).order_by("date", "pk")
    ]
    if a.est_prevention_expulsions:
        ligne["enquete_expulsion"] = _champs(a.enquete_expulsion)
    if a.est_evaluation_ip:
        ligne["evaluation_ip"] = _champs(a.evaluation_ip)
    return ligne


def _accompagnements(qs):
    return qs.select_related("type", "structure", "referent").prefetch_related("themes__objectifs__actions")


def lisible_par(user, usager):
    """What ``user`` reads of the person's file on the pages, nothing more (docs/securite.md §4)."""
    # the desk's need-to-know (accueil.access.passages_nommes, orientations_nommees): a passage or an orientation whose
    # person the pages do not name to the user is written as the strip shows it
    passages_lus = set(
        passages_nommes(user, passages_visibles_par(user).filter(usager=usager))
        .filter(nom_visible=True)
        .values_list("pk", flat=True)
    )
    orientations_lues = set(
        orientations_nommees(user, orientations_visibles_par(user).filter(usager=usager))
        .filter(nommee=True)
        .values_list("pk", flat=True)
    )
    suivis_lus = set(accompagnements_visibles_par(user).filter(usager=usager).values_list("pk", flat=True))
    passages = [
        _passage(p, p.pk in passages_lus)
        for p in Passage.objects.filter(usager=usager)
        .select_related("lieu__structure")
        .prefetch_related("motifs")
        .order_by("date_heure", "pk")
    ]
    orientations = [
        _orientation(o, o.pk in orientations_lues)
        for o in Orientation.objects.filter(usager=usager)
        .select_related("structure_emettrice", "structure_destinataire")
        .order_by("emise_le", "pk")
    ]
    accompagnements = []
    for a in _accompagnements(Accompagnement.objects.filter(usager=usager)).order_by("date_debut", "pk"):
        if a.pk in suivis_lus:
            accompagnements.append(_accompagnement(a, True))
        elif a.type.confidentiel:
            accompagnements.append({"accompagnement": "Un accompagnement confidentiel existe."})
        else:
            accompagnements.append(_accompagnement(a, False))
    return {
        "passages": passages,
        "orientations": orientations,
        "accompagnements": accompagnements,
        "aides": aides_lisibles(user, usager),
        "actions_collectives": actions_lisibles(user, usager),
    }


def partie_de_structure(user, usager, structure, confidentielle):
    """One part of the right-of-access answer, read by the person who releases it through their own access
    functions: the passages at the structure's sites, the orientations it sent, its supports — the confidential
    ones (child-protection evaluations) in a part of their own."""
    accompagnements = accompagnements_visibles_par(user).filter(
        usager=usager, structure=structure, type__confidentiel=confidentielle
    )
    contenu = {
        "structure": structure.nom,
        "accompagnements": [
            _accompagnement(a, True) for a in _accompagnements(accompagnements).order_by("date_debut", "pk")
        ],
    }
    if not confidentielle:
        contenu["aides"] = aides_de_structure(user, usager, structure)
        contenu["actions_collectives"] = actions_de_structure(user, usager, structure)
        contenu["passages"] = [
            _passage(p, True)
            for p in passages_visibles_par(user)
            .filter(usager=usager, lieu__structure=structure)
            .select_related("lieu__structure")
            .prefetch_related("motifs")
            .order_by("date_heure", "pk")
        ]
        contenu["orientations"] = [
            _orientation(o, True)
            for o in orientations_visibles_par(user)
            .filter(usager=usager, structure_emettrice=structure)
            .select_related("structure_emettrice", "structure_destinataire")
            .order_by("emise_le", "pk")
        ]
    return contenu


def journal(usager):
    """Who read the file, in the words of ``usagers.journal.lisible`` (the one readable form of the access log)."""
    return lisible(usager)


def _journal_csv(lignes):
    entete = ["Quand", "Qui", "Structure", "Ce qui a été fait"]
    return "".join(lignes_csv(entete, ([x["quand"], x["qui"], x["structure"], x["quoi"]] for x in lignes)))


def _zip(usager, objet, fichiers, acces):
    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(
            "LISEZMOI.txt",
            LISEZMOI.format(usager=usager, objet=objet, date=timezone.localtime().strftime("%d/%m/%Y %H:%M")),
        )
        zf.writestr("identite.json", _json(identite(usager)))
        for nom, donnees in fichiers:
            zf.writestr(nom, _json(donnees))
        zf.writestr("acces.json", _json(acces))
        zf.writestr("acces.csv", _journal_csv(acces))
    return tampon.getvalue()


def exporter(user, usager):
    """The file as ``user`` reads it on the pages (the encadrant's export, docs/securite.md §4)."""
    dossier = lisible_par(user, usager)
    return _zip(
        usager,
        "Ce que le professionnel qui l'a exporté peut lire ; la réponse complète au droit d'accès est assemblée "
        "partie par partie (voir README, « Right of access »).",
        [(f"{nom}.json", dossier[nom]) for nom in dossier],
        journal(usager),
    )


def assembler(demande):
    """The whole answer to a right-of-access request, once every part is released: each part as its releaser read
    it, and who read the file."""
    fichiers = [
        (f"parties/{i:02d}-{p.nom_de_fichier()}.json", {**p.contenu, "liberee_par": p.liberee_par.get_full_name()})
        for i, p in enumerate(demande.parties.select_related("structure", "liberee_par").order_by("pk"), start=1)
    ]
    return _zip(
        demande.usager,
        f"Réponse à la demande d'accès reçue le {demande.recue_le:%d/%m/%Y} (RGPD art. 15).",
        fichiers,
        journal(demande.usager),
    )


def structures_concernees(usager):
    """(structure id, confidentielle) of every part a right-of-access answer needs for this person."""
    parties = set()
    for structure_id, confidentiel in Accompagnement.objects.filter(usager=usager).values_list(
        "structure_id", "type__confidentiel"
    ):
        parties.add((structure_id, confidentiel))
    for structure_id in structures_des_aides(usager) | structures_des_actions(usager):
        parties.add((structure_id, False))
    for structure_id in Passage.objects.filter(usager=usager).values_list("lieu__structure_id", flat=True):
        parties.add((structure_id, False))
    for structure_id in Orientation.objects.filter(Q(usager=usager)).values_list("structure_emettrice_id", flat=True):
        parties.add((structure_id, False))
    return sorted(parties)
