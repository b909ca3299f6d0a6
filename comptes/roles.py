"""Roles of a member of the network and what each may do.

A user holds a role in each structure they belong to (reseau.Membre); their permissions are the union.
"""

from django.db import models


class Role(models.TextChoices):
    ACCUEIL = "accueil", "Accueil"
    TRAVAILLEUR_SOCIAL = "travailleur_social", "Travailleur social"
    ENCADRANT = "encadrant", "Encadrant"
    CHEF_DE_PROJET = "chef_de_projet", "Chef de projet"
    PARTENAIRE = "partenaire", "Partenaire"
    ADMINISTRATEUR = "administrateur", "Administrateur"
    PROTECTION_ENFANCE = "protection_enfance", "Protection de l'enfance"


_INTERNES = {
    Role.ACCUEIL,
    Role.TRAVAILLEUR_SOCIAL,
    Role.ENCADRANT,
    Role.CHEF_DE_PROJET,
    Role.ADMINISTRATEUR,
    Role.PROTECTION_ENFANCE,
}

PERMISSIONS = {
    "voir_reseau": set(Role),
    "voir_sectorisation": _INTERNES,
    "gerer_sectorisation": {Role.CHEF_DE_PROJET, Role.ADMINISTRATEUR},
    "gerer_membres": {Role.ADMINISTRATEUR},
    # animate the network: the charter, its versions and signatures
    "animer_reseau": {Role.CHEF_DE_PROJET, Role.ADMINISTRATEUR},
    "gerer_collectivite": {Role.ADMINISTRATEUR},
    # the reception desk: log passages, find a person, see their strip
    "accueillir": {Role.ACCUEIL, Role.TRAVAILLEUR_SOCIAL, Role.ENCADRANT, Role.PROTECTION_ENFANCE},
    # personalised supports: open, follow, write interviews
    "accompagner": {Role.TRAVAILLEUR_SOCIAL, Role.ENCADRANT, Role.PROTECTION_ENFANCE},
    "encadrer": {Role.ENCADRANT},
    # child-protection evaluations (CASF L.226-2-2): this role only
    "protection_enfance": {Role.PROTECTION_ENFANCE},
    "fusionner_usagers": {Role.ENCADRANT},
    "exporter_passages": {Role.ENCADRANT},
    # the person's right of access (RGPD art. 15): their whole file, and who read it
    "exporter_dossier": {Role.ENCADRANT},
    # answer the orientations addressed to one's structure
    "repondre_orientations": {Role.ACCUEIL, Role.TRAVAILLEUR_SOCIAL, Role.ENCADRANT, Role.PARTENAIRE},
    # dashboards: the network lead and the administrator see the network, an encadrant the sites of their structure
    "voir_tableau_de_bord": {Role.CHEF_DE_PROJET, Role.ADMINISTRATEUR, Role.ENCADRANT},
    # compute the charter indicators, set their targets, ask for the funders' report
    "piloter_indicateurs": {Role.CHEF_DE_PROJET, Role.ADMINISTRATEUR},
    # the Département's engineering offer to municipalities: follow a request (advisor), qualify and assign (manager);
    # ingenierie/access.py also requires a membership of a structure of the Département
    "ingenierie": {Role.TRAVAILLEUR_SOCIAL, Role.ENCADRANT, Role.CHEF_DE_PROJET, Role.ADMINISTRATEUR},
    "qualifier_ingenierie": {Role.ENCADRANT, Role.CHEF_DE_PROJET, Role.ADMINISTRATEUR},
}


def roles_permettant(permission):
    return PERMISSIONS[permission]
