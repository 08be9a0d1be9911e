// Menus, cookie notice and "Cassie", the virtual assistant. Cassie is a script, not a person.
(function () {
  document.querySelectorAll(".dd > button").forEach(function (button) {
    button.addEventListener("click", function () {
      var item = button.parentElement, open = !item.classList.contains("open");
      document.querySelectorAll(".dd.open").forEach(function (o) { o.classList.remove("open"); o.firstElementChild.setAttribute("aria-expanded", "false"); });
      item.classList.toggle("open", open);
      button.setAttribute("aria-expanded", String(open));
    });
  });
  var toggle = document.querySelector(".menu-toggle"), nav = document.getElementById("primary-nav");
  if (toggle) toggle.addEventListener("click", function () {
    var open = nav.classList.toggle("open");
    toggle.setAttribute("aria-expanded", String(open));
  });

  var cookie = document.getElementById("cookie-notice");
  if (cookie && !localStorage.getItem("cc_cookies")) cookie.hidden = false;
  document.querySelectorAll("[data-cookie]").forEach(function (b) {
    b.addEventListener("click", function () { localStorage.setItem("cc_cookies", b.dataset.cookie); cookie.hidden = true; });
  });

  var panel = document.getElementById("cassie"), log = document.getElementById("cassie-log");
  var launcher = document.getElementById("cassie-launcher");
  var replies = {
    billing: "I can help with billing! To see your bill, please sign in to My Account.",
    outage: "Let me check for outages. First, please sign in so I can find your service address.",
    agent: "I'm Cassie, a virtual assistant. To connect you with the right team, please sign in to My Account first.",
    plans: "Great question! Our plans are available to existing customers. Sign in to see upgrades for your home.",
    fallback: "Sorry, I didn't quite get that. Try one of the topics below, or sign in to My Account for more options."
  };
  function say(text, me) {
    var div = document.createElement("div");
    div.className = "msg" + (me ? " me" : "");
    div.textContent = text;
    log.appendChild(div);
    log.scrollTop = log.scrollHeight;
  }
  function answer(text) {
    var t = text.toLowerCase(), key = "fallback";
    if (/bill|pay|charge/.test(t)) key = "billing";
    else if (/outage|down|internet|wifi/.test(t)) key = "outage";
    else if (/agent|human|person|representative|talk|call/.test(t)) key = "agent";
    else if (/plan|new|sign up|buy|shop/.test(t)) key = "plans";
    setTimeout(function () { say(replies[key]); }, 500);
  }
  if (launcher) launcher.addEventListener("click", function () {
    panel.hidden = !panel.hidden;
    launcher.setAttribute("aria-expanded", String(!panel.hidden));
  });
  document.querySelectorAll("[data-close-chat]").forEach(function (b) {
    b.addEventListener("click", function () { panel.hidden = true; launcher.setAttribute("aria-expanded", "false"); });
  });
  document.querySelectorAll("[data-ask]").forEach(function (b) {
    b.addEventListener("click", function () { say(b.textContent, true); answer(b.dataset.ask); });
  });
  var form = document.getElementById("cassie-form");
  if (form) form.addEventListener("submit", function (e) {
    e.preventDefault();
    var input = form.querySelector("input");
    if (!input.value.trim()) return;
    say(input.value, true); answer(input.value); input.value = "";
  });
})();
