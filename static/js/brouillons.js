/* Relais — drafts kept in the browser never outlive the session (issue 12, docs/securite.md §13).
   The desk's passage form keeps a draft of its non-identifying fields in localStorage (static/js/accueil.js). On a
   shared desk computer that draft is wiped: when the user logs out, on any page seen without a session (the login
   page after a logout or an expired session), and when it is older than today. */
(function () {
  "use strict";
  var PREFIXE = "relais-passage-";

  function effacer(seulementPerimes) {
    try {
      var d = new Date();
      var jour = d.getFullYear() + "-" + (d.getMonth() + 1) + "-" + d.getDate();
      for (var i = localStorage.length - 1; i >= 0; i--) {
        var cle = localStorage.key(i);
        if (cle && cle.indexOf(PREFIXE) === 0) {
          var perime = true;
          try { perime = (JSON.parse(localStorage.getItem(cle)) || {})._jour !== jour; } catch (e) { perime = true; }
          if (!seulementPerimes || perime) { localStorage.removeItem(cle); }
        }
      }
    } catch (e) { /* storage unavailable: nothing kept either */ }
  }

  effacer(document.body.dataset.session === "ouverte");
  document.addEventListener("submit", function (ev) {
    if (ev.target.classList && ev.target.classList.contains("deconnexion")) { effacer(false); }
  });
})();
