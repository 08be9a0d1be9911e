// Mega menus, the mobile menu and the cookie choice (kept in localStorage).
(function () {
  document.querySelectorAll(".mainnav button.top").forEach(function (b) {
    b.addEventListener("click", function () {
      var li = b.parentElement, open = !li.classList.contains("open");
      document.querySelectorAll(".mainnav li.open").forEach(function (o) { o.classList.remove("open"); o.querySelector("button").setAttribute("aria-expanded", "false"); });
      li.classList.toggle("open", open);
      b.setAttribute("aria-expanded", String(open));
    });
  });
  var mb = document.querySelector(".menu-btn"), nav = document.getElementById("mainnav");
  if (mb) mb.addEventListener("click", function () { mb.setAttribute("aria-expanded", String(nav.classList.toggle("open"))); });
  var c = document.getElementById("consent");
  if (c && !localStorage.getItem("harbor_consent")) c.hidden = false;
  document.querySelectorAll("[data-consent]").forEach(function (b) {
    b.addEventListener("click", function () { localStorage.setItem("harbor_consent", b.dataset.consent); c.hidden = true; });
  });
})();
