/* Relais — « Autour de moi » on the public finder (docs/publications.md §3). The browser asks the person's consent;
   the position, rounded to about 100 m, goes only to this site, as ?lat=…&lon=… of the same page. Without
   JavaScript or geolocation the block stays hidden and the search by commune or postcode works alone. */
(function () {
  "use strict";
  var bloc = document.querySelector("[data-autour-de-moi]");
  if (!bloc || !("geolocation" in navigator)) { return; }
  var bouton = bloc.querySelector("[data-localiser]");
  var etat = bloc.querySelector("[data-etat-localisation]");
  bloc.hidden = false;
  bouton.addEventListener("click", function () {
    etat.textContent = "Recherche de votre position…";
    bouton.disabled = true;
    navigator.geolocation.getCurrentPosition(function (position) {
      var params = new URLSearchParams();
      params.set("lat", position.coords.latitude.toFixed(3));
      params.set("lon", position.coords.longitude.toFixed(3));
      window.location.search = params.toString();
    }, function () {
      bouton.disabled = false;
      etat.textContent = "Position non disponible (refusée ou introuvable) : cherchez par votre commune ou votre code postal.";
    }, { enableHighAccuracy: false, timeout: 15000, maximumAge: 600000 });
  });
}());
