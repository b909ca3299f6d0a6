#!/usr/bin/env python
"""Benchmark « 30-minute coverage » (charter indicator 2), against its floor measured in the same run.

Reads the 34,875 communes of France from the COG file (``RELAIS_DATA_DIR``, default ../shared/data), generates
5,000 reception sites (seeded: a commune drawn with a probability proportional to its population, its point moved
by up to ~2 km), then times ``territoire.couverture.calculer`` — unit vectors, k-d tree, nearest site, minutes by
the estimator, covered population, communes not covered sorted by population — for all of France and for one
département (the Lot, its communes against the sites that fall in it). The floor is the bare vectorised
nearest-neighbour computation on the same points: ``cKDTree(sites).query(communes)`` on unit vectors built
beforehand. Medians of ``--repetitions`` runs, interleaved. Targets: France < 1 s and within 2× the floor.
No database. Always exits 0 when the measurement ran.

    .venv/bin/python bench/couverture.py [--sites 5000] [--repetitions 15]
"""

import argparse
import csv
import os
import statistics
import sys
import time
from pathlib import Path

from commun import ligne

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))
CIBLE_S, CIBLE_RATIO = 1.0, 2.0


def communes():
    dossier = Path(os.environ.get("RELAIS_DATA_DIR") or RACINE.parent / "shared" / "data")
    with (dossier / "communes.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def mesurer(fonction, repetitions):
    durees = []
    for _ in range(repetitions):
        t = time.perf_counter()
        fonction()
        durees.append(time.perf_counter() - t)
    return statistics.median(durees)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sites", type=int, default=5000)
    ap.add_argument("--repetitions", type=int, default=15)
    args = ap.parse_args()

    import numpy as np
    from scipy.spatial import cKDTree

    from territoire import couverture as cv

    lignes = communes()
    lat = np.array([float(c["latitude"]) for c in lignes])
    lon = np.array([float(c["longitude"]) for c in lignes])
    pop = np.array([int(c["population"]) for c in lignes])
    codes = [c["insee_code"] for c in lignes]
    dep = np.array([c["departement"] for c in lignes])
    rng = np.random.default_rng(2026)
    tirage = rng.choice(len(lignes), size=args.sites, p=pop / pop.sum())
    s_lat = lat[tirage] + rng.uniform(-0.02, 0.02, args.sites)
    s_lon = lon[tirage] + rng.uniform(-0.02, 0.02, args.sites)
    s_dep = dep[tirage]

    def relais(masque_c, masque_s):
        return cv.calculer(
            lat[masque_c],
            lon[masque_c],
            pop[masque_c],
            [codes[i] for i in np.flatnonzero(masque_c)],
            s_lat[masque_s],
            s_lon[masque_s],
        )

    def plancher(masque_c, masque_s):
        vc = cv.vecteurs_unitaires(lat[masque_c], lon[masque_c])
        vs = cv.vecteurs_unitaires(s_lat[masque_s], s_lon[masque_s])
        return lambda: cKDTree(vs).query(vc, k=1)

    print(
        f"Couverture à 30 minutes — {len(lignes)} communes, {args.sites} lieux générés, "
        f"{args.repetitions} répétitions (médianes)"
    )
    tout_c, tout_s = np.ones(len(lignes), bool), np.ones(args.sites, bool)
    lot_c, lot_s = dep == "46", s_dep == "46"
    resultats = {}
    for nom, mc, ms in (("France", tout_c, tout_s), ("Lot (46)", lot_c, lot_s)):
        if ms.sum() == 0:
            ms = tout_s  # no generated site in the département: measure against all of them
        f_plancher = plancher(mc, ms)
        f_relais = lambda mc=mc, ms=ms: relais(mc, ms)  # noqa: E731
        f_relais(), f_plancher()  # warm-up
        t_relais = mesurer(f_relais, args.repetitions)
        t_plancher = mesurer(f_plancher, args.repetitions)
        r = f_relais()
        resultats[nom] = (t_relais, t_plancher)
        print(
            f"  {nom:<9} {int(mc.sum()):>6} communes × {int(ms.sum()):>5} lieux : Relais {t_relais * 1000:7.1f} ms, "
            f"plancher {t_plancher * 1000:7.1f} ms, ratio {t_relais / t_plancher:4.2f}× — "
            f"couverture {r.taux:.2f} % ({r.population_couverte:,} / {r.population_totale:,} hab.)"
        )
    t, p = resultats["France"]
    ok = t < CIBLE_S and t / p <= CIBLE_RATIO
    print(
        f"{'PASS' if ok else 'FAIL'} : France en {t * 1000:.0f} ms (cible < {CIBLE_S * 1000:.0f} ms), "
        f"{t / p:.2f}× le plancher (cible ≤ {CIBLE_RATIO}×)"
    )
    ligne("couverture", t * 1000, p * 1000, cible=f"< {CIBLE_S:g} s, ≤ {CIBLE_RATIO:g}× floor", ok=ok)


if __name__ == "__main__":
    main()
