"""The data pack of a diagnostic at a date (docs/diagnostic.md §3), assembled by the worker.

What statistics offices publish (the COG's population, the INSEE files imported by ``importer_insee``), and what
only Relais knows — passages of the territory's inhabitants, orientations, supports, travel times, aid granted. Every
count of people or passages goes through the small-cell rule (``config.secret_statistique.proteger``, the
collectivité's threshold, docs/securite.md §7); INSEE's figures are already public. The pack lists what is missing
and why. Its content is plain JSON (figures and tables), so that a shared version keeps it as it was.
"""

from collections import defaultdict
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils import timezone

from accompagnement.models import Accompagnement
from accueil.models import Orientation
from aides.enums import Sens
from aides.models import Decision
from collectivites.noms import pluriel
from config.graphiques import nombre
from config.secret_statistique import proteger
from indicateurs import statistiques
from ingenierie.note import activite_des_habitants, lieux_proches
from reseau.models import LieuAccueil
from territoire.couverture import parametres_couverture

from . import insee
from .models import DonneeInsee

SOURCE_COG = "Insee, Code officiel géographique (population municipale)"
SOURCE_RELAIS = "Relais, activité du réseau (secret statistique appliqué)"
AGES = [
    ("age_0_14", "0 à 14 ans"),
    ("age_15_29", "15 à 29 ans"),
    ("age_30_44", "30 à 44 ans"),
    ("age_45_59", "45 à 59 ans"),
    ("age_60_74", "60 à 74 ans"),
    ("age_75_89", "75 à 89 ans"),
    ("age_90_plus", "90 ans ou plus"),
]


def _f(v, decimales=0):
    if v is None:
        return "secret"
    if decimales:
        return f"{float(v):.{decimales}f}".replace(".", ",")
    return nombre(int(round(float(v))))


def _chiffre(code, libelle, valeur, texte, source):
    return {"code": code, "libelle": libelle, "valeur": valeur, "texte": texte, "source": source}


def _pourcentage(a, b):
    return float(a) * 100 / float(b) if b else None


class Pack:
    def __init__(self, diagnostic, date_reference):
        self.diagnostic = diagnostic
        self.date = date_reference
        self.seuil = diagnostic.collectivite.seuil_secret_statistique
        self.communes = list(diagnostic.communes.select_related("epci").order_by("nom"))
        self.codes = [c.code for c in self.communes]
        self.sections = []
        fin = timezone.make_aware(datetime.combine(date_reference + timedelta(days=1), time.min))
        self.fin, self.debut = fin, fin - timedelta(days=365)

    def section(self, titre, chiffres=(), manquant=(), tableaux=(), note=""):
        self.sections.append(
            {
                "titre": titre,
                "chiffres": list(chiffres),
                "manquant": list(manquant),
                "tableaux": list(tableaux),
                "note": note,
            }
        )

    # statistics offices

    def population(self):
        total = sum(c.population for c in self.communes)
        chiffres = [
            _chiffre("population_cog", "Population municipale (COG)", total, f"{_f(total)} habitants", SOURCE_COG),
            _chiffre("communes", "Communes du territoire", len(self.communes), _f(len(self.communes)), SOURCE_COG),
        ]
        manquant = []
        donnees = self.insee(["population", "population_precedente"])
        recent, ancien = donnees.get("population"), donnees.get("population_precedente")
        if recent and ancien and recent["complet"] and ancien["complet"]:
            annees = recent["millesime"] - ancien["millesime"]
            evolution = _pourcentage(recent["somme"] - ancien["somme"], ancien["somme"])
            annuel = ((float(recent["somme"]) / float(ancien["somme"])) ** (1 / annees) - 1) * 100 if annees else 0
            chiffres.append(
                _chiffre(
                    "evolution_population",
                    f"Évolution de la population {ancien['millesime']}–{recent['millesime']}",
                    round(evolution, 1),
                    f"{_f(ancien['somme'])} → {_f(recent['somme'])} habitants ({'+' if evolution >= 0 else ''}"
                    f"{_f(evolution, 1)} %, {_f(annuel, 2)} % par an)",
                    recent["source"],
                )
            )
        else:
            manquant.append(
                {
                    "libelle": "Évolution de la population",
                    "raison": self.raison("population", recent, insee.COMPARATEUR),
                }
            )
        self.section("Population", chiffres, manquant)

    def insee(self, codes):
        """Sums over the territory's communes of INSEE figures, with how many communes have them."""
        lignes = (
            DonneeInsee.objects.filter(commune_id__in=self.codes, code__in=codes)
            .values("code", "millesime", "fichier")
            .annotate(somme=Sum("valeur"), n=Count("id"))
            .order_by("code", "-millesime")
        )
        resultat = {}
        for r in lignes:
            if r["code"] in resultat:
                continue
            resultat[r["code"]] = {
                **r,
                "complet": r["n"] == len(self.codes),
                "source": f"Insee, {insee.NOMS_FICHIERS[r['fichier']]} (millésime {r['millesime']})",
            }
        return resultat

    def raison(self, code, donnee, fichier):
        if not DonneeInsee.objects.filter(fichier=fichier).exists():
            return (
                f"Le fichier Insee « {insee.NOMS_FICHIERS[fichier]} » n'a pas été importé (manage.py importer_insee)."
            )
        if donnee is None:
            return "Non publié par l'Insee pour les communes du territoire (secret statistique ou fiscal)."
        return (
            f"Publié pour {donnee['n']} commune(s) sur {len(self.codes)} seulement : un total du territoire serait "
            "faux (secret statistique ou fiscal des petites communes)."
        )

    def ages(self):
        donnees = self.insee([c for c, _ in AGES])
        if not all(d and d["complet"] for d in (donnees.get(c) for c, _ in AGES)):
            self.section(
                "Structure par âge",
                manquant=[
                    {
                        "libelle": "Pyramide des âges",
                        "raison": self.raison("age_0_14", donnees.get("age_0_14"), insee.STRUCTURE_POPULATION),
                    }
                ],
            )
            return
        total = sum(donnees[c]["somme"] for c, _ in AGES)
        lignes = [
            [libelle, _f(donnees[c]["somme"]), _f(_pourcentage(donnees[c]["somme"], total), 1) + " %"]
            for c, libelle in AGES
        ]
        plus_60 = sum(donnees[c]["somme"] for c in ("age_60_74", "age_75_89", "age_90_plus"))
        moins_30 = sum(donnees[c]["somme"] for c in ("age_0_14", "age_15_29"))
        source = donnees["age_0_14"]["source"]
        self.section(
            "Structure par âge",
            [
                _chiffre(
                    "part_60_plus",
                    "Part des 60 ans ou plus",
                    round(_pourcentage(plus_60, total), 1),
                    f"{_f(_pourcentage(plus_60, total), 1)} %",
                    source,
                ),
                _chiffre(
                    "part_moins_30",
                    "Part des moins de 30 ans",
                    round(_pourcentage(moins_30, total), 1),
                    f"{_f(_pourcentage(moins_30, total), 1)} %",
                    source,
                ),
            ],
            tableaux=[
                {
                    "titre": "Population par tranche d'âge",
                    "colonnes": ["Tranche d'âge", "Habitants", "Part"],
                    "lignes": lignes,
                    "graphique": [[libelle, float(donnees[c]["somme"])] for c, libelle in AGES],
                }
            ],
        )

    def menages_logement(self):
        d = self.insee(["menages", "logements", "residences_principales", "logements_vacants"])
        chiffres, manquant = [], []
        for code, libelle in (("menages", "Ménages"), ("logements", "Logements")):
            if d.get(code) and d[code]["complet"]:
                chiffres.append(
                    _chiffre(code, libelle, float(d[code]["somme"]), _f(d[code]["somme"]), d[code]["source"])
                )
            else:
                manquant.append({"libelle": libelle, "raison": self.raison(code, d.get(code), insee.COMPARATEUR)})
        vac, log = d.get("logements_vacants"), d.get("logements")
        if vac and log and vac["complet"] and log["complet"]:
            taux = _pourcentage(vac["somme"], log["somme"])
            chiffres.append(
                _chiffre(
                    "vacance", "Logements vacants", round(taux, 1), f"{_f(taux, 1)} % des logements", vac["source"]
                )
            )
        else:
            manquant.append(
                {"libelle": "Logements vacants", "raison": self.raison("logements_vacants", vac, insee.COMPARATEUR)}
            )
        self.section("Ménages et logement", chiffres, manquant)

    def revenus(self):
        """Medians and rates do not add up: one commune gives its figure, several give the range of theirs."""
        chiffres, manquant = [], []
        for code, libelle, unite in (
            ("revenu_median", "Revenu disponible médian par unité de consommation", " €"),
            ("taux_pauvrete", "Taux de pauvreté (seuil à 60 % du revenu médian)", " %"),
        ):
            valeurs = list(
                DonneeInsee.objects.filter(commune_id__in=self.codes, code=code).values_list("valeur", "millesime")
            )
            if not valeurs:
                manquant.append({"libelle": libelle, "raison": self.raison(code, None, insee.COMPARATEUR)})
                continue
            source = f"Insee, {insee.NOMS_FICHIERS[insee.COMPARATEUR]} (millésime {valeurs[0][1]})"
            nombres = sorted(v for v, _ in valeurs)
            decimales = 1 if unite == " %" else 0
            if len(self.codes) == 1:
                texte = f"{_f(nombres[0], decimales)}{unite}"
            else:
                texte = (
                    f"de {_f(nombres[0], decimales)}{unite} à {_f(nombres[-1], decimales)}{unite} selon la commune "
                    f"({len(nombres)} commune(s) sur {len(self.codes)} publiée(s))"
                )
            chiffres.append(_chiffre(code, libelle, float(nombres[-1]), texte, source))
        manquant.append(
            {
                "libelle": "Minima sociaux (RSA, AAH, minimum vieillesse)",
                "raison": "Aucun fichier Insee ne les publie par commune : les allocataires sont publiés par la CAF "
                "et la MSA, dont les fichiers ne sont pas importés dans Relais.",
            }
        )
        self.section("Revenus, pauvreté et minima sociaux", chiffres, manquant)

    def emploi(self):
        d = self.insee(["actifs_15_64", "chomeurs_15_64"])
        act, chom = d.get("actifs_15_64"), d.get("chomeurs_15_64")
        if act and chom and act["complet"] and chom["complet"]:
            taux = _pourcentage(chom["somme"], act["somme"])
            self.section(
                "Emploi et chômage",
                [
                    _chiffre(
                        "chomage",
                        "Taux de chômage des 15–64 ans (recensement)",
                        round(taux, 1),
                        f"{_f(taux, 1)} % des actifs",
                        chom["source"],
                    )
                ],
            )
        else:
            self.section(
                "Emploi et chômage",
                manquant=[
                    {"libelle": "Taux de chômage", "raison": self.raison("chomeurs_15_64", chom, insee.COMPARATEUR)}
                ],
            )

    # what Relais knows

    def passages(self):
        activite = activite_des_habitants(self.diagnostic.collectivite, self.communes, self.fin)
        chiffres, tableaux, manquant = [], [], []
        if activite.total is None:
            manquant.append(
                {
                    "libelle": "Passages des habitants par motif",
                    "raison": f"Moins de {self.seuil} passages d'habitants du territoire en douze mois : rien n'est "
                    "publié (secret statistique).",
                }
            )
        else:
            chiffres.append(
                _chiffre(
                    "passages", "Passages des habitants (douze mois)", activite.total, _f(activite.total), SOURCE_RELAIS
                )
            )
            tableaux.append(
                {
                    "titre": "Passages des habitants par motif (douze mois)",
                    "colonnes": ["Motif", "Passages"],
                    "lignes": [[m, _f(n)] for m, n in activite.motifs],
                    "graphique": [[m, n] for m, n in activite.motifs],
                }
            )
        # the monthly rollup (indicateurs/sources.py) counts residents per commune
        par_commune = statistiques.lire(
            "passages", "commune", self.debut.date(), self.date, self.seuil, communes=self.codes
        )
        if par_commune:
            tableaux.append(
                {
                    "titre": "Passages par commune de résidence (cumul mensuel du tableau de bord)",
                    "colonnes": ["Commune", "Passages"],
                    "lignes": [[r["libelle"], _f(r["valeur"])] for r in par_commune],
                }
            )
        orientations = proteger(
            [
                {
                    "libelle": str(dict(Orientation._meta.get_field("statut").choices).get(r["statut"], r["statut"])),
                    "valeur": r["n"],
                }
                for r in Orientation.objects.filter(
                    passage__commune_residence__in=self.codes, emise_le__gte=self.debut, emise_le__lt=self.fin
                )
                .values("statut")
                .annotate(n=Count("id"))
                .order_by("statut")
            ],
            self.seuil,
        )
        if orientations:
            tableaux.append(
                {
                    "titre": "Orientations des habitants et leur suite (douze mois)",
                    "colonnes": ["Suite", "Orientations"],
                    "lignes": [[r["libelle"], _f(r["valeur"])] for r in orientations],
                }
            )
        self.section("Accueil des habitants dans le réseau", chiffres, manquant, tableaux)

    def accompagnements(self):
        ouverts = proteger(
            [
                {"libelle": r["type__libelle"], "valeur": r["n"]}
                for r in Accompagnement.objects.filter(usager__commune__in=self.codes, date_debut__lte=self.date)
                .exclude(date_fin__lt=self.debut.date())
                .values("type__libelle")
                .annotate(n=Count("id"))
                .order_by("type__libelle")
            ],
            self.seuil,
        )
        aides = defaultdict(lambda: [0, Decimal("0")])
        for r in (
            Decision.objects.filter(
                sens=Sens.ACCORDEE,
                demande__usager__commune__in=self.codes,
                decidee_le__gte=self.debut,
                decidee_le__lt=self.fin,
            )
            .values("demande__dispositif__nom")
            .annotate(n=Count("id"), s=Sum("montant"))
            .order_by("demande__dispositif__nom")
        ):
            aides[r["demande__dispositif__nom"]] = [r["n"], r["s"] or Decimal("0")]
        protegees = proteger([{"libelle": k, "valeur": v[0]} for k, v in aides.items()], self.seuil)
        tableaux = []
        if ouverts:
            tableaux.append(
                {
                    "titre": "Accompagnements des habitants par type (en cours sur douze mois)",
                    "colonnes": ["Type", "Accompagnements"],
                    "lignes": [[r["libelle"], _f(r["valeur"])] for r in ouverts],
                }
            )
        if protegees:
            tableaux.append(
                {
                    "titre": "Aides facultatives accordées aux habitants (douze mois)",
                    "colonnes": ["Dispositif", "Aides", "Montant"],
                    "lignes": [
                        [
                            r["libelle"],
                            _f(r["valeur"]),
                            "secret" if r["valeur"] is None else f"{_f(aides[r['libelle']][1])} €",
                        ]
                        for r in protegees
                    ],
                }
            )
        note = "" if tableaux else "Aucun accompagnement ni aide accordée aux habitants du territoire sur douze mois."
        self.section("Accompagnements et aides", tableaux=tableaux, note=note)

    def trajets(self):
        """The nearest reception site of each commune by the collectivité's own travel-time model — its OSRM server
        when it has one — through the same function as the engineering note (``ingenierie.note.lieux_proches``), so a
        commune's minutes are the same in the pack, the note and the map."""
        parametres = parametres_couverture()
        if not LieuAccueil.objects.exists():
            self.section(
                "Temps de trajet", manquant=[{"libelle": "Temps de trajet", "raison": "Aucun lieu d'accueil."}]
            )
            return
        estimateur = parametres.estimateur()
        lignes, loin = [], 0
        trajet = {"detour": estimateur.detour, "vitesse": estimateur.vitesse_kmh, "osrm": False}
        for c in self.communes:
            proches, trajet = lieux_proches(c)
            proche = proches[0]
            lignes.append((proche.minutes, c, proche))
            if proche.minutes > parametres.seuil_minutes:
                loin += c.population
        lignes.sort(key=lambda x: (-x[0], x[1].nom))
        total = sum(c.population for c in self.communes) or 1
        self.section(
            "Temps de trajet vers le premier accueil",
            [
                _chiffre(
                    "population_eloignee",
                    f"Habitants à plus de {parametres.seuil_minutes} minutes d'un lieu d'accueil",
                    round(_pourcentage(loin, total), 1),
                    f"{_f(loin)} habitant{pluriel(loin)} ({_f(_pourcentage(loin, total), 1)} %)",
                    "Relais, distancier routier de la collectivité"
                    if trajet.get("osrm")
                    else f"Relais, estimation (détour {_f(trajet['detour'], 1)}, {_f(trajet['vitesse'])} km/h)",
                )
            ],
            tableaux=[
                {
                    "titre": "Lieu d'accueil le plus proche de chaque commune (les plus éloignées d'abord)",
                    "colonnes": ["Commune", "Lieu d'accueil le plus proche", "Minutes"],
                    "lignes": [[c.nom, p.site.nom, _f(m)] for m, c, p in lignes[:40]],
                }
            ],
        )


ETAPES = [
    ("Population (COG et Insee)", ["population", "ages"]),
    ("Ménages, logement, revenus, emploi", ["menages_logement", "revenus", "emploi"]),
    ("Activité du réseau (secret statistique)", ["passages", "accompagnements"]),
    ("Temps de trajet", ["trajets"]),
]


def assembler(diagnostic, date_reference, avancer=lambda progression, etape: None):
    """The pack's content; ``avancer(progression, etape)`` reports the progress as each part is assembled."""
    pack = Pack(diagnostic, date_reference)
    for i, (etape, parties) in enumerate(ETAPES):
        avancer(10 + 80 * i // len(ETAPES), etape)
        for partie in parties:
            getattr(pack, partie)()
    return {"date": date_reference.isoformat(), "seuil": pack.seuil, "sections": pack.sections}
