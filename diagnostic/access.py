"""Who reads and writes a diagnostic (docs/diagnostic.md §7). Tenant first; "missing" and "not yours" are one 404.

- **The team**: the project leads and encadrants of the diagnostic's collectivité (a diagnostic is the collectivité's
  engineering work, not a structure's). They open diagnostics, write them, accept or reject amendments, share them.
- **Invited partners**: any other user of the collectivité the team invites to one diagnostic. They read it, comment
  and propose amendments, and see nothing of the diagnostics they are not invited to.

A diagnostic holds no person data: only counts through the small-cell rule, and interview syntheses without names.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from comptes.roles import Role

from .models import Diagnostic, DocumentDiagnostic, PackDonnees

ROLES_EQUIPE = {Role.CHEF_DE_PROJET, Role.ENCADRANT}


def est_equipe(user):
    """A project lead or an encadrant of the collectivité."""
    return bool(user.roles & ROLES_EQUIPE)


def diagnostics_visibles_par(user):
    """The team sees every diagnostic of its collectivité; any other user, those they are invited to."""
    qs = Diagnostic.objects.filter(collectivite_id=user.collectivite_id)
    if est_equipe(user):
        return qs
    return qs.filter(invitations__utilisateur=user)


def get_diagnostic_for_user(user, pk):
    return get_object_or_404(diagnostics_visibles_par(user).select_related("epci", "tis", "demande"), pk=pk)


def peut_voir_diagnostics(user):
    """Navigation: the team, and the partners invited to at least one diagnostic."""
    return est_equipe(user) or diagnostics_visibles_par(user).exists()


def verifier_equipe(user):
    if not est_equipe(user):
        raise PermissionDenied("Seuls les chefs de projet et les encadrants écrivent un diagnostic.")


def packs_visibles_par(user):
    return PackDonnees.objects.filter(
        collectivite_id=user.collectivite_id, diagnostic__in=diagnostics_visibles_par(user)
    )


def documents_visibles_par(user):
    return DocumentDiagnostic.objects.filter(
        collectivite_id=user.collectivite_id, version__diagnostic__in=diagnostics_visibles_par(user)
    )


def get_pack_for_user(user, pk):
    return get_object_or_404(packs_visibles_par(user), pk=pk)


def get_document_for_user(user, pk):
    return get_object_or_404(documents_visibles_par(user).select_related("version"), pk=pk)


def get_dans_un_diagnostic_for_user(user, modele, pk, chemin="diagnostic"):
    """One row of a diagnostic the user sees (a version, an actor, a comment…), by the path to its diagnostic."""
    return get_object_or_404(
        modele.objects.filter(
            collectivite_id=user.collectivite_id, **{f"{chemin}__in": diagnostics_visibles_par(user)}
        ),
        pk=pk,
    )
