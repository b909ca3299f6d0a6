#!/usr/bin/env python
"""``make bench``: run every benchmark one after the other, then print one table of every row of issue 18.

Each script runs as it would alone (its own output goes through unchanged) and prints, besides, one
machine-readable line per measured row (``bench/commun.py``); this runner collects them and ends with the table:
measured, floor, ratio, target, PASS/FAIL. A row no script printed is listed as « not measured » with the reason
(a script failed, or does not print that row yet). Exits non-zero when a script could not measure.

    .venv/bin/python bench/tout.py [--seulement passage_charge,couverture]
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from commun import LIGNES, PREFIXE

BENCH = Path(__file__).resolve().parent
# the order of the runs: quick ones first, the national day last (it builds the biggest database)
SCRIPTS = [
    "couverture",
    "recherche_usagers",
    "tableaux_de_bord",
    "passage_charge",
    "enregistrement_panne",
    "note_restitution",
    "rapport_pdf",
    "journee_nationale",
]
# what a script runs with under ``make bench``: the dashboards and the national day at the scale (10⁷
# passages of 100 collectivités, 10⁶ persons); the scripts alone default to smaller, quicker runs while working
ARGUMENTS = {
    "tableaux_de_bord": ["--passages", "10000000"],
    "journee_nationale": ["--passages", "10000000", "--personnes", "10000"],
}


def executer(script):
    """Run one script, its output shown as it comes; returns (exit code, rows printed, seconds)."""
    debut = time.monotonic()
    lignes = []
    with subprocess.Popen(
        [sys.executable, "-u", str(BENCH / f"{script}.py"), *ARGUMENTS.get(script, [])],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        bufsize=1,
    ) as p:
        for texte in p.stdout:
            if texte.startswith(PREFIXE):
                lignes.append(json.loads(texte[len(PREFIXE) :]))
            else:
                sys.stdout.write(texte)
                sys.stdout.flush()
    return p.returncode, lignes, time.monotonic() - debut


def nombre(valeur, unite):
    if valeur is None:
        return "—"
    if unite == "ms" and valeur >= 1000:
        return f"{valeur:,.0f} ms".replace(",", " ")
    return f"{valeur:.1f} {unite}" if valeur < 100 else f"{valeur:,.0f} {unite}".replace(",", " ")


def tableau(lignes, absente):
    entetes = ("row", "measured", "floor", "ratio", "target", "verdict")
    rangs = []
    for cle in [*LIGNES, *sorted({lg["cle"] for lg in lignes} - set(LIGNES))]:
        trouvees = [lg for lg in lignes if lg["cle"] == cle]
        if not trouvees:
            rangs.append((LIGNES.get(cle, cle), "not measured", "", "", "", absente))
        for lg in trouvees:
            ratio = f"{lg['ratio']:.2f}×" if lg["ratio"] is not None else "—"
            verdict = "PASS" if lg["ok"] else "FAIL"
            rangs.append(
                (
                    lg["libelle"],
                    nombre(lg["mesure"], lg["unite"]),
                    nombre(lg["plancher"], lg["unite"]),
                    ratio,
                    lg["cible"],
                    verdict + (f" ({lg['note']})" if lg["note"] else ""),
                )
            )
    largeurs = [max(len(str(r[i])) for r in [entetes, *rangs]) for i in range(len(entetes))]
    print(" | ".join(e.ljust(n) for e, n in zip(entetes, largeurs, strict=True)))
    print("-+-".join("-" * n for n in largeurs))
    for r in rangs:
        print(" | ".join(str(c).ljust(n) for c, n in zip(r, largeurs, strict=True)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seulement", default="", help="comma-separated script names (default: all)")
    args = ap.parse_args()
    choisis = [s for s in args.seulement.split(",") if s] or SCRIPTS
    inconnus = [s for s in choisis if s not in SCRIPTS]
    if inconnus:
        sys.exit(f"unknown script(s): {', '.join(inconnus)} (known: {', '.join(SCRIPTS)})")
    charge_avant = os.getloadavg()[0]
    lignes, echecs, durees = [], [], []
    for script in choisis:
        print(f"\n######## bench/{script}.py", flush=True)
        code, siennes, duree = executer(script)
        durees.append(f"{script} {duree:.0f} s")
        lignes += siennes
        if code:
            echecs.append(f"{script} (exit {code})")
    print(f"\n######## make bench: every row (load average {charge_avant:.1f} → {os.getloadavg()[0]:.1f})")
    tableau(lignes, "no line printed" + (" (a script failed, below)" if echecs else ""))
    print(f"(durations: {', '.join(durees)})")
    if echecs:
        print(f"could not measure: {', '.join(echecs)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
