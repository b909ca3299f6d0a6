"""docs/securite.md §3 — the cross-tenant sweep.

Every URL pattern and API route is requested by each user of collectivité A with the ids of collectivité B's objects.
Anything but 403/404, or a trace of B in the body, fails. Every object of B has the same primary key (``ID_B``) in
its own table, so one value stands for "B's object" whatever model a route reads; its names all contain
``MARQUE_B``. A new route is swept without editing this file; one the sweep cannot exercise must be listed in
``NON_BALAYEES`` with its reason.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accompagnement.models import (
    Accompagnement,
    Action,
    DocumentPlan,
    EnqueteExpulsion,
    Entretien,
    EvaluationIP,
    MembreGroupe,
    NotePrivee,
    Objectif,
    PartenaireConsenti,
    Theme,
    TypeAccompagnement,
)
from accueil.models import EvenementOrientation, Motif, Orientation, Passage, PassageMotif
from collectivites.models import Envoi
from collectivites.tenancy import tenant_context
from comptes.roles import Role
from indicateurs.models import Agregat, Calcul, Cible, Instantane, RapportCharte
from ingenierie.models import Demande, Document, Etape, EvenementDemande, NoteRestitution
from reseau.models import (
    Charte,
    CibleEvenement,
    Contact,
    EngagementCharte,
    Evenement,
    Inscription,
    Invitation,
    LieuAccueil,
    Membre,
    Ressource,
    Service,
    Signature,
    Structure,
    VersionRessource,
)
from territoire.models import (
    Commune,
    Departement,
    ParametresCouverture,
    Sectorisation,
    TerritoireActionSociale,
    TerritoireInterventionSociale,
)
from usagers.models import EvenementUsager, JournalAcces, Usager

from . import factories as f

ID_B = 987_654_321
MARQUE_B = "Bétaville"

# Routes not swept, with their reason. Keyed by URL name (namespace:name) or by a route prefix.
NON_BALAYEES = {
    "admin-technique/": "l'administration technique Django, réservée au personnel vérifié (is_staff) : "
    "aucun utilisateur de collectivité n'y entre (test_admin_refuse_les_professionnels)",
    "portail:public": "page publique d'une collectivité, publique par construction",
    "portail:theme": "couleurs publiques d'une collectivité",
    "portail:logo": "logo public d'une collectivité",
    "portail:charte_publique": "charte publique et ses signataires, publiques par construction",
    "invitation": "lien d'invitation signé (public) : désigne sa propre invitation, testé dans tests/reseau",
    "comptes:mot_de_passe_nouveau": "jeton de réinitialisation, ne désigne aucun objet de collectivité",
    "api-schema": "schéma OpenAPI, identique pour toutes les collectivités",
    "api-docs": "documentation de l'API, identique pour toutes les collectivités",
    "commune-detail": "référentiel COG partagé (aucune donnée de collectivité)",
    "carte_publique:carte": "carte publique des lieux de premier accueil d'une collectivité, publique par construction",
    "carte_publique:lieux_geojson": "GeoJSON public des lieux de premier accueil (nom, adresse, horaires), "
    "publics par construction",
    "ingenierie_public:formulaire": "formulaire public de demande d'ingénierie des communes, sans compte",
    "ingenierie_public:territoires": "autocomplétion publique du COG (communes et EPCI du département)",
    "ingenierie_public:merci": "page publique de confirmation, ne désigne aucune demande",
}


def _routes(resolver=None, prefixe="", namespace=None, parametres_prefixe=()):
    """Every route, with the parameters of its own pattern and of the includes above it (``c/<slug>/…/``)."""
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        route = prefixe + str(p.pattern)
        parametres = [*parametres_prefixe, *p.pattern.regex.groupindex]
        if isinstance(p, URLResolver):
            ns = p.namespace if p.namespace else namespace
            if namespace and p.namespace:
                ns = f"{namespace}:{p.namespace}"
            yield from _routes(p, route, ns, parametres)
        elif isinstance(p, URLPattern):
            nom = f"{namespace}:{p.name}" if namespace and p.name else p.name
            yield route, nom, parametres


def _exclue(route, nom):
    return nom in NON_BALAYEES or any(route.startswith(k) for k in NON_BALAYEES if k.endswith("/"))


def _valeur(parametre, b):
    if parametre in ("format", "format_"):
        return "json"
    if parametre in ("collectivite_slug", "slug"):
        return b.slug
    if parametre == "code":
        return "50502"
    return str(ID_B)


def routes_a_balayer():
    vues = {}
    for route, nom, parametres in _routes():
        if _exclue(route, nom):
            continue
        assert nom, f"La route « {route} » n'a pas de nom : nommez-la ou listez-la dans NON_BALAYEES."
        vues[(nom, tuple(parametres))] = route
    return sorted(vues)


@pytest.fixture
def collectivite_b(manche):
    """Collectivité B: one object per tenant model, each with the primary key ID_B and a name with MARQUE_B
    (the commune is shared reference data, so it carries no mark)."""
    dep = Departement.objects.get(code="50")
    commune = Commune.objects.create(
        code="50502", nom="Saint-Lô", departement=dep, population=19000, latitude=49.11, longitude=-1.09
    )
    with tenant_context(manche):
        structure = Structure.objects.create(
            pk=ID_B, collectivite=manche, nom=f"{MARQUE_B} Solidarités", type="departement", commune=commune
        )
        tas = TerritoireActionSociale.objects.create(pk=ID_B, collectivite=manche, nom=f"TAS {MARQUE_B}")
        tis = TerritoireInterventionSociale.objects.create(
            pk=ID_B, collectivite=manche, nom=f"Pôle {MARQUE_B}", tas=tas
        )
        Sectorisation.objects.create(pk=ID_B, collectivite=manche, tis=tis, commune=commune)
        lieu = LieuAccueil.objects.create(
            pk=ID_B,
            collectivite=manche,
            nom=f"Accueil {MARQUE_B}",
            structure=structure,
            type_accueil="premier_accueil",
            commune=commune,
            latitude=49.11,
            longitude=-1.09,
            tis=tis,
        )
        zoe = f.UtilisateurFactory(pk=ID_B, collectivite=manche, prenom="Zoé", nom=MARQUE_B, email="zoe@betaville.test")
        Membre.objects.create(
            pk=ID_B,
            collectivite=manche,
            utilisateur=zoe,
            structure=structure,
            role=Role.ADMINISTRATEUR,
            lieu_habituel=lieu,
        )
        partenaire = Structure.objects.create(
            pk=ID_B + 1, collectivite=manche, nom=f"CCAS de {MARQUE_B}", type="ccas-cias", commune=commune
        )
        usager = Usager.objects.create(pk=ID_B, collectivite=manche, prenom="Yves", nom=MARQUE_B)
        EvenementUsager.objects.create(pk=ID_B, collectivite=manche, usager=usager, type="creation", par=zoe)
        JournalAcces.objects.create(pk=ID_B, collectivite=manche, utilisateur=zoe, usager=usager, action="consultation")
        motif = Motif.objects.create(pk=ID_B, collectivite=manche, code="betaville", libelle=f"Motif {MARQUE_B}")
        passage = Passage.objects.create(
            pk=ID_B,
            collectivite=manche,
            lieu=lieu,
            agent=zoe,
            usager=usager,
            statut="en_attente",
            information=f"Information {MARQUE_B}",
        )
        PassageMotif.objects.create(pk=ID_B, collectivite=manche, passage=passage, motif=motif)
        orientation = Orientation.objects.create(
            pk=ID_B,
            collectivite=manche,
            passage=passage,
            usager=usager,
            structure_emettrice=structure,
            structure_destinataire=partenaire,
            message=f"Message {MARQUE_B}",
            consentement="recueilli",
            emise_par=zoe,
            echeance=timezone.now() + timezone.timedelta(days=30),
        )
        EvenementOrientation.objects.create(pk=ID_B, collectivite=manche, orientation=orientation, vers="envoyee")
        Envoi.objects.create(pk=ID_B, collectivite=manche, tache="tests.rien", options={"marque": MARQUE_B})
        type_b = TypeAccompagnement.objects.create(pk=ID_B, collectivite=manche, code="b", libelle=f"Type {MARQUE_B}")
        accompagnement = Accompagnement.objects.create(
            pk=ID_B, collectivite=manche, usager=usager, type=type_b, structure=structure, referent=zoe, cree_par=zoe
        )
        PartenaireConsenti.objects.create(
            pk=ID_B, collectivite=manche, accompagnement=accompagnement, structure=partenaire
        )
        MembreGroupe.objects.create(
            pk=ID_B,
            collectivite=manche,
            accompagnement=accompagnement,
            utilisateur=zoe,
            structure=structure,
            referent=True,
        )
        theme = Theme.objects.create(
            pk=ID_B, collectivite=manche, accompagnement=accompagnement, libelle=f"Thème {MARQUE_B}"
        )
        objectif = Objectif.objects.create(pk=ID_B, collectivite=manche, theme=theme, libelle=f"Objectif {MARQUE_B}")
        Action.objects.create(
            pk=ID_B, collectivite=manche, objectif=objectif, libelle=f"Action {MARQUE_B}", porteur="personne"
        )
        entretien = Entretien.objects.create(
            pk=ID_B,
            collectivite=manche,
            accompagnement=accompagnement,
            canal="bureau",
            synthese=f"Synthèse {MARQUE_B}",
            auteur=zoe,
        )
        NotePrivee.objects.create(
            pk=ID_B, collectivite=manche, entretien=entretien, auteur=zoe, texte=f"Note {MARQUE_B}"
        )
        DocumentPlan.objects.create(
            pk=ID_B,
            collectivite=manche,
            accompagnement=accompagnement,
            demande_par=zoe,
            genere_le=timezone.now(),
            fichier="collectivites/b/plan.pdf",
        )
        EnqueteExpulsion.objects.create(
            pk=ID_B,
            collectivite=manche,
            accompagnement=accompagnement,
            demandeur="prefecture",
            date_demande="2026-01-01",
            type_bailleur="prive",
            recommandations=f"Préconisation {MARQUE_B}",
        )
        EvaluationIP.objects.create(
            pk=ID_B,
            collectivite=manche,
            accompagnement=accompagnement,
            date_reception="2026-01-01",
            raison_non_information=f"Raison {MARQUE_B}",
        )
        charte = Charte.objects.create(
            pk=ID_B, collectivite=manche, version=1, titre=f"Charte {MARQUE_B}", texte="Texte", publiee_le="2026-01-01"
        )
        engagement = EngagementCharte.objects.create(
            pk=ID_B, collectivite=manche, charte=charte, libelle=f"Engagement {MARQUE_B}"
        )
        Signature.objects.create(
            pk=ID_B,
            collectivite=manche,
            charte=charte,
            structure=partenaire,
            signataire=f"M. {MARQUE_B}",
            fonction="Maire",
            signee_le="2026-02-01",
            engagements=[engagement.pk],
            enregistree_par=zoe,
        )
        evenement = Evenement.objects.create(
            pk=ID_B,
            collectivite=manche,
            type="formation",
            titre=f"Formation {MARQUE_B}",
            date=timezone.now(),
            lieu="Saint-Lô",
            organisateur=structure,
        )
        Inscription.objects.create(
            pk=ID_B, collectivite=manche, evenement=evenement, utilisateur=zoe, structure=structure, inscrit_par=zoe
        )
        CibleEvenement.objects.create(pk=ID_B, collectivite=manche, evenement=evenement, structure=partenaire)
        Contact.objects.create(pk=ID_B, collectivite=manche, structure=structure, nom=f"Mme {MARQUE_B}")
        Service.objects.create(
            pk=ID_B, collectivite=manche, structure=structure, nom=f"Service {MARQUE_B}", description="Aide"
        )
        Invitation.objects.create(
            pk=ID_B,
            collectivite=manche,
            email="invite@betaville.test",
            structure=partenaire,
            role=Role.PARTENAIRE,
            invitee_par=zoe,
            expire_le=timezone.now() + timezone.timedelta(days=7),
        )
        ressource = Ressource.objects.create(
            pk=ID_B, collectivite=manche, titre=f"Guide {MARQUE_B}", categorie="document", creee_par=zoe
        )
        VersionRessource.objects.create(
            pk=ID_B,
            collectivite=manche,
            ressource=ressource,
            numero=1,
            fichier=f"collectivites/{manche.pk}/reseau/guide-betaville.pdf",
            nom_original=f"guide-{MARQUE_B}.pdf",
            type_mime="application/pdf",
            deposee_par=zoe,
        )
        demande = Demande.objects.create(
            pk=ID_B,
            collectivite=manche,
            type_demandeur="commune",
            commune=commune,
            nom_demandeur=f"Mairie de {MARQUE_B}",
            contact_nom=f"M. {MARQUE_B}",
            contact_fonction="elu",
            contact_email="maire@betaville.test",
            contact_telephone="02 33 00 00 00",
            type_projet="epicerie_sociale",
            description=f"Projet {MARQUE_B}",
            avancement="idee",
            tis=tis,
            statut="en_cours",
            niveau=1,
            conseiller=zoe,
        )
        etape = Etape.objects.create(
            pk=ID_B, collectivite=manche, demande=demande, niveau=1, code="b", libelle=f"Étape {MARQUE_B}"
        )
        EvenementDemande.objects.create(pk=ID_B, collectivite=manche, demande=demande, vers="recue")
        Document.objects.create(
            pk=ID_B,
            collectivite=manche,
            demande=demande,
            etape=etape,
            fichier="collectivites/b/ingenierie/b.pdf",
            nom_original=f"{MARQUE_B}.pdf",
            type_mime="application/pdf",
        )
        NoteRestitution.objects.create(
            pk=ID_B,
            collectivite=manche,
            demande=demande,
            version=1,
            statut="prete",
            fichier="collectivites/b/ingenierie/note.pdf",
            demandee_par=zoe,
        )
        Cible.objects.create(pk=ID_B, collectivite=manche, indicateur="couverture", annee=2026, libelle=MARQUE_B)
        calcul = Calcul.objects.create(
            pk=ID_B, collectivite=manche, debut="2026-01-01", fin="2026-12-31", demande_par=zoe, erreur=MARQUE_B
        )
        Instantane.objects.create(
            pk=ID_B,
            collectivite=manche,
            indicateur="couverture",
            periodicite="annuelle",
            debut="2026-01-01",
            fin="2026-12-31",
            valeur=42.0,
            unite="%",
            methode=f"Méthode {MARQUE_B}",
            detail={"non_couvertes": [{"nom": MARQUE_B}]},
            calcul=calcul,
        )
        ParametresCouverture.objects.create(pk=ID_B, collectivite=manche, osrm_url="http://osrm.betaville.test")
        Agregat.objects.create(
            pk=ID_B,
            collectivite=manche,
            source="passages",
            mois="2026-03-01",
            lieu=lieu,
            dimension="motif",
            cle="1",
            libelle=f"Motif {MARQUE_B}",
            valeur=50,
        )
        RapportCharte.objects.create(
            pk=ID_B, collectivite=manche, annee=2026, demande_par=zoe, fichier="collectivites/b/rapport.pdf"
        )
    return manche


def test_the_sweep_covers_the_routes_of_every_app():
    noms = {nom for nom, _ in routes_a_balayer()}
    for attendu in (
        "reseau:structure",
        "reseau:lieu",
        "territoire:tis",
        "territoire:tis_modifier",
        "structure-detail",
        "lieu-detail",
        "tis-detail",
        "portail:accueil",
        "indicateurs:tableau_de_bord",
        "indicateurs:instantane",
        "cartographie:lieux_geojson",
        "ingenierie:demande",
        "ingenierie:note",
        "ingenierie_public:suivi",
        "ingenierie_public:suivi_note",
    ):
        assert attendu in noms


def test_every_model_of_b_is_present(collectivite_b):
    """If a tenant model is added, give it a B object above so that its routes are really exercised."""
    from tests.test_modeles_tenant import NON_TENANT, modeles_du_projet

    with tenant_context(collectivite_b):
        for model in modeles_du_projet():
            if f"{model._meta.app_label}.{model.__name__}" in NON_TENANT:
                continue
            # historical rows (simple-history) are numbered by their own sequence: any row of B will do
            rows = (
                model._default_manager.all() if hasattr(model, "history_id") else model._default_manager.filter(pk=ID_B)
            )
            assert rows.exists(), f"aucun objet de B pour {model.__name__}"


def _corps(reponse):
    if reponse.streaming:
        return b"".join(reponse.streaming_content).decode(errors="replace")
    return reponse.content.decode(errors="replace")


@pytest.mark.parametrize("nom,parametres", routes_a_balayer(), ids=lambda v: str(v))
def test_users_of_a_never_see_b(client, cast_a, collectivite_b, nom, parametres):
    url = reverse(nom, kwargs={p: _valeur(p, collectivite_b) for p in parametres})
    avec_objet_b = any(p not in ("format", "format_") for p in parametres)
    for role, user in cast_a.items():
        client.force_login(user)
        statuts = {}
        for methode in ("get", "post"):
            reponse = getattr(client, methode)(url)
            corps = _corps(reponse)
            contexte = f"{methode.upper()} {url} en tant que {role} ({user.email}) → {reponse.status_code}"
            assert MARQUE_B not in corps, f"{contexte} : le corps contient un nom de B"
            assert str(ID_B) not in corps, f"{contexte} : le corps contient un identifiant de B"
            assert reponse.status_code < 500, contexte
            statuts[methode] = reponse.status_code
        if avec_objet_b:
            # 405 reveals nothing (the method is refused before any lookup) but one method must reach the lookup
            assert set(statuts.values()) <= {403, 404, 405} and set(statuts.values()) & {403, 404}, (
                f"{url} en tant que {role} : {statuts}, attendu 403 ou 404"
            )


def test_admin_refuse_les_professionnels(client, cast_a):
    for user in cast_a.values():
        client.force_login(user)
        reponse = client.get("/admin-technique/")
        assert reponse.status_code == 302 and "/admin-technique/login/" in reponse["Location"]


def test_the_exemption_list_names_real_routes():
    noms = {nom for _, nom, _ in _routes()}
    routes = [r for r, _, _ in _routes()]
    for cle in NON_BALAYEES:
        assert cle in noms or any(r.startswith(cle) for r in routes), f"exemption sans route : {cle}"


def test_every_route_not_exempted_can_be_built_by_the_sweep(manche):
    """A route the sweep cannot reverse (unnamed, or with a parameter it cannot fill) fails here, not silently."""
    for route, nom, parametres in _routes():
        if _exclue(route, nom):
            continue
        assert nom, f"route sans nom : {route}"
        assert reverse(nom, kwargs={p: _valeur(p, manche) for p in parametres})
