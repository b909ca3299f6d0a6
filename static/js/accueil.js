/* Relais — the reception desk. Progressive enhancement: the form works without this file.
   - keeps a draft of the passage form in localStorage, so a reload or a failed submit loses the choices made — but
     only the fields that identify no one (NON_IDENTIFIANTS): never the person chosen, their name, a phone or any
     free text, which a shared desk computer would keep after an abandoned passage (issue 12, docs/securite.md §13).
     A draft lasts until the end of its day and is wiped at logout (static/js/brouillons.js);
   - chooses a person from the search results and loads their strip;
   - shows the orientation block only when "Orientation" is ticked. */
(function () {
  "use strict";
  var form = document.getElementById("form-passage");
  if (!form) { return; }
  var cle = form.dataset.brouillon;
  var erreurs = document.getElementById("erreurs-passage");
  var champUsager = form.querySelector("input[name=usager]");
  // The only fields a draft keeps: choices from lists that identify no one. A field missing here (the person, the
  // search, the free texts, how to reach the person) is never written to the browser's storage.
  var NON_IDENTIFIANTS = [
    "jeton", "lieu", "date_heure", "canal", "commune_residence", "tranche_age", "type_foyer", "motifs",
    "information_donnee", "orienter", "accompagnement_propose", "rendez_vous_donne", "aucun_besoin", "duree_minutes",
    "orientation-structure_destinataire", "orientation-motif", "orientation-consentement"
  ];

  function aujourdhui() {
    var d = new Date();
    return d.getFullYear() + "-" + (d.getMonth() + 1) + "-" + d.getDate();
  }

  function lire() {
    var donnees = { _jour: aujourdhui() };
    Array.prototype.forEach.call(form.elements, function (el) {
      if (NON_IDENTIFIANTS.indexOf(el.name) === -1) { return; }
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.checked) { (donnees[el.name] = donnees[el.name] || []).push(el.value); }
      } else {
        donnees[el.name] = [el.value];
      }
    });
    return donnees;
  }

  function ecrire(donnees) {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (NON_IDENTIFIANTS.indexOf(el.name) === -1 || !(el.name in donnees)) { return; }
      var valeurs = donnees[el.name];
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = valeurs.indexOf(el.value) !== -1;
      } else {
        el.value = valeurs[0];
      }
    });
  }

  function sauver() {
    try { localStorage.setItem(cle, JSON.stringify(lire())); } catch (e) { /* private mode: no draft */ }
  }

  function afficherUsager(id, nom) {
    champUsager.value = id || "";
    var zone = document.getElementById("usager-choisi");
    zone.textContent = "";
    if (id) {
      zone.append("Personne : ");
      var fort = document.createElement("strong");
      fort.textContent = nom;
      zone.append(fort, " ");
      var bouton = document.createElement("button");
      bouton.type = "button";
      bouton.className = "secondary outline";
      bouton.id = "usager-retirer";
      bouton.textContent = "Passage anonyme";
      zone.append(bouton);
      if (window.htmx) { window.htmx.ajax("GET", "/usagers/" + encodeURIComponent(id) + "/bandeau/", "#bandeau"); }
    } else {
      zone.append("Passage ");
      var anonyme = document.createElement("strong");
      anonyme.textContent = "anonyme";
      zone.append(anonyme, " (aucune donnée identifiante).");
      document.getElementById("bandeau").textContent = "";
    }
  }

  function basculerOrientation() {
    var coche = form.querySelector("input[name=orienter]");
    var bloc = document.getElementById("bloc-orientation");
    if (coche && bloc) { bloc.hidden = !coche.checked; }
  }

  // restore the draft on a fresh page; after a refused submit the server's values stand
  if (!erreurs) {
    try {
      var brouillon = JSON.parse(localStorage.getItem(cle) || "null");
      if (brouillon && brouillon._jour === aujourdhui()) {
        ecrire(brouillon);
      } else if (brouillon) {
        localStorage.removeItem(cle);  // yesterday's draft: expired
      }
    } catch (e) { localStorage.removeItem(cle); }
  } else {
    erreurs.focus();
  }
  basculerOrientation();

  form.addEventListener("input", sauver);
  form.addEventListener("change", function (ev) {
    if (ev.target.name === "orienter") { basculerOrientation(); }
    sauver();
  });
  document.addEventListener("click", function (ev) {
    var choix = ev.target.closest(".choisir-usager");
    if (choix) {
      afficherUsager(choix.dataset.usagerId, choix.dataset.usagerNom);
      document.getElementById("resultats-usagers").textContent = "";
      document.getElementById("recherche-usager").value = "";
      sauver();
      form.querySelector("input[name=motifs]").focus();
    } else if (ev.target.id === "usager-retirer") {
      afficherUsager("", "");
      sauver();
    }
  });
})();

/* On the page of a saved passage: the draft has done its job. */
(function () {
  var marque = document.querySelector("[data-effacer-brouillon]");
  if (marque) { try { localStorage.removeItem(marque.dataset.effacerBrouillon); } catch (e) { /* ignore */ } }
})();
