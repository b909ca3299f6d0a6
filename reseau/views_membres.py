"""A structure's people: invitations by e-mail, members leaving or removed, contacts and data·inclusion services."""

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from collectivites.noms import forme
from comptes.decorators import permission_requise
from comptes.roles import Role

from . import access
from .actions.droits import roles_attribuables
from .actions.membres import do_accepter_invitation, do_inviter, do_retirer_membre, do_revoquer_invitation
from .actions.structures import do_enregistrer_contact, do_enregistrer_service, do_supprimer
from .forms import AccepterInvitationForm, ContactForm, InvitationForm, ServiceForm
from .liens import invitation_du_lien


def _roles_invitables(user, structure):
    attribuables = roles_attribuables(user, structure)
    return [c for c in Role.choices if c[0] in attribuables]


@require_http_methods(["GET", "POST"])
@permission_requise("voir_reseau")
def inviter(request, pk):
    structure = access.get_structure_geree(request.user, pk)
    form = InvitationForm(request.POST or None, roles=_roles_invitables(request.user, structure))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            invitation = do_inviter(request.user, structure, d["email"], d["role"], d["gestionnaire"])
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, f"Invitation envoyée à {invitation.email}.")
            return redirect("reseau:structure", pk=structure.pk)
    return render(
        request,
        "reseau/formulaire.html",
        {
            "form": form,
            "titre": f"Inviter une personne à rejoindre {forme(structure).le}",
            "bouton": "Envoyer l'invitation",
        },
    )


@require_POST
@permission_requise("voir_reseau")
def revoquer_invitation(request, pk):
    invitation = access.get_invitation_for_user(request.user, pk)
    try:
        do_revoquer_invitation(request.user, invitation)
    except ValidationError as e:
        messages.error(request, e.messages[0])
    else:
        messages.success(request, f"L'invitation de {invitation.email} est révoquée : son lien ne fonctionne plus.")
    return redirect("reseau:structure", pk=invitation.structure_id)


@require_POST
@permission_requise("voir_reseau")
def retirer_membre(request, pk):
    membre = access.get_membre_for_user(request.user, pk)
    try:
        do_retirer_membre(request.user, membre)
    except ValidationError as e:
        messages.error(request, e.messages[0])
        return redirect("reseau:structure", pk=membre.structure_id)
    if membre.utilisateur_id == request.user.pk:
        messages.success(request, f"Vous avez quitté {forme(membre.structure).le}.")
        return redirect("portail:accueil")
    messages.success(request, f"{membre.utilisateur} ne fait plus partie {forme(membre.structure).de}.")
    return redirect("reseau:structure", pk=membre.structure_id)


def invitation(request, collectivite_slug, jeton):
    """Public: the invited person accepts through the signed link of the e-mail and chooses a password."""
    from comptes.models import Utilisateur

    try:
        invitation = invitation_du_lien(jeton)
    except ValidationError as e:
        return render(request, "reseau/invitation_invalide.html", {"message": e.messages[0]}, status=404)
    compte = Utilisateur.objects.filter(email=invitation.email).first()
    if compte and request.user != compte:  # an existing account joins only once logged in as itself
        from django.contrib.auth.views import redirect_to_login

        messages.info(request, f"Connectez-vous avec {invitation.email} pour accepter l'invitation.")
        return redirect_to_login(request.get_full_path())
    form = (
        None
        if compte
        else AccepterInvitationForm(
            request.POST or None, email=invitation.email, administrateur=invitation.role == Role.ADMINISTRATEUR
        )
    )
    if request.method == "POST" and (form is None or form.is_valid()):
        d = form.cleaned_data if form else {}
        try:
            membre = do_accepter_invitation(invitation, d.get("prenom", ""), d.get("nom", ""), d.get("mot_de_passe"))
        except ValidationError as e:
            if form is None:
                return render(request, "reseau/invitation_invalide.html", {"message": e.messages[0]}, status=400)
            form.add_error(None, e)
        else:
            if compte is None:
                login(request, membre.utilisateur, backend="comptes.backends.EmailBackend")
                messages.success(request, f"Bienvenue dans Relais : vous avez rejoint {forme(membre.structure).le}.")
                return redirect("portail:accueil")
            messages.success(request, f"Vous avez rejoint {forme(membre.structure).le}.")
            return redirect("reseau:structure", pk=membre.structure_id)
    return render(request, "reseau/invitation.html", {"invitation": invitation, "form": form, "compte": compte})


@require_http_methods(["GET", "POST"])
@permission_requise("voir_reseau")
def contact_form(request, structure_pk, pk=None):
    structure = access.get_structure_geree(request.user, structure_pk)
    contact = access.get_contact_for_user(request.user, pk, structure) if pk else None
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        do_enregistrer_contact(request.user, structure, contact, **form.cleaned_data)
        messages.success(request, "Contact enregistré.")
        return redirect("reseau:structure", pk=structure.pk)
    titre = f"Modifier le contact {contact}" if contact else f"Nouveau contact {forme(structure).de}"
    return render(request, "reseau/formulaire.html", {"form": form, "titre": titre})


@require_http_methods(["GET", "POST"])
@permission_requise("voir_reseau")
def service_form(request, structure_pk, pk=None):
    structure = access.get_structure_geree(request.user, structure_pk)
    service = access.get_service_for_user(request.user, pk, structure) if pk else None
    form = ServiceForm(request.POST or None, instance=service, structure=structure)
    if request.method == "POST" and form.is_valid():
        do_enregistrer_service(request.user, structure, service, **form.cleaned_data)
        messages.success(request, "Service enregistré.")
        return redirect("reseau:structure", pk=structure.pk)
    titre = f"Modifier le service {service}" if service else f"Nouveau service {forme(structure).de}"
    return render(request, "reseau/formulaire.html", {"form": form, "titre": titre})


@require_POST
@permission_requise("voir_reseau")
def supprimer_contact(request, pk):
    contact = access.get_contact_for_user(request.user, pk)
    do_supprimer(request.user, contact)
    messages.success(request, f"Contact {contact} supprimé.")
    return redirect("reseau:structure", pk=contact.structure_id)


@require_POST
@permission_requise("voir_reseau")
def supprimer_service(request, pk):
    service = access.get_service_for_user(request.user, pk)
    do_supprimer(request.user, service)
    messages.success(request, f"Service {service} supprimé.")
    return redirect("reseau:structure", pk=service.structure_id)
