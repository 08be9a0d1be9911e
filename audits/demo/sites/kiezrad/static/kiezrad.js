// Einwilligungsdialog (Cookies) und Menü für kleine Bildschirme.
(function () {
  "use strict";
  var dialog = document.getElementById("einwilligung");
  function schliessen(wahl) {
    localStorage.setItem("kiezrad_cookies", wahl);
    dialog.hidden = true;
    document.body.classList.remove("gesperrt");
  }
  if (localStorage.getItem("kiezrad_cookies")) {
    dialog.hidden = true;
  } else {
    document.body.classList.add("gesperrt");
  }
  dialog.querySelectorAll("[data-wahl]").forEach(function (knopf) {
    knopf.addEventListener("click", function () { schliessen(knopf.getAttribute("data-wahl")); });
  });
  var einstellungen = document.getElementById("cookie-einstellungen");
  if (einstellungen) {
    einstellungen.addEventListener("click", function () {
      localStorage.removeItem("kiezrad_cookies");
      dialog.hidden = false;
      document.body.classList.add("gesperrt");
    });
  }
  var menue = document.querySelector(".menue-knopf"), nav = document.getElementById("hauptmenue");
  menue.addEventListener("click", function () {
    var offen = nav.classList.toggle("offen");
    menue.setAttribute("aria-expanded", offen ? "true" : "false");
  });
})();
