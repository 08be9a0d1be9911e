(function () {
  // Hamburger drawer (mobile only)
  var burger = document.querySelector(".burger");
  var drawer = document.getElementById("drawer");
  function setDrawer(open) {
    drawer.classList.toggle("open", open);
    burger.setAttribute("aria-expanded", open ? "true" : "false");
    document.body.style.overflow = open ? "hidden" : "";
  }
  burger.addEventListener("click", function () { setDrawer(!drawer.classList.contains("open")); });
  drawer.querySelector(".close").addEventListener("click", function () { setDrawer(false); burger.focus(); });
  drawer.querySelector(".scrim").addEventListener("click", function () { setDrawer(false); });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") setDrawer(false); });

  // Desktop dropdowns: buttons toggle their menu (hover works too)
  document.querySelectorAll("nav.primary button.top").forEach(function (btn) {
    btn.addEventListener("click", function () {
      var menu = document.getElementById(btn.getAttribute("aria-controls"));
      var open = btn.getAttribute("aria-expanded") !== "true";
      document.querySelectorAll("nav.primary button.top").forEach(function (b) {
        b.setAttribute("aria-expanded", "false");
        document.getElementById(b.getAttribute("aria-controls")).classList.remove("open");
      });
      btn.setAttribute("aria-expanded", open ? "true" : "false");
      menu.classList.toggle("open", open);
    });
  });
  document.addEventListener("click", function (e) {
    if (!e.target.closest("nav.primary")) {
      document.querySelectorAll("nav.primary .menu.open").forEach(function (m) { m.classList.remove("open"); });
      document.querySelectorAll("nav.primary button.top").forEach(function (b) { b.setAttribute("aria-expanded", "false"); });
    }
  });

  // Footer accordions (only act as accordions on small screens)
  document.querySelectorAll("footer.site h4 button").forEach(function (btn) {
    btn.addEventListener("click", function () {
      var list = document.getElementById(btn.getAttribute("aria-controls"));
      var open = btn.getAttribute("aria-expanded") !== "true";
      btn.setAttribute("aria-expanded", open ? "true" : "false");
      list.classList.toggle("open", open);
    });
  });

  // Cookie banner
  var cookie = document.getElementById("cookie");
  if (!localStorage.getItem("bw-consent")) cookie.hidden = false;
  cookie.querySelectorAll("button").forEach(function (b) {
    b.addEventListener("click", function () { localStorage.setItem("bw-consent", b.dataset.consent); cookie.hidden = true; });
  });

  // Chat launcher: a virtual assistant with canned answers (a bot, no people)
  var launch = document.querySelector(".chat-launch");
  var panel = document.getElementById("chat");
  launch.addEventListener("click", function () {
    var open = !panel.classList.contains("open");
    panel.classList.toggle("open", open);
    launch.setAttribute("aria-expanded", open ? "true" : "false");
  });
  var answers = {
    plans: "Our Unlimited plan is $45/mo per line with AutoPay. See all plans on the Plans page.",
    coverage: "Brightwave 5G covers 98% of Americans. Check your street on our Coverage page.",
    bill: "To see your bill, log in to My Brightwave.",
    other: "Sorry, I can only help with plans, coverage and bills. Try our Help Center."
  };
  panel.querySelectorAll(".quick button").forEach(function (b) {
    b.addEventListener("click", function () {
      var p = document.createElement("div");
      p.className = "bubble";
      p.textContent = answers[b.dataset.q];
      panel.querySelector(".msgs").appendChild(p);
    });
  });
})();
