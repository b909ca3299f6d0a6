"""The questionnaires Relais ships as templates (docs/developpement.md §2): a structure copies one, then adapts it.

Each template is a title, a nature, an explanation text and sections of questions: ``(type, libellé, obligatoire,
choix)``. Plain French, short sentences: they are read on a phone at a reception desk.
"""

from .enums import Nature
from .enums import TypeQuestion as T

CONSENTEMENT = (
    "Ce questionnaire est anonyme : nous ne demandons ni votre nom, ni votre adresse, et rien ne relie vos réponses "
    "à votre passage. Répondre est libre ; vous pouvez passer une question. Les réponses servent à améliorer "
    "l'accueil et ne sont lues que par l'équipe de la structure."
)

OUI_NON = ["Oui", "Non"]

MODELES = {
    "satisfaction": {
        "titre": "Votre avis sur l'accueil",
        "nature": Nature.SATISFACTION,
        "introduction": CONSENTEMENT,
        "sections": [
            (
                "Votre venue",
                [
                    (T.CHOIX_UNIQUE, "Est-ce votre première venue ici ?", False, OUI_NON),
                    (
                        T.CHOIX_MULTIPLE,
                        "Pourquoi êtes-vous venu ?",
                        False,
                        ["Une démarche", "Une information", "Un rendez-vous", "Un problème urgent", "Autre chose"],
                    ),
                ],
            ),
            (
                "L'accueil",
                [
                    (T.ECHELLE, "Êtes-vous satisfait de l'accueil ?", True, []),
                    (T.ECHELLE, "Avez-vous attendu un temps raisonnable ?", False, []),
                    (T.ECHELLE, "Les explications étaient-elles claires ?", False, []),
                    (
                        T.CHOIX_UNIQUE,
                        "Avez-vous eu une réponse à votre demande ?",
                        False,
                        ["Oui", "En partie", "Non", "Pas encore"],
                    ),
                ],
            ),
            (
                "Pour faire mieux",
                [
                    (T.TEXTE_LONG, "Qu'est-ce qui pourrait être amélioré ?", False, []),
                ],
            ),
        ],
    },
    "attentes": {
        "titre": "Vos attentes",
        "nature": Nature.ATTENTES,
        "introduction": CONSENTEMENT
        + " Vos idées nous aident à construire, avec vous, l'accueil et les actions de demain.",
        "sections": [
            (
                "Ce qui compte pour vous",
                [
                    (
                        T.CHOIX_MULTIPLE,
                        "Qu'est-ce qui vous aiderait le plus ?",
                        True,
                        [
                            "Des horaires plus larges",
                            "Un accueil sans rendez-vous",
                            "Un rendez-vous plus près de chez moi",
                            "De l'aide pour les démarches en ligne",
                            "Des ateliers en groupe",
                            "Autre chose",
                        ],
                    ),
                    (T.TEXTE_COURT, "Autre chose ? Dites-le en quelques mots", False, []),
                ],
            ),
            (
                "Participer",
                [
                    (
                        T.CHOIX_UNIQUE,
                        "Aimeriez-vous donner votre avis lors d'une réunion avec d'autres usagers ?",
                        False,
                        ["Oui", "Peut-être", "Non"],
                    ),
                    (T.TEXTE_LONG, "Vos idées pour améliorer le service", False, []),
                ],
            ),
        ],
    },
    "demande_sociale": {
        "titre": "La vie dans votre commune",
        "nature": Nature.DEMANDE_SOCIALE,
        "introduction": CONSENTEMENT.replace(
            "améliorer l'accueil et ne sont lues que par l'équipe de la structure",
            "comprendre les besoins des habitants du territoire (diagnostic social) ; seule l'équipe du diagnostic "
            "les lit",
        ),
        "sections": [
            (
                "Vous",
                [
                    (
                        T.CHOIX_UNIQUE,
                        "Votre âge",
                        False,
                        ["Moins de 25 ans", "25 à 39 ans", "40 à 59 ans", "60 à 74 ans", "75 ans ou plus"],
                    ),
                    (
                        T.CHOIX_UNIQUE,
                        "Vous vivez",
                        False,
                        ["Seul", "En couple", "Seul avec enfants", "En couple avec enfants", "Autre"],
                    ),
                    (T.NOMBRE, "Depuis combien d'années vivez-vous dans la commune ?", False, []),
                ],
            ),
            (
                "Vos difficultés",
                [
                    (
                        T.CHOIX_MULTIPLE,
                        "Dans quels domaines rencontrez-vous des difficultés ?",
                        False,
                        [
                            "Se loger",
                            "Se déplacer",
                            "Trouver un emploi",
                            "Se soigner",
                            "Payer les factures",
                            "Faire garder ses enfants",
                            "Faire ses démarches",
                            "Rompre l'isolement",
                        ],
                    ),
                    (T.ECHELLE, "Savez-vous où vous adresser quand vous avez besoin d'aide ?", False, []),
                    (T.TEXTE_LONG, "Qu'est-ce qui manque dans votre commune ?", False, []),
                ],
            ),
        ],
    },
}

# The participants of a collective action (docs/developpement.md §8): created from the action's evaluation, not
# offered in the « new questionnaire » form.
MODELES["action_collective"] = {
    "titre": "Votre avis sur l'action collective",
    "nature": Nature.ACTION_COLLECTIVE,
    "introduction": CONSENTEMENT.replace("améliorer l'accueil", "évaluer et améliorer l'action"),
    "sections": [
        (
            "L'action",
            [
                (T.ECHELLE, "Êtes-vous satisfait de l'action ?", True, []),
                (T.ECHELLE, "Les séances vous ont-elles été utiles ?", False, []),
                (
                    T.CHOIX_UNIQUE,
                    "À combien de séances avez-vous participé ?",
                    False,
                    ["Une", "Deux ou trois", "Quatre ou plus"],
                ),
                (T.CHOIX_UNIQUE, "Recommanderiez-vous l'action à un proche ?", False, ["Oui", "Peut-être", "Non"]),
                (T.TEXTE_LONG, "Qu'est-ce qui pourrait être amélioré ?", False, []),
            ],
        ),
    ],
}

CHOIX_MODELES = [("", "Aucun : questionnaire vide")] + [
    (code, m["titre"]) for code, m in MODELES.items() if code != "action_collective"
]
