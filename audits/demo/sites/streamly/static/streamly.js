// Live chat with Streamly's support team (simulated for the demo), the mobile menu and the cookie bar.
(function () {
  var burger = document.querySelector(".burger"), nav = document.getElementById("topnav");
  if (burger) burger.addEventListener("click", function () { burger.setAttribute("aria-expanded", String(nav.classList.toggle("open"))); });

  var bar = document.getElementById("cookie");
  if (bar && !localStorage.getItem("sl_cookie")) bar.hidden = false;
  document.querySelectorAll("[data-cookie]").forEach(function (b) {
    b.addEventListener("click", function () { localStorage.setItem("sl_cookie", b.dataset.cookie); bar.hidden = true; });
  });

  var panel = document.getElementById("chat"), log = document.getElementById("chat-log");
  var openers = document.querySelectorAll("[data-open-chat]");
  var agent = null;
  function add(text, cls) {
    var div = document.createElement("div");
    div.className = "m" + (cls ? " " + cls : "");
    div.textContent = text;
    log.appendChild(div);
    log.scrollTop = log.scrollHeight;
  }
  function setOpen(open) {
    panel.hidden = !open;
    openers.forEach(function (o) { o.setAttribute("aria-expanded", String(open)); });
    if (open) panel.querySelector("textarea").focus();
  }
  openers.forEach(function (o) { o.addEventListener("click", function () { setOpen(panel.hidden); }); });
  document.querySelectorAll("[data-close-chat]").forEach(function (b) { b.addEventListener("click", function () { setOpen(false); }); });
  var form = document.getElementById("chat-form");
  if (form) form.addEventListener("submit", function (e) {
    e.preventDefault();
    var box = form.querySelector("textarea"), text = box.value.trim();
    if (!text) return;
    add(text, "me");
    box.value = "";
    if (!agent) {
      agent = "Priya";
      setTimeout(function () { add("Priya from the Streamly support team joined the chat", "sys"); }, 700);
      setTimeout(function () { add("Hi, I'm Priya! Thanks for waiting. Let me look into that for you."); }, 1600);
    } else {
      setTimeout(function () { add("Thanks! Give me a moment while I check."); }, 1200);
    }
  });
})();
