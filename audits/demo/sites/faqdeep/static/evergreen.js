// Mobile menu, closing the "Insurance" menu on outside clicks, and the cookie notice.
(function () {
  var t = document.querySelector(".nav-toggle"), nav = document.getElementById("eg-nav");
  if (t) t.addEventListener("click", function () { t.setAttribute("aria-expanded", String(nav.classList.toggle("open"))); });
  document.addEventListener("click", function (e) {
    document.querySelectorAll("nav.eg-nav details[open]").forEach(function (d) { if (!d.contains(e.target)) d.open = false; });
  });
  var c = document.getElementById("cookie");
  if (c && document.cookie.indexOf("eg_consent=") === -1) c.hidden = false;
  document.querySelectorAll("[data-consent]").forEach(function (b) {
    b.addEventListener("click", function () { document.cookie = "eg_consent=" + b.dataset.consent + "; path=/; max-age=31536000"; c.hidden = true; });
  });
})();
