"""config.secret_statistique.proteger: the one small-cell rule (primary and secondary suppression)."""

from config.secret_statistique import proteger


def test_one_hidden_cell_takes_the_smallest_visible_one_with_it_and_hidden_rows_come_last_by_label():
    lignes = [{"libelle": x, "valeur": v} for x, v in (("a", 40), ("b", 12), ("c", 2), ("d", 0))]
    assert [(r["libelle"], r["valeur"]) for r in proteger(lignes, 5)] == [
        ("a", 40),
        ("d", 0),  # a true zero reveals no one
        ("b", None),
        ("c", None),
    ]


def test_two_hidden_cells_need_no_secondary_suppression():
    deux = [{"libelle": "a", "valeur": 3}, {"libelle": "b", "valeur": 2}, {"libelle": "c", "valeur": 9}]
    assert [r["valeur"] for r in proteger(deux, 5)] == [9, None, None]


def test_the_rows_given_are_not_modified_and_a_time_series_sorts_by_its_own_key():
    lignes = [{"mois": 2, "valeur": 7}, {"mois": 1, "valeur": 1}, {"mois": 3, "valeur": 8}]
    assert proteger(lignes, 5, cle_tri="mois") == [
        {"mois": 3, "valeur": 8},
        {"mois": 1, "valeur": None},
        {"mois": 2, "valeur": None},
    ]
    assert lignes[1]["valeur"] == 1
