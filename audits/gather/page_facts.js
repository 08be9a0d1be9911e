// Reads what a customer can see and use on the rendered page, in one pass.
// Actionable elements get a stable data-friction-id so the navigator can click them later.
(limits) => {
  const clean = (s) => (s || "").replace(/\s+/g, " ").trim();
  const cut = (s, n) => (s.length > n ? s.slice(0, n) : s);
  const visible = (el) => {
    if (!el || !el.isConnected) return false;
    if (el.checkVisibility && !el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return false;
    const r = el.getBoundingClientRect();
    return r.width > 1 && r.height > 1;
  };
  const REGIONS = { header: "header", nav: "nav", footer: "footer", aside: "aside", dialog: "dialog" };
  const ROLES = { banner: "header", navigation: "nav", contentinfo: "footer", complementary: "aside", dialog: "dialog", alertdialog: "dialog" };
  const region = (el) => {
    for (let e = el; e && e !== document.body; e = e.parentElement) {
      const tag = e.tagName.toLowerCase();
      const role = e.getAttribute("role") || "";
      if (REGIONS[tag]) return REGIONS[tag];
      if (ROLES[role]) return ROLES[role];
      if (e.getAttribute("aria-modal") === "true") return "dialog";
    }
    return "main";
  };
  const byIds = (ids) => clean((ids || "").split(/\s+/).map((id) => document.getElementById(id)).filter(Boolean).map((e) => e.innerText || e.textContent).join(" "));
  const accessibleName = (el) =>
    clean(el.getAttribute("aria-label")) || byIds(el.getAttribute("aria-labelledby")) ||
    clean(el.innerText) || clean(el.getAttribute("title")) ||
    clean(Array.from(el.querySelectorAll("img[alt], svg title")).map((i) => i.getAttribute("alt") || i.textContent).join(" ")) ||
    clean(el.value);
  // What a disclosure button opens (aria-controls): a chat panel says "virtual assistant" there.
  const controlled = (el) => {
    const target = document.getElementById(el.getAttribute("aria-controls") || "");
    return target ? cut(clean((target.getAttribute("aria-label") || "") + " " + (target.textContent || "")), 200) : "";
  };
  let nextId = Number(document.documentElement.getAttribute("data-friction-next") || 0);
  const fid = (el) => {
    if (!el.hasAttribute("data-friction-id")) el.setAttribute("data-friction-id", String(nextId++));
    return el.getAttribute("data-friction-id");
  };

  const ACTIONABLE = "a[href], button, [role=button], [role=link], [role=tab], [role=menuitem], summary, input[type=submit], input[type=button], [aria-expanded], [onclick]";
  const links = [];
  for (const el of document.querySelectorAll(ACTIONABLE)) {
    if (links.length >= limits.links) break;
    const r = el.getBoundingClientRect();
    const isVisible = visible(el);
    if (!isVisible && el.tagName !== "A") continue;
    const expanded = el.getAttribute("aria-expanded");
    links.push({
      fid: fid(el), tag: el.tagName.toLowerCase(), text: cut(clean(el.innerText), 120), name: cut(accessibleName(el), 160),
      href: el.tagName === "A" ? el.getAttribute("href") : null, role: el.getAttribute("role") || "",
      region: region(el), expanded: expanded === null ? null : expanded === "true", visible: isVisible,
      x: Math.round(r.x + window.scrollX), y: Math.round(r.y + window.scrollY), w: Math.round(r.width), h: Math.round(r.height),
      new_tab: el.getAttribute("target") === "_blank",
      controls: controlled(el),
      submit: !!el.closest("form") && (el.type === "submit" || (el.tagName === "BUTTON" && !el.getAttribute("type"))),
    });
  }
  document.documentElement.setAttribute("data-friction-next", String(nextId));

  const labelOf = (el) => {
    const own = el.labels && el.labels.length ? clean(Array.from(el.labels).map((l) => l.innerText).join(" ")) : "";
    return own || clean(el.getAttribute("aria-label")) || byIds(el.getAttribute("aria-labelledby")) ||
      clean(el.getAttribute("placeholder")) || clean(el.getAttribute("title")) || clean(el.name);
  };
  const CAPTCHA = "iframe[src*='recaptcha'], iframe[src*='hcaptcha'], iframe[src*='turnstile'], iframe[title*='captcha' i], .g-recaptcha, .h-captcha, .cf-turnstile, [class*='captcha' i], [id*='captcha' i]";
  const fieldOf = (el) => {
    const label = labelOf(el);
    return {
      tag: el.tagName.toLowerCase(), type: (el.getAttribute("type") || (el.tagName === "SELECT" ? "select" : el.tagName === "TEXTAREA" ? "textarea" : "text")).toLowerCase(),
      name: el.name || el.id || "", label: cut(label, 160),
      required: el.required || el.getAttribute("aria-required") === "true" || /\*\s*$/.test(label),
      visible: visible(el), autocomplete: el.getAttribute("autocomplete") || "", named: !!el.getAttribute("name"),
      options: el.tagName === "SELECT" ? Array.from(el.options).slice(0, 30).map((o) => clean(o.text)) : [],
    };
  };
  const CONTROL = "button[type=submit], input[type=submit], button:not([type]), button[type=button], [role=button]";
  const controlOf = (root) => root.querySelector(CONTROL);
  const submitOf = (root) => {
    const b = controlOf(root);
    return b ? cut(accessibleName(b), 80) : "";
  };
  // How the control that sends the form can be pressed: its declared type ("default" for a <button>
  // without one, "none" when there is no control) and whether it is switched off, CSS included.
  const pressOf = (root) => {
    const b = controlOf(root);
    if (!b) return { submit_type: "none", submit_disabled: false };
    const declared = b.tagName === "INPUT" ? b.type : b.tagName === "BUTTON" ? b.getAttribute("type") || "default" : "button";
    const off = b.disabled || b.getAttribute("aria-disabled") === "true" || getComputedStyle(b).pointerEvents === "none";
    return { submit_type: declared.toLowerCase(), submit_disabled: off };
  };
  const headingOf = (root) => {
    const own = root.querySelector("h1, h2, h3, h4, legend");
    if (own) return cut(clean(own.innerText), 120);
    for (let e = root; e && e !== document.body; e = e.parentElement) {
      for (let s = e.previousElementSibling; s; s = s.previousElementSibling) {
        if (/^H[1-4]$/.test(s.tagName)) return cut(clean(s.innerText), 120);
        const h = s.querySelector && s.querySelector("h1, h2, h3, h4");
        if (h) return cut(clean(h.innerText), 120);
      }
    }
    return "";
  };
  const FIELDS = "input:not([type=hidden]):not([type=submit]):not([type=button]):not([type=image]):not([type=reset]), select, textarea";
  const forms = [];
  for (const form of document.querySelectorAll("form")) {
    const fields = Array.from(form.querySelectorAll(FIELDS)).map(fieldOf);
    if (!fields.some((f) => f.visible) && !visible(form)) continue;
    forms.push({
      id: form.id || form.getAttribute("name") || "", action: form.getAttribute("action") || "", method: (form.getAttribute("method") || "get").toLowerCase(),
      fields, submit_label: submitOf(form), heading: headingOf(form), captcha: !!form.querySelector(CAPTCHA), ...pressOf(form),
    });
  }
  // Inputs outside any <form>, grouped as a person sees them: by the nearest container that also holds a button.
  const looseBox = (el) => {
    for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) if (e.querySelector(CONTROL)) return e;
    return document.body;
  };
  const loose = new Map();
  for (const el of document.querySelectorAll(FIELDS)) {
    if (el.form || !visible(el)) continue;
    const box = looseBox(el);
    loose.set(box, [...(loose.get(box) || []), el]);
  }
  for (const [box, orphans] of loose) {
    forms.push({ id: box.id || "", action: "", method: "script", fields: orphans.map(fieldOf), submit_label: submitOf(box), heading: headingOf(box), captcha: !!box.querySelector(CAPTCHA), ...pressOf(box) });
  }

  const images = Array.from(document.images).filter(visible).slice(0, limits.images)
    .map((i) => ({ src: i.currentSrc || i.src, alt: clean(i.alt), region: region(i) }));
  const frames = Array.from(document.querySelectorAll("iframe")).map((f) => clean(f.src + " " + (f.title || "")));
  const scripts = Array.from(document.scripts).map((s) => s.src).filter(Boolean);
  const WIDGET = /chat|assistant|messenger|intercom|zendesk|zopim|drift|livechat|tawk|crisp|hubspot|freshchat|olark|helpscout|gorgias|kustomer|salesforce|genesys|podium/i;
  const widgets = [];
  for (const el of document.querySelectorAll("[id], [class], [aria-label], [data-widget]")) {
    if (widgets.length >= 20) break;
    const hint = [el.id, typeof el.className === "string" ? el.className : "", el.getAttribute("aria-label") || "", el.getAttribute("data-widget") || ""].join(" ");
    // Hidden chat panels still say what they are ("virtual assistant", "agents online").
    if (WIDGET.test(hint)) widgets.push((visible(el) ? "" : "hidden: ") + cut(clean(hint + " | " + (el.innerText || el.textContent || "")), 200));
  }
  const alerts = Array.from(document.querySelectorAll("[role=alert], [aria-live=assertive], [aria-live=polite], .error, .alert, .notice, .errors, .field-error"))
    .filter(visible).map((e) => cut(clean(e.innerText), 200)).filter(Boolean).slice(0, 20);

  const vw = window.innerWidth, vh = window.innerHeight;
  const overlays = [];
  for (const el of document.querySelectorAll("body *")) {
    if (overlays.length >= 5) break;
    const style = getComputedStyle(el);
    const modal = el.getAttribute("aria-modal") === "true" || el.tagName === "DIALOG" || /dialog/.test(el.getAttribute("role") || "");
    if (!modal && style.position !== "fixed" && style.position !== "sticky") continue;
    if (!visible(el)) continue;
    const r = el.getBoundingClientRect();
    const cover = (Math.min(r.right, vw) - Math.max(r.left, 0)) * (Math.min(r.bottom, vh) - Math.max(r.top, 0)) / (vw * vh);
    if (region(el.parentElement || el) === "header" || el.tagName === "HEADER" || el.tagName === "NAV") continue;
    if (cover < 0.08 && !modal) continue;
    if (overlays.some((o) => document.querySelector(`[data-friction-id="${o.fid}"]`)?.contains(el))) continue;
    const buttons = Array.from(el.querySelectorAll("button, a[href], [role=button], input[type=submit], input[type=button]")).filter(visible)
      .slice(0, 12).map((b) => ({ fid: fid(b), text: cut(accessibleName(b), 80) }));
    overlays.push({ fid: fid(el), text: cut(clean(el.innerText), 300), cover: Math.round(cover * 100) / 100, modal, buttons, z: style.zIndex });
  }
  document.documentElement.setAttribute("data-friction-next", String(nextId));

  const headings = Array.from(document.querySelectorAll("h1, h2, h3")).filter(visible).map((h) => cut(clean(h.innerText), 120)).slice(0, 40);
  return {
    url: location.href, title: document.title, lang: document.documentElement.lang || "",
    text: cut(document.body ? document.body.innerText : "", limits.text),
    headings, links, forms, images, frames, scripts, widgets, alerts,
    invalid_fields: document.querySelectorAll("[aria-invalid=true]").length, overlays,
  };
}
