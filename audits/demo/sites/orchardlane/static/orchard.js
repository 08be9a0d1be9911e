/* <site-header>: the site's navigation, rendered into an open shadow root. */
(function () {
  "use strict";
  var links = [
    ["/spaces", "Spaces"], ["/membership", "Membership"], ["/events", "Events"], ["/about", "About"], ["/contact", "Contact"]
  ];
  var css =
    ":host { display:block; background:#fff; border-bottom:1px solid #e6e1d6; font-family:'Work Sans','Segoe UI',Arial,sans-serif; }" +
    ".bar { max-width:1180px; margin:0 auto; padding:0 26px; height:80px; display:flex; align-items:center; gap:34px; }" +
    ".logo { display:flex; align-items:center; gap:10px; color:#2f4a2a; text-decoration:none; font-weight:700; font-size:21px; }" +
    ".logo i { width:30px; height:30px; border-radius:50% 50% 50% 0; background:#e2603b; transform:rotate(-45deg); display:inline-block; }" +
    "nav { flex:1; display:flex; gap:6px; }" +
    "nav a { color:#263321; text-decoration:none; padding:9px 14px; border-radius:8px; font-weight:500; }" +
    "nav a:hover, nav a[aria-current] { background:#f1efe6; }" +
    ".acct { display:flex; gap:12px; align-items:center; }" +
    ".acct a { color:#263321; text-decoration:none; font-weight:500; }" +
    ".acct a.join { background:#2f4a2a; color:#fff; padding:11px 20px; border-radius:8px; font-weight:600; }" +
    "button.menu { display:none; margin-left:auto; background:#f1efe6; border:0; border-radius:8px; padding:9px 14px; font:inherit; font-weight:600; cursor:pointer; }" +
    "@media (max-width: 760px) {" +
      ".bar { gap:12px; flex-wrap:wrap; height:auto; padding:14px 20px; }" +
      "button.menu { display:block; }" +
      "nav, .acct { display:none; flex-basis:100%; flex-direction:column; gap:2px; }" +
      ".open nav, .open .acct { display:flex; }" +
      ".acct { align-items:stretch; padding-bottom:10px; }" +
      ".acct a { padding:9px 14px; }" +
    "}";

  class SiteHeader extends HTMLElement {
    connectedCallback() {
      if (this.shadowRoot) { return; }
      var root = this.attachShadow({ mode: "open" });
      var here = location.pathname;
      var nav = links.map(function (l) {
        return '<a href="' + l[0] + '"' + (here === l[0] ? ' aria-current="page"' : "") + ">" + l[1] + "</a>";
      }).join("");
      root.innerHTML = "<style>" + css + "</style>" +
        '<div class="bar" part="bar">' +
          '<a class="logo" href="/"><i></i>Orchard Lane</a>' +
          '<button class="menu" type="button" aria-expanded="false" aria-controls="site-nav">Menu</button>' +
          '<nav id="site-nav" aria-label="Main">' + nav + "</nav>" +
          '<div class="acct"><a href="/login">Member login</a><a class="join" href="/join">Join</a></div>' +
        "</div>";
      var bar = root.querySelector(".bar"), menu = root.querySelector("button.menu");
      menu.addEventListener("click", function () {
        var open = bar.classList.toggle("open");
        menu.setAttribute("aria-expanded", open ? "true" : "false");
      });
    }
  }
  customElements.define("site-header", SiteHeader);
})();
