/* Site search: substring matching over a static index, in both scripts.
   The index is fetched only when the reader starts to search. */
(function () {
  "use strict";
  var metaElement = document.getElementById("policy-meta");
  if (!metaElement) return;
  var meta = JSON.parse(metaElement.textContent);
  var ui = meta.ui;
  var indexPromise = null;
  var page = document.querySelector(".search-page[data-search-index]");
  var form0 = document.querySelector("form.site-search");
  var indexUrl = page ? page.getAttribute("data-search-index") : form0 && form0.getAttribute("data-search-index");

  function loadIndex() {
    if (!indexPromise) indexPromise = fetch(indexUrl).then(function (r) { return r.json(); });
    return indexPromise;
  }

  var DIGITS = "零一二三四五六七八九";
  function parseNumeral(s) {
    if (/^\d+$/.test(s)) return parseInt(s, 10);
    if (!/^[一二三四五六七八九十]+$/.test(s)) return null;
    if (s.indexOf("十") < 0) return s.length === 1 ? DIGITS.indexOf(s) : null;
    var parts = s.split("十");
    if (parts.length !== 2 || parts[0].length > 1 || parts[1].length > 1) return null;
    return (parts[0] ? DIGITS.indexOf(parts[0]) : 1) * 10 + (parts[1] ? DIGITS.indexOf(parts[1]) : 0);
  }

  // 八, 第八条, 第（八）项, （八）, (8), 8: a citation of clause 8. A bare numeral is how
  // sections are numbered too (八、): it also cites section 8, and comes first for a
  // section without clauses (一、总体要求 reads as one page), second otherwise.
  function citation(query) {
    var m = /^(第)?[（(]?([一二三四五六七八九十]+|\d+)[）)]?([条條项項款])?$/.exec(query);
    if (!m) return null;
    var n = parseNumeral(m[2]);
    if (n === null || n < 1) return null;
    var bare = !m[1] && !m[3] && !/[（(]/.test(query) && !/^\d+$/.test(m[2]);
    return { number: n, bare: bare };
  }

  function terms(query) {
    return query.replace(/[“”"「」『』‘’']/g, " ").split(/\s+/).filter(Boolean);
  }

  function count(haystack, needle) {
    var n = 0, i = haystack.indexOf(needle);
    while (i >= 0) { n++; i = haystack.indexOf(needle, i + needle.length); }
    return n;
  }

  // The term as written in the site's script: same position in the parallel text.
  function localTerm(here, alt, term) {
    if (here.indexOf(term) >= 0) return term;
    var i = alt.indexOf(term);
    return i >= 0 && here.length === alt.length ? here.substr(i, term.length) : term;
  }

  function search(index, query) {
    var q = query.trim();
    var list = terms(q);
    var results = [];
    var cite = citation(q.replace(/\s+/g, ""));
    index.units.forEach(function (unit, order) {
      var titleHits = 0, total = 0, best = null, bestHits = 0, ok = list.length > 0, local = [];
      list.forEach(function (term) {
        var inTitle = count(unit.title, term) || count(unit.alt, term);
        var hits = inTitle;
        unit.sentences.forEach(function (s) { hits += Math.max(count(s[1], term), count(s[2], term)); });
        if (!hits) ok = false;
        titleHits += inTitle; total += hits;
      });
      unit.sentences.forEach(function (s) {
        var h = 0;
        list.forEach(function (term) { h += Math.max(count(s[1], term), count(s[2], term)); });
        if (h > bestHits) { bestHits = h; best = s; }
      });
      var cited = cite && cite.number === unit.number &&
        (unit.kind === "clause" || (cite.bare && unit.kind === "section"));
      if (!ok && !cited) return;
      if (best) list.forEach(function (t) { local.push(localTerm(best[1], best[2], t)); });
      results.push({
        unit: unit, order: order, sentence: best, terms: local,
        score: (cited ? (unit.kind === "clause" ? 2e6 : (unit.clauses ? 1e6 : 3e6)) : 0) + (ok ? titleHits * 1000 + total : 0)
      });
    });
    results.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
    return results;
  }

  function escapeHtml(s) {
    return s.replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; });
  }

  function marked(text, list) {
    var html = escapeHtml(text);
    list.filter(Boolean).forEach(function (t) {
      html = html.split(escapeHtml(t)).join("<mark>" + escapeHtml(t) + "</mark>");
    });
    return html;
  }

  function render(results, query) {
    var status = page.querySelector(".search-status");
    var list = page.querySelector(".search-results");
    list.innerHTML = "";
    if (!query.trim()) { status.textContent = ui.searchHint; return; }
    status.textContent = results.length
      ? ui.searchCount.replace("{n}", results.length).replace("{q}", query)
      : ui.searchNone.replace("{q}", query);
    var base = page.getAttribute("data-search-index").replace(/search-index\.json$/, "");
    results.forEach(function (r) {
      var li = document.createElement("li");
      li.setAttribute("data-kind", r.unit.kind);
      li.setAttribute("data-number", r.unit.number);
      var href = base + r.unit.url;
      if (r.terms.length) href += "?h=" + encodeURIComponent(r.terms.join(" "));
      if (r.sentence) href += "#" + r.sentence[0];
      var snippet = r.sentence ? '<p class="search-snippet">' + marked(r.sentence[1], r.terms) + "</p>" : "";
      li.innerHTML = '<a class="search-result" href="' + escapeHtml(href) + '">' + (r.unit.docTitle ? '<span class="search-doc">' + escapeHtml("《" + r.unit.docTitle + "》") + "</span>" : "") + escapeHtml(r.unit.label + r.unit.title) + "</a>" + snippet;
      list.appendChild(li);
    });
  }

  function run(query) {
    return loadIndex().then(function (index) { render(search(index, query), query); });
  }

  var forms = document.querySelectorAll("form.site-search");
  forms.forEach(function (form) {
    var input = form.querySelector("input[name=q]");
    input.addEventListener("focus", loadIndex, { once: true });
    if (!page) return;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var url = new URL(location.href);
      url.searchParams.set("q", input.value);
      history.replaceState(null, "", url);
      run(input.value);
    });
  });

  if (page) {
    var q = new URL(location.href).searchParams.get("q") || "";
    forms.forEach(function (form) { form.querySelector("input[name=q]").value = q; });
    if (q) run(q);
  }

  // Landing from a result: mark the query terms in the page.
  var h = new URL(location.href).searchParams.get("h");
  if (h) {
    var words = h.split(/\s+/).filter(Boolean);
    document.querySelectorAll("article .sentence").forEach(function (span) {
      var walker = document.createTreeWalker(span, NodeFilter.SHOW_TEXT);
      var nodes = [];
      while (walker.nextNode()) nodes.push(walker.currentNode);
      nodes.forEach(function (node) {
        if (node.parentNode.closest(".sentence-link")) return;
        var text = node.nodeValue, hit = false;
        words.forEach(function (w) { if (text.indexOf(w) >= 0) hit = true; });
        if (!hit) return;
        var span2 = document.createElement("span");
        span2.innerHTML = marked(text, words);
        node.parentNode.replaceChild(span2, node);
      });
    });
  }
})();
