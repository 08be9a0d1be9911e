// Reads a rendered page whole, in one pass: its text by place, every link (hidden ones with how a
// person reveals them), forms, images and widgets, across open shadow roots and same-origin frames.
// Actionable elements get a stable data-friction-id so the navigator can act on them later.
// `limits` only protect memory on hostile pages; a limit that is reached is named in `truncated`.
(limits) => {
  const clean = (s) => (s || "").replace(/\s+/g, " ").trim();
  const cut = (s, n) => (s.length > n ? s.slice(0, n) : s);
  const truncated = [];
  const note = (what) => { if (!truncated.includes(what)) truncated.push(what); };
  const rendered = (el) => !!el && el.isConnected && (!el.checkVisibility || el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }));
  const scrollX = window.scrollX, scrollY = window.scrollY;
  // Left of or above the page (an off-canvas drawer, a skip link at -9999px) no scrolling shows it.
  const offPage = (r) => r.right + scrollX <= 0 || r.bottom + scrollY <= 0;
  const sized = (r) => r.width > 1 && r.height > 1 && !offPage(r);
  const visible = (el) => rendered(el) && sized(el.getBoundingClientRect());
  const styleOf = (el) => el.ownerDocument.defaultView.getComputedStyle(el);
  const classOf = (el) => el.getAttribute("class") || "";
  // The parent a person sees: a slotted node sits in its slot, a shadow root's child under its host.
  const parentOf = (el) => el.assignedSlot || el.parentElement || (el.parentNode && el.parentNode.host) || null;
  const matches = (el, selector) => { try { return el.matches(selector); } catch (e) { return false; } };
  const byId = (el, id) => (el.getRootNode().getElementById ? el.getRootNode().getElementById(id) : null);
  let nextId = Number(document.documentElement.getAttribute("data-friction-next") || 0);
  const fid = (el) => {
    if (!el.hasAttribute("data-friction-id")) el.setAttribute("data-friction-id", String(nextId++));
    return el.getAttribute("data-friction-id");
  };

  // --- the trees read: the page, its open shadow roots and its same-origin frames -------------
  const trees = [];
  const frameDocs = new Map();
  const crossOrigin = [];
  const sameOrigin = (src) => { try { return new URL(src, location.href).origin === location.origin; } catch (e) { return false; } };
  const enterFrame = (el, tree) => {
    let doc = null;
    try { doc = el.contentDocument; } catch (e) { doc = null; }
    const src = el.src || el.getAttribute("src") || "";
    if (!doc) {
      // A sandboxed or not yet loaded same-origin frame is content we could not read.
      if (src && sameOrigin(src)) note("frame: " + src);
      else if (src) crossOrigin.push(src);
      return;
    }
    const pending = doc.readyState !== "complete" || (doc.URL === "about:blank" && src && src !== "about:blank");
    if (pending) note("frame: " + (src || doc.URL));
    if (!doc.body) return;
    const r = el.getBoundingClientRect();
    const frame = { doc, url: doc.URL, visible: tree.visible && visible(el), dx: tree.dx + r.x + el.clientLeft, dy: tree.dy + r.y + el.clientTop };
    frameDocs.set(el, frame);
    discover(doc, { frame: frame.url, shadow: false, visible: frame.visible, dx: frame.dx, dy: frame.dy });
  };
  const discover = (root, tree) => {
    trees.push({ root, ...tree });
    for (const el of root.querySelectorAll("*")) {
      if (el.shadowRoot) discover(el.shadowRoot, { ...tree, shadow: true });
      if (el.tagName === "IFRAME" || el.tagName === "FRAME") enterFrame(el, tree);
    }
  };
  discover(document, { frame: "", shadow: false, visible: true, dx: 0, dy: 0 });
  const all = (selector) => trees.flatMap((t) => Array.from(t.root.querySelectorAll(selector), (el) => [el, t]));

  // --- where an element stands ---------------------------------------------------------------
  // User content: comment threads, reviews and testimonials quoting people, forum posts.
  const COMMENT_WORDS = /(^|[\s_-])(comments?|commentlist|reviews?|testimonials?|repl(y|ies)|forum-post|user-content)([\s_-]|$)/i;
  const COMMENT_TYPES = /Comment|Review|DiscussionForumPosting|Answer/;
  const POST_WORDS = /(^|\s)(entry-content|post-content|post-body|article-body|article-content|blog-post|single-post)(\s|$)/i;
  const isComment = (el) => {
    const prop = el.getAttribute("itemprop") || "";
    return prop === "comment" || prop === "review" || el.getAttribute("role") === "comment" ||
      COMMENT_TYPES.test(el.getAttribute("itemtype") || "") || COMMENT_WORDS.test(classOf(el)) || COMMENT_WORDS.test(el.id);
  };
  const isArticle = (el) => el.tagName === "ARTICLE" || el.getAttribute("role") === "article" ||
    /^(articleBody|blogPost)$/.test(el.getAttribute("itemprop") || "") ||
    /BlogPosting|NewsArticle|\/Article$/.test(el.getAttribute("itemtype") || "") || POST_WORDS.test(classOf(el));
  const ROLES = { banner: "header", navigation: "nav", contentinfo: "footer", complementary: "aside", dialog: "dialog", alertdialog: "dialog", main: "main" };
  const TAGS = { NAV: "nav", ASIDE: "aside", DIALOG: "dialog", MAIN: "main", ADDRESS: "address" };
  // A header or footer inside a post, a comment or an aside belongs to it, not to the site's chrome.
  const scoped = (el) => !!el.parentElement && !!el.parentElement.closest("article, aside, dialog, [role=article], [role=complementary], [role=dialog]");
  const ownRegion = (el) => {
    if (isComment(el)) return "comment";
    if (isArticle(el)) return "article";
    const role = el.getAttribute("role") || "";
    if (ROLES[role]) return ROLES[role];
    if (TAGS[el.tagName]) return TAGS[el.tagName];
    if (el.getAttribute("aria-modal") === "true") return "dialog";
    if ((el.tagName === "HEADER" || el.tagName === "FOOTER") && !scoped(el)) return el.tagName.toLowerCase();
    return null;
  };
  const regions = new Map();
  // Iterative, so that a hostile page nested thousands deep cannot overflow the stack.
  const regionOf = (el) => {
    const path = [];
    let found = "main";
    for (let e = el; e && e.nodeType === 1; e = parentOf(e)) {
      if (regions.has(e)) { found = regions.get(e); break; }
      path.push(e);
    }
    for (const e of path.reverse()) regions.set(e, (found = ownRegion(e) || found));
    return found;
  };

  // --- text by place, in document order (innerText of the largest pieces holding one place) ---
  const REGION_HINTS = "article, address, dialog, nav, aside, header, footer, main, [role], [aria-modal], [itemprop], [itemtype], " +
    ["comment", "review", "testimonial", "repl", "forum", "user-content", "post", "article", "entry"].map((w) => `[class*=${w} i], [id*=${w} i]`).join(", ");
  const mixed = new Set();  // elements holding more than one place, or a frame or shadow root: walked into
  const markAncestors = (el) => { for (let e = parentOf(el); e && !mixed.has(e); e = parentOf(e)) mixed.add(e); };
  for (const [el] of all(REGION_HINTS)) if (ownRegion(el)) markAncestors(el);
  for (const [el] of all("iframe, frame, slot")) markAncestors(el);
  for (const t of trees) if (t.shadow) markAncestors(t.root.host), mixed.add(t.root.host);
  const SKIP = new Set(["SCRIPT", "STYLE", "TEMPLATE", "NOSCRIPT", "HEAD"]);
  const blocks = [];
  let textLength = 0;
  let lastInline = false;
  const push = (raw, region, frame, inline) => {
    let text = inline ? raw : raw.replace(/^\s+|\s+$/g, "");
    if (!text || textLength >= limits.text) return;
    if (textLength + text.length > limits.text) text = text.slice(0, limits.text - textLength), note("text");
    const last = blocks[blocks.length - 1];
    const sep = inline && lastInline ? " " : "\n";
    if (last && last.region === region && last.frame === frame) last.text += sep + text;
    else blocks.push({ region, text, frame });
    textLength += text.length + 1;
    lastInline = inline;
  };
  // Depth first with an explicit stack (children pushed in reverse) to keep document order.
  const stack = document.body ? [[document.body, "main", ""]] : [];
  const later = (list, region, frame) => { for (const child of Array.from(list).reverse()) stack.push([child, region, frame]); };
  // Nodes visited are bounded too: a page of a million empty elements is read in bounded time.
  let visits = 0;
  while (stack.length && textLength < limits.text) {
    if (++visits > (limits.nodes || Infinity)) { note("nodes"); break; }
    const [node, region, frame] = stack.pop();
    if (node.nodeType === 3) {
      const parent = node.parentElement;
      if (parent && styleOf(parent).visibility === "visible") push(clean(node.data), region, frame, true);
      continue;
    }
    if (node.nodeType !== 1 || SKIP.has(node.tagName)) continue;
    const el = node;
    const place = frame ? "frame" : ownRegion(el) || region;
    if (el.tagName === "BR") lastInline = false;
    else if (el.tagName === "SLOT") later(el.assignedNodes({ flatten: true }), place, frame);
    // An element without a box of its own (display: contents) still shows its children.
    else if (!el.checkVisibility()) { if (styleOf(el).display === "contents") later(el.childNodes, place, frame); }
    else if (frameDocs.has(el)) stack.push([frameDocs.get(el).doc.body, "frame", frameDocs.get(el).url]);
    else if (el.shadowRoot) later(el.shadowRoot.childNodes, place, frame);
    else if (mixed.has(el)) later(el.childNodes, place, frame);
    else push(el.innerText || "", place, frame, styleOf(el).display.startsWith("inline"));
  }
  const text = blocks.map((b) => b.text).join("\n");

  // --- how a person reveals a hidden element -------------------------------------------------
  // A container hidden by its own style (not merely inside a hidden one) is what a toggle opens.
  const closedCache = new Map();
  const closed = (el) => {
    if (!closedCache.has(el)) {
      const s = styleOf(el);
      const parent = parentOf(el);
      const clipped = s.overflow !== "visible" && (parseFloat(s.height) <= 1 || s.maxHeight === "0px");
      closedCache.set(el, s.display === "none" || s.contentVisibility === "hidden" || Number(s.opacity) === 0 || clipped ||
        (s.position !== "static" && offPage(el.getBoundingClientRect())) ||
        (s.visibility !== "visible" && !!parent && styleOf(parent).visibility === "visible"));
    }
    return closedCache.get(el);
  };
  const navigates = (el) => el.tagName === "A" && !/^(#|javascript:|$)/i.test((el.getAttribute("href") || "").trim());
  const OPENS = "[aria-controls], [popovertarget], [data-target^='#'], [data-bs-target^='#'], [data-toggle][href^='#'], [data-bs-toggle][href^='#']";
  // The ids a toggle says it opens.
  const targetsOf = (el) => [el.getAttribute("aria-controls"), el.getAttribute("popovertarget"), el.getAttribute("data-target"),
    el.getAttribute("data-bs-target"), el.hasAttribute("data-toggle") || el.hasAttribute("data-bs-toggle") ? el.getAttribute("href") : ""]
    .join(" ").split(/\s+/).map((s) => s.replace(/^#/, "")).filter(Boolean);
  const controllers = new Map();
  const controllersIn = (root) => {
    if (!controllers.has(root)) {
      const map = new Map();
      for (const el of root.querySelectorAll(OPENS)) for (const id of targetsOf(el)) if (!map.has(id)) map.set(id, el);
      controllers.set(root, map);
    }
    return controllers.get(root);
  };
  // A toggle that names what it opens opens only that (or what holds it, or what it holds).
  const opensElsewhere = (toggle, box) => {
    const ids = targetsOf(toggle);
    return ids.length > 0 && !ids.some((id) => { const t = byId(toggle, id); return t && (t === box || t.contains(box) || box.contains(t)); });
  };
  const STRONG_TOGGLE = "button, summary, [role=button], [aria-haspopup], [aria-expanded], label[for]";
  const WEAK_TOGGLE = "a[href='#'], a[href=''], a[href^='javascript:'], a:not([href])";
  const ACTIONABLE = "a[href], button, [role=button], [role=link], [role=tab], [role=menuitem], [role=treeitem], summary, input[type=submit], input[type=button], [aria-expanded], [onclick]";
  const isSubmit = (el) => el.type === "submit" && !!el.form;
  const usable = (el, selector, box) => matches(el, selector) && !navigates(el) && !isSubmit(el) &&
    el.getAttribute("aria-expanded") !== "true" && !opensElsewhere(el, box);
  // A toggle beside a collapsed box: the nearest sibling that is one, or that holds one saying so.
  const siblingToggle = (box, selector) => {
    const parent = box.parentElement;
    if (!parent) return null;
    const siblings = Array.from(parent.children);
    const at = siblings.indexOf(box);
    for (const s of [...siblings.slice(0, at).reverse(), ...siblings.slice(at + 1)]) {
      if (usable(s, selector, box)) return s;
      if (selector !== STRONG_TOGGLE || closed(s)) continue;  // another closed submenu: its toggles are not ours
      const inner = Array.from(s.querySelectorAll("[aria-expanded=false], [aria-haspopup]:not([aria-expanded=true])")).find((e) => usable(e, selector, box));
      if (inner) return inner;
    }
    return null;
  };
  // The item's own link: what a person points at to open its submenu.
  const ownLink = (item, box) => Array.from(item.querySelectorAll(ACTIONABLE)).find((e) => !box.contains(e)) || null;
  const REVEALING = ["display", "visibility", "opacity", "height", "max-height", "transform", "clip", "clip-path", "left", "top", "pointer-events"];
  const hoverRulesCache = new Map();
  // `nav li:hover > ul` says: pointing at a `nav li` shows the `nav li > ul` inside it.
  const hoverRule = (part) => {
    const before = part.slice(0, part.indexOf(":hover"));
    const hovered = /^\s*$|[\s>+~]$/.test(before) ? `${before.trim()} *`.trim() : before.trim();
    return { hovered, revealed: part.split(":hover").join("").trim() };
  };
  const rulesOf = (list, found) => {
    for (const rule of list) {
      if (rule.styleSheet) rulesOf(rule.styleSheet.cssRules, found);  // @import
      if (rule.cssRules && rule.cssRules.length && !rule.selectorText) rulesOf(rule.cssRules, found);
      const selector = rule.selectorText || "";
      if (!selector.includes(":hover") || selector.includes("&") || !REVEALING.some((p) => rule.style.getPropertyValue(p))) continue;
      for (const part of selector.split(",").filter((p) => p.includes(":hover"))) found.push(hoverRule(part));
    }
  };
  const hoverRules = (root) => {
    if (!hoverRulesCache.has(root)) {
      const found = [];
      for (const sheet of [...(root.styleSheets || []), ...(root.adoptedStyleSheets || [])]) {
        try { rulesOf(sheet.cssRules, found); } catch (e) { /* a cross-origin sheet cannot be read */ }
      }
      hoverRulesCache.set(root, found);
    }
    return hoverRulesCache.get(root);
  };
  const hoverTarget = (box) => {
    for (const rule of hoverRules(box.getRootNode())) {
      if (!matches(box, rule.revealed)) continue;
      for (let e = parentOf(box); e; e = parentOf(e)) if (matches(e, rule.hovered)) return ownLink(e, box) || e;
      for (let s = box.previousElementSibling; s; s = s.previousElementSibling) if (matches(s, rule.hovered)) return s;
    }
    return null;
  };
  const ITEM = "li, [role=menuitem], [role=treeitem], [role=none], [role=listitem], [class*=item], [class*=dropdown], [class*=has-sub], [class*=menu]";
  // A visually hidden checkbox is worked through its label, as a person does.
  const actOn = (el) => (el.labels && el.labels.length && !visible(el) ? Array.from(el.labels).find(visible) || el.labels[0] : el);
  const how = (opener, reveal) => ({ opener: actOn(opener), reveal: navigates(opener) ? "hover" : reveal });
  const openers = new Map();
  const openerOf = (box) => {
    if (openers.has(box)) return openers.get(box);
    const parent = box.parentElement;
    let found = null;
    const controller = box.id ? controllersIn(box.getRootNode()).get(box.id) : null;
    if (controller) found = how(controller, "click");
    else if (parent && parent.getAttribute("aria-expanded") === "false") found = how(parent, "click");
    if (!found) { const t = siblingToggle(box, STRONG_TOGGLE); if (t) found = how(t, "click"); }
    if (!found) { const t = hoverTarget(box); if (t) found = how(t, "hover"); }
    if (!found) { const t = siblingToggle(box, WEAK_TOGGLE); if (t) found = how(t, "click"); }
    if (!found && parent && matches(parent, ITEM)) { const t = ownLink(parent, box); if (t) found = { opener: t, reveal: "hover" }; }
    openers.set(box, found);
    return found;
  };
  // The nearest closed thing between a hidden element and the page, and what opens it; nested
  // trees give the innermost toggle, so a navigator opens one level at a time.
  const revealOf = (el) => {
    // A link hidden by its own style (a row's action link, a heading's permalink) shows on its owner's
    // hover or by its own controller; the guesses from siblings are for boxes, not for single links.
    if (closed(el)) {
      const controller = el.id ? controllersIn(el.getRootNode()).get(el.id) : null;
      const target = controller || hoverTarget(el);
      if (target) return how(target, controller ? "click" : "hover");
    }
    for (let node = parentOf(el); node; node = parentOf(node)) {
      if (node.tagName === "DETAILS" && !node.open) {
        const summary = node.querySelector(":scope > summary");
        if (summary && !summary.contains(el)) return { opener: summary, reveal: "click" };
      }
      if (visible(node)) return null;
      if (closed(node)) {
        const found = openerOf(node);
        if (found) return found;
      }
    }
    return null;
  };

  // --- every actionable element, visible or not ----------------------------------------------
  const byIds = (el, ids) => clean((ids || "").split(/\s+/).map((id) => byId(el, id)).filter(Boolean).map((e) => e.innerText || e.textContent).join(" "));
  const ownText = (el, shown) => clean(shown ? el.innerText : el.textContent);
  const accessibleName = (el, text = clean(el.innerText)) =>
    clean(el.getAttribute("aria-label")) || byIds(el, el.getAttribute("aria-labelledby")) ||
    text || clean(el.getAttribute("title")) ||
    clean(Array.from(el.querySelectorAll("img[alt], svg title")).map((i) => i.getAttribute("alt") || i.textContent).join(" ")) ||
    clean(el.value);
  // What a disclosure button opens (aria-controls): a chat panel says "virtual assistant" there.
  const controlled = (el) => {
    const target = byId(el, el.getAttribute("aria-controls") || "");
    return target ? cut(clean((target.getAttribute("aria-label") || "") + " " + (target.textContent || "")), 200) : "";
  };
  // Hidden elements kept: links and the toggles that open them (a hidden toggle has its own opener).
  const KEPT_HIDDEN = "a[href], [role=link], [role=menuitem], [role=treeitem], summary, [aria-expanded], [aria-controls]";
  const links = [];
  const named = [];  // ids are written after every read: a write between reads makes each read restyle
  const listed = new Set();
  const describe = (el, tree, r, shown) => {
    const text = ownText(el, shown);
    const expanded = el.getAttribute("aria-expanded");
    const revealed = shown ? null : revealOf(el);
    listed.add(el);
    named.push([el, revealed && revealed.opener]);
    links.push({
      fid: "", tag: el.tagName.toLowerCase(), text: cut(text, 120), name: cut(accessibleName(el, text), 160),
      href: el.tagName === "A" ? el.getAttribute("href") : null, role: el.getAttribute("role") || "",
      region: regionOf(el), expanded: expanded === null ? null : expanded === "true", visible: shown,
      x: Math.round(r.x + tree.dx + scrollX), y: Math.round(r.y + tree.dy + scrollY), w: Math.round(r.width), h: Math.round(r.height),
      new_tab: el.getAttribute("target") === "_blank",
      controls: controlled(el),
      submit: (el.type === "submit" || (el.tagName === "BUTTON" && !el.getAttribute("type"))) && !!el.closest("form"),
      opener: "", reveal: revealed ? revealed.reveal : "",
      frame: tree.frame, shadow: tree.shadow,
    });
  };
  for (const [el, tree] of all(ACTIONABLE)) {
    const r = el.getBoundingClientRect();
    const shown = tree.visible && rendered(el) && sized(r);
    if (!shown && !el.matches(KEPT_HIDDEN)) continue;
    if (links.length >= limits.links) { note("links"); break; }
    describe(el, tree, r, shown);
  }
  // An opener a person would call a control (a label, a bare menu item) is listed too, so a navigator
  // can open nested levels in turn; a heading or a box that shows things on hover is only named.
  const CONTROL = `${ACTIONABLE}, label[for], a, [aria-haspopup], [tabindex]`;
  const treeOf = new Map(trees.map((t) => [t.root, t]));
  for (let i = 0; i < named.length; i++) {
    const opener = named[i][1];
    if (!opener || listed.has(opener) || !matches(opener, CONTROL)) continue;
    if (links.length >= limits.links) { note("links"); break; }
    const tree = treeOf.get(opener.getRootNode()) || trees[0];
    const r = opener.getBoundingClientRect();
    describe(opener, tree, r, tree.visible && rendered(opener) && sized(r));
  }
  named.forEach(([el, opener], i) => { links[i].fid = fid(el); links[i].opener = opener ? fid(opener) : ""; });
  document.documentElement.setAttribute("data-friction-next", String(nextId));

  // --- forms ----------------------------------------------------------------------------------
  const labelOf = (el) => {
    const own = el.labels && el.labels.length ? clean(Array.from(el.labels).map((l) => l.innerText).join(" ")) : "";
    return own || clean(el.getAttribute("aria-label")) || byIds(el, el.getAttribute("aria-labelledby")) ||
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
      fid: fid(el),
    };
  };
  const SEND = "button[type=submit], input[type=submit], button:not([type]), button[type=button], [role=button]";
  const controlOf = (root) => root.querySelector(SEND);
  const submitOf = (root) => {
    const b = controlOf(root);
    return b ? cut(accessibleName(b), 80) : "";
  };
  // How the control that sends the form can be pressed: its declared type ("default" for a <button>
  // without one, "none" when there is no control) and whether it is switched off, CSS included.
  const pressOf = (root) => {
    const b = controlOf(root);
    if (!b) return { submit_type: "none", submit_disabled: false, submit_fid: "" };
    const declared = b.tagName === "INPUT" ? b.type : b.tagName === "BUTTON" ? b.getAttribute("type") || "default" : "button";
    const off = b.disabled || b.getAttribute("aria-disabled") === "true" || getComputedStyle(b).pointerEvents === "none";
    return { submit_type: declared.toLowerCase(), submit_disabled: off, submit_fid: fid(b) };
  };
  const headingOf = (root) => {
    const own = root.querySelector("h1, h2, h3, h4, legend");
    if (own) return cut(clean(own.innerText), 120);
    for (let e = root; e && e.tagName !== "BODY"; e = e.parentElement) {
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
  for (const [form] of all("form")) {
    const fields = Array.from(form.querySelectorAll(FIELDS)).map(fieldOf);
    if (!fields.some((f) => f.visible) && !visible(form)) continue;
    forms.push({
      id: form.id || form.getAttribute("name") || "", action: form.getAttribute("action") || "", method: (form.getAttribute("method") || "get").toLowerCase(),
      fields, submit_label: submitOf(form), heading: headingOf(form), captcha: !!form.querySelector(CAPTCHA), ...pressOf(form),
    });
  }
  // Inputs outside any <form>, grouped as a person sees them: by the nearest container that also holds a button.
  const looseBox = (el) => {
    let top = el;
    for (let e = el.parentElement; e && e.tagName !== "BODY"; e = e.parentElement) {
      if (e.querySelector(SEND)) return e;
      top = e;
    }
    return top.parentElement || top;
  };
  for (const tree of trees) {
    const loose = new Map();
    for (const el of tree.root.querySelectorAll(FIELDS)) {
      if (el.form || !visible(el)) continue;
      const box = looseBox(el);
      loose.set(box, [...(loose.get(box) || []), el]);
    }
    for (const [box, orphans] of loose) {
      forms.push({ id: box.id || "", action: "", method: "script", fields: orphans.map(fieldOf), submit_label: submitOf(box), heading: headingOf(box), captcha: !!box.querySelector(CAPTCHA), ...pressOf(box) });
    }
  }

  // --- images, frames, scripts, chat widgets, alerts ------------------------------------------
  const shownImages = all("img").filter(([i, tree]) => tree.visible && visible(i));
  if (shownImages.length > limits.images) note("images");
  const images = shownImages.slice(0, limits.images).map(([i]) => ({ src: i.currentSrc || i.src, alt: clean(i.alt), region: regionOf(i) }));
  const frames = all("iframe").map(([f]) => clean(f.src + " " + (f.title || "")));
  const scripts = all("script[src]").map(([s]) => s.src);
  const WIDGET = /chat|assistant|messenger|intercom|zendesk|zopim|drift|livechat|tawk|crisp|hubspot|freshchat|olark|helpscout|gorgias|kustomer|salesforce|genesys|podium/i;
  const widgets = [];
  for (const [el] of all("[id], [class], [aria-label], [data-widget]")) {
    if (widgets.length >= 20) break;
    const hint = [el.id, classOf(el), el.getAttribute("aria-label") || "", el.getAttribute("data-widget") || ""].join(" ");
    // Hidden chat panels still say what they are ("virtual assistant", "agents online").
    if (WIDGET.test(hint)) widgets.push((visible(el) ? "" : "hidden: ") + cut(clean(hint + " | " + (el.innerText || el.textContent || "")), 200));
  }
  const alerts = all("[role=alert], [aria-live=assertive], [aria-live=polite], .error, .alert, .notice, .errors, .field-error")
    .filter(([e]) => visible(e)).map(([e]) => cut(clean(e.innerText), 200)).filter(Boolean).slice(0, 20);

  // --- overlays on the page itself ------------------------------------------------------------
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
    if (el.tagName === "HEADER" || el.tagName === "NAV" || regionOf(el.parentElement || el) === "header") continue;
    if (cover < 0.08 && !modal) continue;
    if (overlays.some((o) => document.querySelector(`[data-friction-id="${o.fid}"]`)?.contains(el))) continue;
    const buttons = Array.from(el.querySelectorAll("button, a[href], [role=button], input[type=submit], input[type=button]")).filter(visible)
      .slice(0, 12).map((b) => ({ fid: fid(b), text: cut(accessibleName(b), 80) }));
    overlays.push({ fid: fid(el), text: cut(clean(el.innerText), 300), cover: Math.round(cover * 100) / 100, modal, buttons, z: style.zIndex });
  }
  document.documentElement.setAttribute("data-friction-next", String(nextId));

  // Chromium's own error page; headless builds leave it blank, so the recorder adds the code it saw fail.
  const errorCode = clean(document.querySelector(".error-code")?.textContent);
  const errorPage = location.protocol === "chrome-error:" ? (/^ERR_/.test(errorCode) ? "net::" + errorCode : errorCode || "net::ERR_FAILED") : "";
  const headings = all("h1, h2, h3").filter(([h]) => visible(h)).map(([h]) => cut(clean(h.innerText), 120)).slice(0, 40);
  return {
    url: location.href, title: document.title, lang: document.documentElement.lang || "",
    text, blocks, truncated, cross_origin_frames: crossOrigin, error_page: errorPage,
    headings, links, forms, images, frames, scripts, widgets, alerts,
    invalid_fields: all("[aria-invalid=true]").length, overlays,
  };
}
