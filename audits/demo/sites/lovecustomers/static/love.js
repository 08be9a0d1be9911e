// Mobile menu and the cookie notice; nothing else on this site needs script.
(function () {
  var burger = document.querySelector(".burger"), nav = document.getElementById("shopnav");
  if (burger) burger.addEventListener("click", function () {
    var open = nav.classList.toggle("open");
    burger.setAttribute("aria-expanded", String(open));
  });
  var bar = document.getElementById("cookies");
  if (bar && document.cookie.indexOf("love_cookies=") === -1) bar.hidden = false;
  var ok = document.getElementById("cookies-ok");
  if (ok) ok.addEventListener("click", function () {
    document.cookie = "love_cookies=1; path=/; max-age=31536000";
    bar.hidden = true;
  });
})();
