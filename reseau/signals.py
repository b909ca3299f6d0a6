"""Signals of the network that other apps answer without the network knowing them (arrows point down)."""

from django.dispatch import Signal

# Sent inside the transaction that ends a membership (``membre``). A receiver ends what the membership gave in its
# app, or raises ValidationError to refuse the departure (nothing is then written).
sortie_de_structure = Signal()
