"""config.graphiques: the one SVG chart module of the dashboards and the PDFs."""

from config.graphiques import barres, colonnes


def test_bars_have_a_title_a_description_of_every_value_and_draw_a_hidden_cell_as_secret():
    svg = barres([("Logement <urgent>", 1234), ("Santé", None)], "Passages & motifs")
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" class="graphique" role="img"')
    assert "<title>Passages &amp; motifs</title>" in svg
    assert "<desc>Logement &lt;urgent&gt; : 1\u202f234 ; Santé : secret</desc>" in svg
    assert svg.count("<rect") == 1  # no bar for the secret cell
    assert "<script" not in svg and "style=" not in svg  # the CSP forbids inline styles


def test_bars_carry_a_target_a_unit_and_a_fixed_scale():
    svg = barres([("Couverture", 87.5, 90)], "Indicateurs", unite=" %", maximum=100)
    assert "87,5 %" in svg and "<title>cible : 90 %</title>" in svg and 'stroke="#c0392b"' in svg


def test_the_table_variant_gives_the_same_figures():
    html = barres([("Budget", 12), ("Logement", None)], "Motifs", tableau=True)
    assert '<table class="donnees-graphique"><caption>Motifs</caption>' in html
    assert '<th scope="row">Budget</th><td>12</td>' in html and '<th scope="row">Logement</th><td>secret</td>' in html


def test_columns_over_time():
    svg = colonnes([("janv. 26", 10), ("févr. 26", None)], "Passages par mois")
    assert "<desc>janv. 26 : 10 ; févr. 26 : secret</desc>" in svg and svg.count("<rect") == 1
