// The consent wall, the newsletter popup, the mobile menu and a CAPTCHA widget that never lets you through.
(function () {
  var body = document.body;

  // Consent wall: shown until a choice is stored; it covers the whole page and takes every click.
  var wall = document.getElementById("consent-wall");
  function closeWall(choice) {
    localStorage.setItem("cj_consent", choice);
    wall.hidden = true;
    body.classList.remove("locked");
  }
  if (wall) {
    if (localStorage.getItem("cj_consent")) { wall.hidden = true; body.classList.remove("locked"); }
    wall.querySelectorAll("[data-consent]").forEach(function (b) {
      b.addEventListener("click", function () { closeWall(b.dataset.consent); });
    });
    var manage = document.getElementById("consent-manage"), prefs = document.getElementById("consent-prefs");
    manage.addEventListener("click", function () {
      prefs.hidden = !prefs.hidden;
      manage.setAttribute("aria-expanded", String(!prefs.hidden));
    });
  }

  // Newsletter popup: 1.5 seconds after every page load until it is closed once.
  var news = document.getElementById("newsletter");
  function closeNews() { news.hidden = true; localStorage.setItem("cj_news", "closed"); }
  if (news && !localStorage.getItem("cj_news")) {
    setTimeout(function () { news.hidden = false; }, 1500);
  }
  document.querySelectorAll("[data-close-news]").forEach(function (b) { b.addEventListener("click", closeNews); });
  var newsForm = document.getElementById("news-form");
  if (newsForm) newsForm.addEventListener("submit", function (e) {
    e.preventDefault();
    newsForm.innerHTML = "<p><b>Check your inbox!</b> Your 15% code is on its way.</p>";
    localStorage.setItem("cj_news", "joined");
    setTimeout(function () { news.hidden = true; }, 1500);
  });

  var menu = document.querySelector(".menu-btn"), cats = document.getElementById("cats");
  if (menu) menu.addEventListener("click", function () { menu.setAttribute("aria-expanded", String(cats.classList.toggle("open"))); });

  // "I'm not a robot": a spinner, then an image challenge that always asks you to try again.
  document.querySelectorAll(".g-recaptcha").forEach(function (widget) {
    var box = widget.querySelector(".box"), challenge = widget.querySelector(".challenge");
    var error = widget.querySelector(".err");
    function start() {
      box.classList.add("spin");
      box.setAttribute("aria-checked", "false");
      setTimeout(function () { box.classList.remove("spin"); challenge.hidden = false; }, 900);
    }
    box.addEventListener("click", start);
    box.addEventListener("keydown", function (e) { if (e.key === " " || e.key === "Enter") { e.preventDefault(); start(); } });
    widget.querySelectorAll(".pics button").forEach(function (tile) {
      tile.addEventListener("click", function () { tile.classList.toggle("sel"); });
    });
    widget.querySelector("[data-verify]").addEventListener("click", function () {
      error.textContent = "Please try again.";
      widget.querySelectorAll(".pics button.sel").forEach(function (t) { t.classList.remove("sel"); });
    });
  });
})();
