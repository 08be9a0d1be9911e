// The small-screen menu drawer; the desktop mega menu is CSS :hover only.
(function () {
  "use strict";
  var button = document.querySelector(".menu-btn"), drawer = document.getElementById("drawer");
  button.addEventListener("click", function () {
    var open = drawer.classList.toggle("open");
    button.setAttribute("aria-expanded", open ? "true" : "false");
  });
})();
