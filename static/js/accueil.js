/* Relais — the reception desk. Progressive enhancement: the form works without this file.
   - keeps a draft of the passage form in localStorage, so a reload or a failed submit loses the choices made — but
     only the fields that identify no one (NON_IDENTIFIANTS): never the person chosen, their name, a phone or any
     free text, which a shared desk computer would keep after an abandoned passage (issue 12, docs/securite.md §13).
     A draft lasts until the end of its day and is wiped at logout (static/js/brouillons.js);
   - chooses a person from the search results and loads their strip;
   - shows a field only when it applies (data-si="name" or data-si="name=value": the orientation block, the detail of
     the information given, the reason why consent could not be obtained);
   - makes the motifs a type-to-filter list (Enter ticks the first match) and Ctrl+Enter submits: the desk is
     keyboard-first (docs/conventions.md §4, docs/accueil.md). */
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
    "reponses", "duree_minutes",
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

  function appliquerConditions() {
    Array.prototype.forEach.call(form.querySelectorAll("[data-si]"), function (bloc) {
      var regle = bloc.dataset.si.split("=");
      var selecteur = "input[name='" + regle[0] + "']" + (regle.length > 1 ? "[value='" + regle[1] + "']" : "");
      var champ = form.querySelector(selecteur);
      bloc.hidden = !(champ && champ.checked);
    });
  }

  // Type-to-filter motifs: the filter is the list's one Tab stop, the arrows move inside it (docs/accueil.md).
  var filtre = document.getElementById("filtre-motifs");
  var cases = Array.prototype.slice.call(form.querySelectorAll("#liste-motifs input[name=motifs]"));
  var annonce = document.getElementById("motifs-annonce");

  function sansAccents(texte) {
    return texte.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  }

  function libelle(caseMotif) { return caseMotif.parentNode.textContent.trim(); }

  function visibles() { return cases.filter(function (c) { return !c.parentNode.hidden; }); }

  function filtrer() {
    var q = sansAccents(filtre.value);
    var mots = q.split(/\s+/);
    cases.forEach(function (c) {
      var texte = sansAccents(libelle(c));
      c.parentNode.hidden = !!q && !mots.every(function (m) { return texte.indexOf(m) !== -1; });
    });
  }

  function premiereCorrespondance() {
    var q = sansAccents(filtre.value);
    var liste = visibles();
    // a label that starts with what was typed wins over one that merely contains it
    return liste.filter(function (c) { return sansAccents(libelle(c)).indexOf(q) === 0; })[0] || liste[0];
  }

  if (filtre) {
    filtre.closest(".filtre-motifs").hidden = false;
    cases.forEach(function (c) { c.tabIndex = -1; });
    filtre.addEventListener("input", filtrer);
    filtre.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" && !ev.ctrlKey && !ev.metaKey) {
        ev.preventDefault();
        var choix = filtre.value.trim() && premiereCorrespondance();
        if (!choix) { return; }
        choix.checked = !choix.checked;
        annonce.textContent = libelle(choix) + (choix.checked ? " : coché" : " : décoché");
        filtre.value = "";
        filtrer();
        sauver();
      } else if (ev.key === "ArrowDown" && visibles().length) {
        ev.preventDefault();
        visibles()[0].focus();
      } else if (ev.key === "Escape") {
        filtre.value = "";
        filtrer();
      }
    });
    document.getElementById("liste-motifs").addEventListener("keydown", function (ev) {
      var liste = visibles();
      var i = liste.indexOf(document.activeElement);
      if (i === -1) { return; }
      if (ev.key === "ArrowDown" || ev.key === "ArrowRight") {
        ev.preventDefault();
        liste[Math.min(i + 1, liste.length - 1)].focus();
      } else if (ev.key === "ArrowUp" || ev.key === "ArrowLeft") {
        ev.preventDefault();
        (i === 0 ? filtre : liste[i - 1]).focus();
      }
    });
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
  appliquerConditions();

  form.addEventListener("input", sauver);
  form.addEventListener("change", function () {
    appliquerConditions();
    sauver();
  });
  // the filter is outside the form's fields (form="…") but inside its element: its keys reach this listener too
  form.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) {
      ev.preventDefault();
      form.requestSubmit();
    }
  });
  // the motif filter has focus on a fresh form: the most frequent first step (an error summary takes it otherwise)
  if (filtre && !erreurs) { filtre.focus(); }
  document.addEventListener("click", function (ev) {
    var choix = ev.target.closest(".choisir-usager");
    if (choix) {
      afficherUsager(choix.dataset.usagerId, choix.dataset.usagerNom);
      document.getElementById("resultats-usagers").textContent = "";
      document.getElementById("recherche-usager").value = "";
      sauver();
      (filtre || form.querySelector("input[name=motifs]")).focus();
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

/* The visible shortcut of « Nouveau passage » (Alt+N) on the desk pages. Handled here rather than by accesskey,
   whose modifier differs from one browser to the next (docs/accueil.md). */
(function () {
  var lien = document.getElementById("nouveau-passage");
  if (!lien) { return; }
  document.addEventListener("keydown", function (ev) {
    if (ev.altKey && !ev.ctrlKey && !ev.metaKey && (ev.key === "n" || ev.key === "N" || ev.code === "KeyN")) {
      ev.preventDefault();
      window.location.assign(lien.href);
    }
  });
})();

/* Choosing a service of the network chooses its structure (docs/accueil.md §5); the server checks they match. */
(function () {
  document.addEventListener("change", function (ev) {
    var radio = ev.target;
    if (radio.name !== "orientation-service_reseau" || !radio.dataset.structure) { return; }
    var liste = document.getElementById("id_orientation-structure_destinataire");
    if (liste) { liste.value = radio.dataset.structure; }
  });
})();
