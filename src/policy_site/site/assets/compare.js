/* Two documents a reader picks, compared sentence by sentence in the page,
   with the rules of library/compare.py (a parity test holds the two to the
   same pairs): sentences of the canonical text, folded for width and case,
   aligned by difflib's SequenceMatcher (ported here as CPython has it, no
   junk), a differing run paired by similarity. Loaded by the library's
   comparison page only. */
(function () {
  "use strict";
  var SIMILAR = 0.5, MAX_RUN = 400, CANONICAL = "zh-Hans";

  function fold(text) {
    var out = [];
    for (var ch of text) {
      var f = ch.normalize("NFKC").toLowerCase();
      out.push(Array.from(f).length === 1 ? f : ch);
    }
    return out; // one entry per character (code point), as Python indexes a str
  }

  // difflib.SequenceMatcher(None, a, b, autojunk=False): matching blocks, opcodes, ratio.
  function Matcher(a, b) {
    this.a = a; this.b = b;
    var b2j = new Map();
    for (var j = 0; j < b.length; j++) {
      var list = b2j.get(b[j]);
      if (!list) b2j.set(b[j], list = []);
      list.push(j);
    }
    this.b2j = b2j;
  }
  Matcher.prototype.longest = function (alo, ahi, blo, bhi) {
    var a = this.a, b = this.b, besti = alo, bestj = blo, size = 0, j2len = new Map();
    for (var i = alo; i < ahi; i++) {
      var next = new Map(), js = this.b2j.get(a[i]) || [];
      for (var k = 0; k < js.length; k++) {
        var j = js[k];
        if (j < blo) continue;
        if (j >= bhi) break;
        var n = (j2len.get(j - 1) || 0) + 1;
        next.set(j, n);
        if (n > size) { besti = i - n + 1; bestj = j - n + 1; size = n; }
      }
      j2len = next;
    }
    while (besti > alo && bestj > blo && a[besti - 1] === b[bestj - 1]) { besti--; bestj--; size++; }
    while (besti + size < ahi && bestj + size < bhi && a[besti + size] === b[bestj + size]) size++;
    return [besti, bestj, size];
  };
  Matcher.prototype.blocks = function () {
    if (this._blocks) return this._blocks;
    var la = this.a.length, lb = this.b.length, queue = [[0, la, 0, lb]], found = [];
    while (queue.length) {
      var q = queue.pop(), m = this.longest(q[0], q[1], q[2], q[3]), i = m[0], j = m[1], k = m[2];
      if (k) {
        found.push(m);
        if (q[0] < i && q[2] < j) queue.push([q[0], i, q[2], j]);
        if (i + k < q[1] && j + k < q[3]) queue.push([i + k, q[1], j + k, q[3]]);
      }
    }
    found.sort(function (x, y) { return x[0] - y[0] || x[1] - y[1] || x[2] - y[2]; });
    var i1 = 0, j1 = 0, k1 = 0, out = [];
    found.forEach(function (m) {
      if (i1 + k1 === m[0] && j1 + k1 === m[1]) k1 += m[2];
      else { if (k1) out.push([i1, j1, k1]); i1 = m[0]; j1 = m[1]; k1 = m[2]; }
    });
    if (k1) out.push([i1, j1, k1]);
    out.push([la, lb, 0]);
    return (this._blocks = out);
  };
  Matcher.prototype.opcodes = function () {
    var i = 0, j = 0, out = [];
    this.blocks().forEach(function (m) {
      var tag = i < m[0] && j < m[1] ? "replace" : i < m[0] ? "delete" : j < m[1] ? "insert" : "";
      if (tag) out.push([tag, i, m[0], j, m[1]]);
      i = m[0] + m[2]; j = m[1] + m[2];
      if (m[2]) out.push(["equal", m[0], i, m[1], j]);
    });
    return out;
  };
  Matcher.prototype.ratio = function () {
    var matches = this.blocks().reduce(function (s, m) { return s + m[2]; }, 0), total = this.a.length + this.b.length;
    return total ? 2.0 * matches / total : 1.0;
  };

  function marks(opcodes, side) {
    return opcodes.filter(function (o) { return o[0] !== "equal"; })
      .map(function (o) { return side ? [o[3], o[4]] : [o[1], o[2]]; })
      .filter(function (s) { return s[1] > s[0]; });
  }
  function pair(state, older, newer, om, nm) {
    var p = { state: state, older: older, newer: newer };
    if (state === "changed") { p.older_marks = om; p.newer_marks = nm; }
    return p;
  }
  function pairRun(older, newer) {
    var out = [];
    if (older.length > MAX_RUN || newer.length > MAX_RUN) {
      older.forEach(function (s) { out.push(pair("removed", s[0], "")); });
      newer.forEach(function (s) { out.push(pair("added", "", s[0])); });
      return out;
    }
    var next = 0;
    newer.forEach(function (n) {
      var best = -1, bestRatio = SIMILAR, folded = fold(n[1]);
      for (var index = next; index < older.length; index++) {
        var r = new Matcher(fold(older[index][1]), folded).ratio();
        if (r >= bestRatio) { best = index; bestRatio = r; }
      }
      if (best < 0) { out.push(pair("added", "", n[0])); return; }
      older.slice(next, best).forEach(function (s) { out.push(pair("removed", s[0], "")); });
      var ops = new Matcher(fold(older[best][1]), folded).opcodes();
      out.push(pair("changed", older[best][0], n[0], marks(ops, 0), marks(ops, 1)));
      next = best + 1;
    });
    older.slice(next).forEach(function (s) { out.push(pair("removed", s[0], "")); });
    return out;
  }
  function sentences(doc, script) {
    var out = [], clauses = {};
    doc.clauses.forEach(function (c) { clauses[c.number] = c; });
    function add(list) { list.forEach(function (s) { out.push([s.id, s[script]]); }); }
    doc.preamble.forEach(function (p) { add(p.sentences); });
    doc.sections.forEach(function (s) {
      s.paragraphs.forEach(function (p) { add(p.sentences); });
      s.clauses.forEach(function (n) { add(clauses[n].sentences); });
    });
    return out;
  }
  function compare(older, newer) {
    var m = new Matcher(older.map(function (s) { return fold(s[1]).join(""); }),
                        newer.map(function (s) { return fold(s[1]).join(""); }));
    var out = [];
    m.opcodes().forEach(function (o) {
      if (o[0] === "equal") for (var k = 0; k < o[2] - o[1]; k++) out.push(pair("same", older[o[1] + k][0], newer[o[3] + k][0]));
      else out = out.concat(pairRun(older.slice(o[1], o[2]), newer.slice(o[3], o[4])));
    });
    return out;
  }
  window.policyCompare = { compare: compare, sentences: sentences, CANONICAL: CANONICAL };

  // The page: two documents picked, both document.json fetched, the pairs drawn.
  var form = document.querySelector("form.compare-pick");
  if (!form) return;
  var out = document.querySelector(".compare-picked"), words = JSON.parse(form.getAttribute("data-words"));
  var script = form.getAttribute("data-script");
  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text) e.textContent = text; return e; }
  function marked(text, spans, canonical) {
    var chars = Array.from(text), span = el("span");
    if (chars.length !== Array.from(canonical).length) spans = [];
    var at = 0;
    spans.forEach(function (s) {
      span.appendChild(document.createTextNode(chars.slice(at, s[0]).join("")));
      span.appendChild(el("mark", "", chars.slice(s[0], s[1]).join("")));
      at = s[1];
    });
    span.appendChild(document.createTextNode(chars.slice(at).join("")));
    return span;
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var a = form.elements.older.value, b = form.elements.newer.value;
    if (!a || !b || a === b) { out.textContent = words.pickTwo; return; }
    out.textContent = words.loading;
    Promise.all([a, b].map(function (slug) {
      return fetch(form.getAttribute("data-base") + slug + "/document.json").then(function (r) { return r.json(); });
    })).then(function (docs) {
      var oldC = sentences(docs[0], CANONICAL), newC = sentences(docs[1], CANONICAL);
      var oldT = new Map(sentences(docs[0], script)), newT = new Map(sentences(docs[1], script));
      var oldK = new Map(oldC), newK = new Map(newC), pairs = compare(oldC, newC);
      out.textContent = "";
      out.dataset.pairs = JSON.stringify(pairs);
      var counts = {};
      pairs.forEach(function (p) { counts[p.state] = (counts[p.state] || 0) + 1; });
      out.appendChild(el("p", "compare-counts", ["same", "changed", "added", "removed"].map(function (s) {
        return words[s] + " " + (counts[s] || 0); }).join(" · ")));
      var list = el("ol", "compare-list");
      pairs.forEach(function (p) {
        var li = el("li", "compare-row compare-" + p.state);
        li.appendChild(el("span", "compare-state", words[p.state]));
        if (p.newer) {
          var n = el("a", "compare-newer");
          n.href = form.getAttribute("data-base") + b + "/" + pagePath(p.newer) + "#" + p.newer;
          n.appendChild(marked(newT.get(p.newer), p.newer_marks || [], newK.get(p.newer)));
          li.appendChild(document.createTextNode(" ")); li.appendChild(n);
        }
        if (p.older && p.state !== "same") {
          var o = el("a", "compare-older");
          o.href = form.getAttribute("data-base") + a + "/" + pagePath(p.older) + "#" + p.older;
          o.appendChild(marked(oldT.get(p.older), p.older_marks || [], oldK.get(p.older)));
          li.appendChild(document.createTextNode(" ")); li.appendChild(o);
        }
        list.appendChild(li);
      });
      out.appendChild(list);
    }, function () { out.textContent = words.failed; });
  });
  // A sentence's page below its document (urls.node_page, as the page's data gives the rules).
  var rules = JSON.parse(form.getAttribute("data-pages"));
  function pagePath(id) {
    for (var i = 0; i < rules.length; i++) {
      var m = new RegExp(rules[i][0]).exec(id);
      if (m) return rules[i][1].replace("{}", m[1]);
    }
    return "";
  }
})();
