"""A queryset compiled once per process, then run with other values (docs/performance.md §16).

For the small reads every request makes (the signed-in user, their memberships), compiling the queryset costs more
CPU than the statement costs the server. ``RequeteFigee`` builds the queryset once with marker values, keeps its SQL
and the place of each marker among the parameters, and turns rows back into model instances the way Django's own
iterator does: ``from_db``, the related objects of ``select_related``, the fields' converters. The queryset stays the
one definition of the read; only its compilation is done once.

On PostgreSQL the statement can also be prepared on the server (``Preparees``): planning a join costs the server
more than running it on a primary key, ~0.4 ms against ~0.1 ms for the user's read (docs/performance.md §16).
"""

import itertools
import re

from django.db.backends.signals import connection_created
from django.db.models.query import ModelIterable, get_related_populators
from django.dispatch import receiver

_PARAMETRE = re.compile(r"%([s%])")


class Instruction:
    """A statement with named parameters, which can be prepared on the server under a name. ``parametres``: for each
    ``%s`` of ``sql`` in order, ``(name, None)`` for a value given to ``params()`` or ``(None, constant)``."""

    def __init__(self, sql, parametres):
        self.sql = sql
        self.parametres = parametres

    def preparer(self, nom):
        """``PREPARE nom AS …``: the statement with PostgreSQL's numbered parameters ($1, $2…)."""
        numeros = itertools.count(1)
        corps = _PARAMETRE.sub(lambda m: f"${next(numeros)}" if m[1] == "s" else "%%", self.sql)
        return f"PREPARE {nom} AS {corps}"

    def executer(self, nom):
        """``EXECUTE nom(%s, …)``, its parameters those of ``params()``."""
        return f"EXECUTE {nom}({', '.join(['%s'] * len(self.parametres))})" if self.parametres else f"EXECUTE {nom}"

    def params(self, **valeurs):
        """The statement's parameters for these values."""
        return [valeur if nom is None else valeurs[nom] for nom, valeur in self.parametres]


class Lecture:
    """A queryset compiled: its SQL (``sql``), its parameters (``valeurs``), and ``instances()``, the model instances
    of its rows as iterating the queryset would give them (with their ``select_related`` objects). Raises
    ``EmptyResultSet`` for a read the ORM knows to be empty (``none()``), ``ValueError`` for a queryset of values or
    with annotations, ``extra()`` or ``prefetch_related()``, which it would not give back."""

    def __init__(self, queryset, using=None):
        requete = queryset.query
        if (
            queryset._iterable_class is not ModelIterable
            or requete.annotation_select
            or requete.extra_select
            or queryset._prefetch_related_lookups
        ):  # what ``instances()`` would silently drop: refused rather than read differently from the queryset
            raise ValueError("une lecture d'instances de modèle, sans annotation, extra() ni prefetch_related()")
        self.using = using or queryset.db
        self.compilateur = queryset.query.get_compiler(using=self.using)
        self.sql, self.valeurs = self.compilateur.as_sql()
        klass_info = self.compilateur.klass_info
        select = self.compilateur.select
        champs = klass_info["select_fields"]
        self.debut, self.fin = champs[0], champs[-1] + 1
        self.modele = klass_info["model"]
        self.colonnes = [s[0].target.attname for s in select[self.debut : self.fin]]
        self.peupleurs = get_related_populators(klass_info, select, self.using)
        # the fields' converters (a JSON field's decoding…), found once: Django looks them up for every execution
        self.convertisseurs = self.compilateur.get_converters([s[0] for s in select[: self.compilateur.col_count]])

    def instances(self, rangees):
        objets = []
        if self.convertisseurs:
            rangees = self.compilateur.apply_converters(rangees, self.convertisseurs)
        for rangee in rangees:
            objet = self.modele.from_db(self.using, self.colonnes, tuple(rangee[self.debut : self.fin]))
            for peupleur in self.peupleurs:
                peupleur.populate(rangee, objet)
            objets.append(objet)
        return objets


class RequeteFigee(Instruction):
    """A ``Lecture`` compiled once, run with other values. ``fabrique(**marqueurs)`` returns the queryset; each marker
    is a value that stands for a parameter and must appear as such among the compiled parameters (an int, a date, a
    string: values the backend passes through unchanged). Parameters that are not markers are constants of the
    queryset and are kept."""

    def __init__(self, fabrique, using="default", **marqueurs):
        self.lecture = Lecture(fabrique(**marqueurs), using)
        parametres = []
        for valeur in self.lecture.valeurs:
            nom = next((n for n, m in marqueurs.items() if type(valeur) is type(m) and valeur == m), None)
            parametres.append((nom, None if nom else valeur))
        absents = set(marqueurs) - {nom for nom, _ in parametres}
        if absents:  # a marker the compiled query does not bind: the read would ignore that value
            raise ValueError(f"Marqueurs absents de la requête compilée : {sorted(absents)}")
        super().__init__(self.lecture.sql, parametres)

    def instances(self, rangees):
        """The model instances of rows of ``self.sql``, as iterating the queryset would give them."""
        return self.lecture.instances(rangees)


_generations = itertools.count(1)


class Preparees:
    """Which generation of a group of prepared statements a database connection holds.

    A prepared statement lives as long as the server session and survives a rollback (PREPARE is not
    transactional). Each attempt to prepare takes a new generation, and so new names: a message that failed after
    its PREPARE leaves a statement nobody will call again, never one whose state is unknown. A connection opened
    anew holds none (``connection_created``). Not for a pooler in transaction mode, which would share server
    sessions between connections (docs/performance.md §16)."""

    def __init__(self, prefixe):
        self.prefixe = prefixe
        self.attribut = f"_relais_preparees_{prefixe}"

    def generation(self, connection):
        """(the generation's name prefix, whether it must be prepared in this message)."""
        etat = getattr(connection, self.attribut, None)
        if etat is not None and etat[0] == id(connection.connection):
            return etat[1], False
        return f"{self.prefixe}_{next(_generations)}", True

    def preparees(self, connection, nom):
        setattr(connection, self.attribut, (id(connection.connection), nom))

    def oublier(self, connection):
        setattr(connection, self.attribut, None)


@receiver(connection_created)
def _connexion_neuve(sender, connection, **kwargs):
    for attribut in [a for a in vars(connection) if a.startswith("_relais_preparees_")]:
        setattr(connection, attribut, None)
