/* Relais — maps (django-leaflet's Leaflet, no CDN). Progressive enhancement: every map page shows the same
   information as lists, so nothing is lost when this script, the GeoJSON or the tile server fails.
   <div class="carte" data-tuiles="…{z}/{x}/{y}…" data-attribution="…" data-couches='[{"url":…,"type":…}]'> */
(function () {
  "use strict";
  if (typeof L === "undefined") { return; }
  var COULEURS = { lieu: "#1d5b79", structure: "#f4a259" };

  function texte(parent, balise, contenu) {
    var el = document.createElement(balise);
    el.textContent = contenu;
    parent.appendChild(el);
    return el;
  }

  function popup(p, type) {
    var div = document.createElement("div");
    texte(div, "strong", p.nom || "");
    if (type === "commune") {
      texte(div, "p", (p.population || 0) + " habitants — " +
        (p.minutes === null || p.minutes === undefined ? "temps inconnu" : "≈ " + Math.round(p.minutes) + " min") +
        (p.lieu_le_plus_proche ? " de " + p.lieu_le_plus_proche : ""));
      if (p.tis) { texte(div, "p", "TIS : " + p.tis); }
      return div;
    }
    if (p.adresse || p.commune) { texte(div, "p", [p.adresse, p.commune].filter(Boolean).join(", ")); }
    if (p.type_structure || p.type) { texte(div, "p", p.type_structure || p.type); }
    if (p.horaires) { texte(div, "p", "Horaires : " + p.horaires); }
    if (p.ouvert === true) { texte(div, "p", "Ouvert maintenant"); }
    if (p.ouvert === false) { texte(div, "p", "Fermé maintenant"); }
    if (p.signataire !== undefined) { texte(div, "p", p.signataire ? "Signataire de la charte" : "Non signataire"); }
    return div;
  }

  function avis(conteneur, message) {
    if (conteneur.previousElementSibling && conteneur.previousElementSibling.classList.contains("carte-avis")) { return; }
    var p = document.createElement("p");
    p.className = "carte-avis";
    p.setAttribute("role", "status");
    p.textContent = message;
    conteneur.parentNode.insertBefore(p, conteneur);
  }

  Array.prototype.forEach.call(document.querySelectorAll(".carte[data-couches]"), function (conteneur) {
    var couches = JSON.parse(conteneur.dataset.couches);
    var carte = L.map(conteneur, { scrollWheelZoom: false });
    carte.setView([46.6, 2.4], 6);
    var fond = L.tileLayer(conteneur.dataset.tuiles, { attribution: conteneur.dataset.attribution, maxZoom: 18 });
    var erreurs = 0;
    fond.on("tileerror", function () {
      erreurs += 1;
      if (erreurs === 3) { avis(conteneur, "Le fond de carte est indisponible : les listes de la page donnent les mêmes informations."); }
    });
    fond.addTo(carte);
    var limites = L.latLngBounds([]);
    var controle = L.control.layers(null, null, { collapsed: false }).addTo(carte);
    couches.forEach(function (c) {
      fetch(c.url, { credentials: "same-origin" }).then(function (r) {
        if (!r.ok) { throw new Error(r.status); }
        return r.json();
      }).then(function (donnees) {
        var couche = L.geoJSON(donnees, {
          pointToLayer: function (f, latlng) {
            var p = f.properties;
            var commune = c.type === "commune" || c.type === "secteur";
            var couleur = c.type === "commune" ? (p.couleur || "#6b7280")
              : c.type === "secteur" ? (p.couleur_tis || "#9ca3af") : COULEURS[c.type] || "#1d5b79";
            return L.circleMarker(latlng, {
              radius: commune ? 4 : 7, color: "#222", weight: 1, fillColor: couleur, fillOpacity: 0.85
            });
          },
          onEachFeature: function (f, layer) {
            layer.bindPopup(popup(f.properties, c.type === "secteur" ? "commune" : c.type));
          }
        });
        if (c.visible !== false) { couche.addTo(carte); }
        controle.addOverlay(couche, c.nom);
        if (donnees.features.length) { limites.extend(couche.getBounds()); carte.fitBounds(limites, { padding: [20, 20] }); }
      }).catch(function () {
        avis(conteneur, "La carte n'a pas pu charger ses données : les listes de la page restent complètes.");
      });
    });
  });
})();
