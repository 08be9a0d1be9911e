/* Quarry & Vine: a pushState router. The server answers every path with this app's shell. */
(function () {
  "use strict";
  var app = document.getElementById("app");

  function header(path) {
    function cur(p) { return path === p || path.indexOf(p + "/") === 0 ? ' aria-current="page"' : ""; }
    return '<header class="qv"><div class="wrap">' +
      '<nav aria-label="Main"><a href="/wines"' + cur("/wines") + '>Wines</a><a href="/club"' + cur("/club") + '>Wine club</a><a href="/visit"' + cur("/visit") + '>Visit</a></nav>' +
      '<a class="mark" href="/"><b>QUARRY &amp; VINE</b><small>Willamette Valley</small></a>' +
      '<div class="right"><a href="/journal"' + cur("/journal") + '>Journal</a><a href="/contact"' + cur("/contact") + '>Contact</a><a href="/signin">Sign in</a><a class="btn" href="/join">Join</a></div>' +
      '</div></header>';
  }

  var footer = '<footer class="qv"><div class="wrap">' +
    '<div><strong style="color:#fff">Quarry &amp; Vine Estate</strong><br>Tasting room open Thursday to Monday, 11am to 5pm.<br>You must be 21 or older to buy wine.</div>' +
    '<div><a href="/wines">Wines</a><a href="/club">Wine club</a><a href="/visit">Visit</a><a href="/journal">Journal</a><a href="/contact">Contact</a></div>' +
    '</div></footer>';

  function bottle(name, note, price, white) {
    return '<div class="bottle' + (white ? ' white-wine' : '') + '"><div class="shape"></div><h3>' + name + '</h3><p>' + note + '</p><p><strong>' + price + '</strong></p></div>';
  }

  var views = {
    "/": function () {
      return '<section class="hero"><div class="wrap"><h1>Wines that taste of the hill they grew on</h1>' +
        '<p>Forty acres of volcanic soil, an old basalt quarry and three generations of one family.</p>' +
        '<a class="btn" href="/club">Discover the club</a></div></section>' +
        '<section class="band white"><div class="wrap"><h2 style="text-align:center">Current releases</h2><div class="three">' +
        bottle("2023 Quarry Block Pinot noir", "Dark cherry, forest floor, a long mineral finish.", "$48") +
        bottle("2024 Basalt Chardonnay", "Lemon curd, hazelnut, bright acidity.", "$36", true) +
        bottle("2022 Reserve Pinot noir", "Only 212 cases. Cellar until 2030.", "$72") +
        '</div></div></section>' +
        '<section class="band"><div class="wrap" style="text-align:center"><h2>Come taste with us</h2><p class="lead" style="margin:0 auto 24px">Flights of five wines on the terrace overlooking the quarry pond.</p><a class="btn ghost" href="/visit">Plan your visit</a></div></section>';
    },
    "/wines": function () {
      return '<div class="page"><div class="wrap"><h1>Our wines</h1><p class="lead">Estate grown, hand picked, fermented with native yeasts.</p><div class="three" style="margin-top:40px">' +
        bottle("2023 Quarry Block Pinot noir", "13.1% alcohol · 640 cases", "$48") +
        bottle("2024 Basalt Chardonnay", "12.8% alcohol · 410 cases", "$36", true) +
        bottle("2022 Reserve Pinot noir", "13.4% alcohol · 212 cases", "$72") +
        bottle("2024 Rosé of Pinot noir", "12.2% alcohol · 300 cases", "$26", true) +
        bottle("2023 Gamay Noir", "12.5% alcohol · 180 cases", "$32") +
        bottle("NV Sparkling Brut", "12.0% alcohol · 150 cases", "$44", true) +
        '</div></div></div>';
    },
    "/club": function () {
      return '<div class="page"><div class="wrap"><h1>The Quarry Club</h1><p class="lead">Three shipments a year, first access to library wines and free tastings for you and three guests.</p>' +
        '<div class="pair"><div class="panel"><h2>Cellar</h2><p>6 bottles per shipment, 15% off every order.</p><p><strong>About $240 per shipment</strong></p></div>' +
        '<div class="panel"><h2>Collector</h2><p>12 bottles per shipment, 20% off, reserve wines included.</p><p><strong>About $460 per shipment</strong></p></div></div>' +
        '<p style="margin-top:34px"><a class="btn" href="/join">Join the club</a></p></div></div>';
    },
    "/visit": function () {
      return '<div class="page"><div class="wrap"><h1>Visit the estate</h1><p class="lead">Thursday to Monday, 11am to 5pm. Groups of more than six, please write to us first.</p>' +
        '<div class="pair"><div class="panel"><h2>Tasting flights</h2><p>Five wines, $25, waived with a two-bottle purchase. Club members taste free.</p></div>' +
        '<div class="panel"><h2>Finding us</h2><p>18400 NW Quarry Ridge Road, Gaston, OR 97119. Forty minutes from downtown Portland.</p></div></div></div></div>';
    },
    "/journal": function () {
      return '<div class="page"><div class="wrap"><h1>Journal</h1><p class="lead">Notes from the vineyard and the cellar.</p>' +
        '<h2 style="font-size:30px;margin-top:36px"><a href="/journal/harvest-2025">Harvest 2025: small, early and very good</a></h2><p>October 14, 2025</p>' +
        '<h2 style="font-size:30px"><a href="/journal/why-basalt">Why basalt matters</a></h2><p>June 2, 2025</p></div></div>';
    },
    "/journal/harvest-2025": function () {
      return '<div class="page"><div class="wrap" style="max-width:760px"><h1>Harvest 2025</h1><p class="lead">We picked the last Pinot noir on September 29, the earliest finish in our records.</p>' +
        '<p>Yields were down by a fifth after a hot August, but the berries were small and intensely flavored. Expect the 2025 Quarry Block in spring 2027.</p><p><a href="/journal">All journal entries</a></p></div></div>';
    },
    "/journal/why-basalt": function () {
      return '<div class="page"><div class="wrap" style="max-width:760px"><h1>Why basalt matters</h1><p class="lead">Our upper blocks sit on weathered Columbia River basalt.</p>' +
        '<p>The soil drains fast and holds heat into the evening, which gives our wines their dark fruit and firm structure.</p><p><a href="/journal">All journal entries</a></p></div></div>';
    },
    "/contact": function () {
      return '<div class="page"><div class="wrap"><h1>Contact us</h1><p class="lead">Questions about an order, your club shipment or a visit.</p>' +
        '<div class="pair"><div class="panel"><h2>Tasting room</h2>' +
        '<p class="tel"><a href="tel:+15415550127">(541) 555-0127</a></p>' +
        '<p>Thursday to Monday, 11am to 5pm Pacific</p>' +
        '<p>Email <a href="mailto:cellar@quarryvine.example">cellar@quarryvine.example</a></p></div>' +
        '<div><form class="q" id="contact-form">' +
          '<label>Name <input name="name" required autocomplete="name"></label>' +
          '<label>Email <input name="email" type="email" required autocomplete="email"></label>' +
          '<label>Message <textarea name="message" rows="6" required></textarea></label>' +
          '<button class="btn" type="submit">Send</button>' +
          '<p class="sent" id="sent" role="status" hidden>Thank you. We answer within two days.</p>' +
        '</form></div></div></div></div>';
    },
    "/join": function () {
      return '<div class="page"><div class="wrap" style="max-width:620px"><h1>Join the club</h1><p class="lead">Create your account; you choose Cellar or Collector on the next step.</p>' +
        '<form class="q" id="join-form">' +
          '<label>First name <input name="first_name" required autocomplete="given-name"></label>' +
          '<label>Last name <input name="last_name" required autocomplete="family-name"></label>' +
          '<label>Email <input name="email" type="email" required autocomplete="email"></label>' +
          '<label>Password <input name="password" type="password" required minlength="8" autocomplete="new-password"></label>' +
          '<label>Date of birth (you must be 21 or older) <input name="dob" type="date" required autocomplete="bday"></label>' +
          '<button class="btn" type="submit">Create account</button>' +
        '</form><p>Already a member? <a href="/signin">Sign in</a></p></div></div>';
    },
    "/signin": function () {
      return '<div class="page"><div class="wrap" style="max-width:620px"><h1>Sign in</h1>' +
        '<form class="q" id="signin-form">' +
          '<label>Email <input name="email" type="email" required autocomplete="email"></label>' +
          '<label>Password <input name="password" type="password" required autocomplete="current-password"></label>' +
          '<button class="btn" type="submit">Sign in</button>' +
          '<p class="sent" id="signin-error" role="alert" hidden>That email and password do not match.</p>' +
        '</form><p>New here? <a href="/join">Join the club</a></p></div></div>';
    },
    "/welcome": function () {
      return '<div class="page"><div class="wrap"><h1>Welcome to the Quarry Club</h1><p class="lead">Your account is ready. Choose your membership level.</p><p><a class="btn" href="/club">Choose a level</a></p></div></div>';
    }
  };

  var titles = { "/": "Quarry & Vine", "/wines": "Wines", "/club": "Wine club", "/visit": "Visit", "/journal": "Journal",
    "/contact": "Contact", "/join": "Join the club", "/signin": "Sign in", "/welcome": "Welcome" };

  function render() {
    var path = location.pathname.replace(/\/+$/, "") || "/";
    var view = views[path] || function () {
      return '<div class="page"><div class="wrap"><h1>Page not found</h1><p class="lead">That page has moved or never existed.</p><p><a href="/">Home</a></p></div></div>';
    };
    app.innerHTML = header(path) + view() + footer;
    document.title = (titles[path] ? titles[path] + " | " : "") + "Quarry & Vine";
    window.scrollTo(0, 0);
    var contact = document.getElementById("contact-form");
    if (contact) { contact.addEventListener("submit", function (e) { e.preventDefault(); document.getElementById("sent").hidden = false; }); }
    var join = document.getElementById("join-form");
    if (join) { join.addEventListener("submit", function (e) { e.preventDefault(); go("/welcome"); }); }
    var signin = document.getElementById("signin-form");
    if (signin) { signin.addEventListener("submit", function (e) { e.preventDefault(); document.getElementById("signin-error").hidden = false; }); }
  }

  function go(path) { history.pushState({}, "", path); render(); }

  document.addEventListener("click", function (event) {
    var a = event.target.closest("a[href]");
    if (!a || a.origin !== location.origin || a.getAttribute("href").indexOf("mailto:") === 0 || a.getAttribute("href").indexOf("tel:") === 0) { return; }
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) { return; }
    event.preventDefault();
    go(a.pathname);
  });
  window.addEventListener("popstate", render);
  render();
})();
