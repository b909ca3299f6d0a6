from tests.accueil.conftest import jeanne, motifs, orientation_vers, saisie  # noqa: F401  (shared desk fixtures)
