"""Factories with traits, no inheritance: one module per app or layer, in the order of the layers (a factory only
refers to factories above it). Reference rows (département, commune) are created on demand.

The collectivité of a tenant row comes from its parent (a passage from its lieu, an action from its objectif…); a
root row (structure, usager, motif…) takes the active tenant context, or a new collectivité outside of one. Variants
are traits: ``PassageFactory(en_attente=True)``, ``OrientationFactory(expiree=True)``, ``RessourceFactory(
signataires=True)``…
"""

# Every factory is reachable as ``tests.factories.X`` (``from tests import factories as f``; ``f.PassageFactory``).
from .accompagnement import *  # noqa: F403
from .accueil import *  # noqa: F403
from .aides import *  # noqa: F403
from .developpement import *  # noqa: F403
from .diagnostic import *  # noqa: F403
from .fondation import *  # noqa: F403
from .indicateurs import *  # noqa: F403
from .ingenierie import *  # noqa: F403
from .portail import *  # noqa: F403
from .usagers import *  # noqa: F403
