/* Tallyo marketing site: a small client-side router. Every view is rendered here. */
(function () {
  "use strict";
  var root = document.getElementById("root");

  function h(html) { return html; }

  var nav = function (path) {
    function cur(p) { return path === p ? ' aria-current="page"' : ""; }
    return h(
      '<header class="nav"><div class="container">' +
        '<a class="logo" href="/" data-link><i>T</i>tallyo</a>' +
        '<ul>' +
          '<li><a class="item" href="/features" data-link' + cur("/features") + '>Product</a></li>' +
          '<li><a class="item" href="/pricing" data-link' + cur("/pricing") + '>Pricing</a></li>' +
          '<li><a class="item" href="/customers" data-link' + cur("/customers") + '>Customers</a></li>' +
          '<li><button class="item" type="button" data-go="/help"' + cur("/help") + '>Help</button></li>' +
        '</ul>' +
        '<div class="right">' +
          '<button class="item login" type="button" data-go="/login">Log in</button>' +
          '<a class="btn" href="/signup" data-link>Start free trial</a>' +
        '</div>' +
      '</div></header>'
    );
  };

  var footer = h(
    '<footer class="site"><div class="container"><div class="cols">' +
      '<div><a class="logo" href="/" data-link><i>T</i>tallyo</a><p style="max-width:20em">Invoices, payments and polite reminders for 48,000 small businesses.</p></div>' +
      '<div><h4>Product</h4><ul><li><a href="/features" data-link>Features</a></li><li><a href="/pricing" data-link>Pricing</a></li><li><a href="#">Integrations</a></li><li><a href="#">Changelog</a></li></ul></div>' +
      '<div><h4>Company</h4><ul><li><a href="/customers" data-link>Customers</a></li><li><a href="#">Careers</a></li><li><a href="#">Press</a></li></ul></div>' +
      '<div><h4>Support</h4><ul><li><a href="/help" data-link>Help center</a></li><li><a href="/support" data-link>Contact support</a></li><li><a href="#">System status</a></li></ul></div>' +
      '<div><h4>Legal</h4><ul><li><a href="#">Privacy</a></li><li><a href="#">Terms</a></li><li><a href="#">DPA</a></li></ul></div>' +
    '</div><div class="legal"><span>© 2026 Tallyo Inc.</span><span>Made in Denver</span></div></div></footer>'
  );

  var invoicesTable = h(
    '<div class="shot" aria-hidden="true"><div class="bar"><i></i><i></i><i></i></div>' +
    '<table><thead><tr><th>Invoice</th><th>Client</th><th>Amount</th><th>Due</th><th>Status</th></tr></thead><tbody>' +
    '<tr><td>INV-0412</td><td>Marlow Bakery</td><td>$1,240.00</td><td>Mar 3</td><td><span class="tag paid">Paid</span></td></tr>' +
    '<tr><td>INV-0413</td><td>Ridge &amp; Co. Design</td><td>$3,860.00</td><td>Mar 10</td><td><span class="tag due">Due in 4 days</span></td></tr>' +
    '<tr><td>INV-0414</td><td>Northside Physio</td><td>$420.00</td><td>Feb 26</td><td><span class="tag late">2 days late · reminder sent</span></td></tr>' +
    '<tr><td>INV-0415</td><td>Atlas Landscaping</td><td>$2,115.50</td><td>Mar 14</td><td><span class="tag due">Due in 8 days</span></td></tr>' +
    '</tbody></table></div>'
  );

  var views = {
    "/": { title: "Tallyo — invoicing that gets you paid", render: function () {
      return '<section class="hero"><div class="container">' +
        '<span class="pill"><b>New</b> · Instant bank payouts are here</span>' +
        '<h1>Invoicing that <em>gets you paid.</em></h1>' +
        '<p>Send a polished invoice in 60 seconds, take cards and bank transfers, and let Tallyo chase late payers for you.</p>' +
        '<div class="ctas"><a class="btn" href="/signup" data-link>Start free trial</a><a class="btn ghost" href="/features" data-link>See how it works</a></div>' +
        '<p style="font-size:14px;margin-top:18px">Free for 14 days · No card required</p>' +
        '</div></section>' + invoicesTable +
        '<div class="container logos"><span>marlow</span><span>RIDGE&amp;CO</span><span>northside</span><span>atlas</span><span>Fernwood</span></div>' +
        '<section class="sec"><div class="container"><h2>Everything between "job done" and "money in"</h2><p class="sub">Tallyo replaces the spreadsheet, the PDF template and the awkward follow-up email.</p>' +
        '<div class="features">' +
          '<div class="feature"><div class="ic">⚡</div><h3>Invoices in a minute</h3><p>Saved clients, line items and tax rates. Your logo, your colors.</p></div>' +
          '<div class="feature"><div class="ic">$</div><h3>Get paid online</h3><p>Cards, Apple Pay and ACH. Payouts in 1–2 business days.</p></div>' +
          '<div class="feature"><div class="ic">↻</div><h3>Automatic reminders</h3><p>Friendly nudges 3 days before and after the due date.</p></div>' +
        '</div></div></section>';
    }},
    "/features": { title: "Product — Tallyo", render: function () {
      return '<main class="page"><div class="container"><h1>Product</h1><p class="lead">One tidy place for quotes, invoices, payments and reports.</p>' +
        '<div class="features">' +
          '<div class="feature"><div class="ic">✎</div><h3>Quotes to invoices</h3><p>Client accepts the quote online; the invoice writes itself.</p></div>' +
          '<div class="feature"><div class="ic">⟳</div><h3>Recurring billing</h3><p>Retainers and subscriptions, billed on schedule.</p></div>' +
          '<div class="feature"><div class="ic">☰</div><h3>Reports</h3><p>Aged receivables, tax summaries and cash-flow forecasts.</p></div>' +
          '<div class="feature"><div class="ic">⇄</div><h3>Integrations</h3><p>Sync with your accounting software every night.</p></div>' +
          '<div class="feature"><div class="ic">◎</div><h3>Client portal</h3><p>Clients see every invoice and pay in two taps.</p></div>' +
          '<div class="feature"><div class="ic">✓</div><h3>Bank-grade security</h3><p>SOC 2 Type II, SSO on Business plans.</p></div>' +
        '</div><p style="margin-top:32px"><a class="btn dark" href="/signup" data-link>Try it free for 14 days</a></p></div></main>';
    }},
    "/pricing": { title: "Pricing — Tallyo", render: function () {
      return '<main class="page"><div class="container"><h1>Simple pricing</h1><p class="lead">Every plan includes unlimited clients. Card fees 2.9% + 30¢, ACH 1% capped at $10.</p>' +
        '<div class="tiers">' +
          '<div class="tier"><h3>Solo</h3><div class="amt">$12<small>/mo</small></div><ul><li>1 user</li><li>50 invoices a month</li><li>Automatic reminders</li></ul><a class="btn dark" href="/signup" data-link>Start free trial</a></div>' +
          '<div class="tier pop"><h3>Team</h3><div class="amt">$29<small>/mo</small></div><ul><li>5 users</li><li>Unlimited invoices</li><li>Recurring billing</li></ul><a class="btn" href="/signup" data-link>Start free trial</a></div>' +
          '<div class="tier"><h3>Business</h3><div class="amt">$79<small>/mo</small></div><ul><li>20 users</li><li>SSO and audit log</li><li>Priority email support</li></ul><a class="btn dark" href="/signup" data-link>Start free trial</a></div>' +
          '<div class="tier"><h3>Enterprise</h3><div class="amt" style="font-size:30px">Let\'s talk</div><ul><li>Unlimited users</li><li>Custom contracts</li><li>Dedicated manager</li></ul>' +
            '<p style="margin:0 0 12px;font-size:15px">Talk to sales:<br><a href="tel:+18665550139"><strong>1-866-555-0139</strong></a><br><span style="color:#5b6480">Mon–Fri, 9am–5pm MT</span></p></div>' +
        '</div>' +
        '<h2 style="margin-top:56px">Questions</h2>' +
        '<p><strong>Can I cancel any time?</strong> Yes, from Settings → Billing. No fees.</p>' +
        '<p><strong>Do you offer discounts?</strong> Two months free on annual plans, and 50% off for registered non-profits.</p>' +
        '</div></main>';
    }},
    "/customers": { title: "Customers — Tallyo", render: function () {
      return '<main class="page"><div class="container"><h1>48,000 businesses get paid with Tallyo</h1><p class="lead">Bakeries, design studios, clinics and crews.</p>' +
        '<div class="features">' +
          '<blockquote class="feature quote">“We were chasing $18,000 in late invoices. Three months on Tallyo, it\'s under $2,000.”<footer>Priya Natarajan, Ridge &amp; Co. Design</footer></blockquote>' +
          '<blockquote class="feature quote">“I send invoices from the truck before I leave the job site.”<footer>Dan Oyelaran, Atlas Landscaping</footer></blockquote>' +
          '<blockquote class="feature quote">“Our front desk saves about 6 hours a week.”<footer>Dr. Mei Chen, Northside Physio</footer></blockquote>' +
        '</div></div></main>';
    }},
    "/help": { title: "Help center — Tallyo", render: function () {
      return '<main class="page"><div class="container"><h1>Help center</h1><p class="lead">Guides and answers from the Tallyo team.</p>' +
        '<form class="searchbox" role="search" onsubmit="return false"><input type="search" placeholder="Search for articles…" aria-label="Search help articles"><button class="btn dark" type="submit">Search</button></form>' +
        '<div class="articles">' +
          '<a class="article" href="#getting-started"><strong>Getting started</strong><p>Set up your business profile and send your first invoice.</p></a>' +
          '<a class="article" href="#payments"><strong>Payments and payouts</strong><p>Connect your bank, card fees and payout timing.</p></a>' +
          '<a class="article" href="#reminders"><strong>Reminders</strong><p>Change when and how Tallyo nudges your clients.</p></a>' +
          '<a class="article" href="#billing"><strong>Your Tallyo subscription</strong><p>Plans, receipts and cancelling.</p></a>' +
        '</div>' +
        '<div class="card" style="margin-top:36px;display:flex;justify-content:space-between;align-items:center;gap:20px;flex-wrap:wrap"><div><strong>Still stuck?</strong><br><span style="color:#5b6480">Our support team answers every message, usually within a few hours.</span></div><button class="btn dark" type="button" data-go="/support">Contact support</button></div>' +
        '</div></main>';
    }},
    "/support": { title: "Contact support — Tallyo", render: function () {
      return '<main class="page"><div class="container split">' +
        '<div><h1>Contact support</h1><p class="lead">Tell us what\'s going on and we\'ll get back to you by email, usually within a few hours on weekdays.</p>' +
          '<p>Looking for a quick answer? Try the <a href="/help" data-link>help center</a>.</p></div>' +
        '<div class="card"><form class="form" id="support-form" novalidate>' +
          '<div class="row2"><div class="field"><label for="sf-name">Name</label><input id="sf-name" name="name" required autocomplete="name"><span class="msg" id="sf-name-msg"></span></div>' +
          '<div class="field"><label for="sf-email">Email</label><input id="sf-email" name="email" type="email" required autocomplete="email"><span class="msg" id="sf-email-msg"></span></div></div>' +
          '<div class="field"><label for="sf-topic">What do you need help with?</label><select id="sf-topic" name="topic"><option>I have a question before signing up</option><option>Payments and payouts</option><option>My subscription</option><option>Something is broken</option></select></div>' +
          '<div class="field"><label for="sf-message">Message</label><textarea id="sf-message" name="message" rows="6" required></textarea><span class="msg" id="sf-message-msg"></span></div>' +
          '<div><button class="btn dark" type="submit" id="sf-send">Send message</button></div>' +
        '</form></div></div></main>';
    }, mount: mountSupport },
    "/signup": { title: "Start your free trial — Tallyo", render: function () {
      return '<main class="page"><div class="container split">' +
        '<div><h1>Start your 14-day free trial</h1><p class="lead">No credit card required. Cancel any time.</p><ul style="color:#5b6480;line-height:2"><li>Unlimited invoices during the trial</li><li>Import clients from a spreadsheet</li><li>Free onboarding call</li></ul></div>' +
        '<div class="card"><form class="form" id="signup-form" novalidate>' +
          '<div class="field"><label for="su-name">Full name</label><input id="su-name" name="name" required autocomplete="name"></div>' +
          '<div class="field"><label for="su-email">Work email</label><input id="su-email" name="email" type="email" required autocomplete="email"></div>' +
          '<div class="field"><label for="su-company">Company name</label><input id="su-company" name="company" required autocomplete="organization"></div>' +
          '<div class="field"><label for="su-password">Password</label><input id="su-password" name="password" type="password" required minlength="8" autocomplete="new-password"></div>' +
          '<div class="field"><label for="su-size">Team size <span style="color:#5b6480;font-weight:400">(optional)</span></label><select id="su-size" name="size"><option value="">Choose…</option><option>Just me</option><option>2–5</option><option>6–20</option><option>21+</option></select></div>' +
          '<p class="msg" id="su-msg" role="alert" style="color:#b3261e;margin:0"></p>' +
          '<button class="btn" type="submit">Create account</button>' +
          '<p style="font-size:13px;color:#5b6480;margin:0">By signing up you agree to the <a href="#">Terms</a>. Already have an account? <a href="/login" data-link>Log in</a></p>' +
        '</form></div></div></main>';
    }, mount: mountSignup },
    "/login": { title: "Log in — Tallyo", render: function () {
      return '<main class="page"><div class="container" style="max-width:480px"><h1>Log in</h1>' +
        '<div class="card"><form class="form" id="login-form" novalidate>' +
          '<div class="field"><label for="li-email">Email</label><input id="li-email" name="email" type="email" required autocomplete="username"></div>' +
          '<div class="field"><label for="li-password">Password</label><input id="li-password" name="password" type="password" required autocomplete="current-password"></div>' +
          '<p class="msg" id="li-msg" role="alert" style="color:#b3261e;margin:0"></p>' +
          '<button class="btn dark" type="submit">Log in</button>' +
        '</form></div><p>New to Tallyo? <a href="/signup" data-link>Start a free trial</a></p></div></main>';
    }, mount: mountLogin },
    "/welcome": { title: "Welcome — Tallyo", render: function () {
      return '<main class="page"><div class="container"><h1>Welcome aboard</h1><p class="lead">Your trial has started. Let\'s set up your business profile.</p><a class="btn dark" href="/" data-link>Continue</a></div></main>';
    }}
  };

  function notFound() {
    return { title: "Not found — Tallyo", render: function () {
      return '<main class="page"><div class="container"><h1>We couldn\'t find that page</h1><p class="lead"><a href="/" data-link>Back to the home page</a></p></div></main>';
    }};
  }

  function render() {
    var path = location.pathname.replace(/\/+$/, "") || "/";
    var view = views[path] || notFound();
    document.title = view.title;
    root.innerHTML = nav(path) + view.render() + footer;
    if (view.mount) view.mount();
    window.scrollTo(0, 0);
  }

  function go(path) {
    if (path === location.pathname) return;
    history.pushState({}, "", path);
    render();
  }

  document.addEventListener("click", function (e) {
    var a = e.target.closest("a[data-link]");
    if (a && !e.metaKey && !e.ctrlKey && !e.shiftKey) { e.preventDefault(); go(a.getAttribute("href")); return; }
    var b = e.target.closest("[data-go]");
    if (b) { e.preventDefault(); go(b.getAttribute("data-go")); }
  });
  window.addEventListener("popstate", render);

  function values(form) {
    var out = {};
    Array.prototype.forEach.call(form.elements, function (el) { if (el.name) out[el.name] = el.value; });
    return out;
  }

  function checkRequired(form) {
    var ok = true;
    form.querySelectorAll("[required]").forEach(function (el) {
      var good = el.value.trim() !== "" && el.checkValidity();
      el.setAttribute("aria-invalid", good ? "false" : "true");
      var msg = document.getElementById(el.id + "-msg");
      if (msg) msg.textContent = good ? "" : (el.type === "email" ? "Enter a valid email address." : "This field is required.");
      if (!good) ok = false;
    });
    return ok;
  }

  function mountSupport() {
    var form = document.getElementById("support-form");
    var button = document.getElementById("sf-send");
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      if (!checkRequired(form)) return;
      button.disabled = true;
      button.textContent = "Sending…";
      fetch("/api/support", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(values(form)) })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          if (data && data.ok) {
            form.outerHTML = '<div role="status"><h3>Message sent</h3><p>Thanks! We\'ll reply by email soon.</p></div>';
          }
          // anything else: nothing to show (the ticket API is supposed to always succeed)
        })
        .catch(function () { /* ignore */ })
        .then(function () { button.disabled = false; button.textContent = "Send message"; });
    });
  }

  function mountSignup() {
    var form = document.getElementById("signup-form");
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var msg = document.getElementById("su-msg");
      if (!checkRequired(form)) { msg.textContent = "Please fill in the highlighted fields."; return; }
      msg.textContent = "";
      fetch("/api/signup", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(values(form)) })
        .then(function (r) { return r.json(); })
        .then(function (data) { if (data.ok) go(data.next || "/welcome"); else msg.textContent = data.error || "Something went wrong."; })
        .catch(function () { msg.textContent = "We couldn't create your account. Please try again."; });
    });
  }

  function mountLogin() {
    var form = document.getElementById("login-form");
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var msg = document.getElementById("li-msg");
      if (!checkRequired(form)) { msg.textContent = "Enter your email and password."; return; }
      fetch("/api/login", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(values(form)) })
        .then(function (r) { return r.json(); })
        .then(function (data) { msg.textContent = data.ok ? "" : "That email and password don't match."; });
    });
  }

  // Cookie consent
  function cookieBanner() {
    if (localStorage.getItem("tallyo-consent")) return;
    var box = document.createElement("div");
    box.className = "cookie";
    box.setAttribute("role", "dialog");
    box.setAttribute("aria-label", "Cookie preferences");
    box.innerHTML = '<p>We use cookies for analytics and to improve Tallyo. See our <a href="#">cookie policy</a>.</p><div class="btns"><button class="btn dark" type="button" data-c="all">Accept</button><button class="btn" style="background:#eef0f6" type="button" data-c="none">Decline</button></div>';
    box.addEventListener("click", function (e) {
      var b = e.target.closest("button[data-c]");
      if (b) { localStorage.setItem("tallyo-consent", b.dataset.c); box.remove(); }
    });
    document.body.appendChild(box);
  }

  render();
  cookieBanner();
})();
