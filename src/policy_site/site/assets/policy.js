/* The edition switch that keeps the place, and copy-link / copy-citation actions. */
(function () {
  "use strict";
  var metaElement = document.getElementById("policy-meta");
  if (!metaElement) return;
  var meta = JSON.parse(metaElement.textContent);
  var PENDING = "policy-site:pending-scroll";

  try { localStorage.setItem(meta.storageKey, meta.lang); } catch (e) { /* storage disabled */ }

  /* The edition switch: Material's language selector in the header
     (`extra.alternate`, each link already the same page in that edition,
     see mkdocs_hooks.py). Without scripts it opens on focus or hover (CSS)
     and its links work. Here: the choice is remembered, the #fragment and
     the reading position (the sentence at the top of the window) go along,
     and the keyboard can open it and move through it. */
  var PLACES = "article .sentence[id], article h1[id], article h2[id], article h3[id], article li[id]";

  function headerBottom() {
    var header = document.querySelector(".md-header");
    return header ? Math.max(0, header.getBoundingClientRect().bottom) : 0;
  }

  // The sentence (or heading) being read: the first one that starts on the
  // top line below the header or further down (its first line box at least
  // half showing), and how far that line box's top is from the header's edge.
  function topVisibleAnchor() {
    var line = headerBottom();
    var nodes = document.querySelectorAll(PLACES);
    for (var i = 0; i < nodes.length; i++) {
      var first = nodes[i].getClientRects()[0];
      if (first && first.height > 0 && first.top + first.height / 2 > line) return { id: nodes[i].id, offset: first.top - line };
    }
    return null;
  }

  function switchLinks() { return document.querySelectorAll(".md-select__link[hreflang]"); }

  function onToggle(event) {
    var link = event.target.closest(".md-select__link[hreflang]");
    if (!link || event.button > 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    var lang = link.getAttribute("hreflang");
    try { localStorage.setItem(meta.storageKey, lang); } catch (e) { /* storage disabled */ }
    var target = new URL(link.href, location.href);
    target.search = location.search;
    target.hash = location.hash;
    if (!location.hash) {
      var anchor = topVisibleAnchor();
      if (anchor) {
        try {
          sessionStorage.setItem(PENDING, JSON.stringify({ path: target.pathname, id: anchor.id, offset: anchor.offset }));
        } catch (e) { /* ignore */ }
      }
    }
    if (target.href === location.href) { link.blur(); return; }
    location.href = target.href;
  }
  document.addEventListener("click", onToggle, true);

  function switchKeys() {
    var select = document.querySelector(".md-header .md-select");
    if (!select) return;
    var button = select.querySelector("button");
    var links = Array.prototype.slice.call(switchLinks());
    if (button) button.setAttribute("aria-haspopup", "true");
    // With scripts the list opens on Enter, Space, ArrowDown or a pointer, not
    // when Tab passes the button (data-closed, policy.css).
    select.setAttribute("data-closed", "");
    if (button) button.setAttribute("aria-expanded", "false");
    links.forEach(function (link) {
      var lang = link.getAttribute("hreflang");
      link.setAttribute("lang", lang);
      link.setAttribute("tabindex", "-1");  // one tab stop, the button; arrows move in the list
      if (lang === meta.lang) link.setAttribute("aria-current", "true");
    });
    function expanded(open) {
      if (button) button.setAttribute("aria-expanded", open ? "true" : "false");
      if (open) select.removeAttribute("data-closed"); else select.setAttribute("data-closed", "");
    }
    select.addEventListener("focusin", function (event) { if (event.target !== button) expanded(true); });
    select.addEventListener("focusout", function (event) { if (!select.contains(event.relatedTarget)) expanded(false); });
    // A tap or click on the button opens and closes it (touch screens have no hover).
    if (button) button.addEventListener("click", function () { expanded(select.hasAttribute("data-closed")); });
    select.addEventListener("keydown", function (event) {
      var at = links.indexOf(document.activeElement);
      var key = event.key;
      if (event.target === button && (key === "Enter" || key === " " || key === "ArrowDown")) {
        event.preventDefault();
        expanded(true);
        var current = links.filter(function (l) { return l.hasAttribute("aria-current"); })[0] || links[0];
        if (current) current.focus({ preventScroll: true });
      } else if (at >= 0 && (key === "ArrowDown" || key === "ArrowUp")) {
        event.preventDefault();
        links[(at + (key === "ArrowDown" ? 1 : links.length - 1)) % links.length].focus({ preventScroll: true });
      } else if (at >= 0 && key === " ") {
        event.preventDefault();
        links[at].click();
      } else if (key === "Escape" && button) {
        event.preventDefault();
        button.focus({ preventScroll: true });
        expanded(false);
      }
    });
  }

  function restoreScroll() {
    var raw = null;
    try { raw = sessionStorage.getItem(PENDING); sessionStorage.removeItem(PENDING); } catch (e) { return; }
    if (!raw || location.hash) return;
    var pending = JSON.parse(raw);
    if (pending.path !== location.pathname) return;
    var element = document.getElementById(pending.id);
    if (!element) return;
    function place() {
      var line = headerBottom();
      var first = element.getClientRects()[0];
      if (!first) return;
      scrollBy(0, first.top - line - pending.offset);
      // Lines wrap differently in another script: if the sentence is no longer
      // the one being read, put its first line at the header's edge.
      var top = topVisibleAnchor();
      if (!top || top.id !== pending.id) scrollBy(0, element.getClientRects()[0].top - line);
    }
    place();
    if (document.fonts && document.fonts.ready) document.fonts.ready.then(place);  // glyph metrics settle
  }

  function canonicalUrl(id) {
    return meta.siteUrl + meta.pageUrl + (id ? "#" + id : "");
  }

  /* Quotation marks as the page prints them, outer then inner: “”‘’ in the
     simplified edition, 「」『』 in the traditional ones (zh/quotes.py). */
  function quote(text) {
    var q = meta.ui.quoteMarks || "“”‘’";
    return q[0] + text.split(q[0]).join(q[2]).split(q[1]).join(q[3]) + q[1];
  }

  /* A place's public URL, by the citation contract: its page and its
     #fragment, by the rules urls.py gives the page (meta.cite.places:
     urls.client_rules, the same as cite.location_url). */
  function placeUrl(id) {
    var base = meta.cite.base, rules = meta.cite.places, m;
    if (!id) return base;
    for (var i = 0; i < rules.pages.length; i++) {
      if ((m = new RegExp(rules.pages[i][0]).exec(id))) { base += rules.pages[i][1].replace("{}", m[1]); break; }
    }
    return new RegExp(rules.whole).test(id) ? base : base + "#" + id;
  }

  function today() {
    var d = new Date();
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate());
  }

  /* The GB/T 7714 entry rendered at build time (cite.py), its URL and the
     access date (today, when the reader copies) filled in. */
  function gbt(id) {
    var url = placeUrl(id), accessed = today();
    return meta.cite.gbt.replace(/\{\{|\}\}|\{url\}|\{accessed\}/g, function (token) {
      return token === "{{" ? "{" : token === "}}" ? "}" : token === "{url}" ? url : accessed;
    });
  }

  /* What "复制引用" copies: the quoted text with its short in-text form
     (《意见》第（八）项第3句), then the GB/T 7714 entry. `label` is used only
     where the page has no label for the place. */
  function citation(label, text, id) {
    if (!meta.cite) return quote(text) + meta.ui.urlLabel + canonicalUrl(id);
    var where = (meta.cite.labels && meta.cite.labels[id]) || label || "";
    return quote(text) + "（" + meta.cite.short + where + "）\n" + gbt(id);
  }

  function copy(text, status) {
    function done() { if (status) { status.textContent = meta.ui.copied; setTimeout(function () { status.textContent = ""; }, 2000); } }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { fallback(text); done(); });
    } else { fallback(text); done(); }
  }
  function fallback(text) {
    var area = document.createElement("textarea");
    area.value = text; area.setAttribute("readonly", ""); area.style.position = "absolute"; area.style.left = "-9999px";
    document.body.appendChild(area); area.select();
    try { document.execCommand("copy"); } catch (e) { /* ignore */ }
    document.body.removeChild(area);
  }

  function button(label, action) {
    var b = document.createElement("button");
    b.type = "button"; b.textContent = label; b.addEventListener("click", action);
    return b;
  }

  function sentenceText(span) {
    var clone = span.cloneNode(true);
    clone.querySelectorAll(".sentence-link").forEach(function (a) { a.remove(); });
    return clone.textContent.trim();
  }

  function clauseActions() {
    var heading = document.querySelector("h1[data-clause]");
    if (!heading) return;
    var label = heading.getAttribute("data-label");
    var title = heading.textContent.replace(label, "").trim();
    var bar = document.createElement("div");
    bar.className = "clause-actions";
    var status = document.createElement("span");
    status.className = "copy-status"; status.setAttribute("role", "status");
    bar.appendChild(button(meta.ui.copyLink, function () { copy(canonicalUrl(heading.id), status); }));
    bar.appendChild(button(meta.ui.copyCitation, function () { copy(citation(meta.ui.clauseCite.replace("{label}", label), title, heading.id), status); }));
    bar.appendChild(status);
    heading.insertAdjacentElement("afterend", bar);
  }

  /* A sentence's link opens a small popover: copy its link or a citation.
     It sits after the paragraph (never inside the sentence, so a selection
     never takes its words), takes focus, and closes on Esc (focus back on
     the link), on a click elsewhere or when focus leaves it. */
  var popover = null, opener = null;
  function closePopover(restoreFocus) {
    if (!popover) return;
    popover.remove(); popover = null;
    if (opener) {
      opener.setAttribute("aria-expanded", "false");
      if (restoreFocus) opener.focus();
    }
    opener = null;
  }
  /* Without hover (a phone), a tap on a sentence shows its link (policy.css);
     a tap elsewhere hides it. */
  var tapped = null;
  function showTappedLink(sentence) {
    if (tapped === sentence) return;
    if (tapped) tapped.classList.remove("is-tapped");
    tapped = sentence && matchMedia("(hover: none)").matches ? sentence : null;
    if (tapped) tapped.classList.add("is-tapped");
  }
  function sentenceActions(event) {
    var link = event.target.closest(".sentence-link");
    if (!link) {
      if (popover && !event.target.closest(".cite-popover")) closePopover(false);
      showTappedLink(event.target.closest(".sentence"));
      return;
    }
    var span = link.closest(".sentence");
    var clause = document.querySelector("h1[data-clause]");
    var block = span.closest(".clause-block");
    var label = clause ? clause.getAttribute("data-label") : (block ? block.querySelector(".clause-label").textContent : "");
    var index = span.id.split("-s").pop();
    closePopover(false);
    opener = link;
    link.setAttribute("aria-expanded", "true");
    popover = document.createElement("div");
    popover.className = "cite-popover";
    popover.setAttribute("role", "group");
    popover.setAttribute("aria-label", link.getAttribute("aria-label") || "");
    var status = document.createElement("span");
    status.className = "copy-status"; status.setAttribute("role", "status");
    var where = label ? meta.ui.sentenceCite.replace("{label}", label).replace("{n}", index) : "";
    popover.appendChild(button(meta.ui.copyLink, function () { copy(canonicalUrl(span.id), status); }));
    popover.appendChild(button(meta.ui.copyCitation, function () { copy(citation(where, sentenceText(span), span.id), status); }));
    // The sentence's QR code (drawn at build time beside its page, site/qr.py), fetched when asked for.
    var qr = null;
    var qrButton = button(meta.ui.sentenceQr, function () {
      if (!qr) {
        qr = document.createElement("img");
        qr.className = "sentence-qr";
        qr.width = qr.height = 160;
        qr.alt = meta.ui.sentenceQr + "：" + placeUrl(span.id);
        qr.src = placeUrl(span.id).split("#")[0] + meta.cite.places.qr.replace("{}", span.id);
        popover.insertBefore(qr, status);
      } else {
        qr.hidden = !qr.hidden;
      }
      qrButton.setAttribute("aria-expanded", String(!qr.hidden));
    });
    qrButton.setAttribute("aria-expanded", "false");
    popover.appendChild(qrButton);
    popover.appendChild(status);
    popover.addEventListener("focusout", function (e) {
      var to = e.relatedTarget;
      if (to && popover && !popover.contains(to) && to !== opener && to.tagName !== "TEXTAREA") closePopover(false);
    });
    (span.closest("p") || span).insertAdjacentElement("afterend", popover);
    var rect = link.getBoundingClientRect();
    var base = (popover.offsetParent || document.body).getBoundingClientRect();
    var width = popover.offsetWidth;
    var left = Math.min(rect.left - 60, document.documentElement.clientWidth - width - 8);
    popover.style.top = (rect.bottom - base.top + 4) + "px";
    popover.style.left = (Math.max(8, left) - base.left) + "px";
    // After the link's own fragment navigation, which would take focus back.
    var first = popover.querySelector("button"), opened = popover;
    setTimeout(function () { if (popover === opened) first.focus({ preventScroll: true }); }, 0);
  }
  document.addEventListener("click", sentenceActions);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && popover) { event.preventDefault(); closePopover(true); }
  });

  document.addEventListener("change", function (event) {
    if (event.target.matches("[data-quote-switch]")) {
      document.body.classList.toggle("show-quotes", event.target.checked);
    }
  });

  // What the site used from Material's bundle, which is not loaded (see
  // overrides/main.html): the table of contents marks and keeps in view the
  // heading being read (toc.follow), and the back-to-top button appears when
  // the reader scrolls up (navigation.top).
  function followToc() {
    var entries = [];
    document.querySelectorAll(".md-sidebar--secondary a.md-nav__link[href^='#']").forEach(function (link) {
      var target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
      if (target) entries.push({ link: link, target: target });
    });
    if (!entries.length) return;
    var header = document.querySelector(".md-header");
    var active = null, frame = 0;
    function update() {
      frame = 0;
      // A heading a link or scrollIntoView brought up stops its scroll-margin below the top (policy.css): it is being read.
      var margin = parseFloat(getComputedStyle(entries[0].target).scrollMarginTop) || 0;
      var line = Math.max((header ? header.offsetHeight : 0) + 16, margin + 1);
      var current = entries[0];
      for (var i = 0; i < entries.length && entries[i].target.getBoundingClientRect().top <= line; i++) current = entries[i];
      if (current === active) return;
      if (active) active.link.classList.remove("md-nav__link--active");
      current.link.classList.add("md-nav__link--active");
      active = current;
      var wrap = current.link.closest(".md-sidebar__scrollwrap");
      if (wrap) {
        var box = wrap.getBoundingClientRect(), at = current.link.getBoundingClientRect();
        if (at.top < box.top || at.bottom > box.bottom) wrap.scrollTop += at.top - box.top - box.height / 2;
      }
    }
    addEventListener("scroll", function () { if (!frame) frame = requestAnimationFrame(update); }, { passive: true });
    update();
  }

  function backToTop() {
    var button = document.querySelector(".md-top");
    if (!button) return;
    var last = scrollY;
    addEventListener("scroll", function () {
      button.hidden = !(scrollY < last && scrollY > innerHeight);
      last = scrollY;
    }, { passive: true });
    button.addEventListener("click", function () { button.hidden = true; scrollTo(0, 0); });
  }

  /* Phone and keyboard. Without Material's bundle its CSS-only drawer and
     expanders are labels for hidden checkboxes: they become buttons with a
     name and aria-expanded (Tab, Enter, Space); the closed off-canvas drawer
     is out of Tab order (inert); Esc closes it, focus back on the menu button. */
  function asButton(label, name) {
    var input = document.getElementById(label.getAttribute("for"));
    if (!input) return null;
    // A real button (labels take no role): same classes, id and `for`, which Material's CSS selects on.
    var control = document.createElement("button");
    control.type = "button";
    Array.prototype.forEach.call(label.attributes, function (a) { if (a.name !== "tabindex") control.setAttribute(a.name, a.value); });
    while (label.firstChild) control.appendChild(label.firstChild);
    label.replaceWith(control);
    if (name) control.setAttribute("aria-label", name);
    var sync = function () { control.setAttribute("aria-expanded", String(input.checked)); };
    control.addEventListener("click", function () {
      input.checked = !input.checked;
      input.dispatchEvent(new Event("change", { bubbles: true }));
    });
    input.addEventListener("change", sync);
    sync();
    return control;
  }
  function keyboardNavigation() {
    var drawer = document.getElementById("__drawer");
    var sidebar = document.querySelector(".md-sidebar--primary");
    var menu = document.querySelector(".md-header label[for='__drawer']");
    if (menu && drawer) menu = asButton(menu, meta.ui.menu);
    document.querySelectorAll(".md-nav__container > label.md-nav__link[for]").forEach(function (label) {
      var link = label.parentNode.querySelector("a.md-nav__link");
      asButton(label, link ? link.textContent.trim() : "");
    });
    document.querySelectorAll(".md-nav label.md-nav__link[for]").forEach(function (label) { asButton(label, ""); });
    document.querySelectorAll(".md-nav--primary .md-nav .md-nav__title[for]").forEach(function (label) {
      asButton(label, meta.ui.back + " " + label.textContent.trim());
    });
    var offCanvas = matchMedia("(max-width: 76.234375em)");
    var covered = [];
    // In the off-canvas drawer an open level slides over its parent: what it
    // covers (the parent levels' other entries) leaves Tab order too.
    function openPanel() {
      var open = sidebar.querySelectorAll(".md-nav--primary .md-nav__toggle:checked ~ nav.md-nav");
      return open.length ? open[open.length - 1] : null;
    }
    function syncDrawer() {
      if (!drawer || !sidebar) return;
      sidebar.inert = offCanvas.matches && !drawer.checked;
      covered.forEach(function (node) { node.inert = false; });
      covered = [];
      // A closed section's level (slid aside in the drawer) is out of Tab order.
      sidebar.querySelectorAll(".md-nav--primary .md-nav__toggle").forEach(function (toggle) {
        var level = toggle.parentNode.querySelector(":scope > nav.md-nav");
        if (level) level.inert = !toggle.checked;
      });
      var panel = offCanvas.matches ? openPanel() : null;
      var root = sidebar.querySelector(".md-nav--primary");
      for (var node = panel; node && node !== root && root.contains(node); node = node.parentElement) {
        for (var sibling = node.parentElement.firstElementChild; sibling; sibling = sibling.nextElementSibling) {
          if (sibling !== node && sibling.tagName !== "INPUT") { sibling.inert = true; covered.push(sibling); }
        }
      }
    }
    // The drawer opens at the top level, the reader's section marked
    // (md-nav__item--active, policy.css), each section a row that opens its
    // clauses. Material checks the current path's toggles (the wide sidebar
    // shows it open); in the drawer they would open it a level down: they are
    // unchecked when it opens and set back as the page had them when it closes.
    function setToggles(opening) {
      sidebar.querySelectorAll(".md-nav--primary .md-nav__toggle").forEach(function (toggle) {
        var wanted = opening ? false : toggle.defaultChecked;
        if (toggle.checked === wanted) return;
        toggle.checked = wanted;
        toggle.dispatchEvent(new Event("change", { bubbles: true }));
      });
    }
    if (drawer && sidebar) drawer.addEventListener("change", function () {
      if (offCanvas.matches || !drawer.checked) setToggles(drawer.checked);
    });
    if (sidebar) sidebar.addEventListener("change", syncDrawer);
    if (drawer) drawer.addEventListener("change", syncDrawer);
    if (offCanvas.addEventListener) offCanvas.addEventListener("change", syncDrawer);
    syncDrawer();
    // Focus leaving the open drawer (Tab past its end) closes it: the page behind is covered.
    document.addEventListener("focusin", function (event) {
      if (drawer && sidebar && drawer.checked && offCanvas.matches && !sidebar.contains(event.target) && event.target !== menu) {
        drawer.checked = false;
        drawer.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
    if (menu && drawer) menu.addEventListener("click", function () {
      if (!drawer.checked || !sidebar) return;
      var first = (openPanel() || sidebar).querySelector("a[href], button");
      if (first) setTimeout(function () { first.focus(); }, 0);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && drawer && drawer.checked) {
        drawer.checked = false;
        drawer.dispatchEvent(new Event("change", { bubbles: true }));
        if (menu) menu.focus();
      }
    });
  }

  /* A table wider than a phone scrolls sideways: by keyboard too. */
  function scrollableTables() {
    function mark() {
      document.querySelectorAll(".md-typeset table").forEach(function (table) {
        if (table.scrollWidth > table.clientWidth + 1) table.tabIndex = 0; else table.removeAttribute("tabindex");
      });
    }
    mark();
    addEventListener("resize", mark);
  }

  /* Material writes a skip link only on pages with a table of contents. */
  function skipLink() {
    if (document.querySelector(".md-skip")) return;
    var article = document.querySelector("article.md-content__inner");
    if (!article) return;
    var target = article.querySelector("h1[id]") || article;
    if (!target.id) target.id = "main-content";
    var skip = document.createElement("a");
    skip.className = "md-skip"; skip.href = "#" + target.id; skip.textContent = meta.ui.skip;
    document.body.insertBefore(skip, document.body.firstChild);
  }

  /* A printout names what it is: title, address and the day it was printed
     (policy.css shows this line in print only). */
  function printSource() {
    var article = document.querySelector("article.md-content__inner");
    if (!article) return;
    var line = document.createElement("p");
    line.className = "print-source";
    line.setAttribute("aria-hidden", "true");
    function fill() {
      var day = new Date();
      var date = day.getFullYear() + "-" + String(day.getMonth() + 1).padStart(2, "0") + "-" + String(day.getDate()).padStart(2, "0");
      line.textContent = document.title + "\n" + canonicalUrl("") + "\n" + meta.ui.printedOn + " " + date;
    }
    fill();
    addEventListener("beforeprint", fill);
    article.insertBefore(line, article.firstChild);
  }

  /* Library home: an old link to the first document's home with a #fragment
     (before the library, zh-hans/ was that document) goes on to the same
     fragment there. */
  function forwardLegacyFragment() {
    var legacy = document.querySelector("[data-legacy-home]");
    var id = decodeURIComponent(location.hash.slice(1));
    if (!legacy || !id || document.getElementById(id)) return;
    location.replace(legacy.getAttribute("data-legacy-home") + location.search + location.hash);
  }

  /* Library home: filter the documents by issuer, year and topic, in the
     page (no server); without scripts the form stays hidden and all show. */
  function libraryFilter() {
    var form = document.querySelector(".library-filter");
    if (!form) return;
    var entries = document.querySelectorAll(".library-entry");
    var selects = form.querySelectorAll("select[data-filter]");
    var count = form.querySelector(".library-count");
    function apply() {
      var shown = 0;
      entries.forEach(function (entry) {
        var match = true;
        selects.forEach(function (select) {
          if (!select.value) return;
          var key = select.getAttribute("data-filter");
          var values = (entry.getAttribute("data-" + key) || "").split(key === "issuers" ? "|" : " ");
          if (values.indexOf(select.value) < 0) match = false;
        });
        entry.hidden = !match;
        if (match) shown++;
      });
      if (count) count.textContent = (count.getAttribute("data-words") || "{shown} / {total}")
        .replace("{shown}", shown).replace("{total}", entries.length);
    }
    // Sort by date of issue (newest first, as built) or by title, in the page.
    var sort = form.querySelector("select[data-sort]");
    var list = document.querySelector(".library-list");
    function order() {
      if (!sort || !list) return;
      var items = Array.prototype.slice.call(entries);
      items.sort(sort.value === "title"
        ? function (a, b) { return a.getAttribute("data-title").localeCompare(b.getAttribute("data-title"), "zh-Hans-CN-u-co-pinyin"); }
        : function (a, b) { return (b.getAttribute("data-issued") || "").localeCompare(a.getAttribute("data-issued") || "") || a.getAttribute("data-slug").localeCompare(b.getAttribute("data-slug")); });
      items.forEach(function (item) { list.appendChild(item); });
    }
    if (sort) sort.addEventListener("change", order);
    form.addEventListener("change", apply);
    form.hidden = false;
    apply();
  }

  /* The source hashes: open on a wide screen, folded on a phone and in print. */
  function provenanceFold() {
    var fold = document.querySelector("details.provenance-sources");
    if (!fold) return;
    var wide = window.matchMedia("(min-width: 60em)");
    function set() { fold.open = wide.matches; }
    set();
    wide.addEventListener("change", set);
    window.addEventListener("beforeprint", function () { fold.open = false; });
    window.addEventListener("afterprint", set);
  }

  /* search.js (11 KB gzip) is fetched when the reader first reaches for
     search (the box gets focus, the phone's search button, "/" or "s"), or
     arrives where it works at once (the results page, ?q=, a result's ?h=):
     a first visit does not pay for it. Until it is there, the form is a
     plain GET form to the results page. */
  function searchLoader() {
    var form = document.querySelector("form.site-search");
    var url = form && form.getAttribute("data-search-script");
    if (!url) return;
    var input = form.querySelector("input[name=q]");
    var loading = null;
    function load() {
      if (!loading) loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = url;
        script.onload = resolve;
        script.onerror = reject;
        document.body.appendChild(script);
      });
      return loading;
    }
    window.policyLoadSearch = load;
    function open() {
      form.classList.add("is-open");
      input.focus();
    }
    form.addEventListener("focusin", load);
    form.addEventListener("pointerdown", load);
    var opener = form.querySelector(".site-search-open");
    if (opener) opener.addEventListener("click", function (event) { event.preventDefault(); open(); });
    var closer = form.querySelector(".site-search-close");
    if (closer) closer.addEventListener("click", function () { form.classList.remove("is-open"); });
    // "/" and "s" focus the box, unless the reader is typing somewhere else.
    document.addEventListener("keydown", function (event) {
      if ((event.key !== "/" && event.key !== "s") || event.ctrlKey || event.metaKey || event.altKey) return;
      var t = event.target;
      if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
      event.preventDefault();
      open();
      input.select();
    });
    var params = new URL(location.href).searchParams;
    if (document.querySelector(".search-page") || params.get("q") || params.get("h")) load();
  }

  searchLoader();
  forwardLegacyFragment();
  provenanceFold();
  libraryFilter();
  clauseActions();
  keyboardNavigation();
  skipLink();
  scrollableTables();
  printSource();
  followToc();
  backToTop();
  switchKeys();
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", restoreScroll); else restoreScroll();
})();
