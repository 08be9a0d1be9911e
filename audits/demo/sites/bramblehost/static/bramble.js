// Sidebar tree: section buttons toggle their list; the burger shows the sidebar on small screens.
(function () {
  "use strict";
  document.querySelectorAll("nav.tree button[aria-controls]").forEach(function (button) {
    button.addEventListener("click", function () {
      var list = document.getElementById(button.getAttribute("aria-controls"));
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", open ? "true" : "false");
      list.hidden = !open;
    });
  });
  var burger = document.querySelector(".burger"), side = document.getElementById("sidebar");
  burger.addEventListener("click", function () {
    var open = side.classList.toggle("open");
    burger.setAttribute("aria-expanded", open ? "true" : "false");
  });
})();
