"""A queryset compiled once per process, then run with other values (docs/performance.md §16).

For the small reads every request makes (the signed-in user, their memberships), compiling the queryset costs more
CPU than the statement costs the server. ``RequeteFigee`` builds the queryset once with marker values, keeps its SQL
and the place of each marker among the parameters, and turns rows back into model instances the way Django's own
iterator does: ``from_db``, the related objects of ``select_related``, the fields' converters. The queryset stays the
one definition of the read; only its compilation is done once.
"""

from django.db import connections
from django.db.models.query import get_related_populators


class RequeteFigee:
    """``fabrique(**marqueurs)`` returns the queryset; each marker is a value that stands for a parameter and must
    appear as such among the compiled parameters (an int, a date: values the backend passes through unchanged).
    Parameters that are not markers are constants of the queryset and are kept."""

    def __init__(self, fabrique, using="default", **marqueurs):
        self.using = using
        queryset = fabrique(**marqueurs)
        self.compilateur = queryset.query.get_compiler(using=using)
        self.sql, parametres = self.compilateur.as_sql()
        places = {}
        self.parametres = []
        for i, valeur in enumerate(parametres):
            nom = next((n for n, m in marqueurs.items() if type(valeur) is type(m) and valeur == m), None)
            self.parametres.append((nom, valeur))
            if nom is not None:
                places.setdefault(nom, []).append(i)
        absents = set(marqueurs) - set(places)
        if absents:  # a marker the compiled query does not bind: the read would ignore that value
            raise ValueError(f"Marqueurs absents de la requête compilée : {sorted(absents)}")
        klass_info = self.compilateur.klass_info
        select = self.compilateur.select
        champs = klass_info["select_fields"]
        self.debut, self.fin = champs[0], champs[-1] + 1
        self.modele = klass_info["model"]
        self.colonnes = [s[0].target.attname for s in select[self.debut : self.fin]]
        self.peupleurs = get_related_populators(klass_info, select, using)
        self.connection = connections[using]

    def params(self, **valeurs):
        """The parameters of the compiled SQL for these values of the markers."""
        return [valeur if nom is None else valeurs[nom] for nom, valeur in self.parametres]

    def instances(self, rangees):
        """The model instances of rows of ``self.sql``, as iterating the queryset would give them."""
        objets = []
        for rangee in self.compilateur.results_iter(results=[rangees]):
            objet = self.modele.from_db(self.using, self.colonnes, rangee[self.debut : self.fin])
            for peupleur in self.peupleurs:
                peupleur.populate(rangee, objet)
            objets.append(objet)
        return objets
