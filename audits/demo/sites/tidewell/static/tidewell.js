/* Tidewell: a hash router. Every view is rendered here from location.hash ("#/contact"). */
(function () {
  "use strict";
  var main = document.getElementById("main");

  var views = {
    "/": { title: "Swimming lessons in Seattle", html: function () {
      return '<section class="hero"><div class="wrap">' +
        '<h1>Confident swimmers, one splash at a time.</h1>' +
        '<p>Warm-water lessons for babies from 6 months, kids, teens and nervous adults. Small classes, patient coaches.</p>' +
        '<p><a class="btn" href="#/enrol">Enrol now</a> &nbsp; <a class="btn sea" href="#/lessons">Find a class</a></p>' +
        '</div></section>' +
        '<section class="s"><div class="wrap grid3">' +
          '<div class="tile"><h3>Max 4 per class</h3><p>Every child gets real time in the water with their coach.</p></div>' +
          '<div class="tile"><h3>32°C teaching pool</h3><p>Warm enough for babies, shallow enough for first strokes.</p></div>' +
          '<div class="tile"><h3>Make-up lessons</h3><p>Missed a week? Book a make-up class online, up to 4 a term.</p></div>' +
        '</div></section>';
    }},
    "/lessons": { title: "Lessons", html: function () {
      return '<div class="wrap view"><h1>Lessons</h1><p class="lead">Six levels from first splash to lap swimming. Not sure where your child fits? Book a free assessment.</p>' +
        '<div class="grid3">' +
          '<div class="tile"><h3>Ducklings</h3><p>6–36 months, with a parent in the water. 30 minutes.</p></div>' +
          '<div class="tile"><h3>Otters</h3><p>3–5 years. Floating, kicking, blowing bubbles. 30 minutes.</p></div>' +
          '<div class="tile"><h3>Seals</h3><p>5–8 years. Front and back crawl over 10 metres. 40 minutes.</p></div>' +
          '<div class="tile"><h3>Dolphins</h3><p>8–12 years. All four strokes, treading water. 45 minutes.</p></div>' +
          '<div class="tile"><h3>Teens</h3><p>Technique and fitness, 13–17 years. 45 minutes.</p></div>' +
          '<div class="tile"><h3>Adults</h3><p>From fear of water to your first 400 metres. 45 minutes.</p></div>' +
        '</div><p style="margin:30px 0 60px"><a class="btn" href="#/enrol">Enrol now</a></p></div>';
    }},
    "/timetable": { title: "Timetable", html: function () {
      return '<div class="wrap view"><h1>Timetable</h1><p class="lead">Spring term runs 10 weeks from March 30 to June 5, 2026.</p>' +
        '<table class="tt"><thead><tr><th>Day</th><th>Time</th><th>Class</th><th>Spaces</th></tr></thead><tbody>' +
        '<tr><td>Monday</td><td>3:30–4:00pm</td><td>Otters</td><td>2</td></tr>' +
        '<tr><td>Monday</td><td>4:15–4:55pm</td><td>Seals</td><td>1</td></tr>' +
        '<tr><td>Wednesday</td><td>5:00–5:45pm</td><td>Dolphins</td><td>3</td></tr>' +
        '<tr><td>Thursday</td><td>7:00–7:45pm</td><td>Adults</td><td>4</td></tr>' +
        '<tr><td>Saturday</td><td>9:00–9:30am</td><td>Ducklings</td><td>1</td></tr>' +
        '<tr><td>Saturday</td><td>10:00–10:45am</td><td>Teens</td><td>2</td></tr>' +
        '</tbody></table><p style="margin:24px 0 60px">Spaces update every 15 minutes.</p></div>';
    }},
    "/prices": { title: "Prices", html: function () {
      return '<div class="wrap view"><h1>Prices</h1><p class="lead">Pay by the term. Siblings get 10% off.</p>' +
        '<table class="tt"><tbody>' +
        '<tr><td>Ducklings, Otters (30 min)</td><td>$180 per 10-week term</td></tr>' +
        '<tr><td>Seals (40 min)</td><td>$210 per term</td></tr>' +
        '<tr><td>Dolphins, Teens, Adults (45 min)</td><td>$235 per term</td></tr>' +
        '<tr><td>Private lesson</td><td>$55 per 30 minutes</td></tr>' +
        '</tbody></table><p style="margin:24px 0 60px"><a class="btn" href="#/enrol">Enrol now</a></p></div>';
    }},
    "/about": { title: "About us", html: function () {
      return '<div class="wrap view"><h1>About Tidewell</h1><p class="lead">Founded in 2012 by two former college swimmers, Tidewell now teaches 1,400 swimmers a week.</p>' +
        '<p>All 22 of our coaches are certified water safety instructors and lifeguards, and each one swims a full season of lessons with a senior coach before teaching alone.</p><p style="margin-bottom:60px">Questions? <a href="#/contact">Get in touch</a>.</p></div>';
    }},
    "/faq": { title: "FAQ", html: function () {
      return '<div class="wrap view"><h1>Frequently asked questions</h1>' +
        '<h3>What should my child bring?</h3><p>A swimsuit, a towel and goggles from the Seals level up. Swim diapers for Ducklings.</p>' +
        '<h3>Can I watch?</h3><p>Yes, from the viewing gallery above the pool.</p>' +
        '<h3>What if we miss a lesson?</h3><p>Book a make-up lesson from your family account, up to 4 per term.</p>' +
        '<p style="margin-bottom:60px">Something else? <a href="#/contact">Contact us</a>.</p></div>';
    }},
    "/contact": { title: "Contact", html: function () {
      return '<div class="wrap view"><h1>Contact us</h1><p class="lead">Questions about levels, spaces or make-up lessons? The front desk is happy to help.</p>' +
        '<div class="cols"><div>' +
          '<div class="callout"><h2 style="margin-top:0">Pool reception</h2>' +
          '<p class="num"><a href="tel:+12065550191">(206) 555-0191</a></p>' +
          '<p>Monday–Friday 3pm–8pm, Saturday and Sunday 8am–1pm</p>' +
          '<p>Email <a href="mailto:hello@tidewell.example">hello@tidewell.example</a></p>' +
          '<p>Greenlake Community Pool, 7201 E Green Lake Dr N, Seattle, WA 98115</p></div>' +
        '</div><div>' +
          '<h2 style="margin-top:0">Send a message</h2>' +
          '<form class="fm" id="contact-form">' +
            '<label>Your name <input name="name" required autocomplete="name"></label>' +
            '<label>Email <input name="email" type="email" required autocomplete="email"></label>' +
            '<label>Message <textarea name="message" rows="5" required></textarea></label>' +
            '<button class="btn sea" type="submit">Send</button>' +
            '<p class="msg" id="sent" role="status" hidden>Thanks! We reply within one working day.</p>' +
          '</form>' +
        '</div></div></div>';
    }},
    "/enrol": { title: "Enrol", html: function () {
      return '<div class="wrap view"><h1>Create your family account</h1><p class="lead">One account for the whole family. You choose classes on the next step.</p>' +
        '<form class="fm" id="enrol-form">' +
          '<label>Parent or guardian first name <input name="first_name" required autocomplete="given-name"></label>' +
          '<label>Last name <input name="last_name" required autocomplete="family-name"></label>' +
          '<label>Email <input name="email" type="email" required autocomplete="email"></label>' +
          '<label>Password <input name="password" type="password" required minlength="8" autocomplete="new-password"></label>' +
          '<label>Mobile number (optional, for class cancellations) <input name="mobile" type="tel" autocomplete="tel"></label>' +
          '<button class="btn" type="submit">Create account</button>' +
        '</form><p style="margin:-40px 0 60px">Already have an account? <a href="#/login">Log in</a></p></div>';
    }},
    "/login": { title: "Log in", html: function () {
      return '<div class="wrap view"><h1>Log in</h1>' +
        '<form class="fm" id="login-form">' +
          '<label>Email <input name="email" type="email" required autocomplete="email"></label>' +
          '<label>Password <input name="password" type="password" required autocomplete="current-password"></label>' +
          '<button class="btn sea" type="submit">Log in</button>' +
          '<p class="msg" id="login-error" role="alert" hidden style="background:#fdeceb">Email or password is incorrect.</p>' +
        '</form><p style="margin:-40px 0 60px">New to Tidewell? <a href="#/enrol">Create a family account</a></p></div>';
    }},
    "/welcome": { title: "Welcome", html: function () {
      return '<div class="wrap view"><h1>Welcome to Tidewell!</h1><p class="lead">Your family account is ready. Add a swimmer and pick a class.</p><p style="margin-bottom:60px"><a class="btn" href="#/timetable">See the timetable</a></p></div>';
    }}
  };

  function route() {
    var hash = location.hash;
    if (hash.indexOf("#/") !== 0) { hash = "#/"; }  // "#main" and other fragments stay on the current view
    var path = hash.slice(1), view = views[path];
    if (!view) {
      view = { title: "Not found", html: function () { return '<div class="wrap view"><h1>We couldn\u2019t find that page</h1><p style="margin-bottom:60px"><a href="#/">Back to the start</a></p></div>'; } };
    }
    main.innerHTML = view.html();
    document.title = view.title + " | Tidewell Swim School";
    document.querySelectorAll("nav a").forEach(function (a) {
      a.classList.toggle("on", a.getAttribute("data-route") === path);
      if (a.getAttribute("data-route") === path) { a.setAttribute("aria-current", "page"); } else { a.removeAttribute("aria-current"); }
    });
    window.scrollTo(0, 0);
    wire();
  }

  function wire() {
    var contact = document.getElementById("contact-form");
    if (contact) { contact.addEventListener("submit", function (e) { e.preventDefault(); document.getElementById("sent").hidden = false; }); }
    var enrol = document.getElementById("enrol-form");
    if (enrol) { enrol.addEventListener("submit", function (e) { e.preventDefault(); location.hash = "#/welcome"; }); }
    var login = document.getElementById("login-form");
    if (login) { login.addEventListener("submit", function (e) { e.preventDefault(); document.getElementById("login-error").hidden = false; }); }
  }

  var current = null;
  window.addEventListener("hashchange", function () {
    if (location.hash.indexOf("#/") === 0 || current === null) { current = location.hash; route(); }
  });
  current = location.hash.indexOf("#/") === 0 ? location.hash : "#/";
  route();
})();
