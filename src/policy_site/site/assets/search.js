/* Site search: the header box on every page, results as the reader types.
   Ctrl+F semantics over a split static index (search.py): a unit matches
   when its normalised text (normalize.py: NFKC, lower case, punctuation,
   script classes from OpenCC's dictionaries) contains every term.
   Nothing is fetched until the reader starts to search. All text reaches
   the page as DOM text nodes, never as markup. */
(function () {
  "use strict";
  var metaElement = document.getElementById("policy-meta");
  var form = document.querySelector("form.site-search");
  if (!metaElement || !form) return;
  var ui = JSON.parse(metaElement.textContent).ui;
  var base = form.getAttribute("data-search-base");
  var here = form.getAttribute("data-doc") || "";
  var input = form.querySelector("input[name=q]");
  var page = document.querySelector(".search-page");
  var popup = form.querySelector(".site-search-popup");
  var BATCH = 12; // shards verified per round over the library, about 1.5 KB gzip each
  var MAX_QUERY = 200; // characters of a query searched (a pasted paragraph is cut)

  // --- normalisation: the same as normalize.py, character by character ---
  var PUNCTUATION = { "〔": "[", "〕": "]", "【": "[", "】": "]", "・": "·" };
  var QUOTES = "“”\"「」『』‘’'";
  var CLASSES = Object.create(null);
  var folded = new Map();
  function fold(ch) {
    var hit = folded.get(ch);
    if (hit !== undefined) return hit;
    var out = "";
    for (var c of ch.normalize("NFKC").toLowerCase()) {
      c = PUNCTUATION[c] || c;
      out += CLASSES[c] || c;
    }
    folded.set(ch, out);
    return out;
  }
  function addClasses(table) {
    for (var c in table) if (!CLASSES[c]) { CLASSES[c] = table[c]; folded.clear(); }
  }
  // {s: normalised text, o: for each UTF-16 unit of s, the index of the original character}
  function normalize(text) {
    var s = "", o = [], i = 0;
    for (var ch of text) {
      var f = fold(ch);
      s += f;
      for (var k = 0; k < f.length; k++) o.push(i);
      i += ch.length;
    }
    o.push(text.length);
    return { s: s, o: o };
  }
  function isWordy(t) { return /[\p{L}\p{N}]/u.test(t); }
  function terms(query) {
    var s = normalize(query).s;
    for (var q of QUOTES) s = s.split(fold(q)).join(" ");
    return s.split(/\s+/).filter(function (t) { return t && isWordy(t); });
  }

  // --- loading ---
  var cache = {};
  function getJSON(path) {
    if (!cache[path]) cache[path] = fetch(base + path).then(function (r) {
      if (!r.ok) throw new Error(path + ": " + r.status);
      return r.json();
    });
    return cache[path];
  }
  function root() {
    return getJSON("root.json").then(function (R) {
      if (!R.ready) {
        var table = {};
        R.classes.split(" ").forEach(function (group) {
          var chars = Array.from(group);
          chars.slice(1).forEach(function (c) { table[c] = chars[0]; });
        });
        addClasses(table);
        R.ready = true;
      }
      return R;
    });
  }
  function bucketOf(gram, n) {
    var h = 0;
    for (var c of gram) h = (h * 65599 + c.codePointAt(0)) % 4294967296;
    return h % n;
  }
  // Units (global ids) whose text has the gram, from its bucket.
  function postings(R, gram) {
    return getJSON("g/" + bucketOf(gram, R.buckets) + ".json").then(function (b) {
      var ids = [], at = 0;
      (b[gram] || []).forEach(function (d) { at += d; ids.push(at); });
      return ids;
    });
  }
  var ready = {}; // shard number -> its loaded, prepared shard
  function shard(R, n) {
    return getJSON("s/" + n + ".json").then(function (s) {
      if (!s.ready) {
        s.units.forEach(function (u, k) { u.uid = s.first + k; u.doc = s.doc; prepare(u); });
        s.ready = true;
        ready[n] = s;
      }
      return s;
    });
  }
  function docShards(R, i) {
    var out = [];
    for (var n = R.docs[i].firstShard; n < R.docs[i].firstShard + R.docs[i].shards; n++) out.push(n);
    return out;
  }
  // Every shard of document i is loaded: it can be searched with no request at all.
  function docReady(R, i) { return docShards(R, i).every(function (n) { return ready[n]; }); }
  function docIndex(R, slug) { return slug ? R.docs.findIndex(function (d) { return d.slug === slug; }) : -1; }
  // When the box gets focus on a document's page: root.json, then that
  // document's own text (a few KB), so its results need no request.
  function preload() {
    return root().then(function (R) {
      var mine = docIndex(R, here);
      return Promise.all(mine >= 0 ? docShards(R, mine).map(function (n) { return shard(R, n); }) : []);
    });
  }
  function shardOf(R, uid) {
    var lo = 0, hi = R.shards.length - 1;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (R.shards[mid][1] <= uid) lo = mid; else hi = mid - 1; }
    return lo;
  }

  // --- a unit's text as the reader sees it (search.py unit_text) ---
  function prepare(u) {
    var text = "", segs = [], paras = u.paras;
    function add(t, id, head) { segs.push({ start: text.length, end: text.length + t.length, id: id, head: head }); text += t; }
    if (u.kind === "clause") {
      add(u.head, u.id, true);
      paras.forEach(function (p, i) {
        if (i) text += "\n";
        p.forEach(function (s, k) { add(s[1], s[0], i === 0 && k === 0); });
      });
    } else {
      if (u.head) { add(u.head, u.id || null, true); if (paras.length) text += "\n"; }
      paras.forEach(function (p, i) {
        if (i) text += "\n";
        p.forEach(function (s) { add(s[1], s[0], false); });
      });
    }
    u.text = text; u.segs = segs; u.norm = normalize(text);
  }

  // --- citations: 第八条, 第（八）项, （八）, (8), 8, 八, 三、, 第三部分, 第三节, 《意见》第八项, 意见第8条 ---
  var DIGITS = "零一二三四五六七八九";
  // The grammar of zh/numerals.py parse_numeral, line for line (tests/test_numerals.py
  // holds the two alike): 零 only where a unit is skipped; 一百五 is 150.
  var UNITS = [["千", 1000], ["百", 100], ["十", 10]];
  function digit(c) { var d = DIGITS.indexOf(c); return c.length === 1 && d >= 1 ? d : null; }
  function parseNumeral(s) {
    if (/^\d+$/.test(s)) return parseInt(s, 10);
    var total = 0, rest = s, last = 0;
    for (var i = 0; i < UNITS.length; i++) {
      var at = rest.indexOf(UNITS[i][0]), value = UNITS[i][1];
      if (at < 0) continue;
      var head = rest.slice(0, at);
      if (head.charAt(0) === "零" && last >= value * 100) head = head.slice(1);
      if (head.length > 1) return null;
      var multiplier = head ? digit(head) : (value === 10 ? 1 : null);
      if (multiplier === null) return null;
      total += multiplier * value; rest = rest.slice(at + 1); last = value;
    }
    var gap = rest.charAt(0) === "零";
    if (gap) {
      if (last < 100) return null;
      rest = rest.slice(1);
      if (!rest) return null;
    }
    if (rest.length > 1) return null;
    if (rest) {
      var d = digit(rest);
      if (d === null) return null;
      total += d * (last >= 100 && !gap ? last / 10 : 1);
    }
    return total || null;
  }
  var CITE = /^(第)?(\()?([0-9]+|[零一二三四五六七八九十百千]+)(\))?(条|项|款|部分|节|、)?$/;
  function citation(R, query) {
    var q = normalize(query).s.replace(/\s+/g, "");
    var docs = null, m = CITE.exec(q), qualifier = "";
    if (!m) {
      var split = /^(?:《([^》]+)》|(.+?))((?:第|\().*|[0-9零一二三四五六七八九十百千]+、?)$/.exec(q);
      if (!split) return null;
      qualifier = split[1] || split[2];
      m = CITE.exec(split[3]);
      if (!m) return null;
      docs = R.docs.map(function (d, i) { return i; }).filter(function (i) {
        var d = R.docs[i];
        return [d.short, d.title, d.title.replace(/\s+/g, "")].some(function (t) { return t && normalize(t).s.replace(/\s+/g, "") === qualifier; });
      });
      if (!docs.length) return null;
    }
    var n = parseNumeral(m[3]);
    if (!n || (m[2] && !m[4]) || (!m[2] && m[4])) return null;
    var kind = m[5] || "";
    var clause = m[2] || /^(条|项|款)$/.test(kind);
    var section = kind === "部分" || kind === "节" || kind === "、";
    if (m[1] && !kind) return null; // 第八 alone
    var bare = !m[1] && !m[2] && !kind;
    if (bare && /^\d+$/.test(m[3])) clause = true; // Arabic numerals number clauses only
    else if (bare) { clause = true; section = true; }
    return { number: n, clause: clause, section: section, bare: bare, docs: docs, qualified: !!qualifier };
  }
  // Cited units, resolved through root.json's section table, each with its score.
  function cited(R, cite, scopeDoc, rounds) {
    var order = docOrder(R, scopeDoc);
    if (cite.docs) order = order.filter(function (i) { return cite.docs.indexOf(i) >= 0; });
    var wanted = [];
    order.forEach(function (i) {
      R.docs[i].sections.forEach(function (s) {
        if (cite.clause && s[1] && s[1] <= cite.number && cite.number <= s[2]) wanted.push([s[3], "clause", 2e6]);
        if (cite.section && s[0] === cite.number) wanted.push([s[3], "section", cite.bare && s[1] ? 1e6 : 3e6]);
      });
    });
    // A short title many documents share cites as many clauses: a round's worth at a time.
    var left = Math.max(0, wanted.length - BATCH * rounds);
    wanted = wanted.slice(0, BATCH * rounds);
    return Promise.all(wanted.map(function (w) {
      return shard(R, w[0]).then(function (s) {
        var u = s.units.filter(function (u) { return u.kind === w[1] && u.number === cite.number; })[0];
        return u ? { unit: u, score: w[2] } : null;
      });
    })).then(function (list) { list = list.filter(Boolean); list.left = left; return list; });
  }
  function docOrder(R, scopeDoc) {
    var all = R.docs.map(function (d, i) { return i; });
    if (scopeDoc !== null) return [scopeDoc];
    var mine = R.docs.findIndex(function (d) { return d.slug === here; });
    return mine < 0 ? all : [mine].concat(all.filter(function (i) { return i !== mine; }));
  }

  // --- matching ---
  function gramsOf(term) {
    var cps = Array.from(term);
    if (cps.length === 1) return cps;
    var all = [];
    for (var i = 0; i + 1 < cps.length; i++) all.push(cps[i] + cps[i + 1]);
    if (all.length <= 8) return all;
    var picked = [];
    for (var k = 0; k < 8; k++) picked.push(all[Math.round(k * (all.length - 1) / 7)]);
    return picked;
  }
  // Candidate unit ids: every gram of every pattern present (an over-estimate, verified on text).
  // When the text of every document searched is loaded (the reader's own, on
  // its pages): all their units, verified on their text with no request.
  function candidates(R, gramLists, scopeDoc) {
    var searched = docOrder(R, scopeDoc);
    if (searched.every(function (i) { return docReady(R, i); })) {
      var local = [];
      searched.forEach(function (i) {
        docShards(R, i).forEach(function (n) { ready[n].units.forEach(function (u) { local.push(u.uid); }); });
      });
      return Promise.resolve(local);
    }
    var flat = [];
    gramLists.forEach(function (l) { l.forEach(function (g) { if (flat.indexOf(g) < 0) flat.push(g); }); });
    return Promise.all(flat.map(function (g) { return postings(R, g); })).then(function (lists) {
      lists.sort(function (a, b) { return a.length - b.length; });
      var set = lists.length ? lists[0] : [];
      for (var i = 1; i < lists.length && set.length; i++) {
        var other = new Set(lists[i]);
        set = set.filter(function (x) { return other.has(x); });
      }
      var at = place(R, scopeDoc), key = {};
      set = set.filter(function (uid) { key[uid] = at[docOfUnit(R, uid)]; return key[uid] >= 0; });
      return set.sort(function (a, b) { return key[a] - key[b] || a - b; });
    });
  }
  function docOfUnit(R, uid) { return R.shards[shardOf(R, uid)][0]; }
  // Load the shards of the first candidates (BATCH shards per round); returns loaded units and how many are left.
  // `rounds` of BATCH shards; a search in one document loads all of its candidates at once.
  function loadCandidates(R, ids, rounds) {
    var shards = [], seen = new Set();
    ids.forEach(function (uid) { var s = shardOf(R, uid); if (!seen.has(s)) { seen.add(s); shards.push(s); } });
    var take = shards.slice(0, BATCH * rounds);
    return Promise.all(take.map(function (n) { return shard(R, n); })).then(function (loaded) {
      var byId = {};
      loaded.forEach(function (s) { s.units.forEach(function (u) { byId[u.uid] = u; }); });
      var units = [], left = 0;
      ids.forEach(function (uid) { if (byId[uid]) units.push(byId[uid]); else left++; });
      return { units: units, left: left };
    });
  }
  // Occurrences [start, end) of a pattern in normalised text; "?" in `holes` positions matches any one character.
  function occurrences(s, term, hole) {
    var out = [];
    if (hole < 0) {
      for (var i = s.indexOf(term); i >= 0; i = s.indexOf(term, i + 1)) out.push([i, i + term.length]);
      return out;
    }
    var left = term.slice(0, hole), right = term.slice(hole + 1);
    var anchor = left || right, shift = left ? 0 : 1;
    for (var j = s.indexOf(anchor); j >= 0; j = s.indexOf(anchor, j + 1)) {
      var start = j - shift;
      if (start < 0) continue;
      var c = s.charAt(start + left.length);
      if (c === "\n" || /\s/.test(c) || c === term.charAt(hole)) continue;
      if (s.slice(start, start + left.length) === left && s.slice(start + left.length + 1, start + term.length) === right)
        out.push([start, start + term.length]);
    }
    return out;
  }
  // A unit against patterns ([term, hole]): null, or its score, best sentence and marks.
  function match(u, patterns) {
    var ranges = [], head = 0;
    var headEnd = 0;
    u.segs.forEach(function (g) { if (g.head) headEnd = g.end; });
    for (var p = 0; p < patterns.length; p++) {
      var found = occurrences(u.norm.s, patterns[p][0], patterns[p][1]);
      if (!found.length) return null;
      found.forEach(function (r) {
        var a = u.norm.o[r[0]], b = u.norm.o[r[1]];
        ranges.push([a, b]);
        if (a < headEnd) head++;
      });
    }
    return { score: head * 1000 + ranges.length, ranges: ranges };
  }
  function best(u, ranges) {
    var top = null, hits = -1;
    u.segs.forEach(function (g) {
      if (!g.id) return;
      var n = ranges.filter(function (r) { return r[0] < g.end && r[1] > g.start; }).length;
      if (n > hits) { hits = n; top = g; }
    });
    return top;
  }
  function result(u, m, score) {
    var seg = best(u, m ? m.ranges : []);
    var marks = [];
    if (m) m.ranges.forEach(function (r) { var t = u.text.slice(r[0], r[1]); if (marks.indexOf(t) < 0) marks.push(t); });
    return { unit: u, score: score + (m ? m.score : 0), seg: seg, ranges: m ? m.ranges : [], marks: marks };
  }

  // The whole search: exact results, how many candidates are not yet loaded, near-misses.
  function search(query, scopeDoc, rounds) {
    query = query.slice(0, MAX_QUERY);
    return root().then(function (R) {
      var scope = scopeDoc ? R.docs.findIndex(function (d) { return d.slug === scopeDoc; }) : null;
      if (scope !== null && scope < 0) scope = null;
      return Promise.resolve().then(function () {
        var list = terms(query);
        var cite = citation(R, query);
        if (!list.length && !cite) return { R: R, results: [], left: 0, near: [], empty: true };
        var exact = list.length ? candidates(R, list.map(gramsOf), scope) : Promise.resolve([]);
        return Promise.all([exact, cite ? cited(R, cite, scope, rounds) : []]).then(function (got) {
          return loadCandidates(R, got[0], scope === null ? rounds : Infinity).then(function (loaded) {
            var results = [], seen = {};
            got[1].forEach(function (c) {
              if (seen[c.unit.uid]) return;
              seen[c.unit.uid] = true;
              results.push(result(c.unit, list.length ? match(c.unit, list.map(function (t) { return [t, -1]; })) : null, c.score));
            });
            loaded.units.forEach(function (u) {
              if (seen[u.uid]) return;
              var m = match(u, list.map(function (t) { return [t, -1]; }));
              if (m) { seen[u.uid] = true; results.push(result(u, m, 0)); }
            });
            results.sort(order(R, scope));
            var out = { R: R, results: results, left: loaded.left + (got[1].left || 0), near: [], cite: cite };
            // Near-misses only when nothing matches exactly: drawn after the exact (empty) results.
            if (!results.length && !loaded.left && list.length)
              out.nearly = function () { return nearMisses(R, list, scope); };
            return out;
          });
        });
      });
    });
  }
  // Each document's place in docOrder (-1: not searched), kept per scope:
  // sorts over a library compare thousands of units.
  function place(R, scope) {
    var places = R.places || (R.places = {});
    var key = String(scope), at = places[key];
    if (!at) {
      at = R.docs.map(function () { return -1; });
      docOrder(R, scope).forEach(function (doc, k) { at[doc] = k; });
      places[key] = at;
    }
    return at;
  }
  function rank(R, u, scope) { return place(R, scope)[u.doc] * 1e7 + u.uid; }
  var CITED = 1e6; // scores of cited units start here (cited)
  // Cited units first; then, over the library, the reader's own document's
  // results (the ones drawn first, before the other documents' arrive); then
  // a document's own text before the news summary's bullets (which repeat it
  // and would outscore it by their number); then by score.
  function order(R, scope) {
    var mine = scope === null ? docIndex(R, here) : -1;
    return function (a, b) {
      var ca = a.score >= CITED, cb = b.score >= CITED;
      if (ca !== cb) return cb - ca;
      if (!ca && mine >= 0 && (a.unit.doc === mine) !== (b.unit.doc === mine)) return a.unit.doc === mine ? -1 : 1;
      var sa = a.unit.kind === "summary", sb = b.unit.kind === "summary";
      if (sa !== sb) return sa ? 1 : -1;
      return b.score - a.score || rank(R, a.unit, scope) - rank(R, b.unit, scope);
    };
  }

  // Near-misses, only when nothing matches exactly: one character different
  // (or one too many), else the longest parts of the query that occur.
  function nearMisses(R, list, scope) {
    var term = list.slice().sort(function (a, b) { return b.length - a.length; })[0];
    var cps = Array.from(term);
    // A typo is in a word, not in a pasted paragraph: long terms get no suggestions.
    if (cps.length < 2 || cps.length > 16 || cps.length !== term.length) return Promise.resolve([]);
    var tries = [];
    for (var i = 0; i < cps.length && cps.length >= 3; i++) {
      var grams = [];
      for (var k = 0; k + 1 < cps.length; k++) if (k !== i && k + 1 !== i) grams.push(cps[k] + cps[k + 1]);
      if (!grams.length) grams = cps.filter(function (c, k) { return k !== i; });
      tries.push({ patterns: [[term, i]], grams: grams, label: ui.searchNearOne });
      var shorter = term.slice(0, i) + term.slice(i + 1);
      tries.push({ patterns: [[shorter, -1]], grams: gramsOf(shorter), label: ui.searchNearOne });
    }
    return collect(R, tries, scope).then(function (found) {
      if (found.length) return found;
      var levels = [];
      for (var l = cps.length - 1; l >= 2; l--) {
        var lv = [];
        for (var s2 = 0; s2 + l <= cps.length; s2++) {
          var p2 = term.slice(s2, s2 + l);
          lv.push({ patterns: [[p2, -1]], grams: gramsOf(p2), label: ui.searchNearPart });
        }
        levels.push(lv);
      }
      return levels.reduce(function (chain, lv) {
        return chain.then(function (got) { return got.length ? got : collect(R, lv, scope); });
      }, Promise.resolve([]));
    });
  }
  var NEAR_SHARDS = 12; // the shards near-misses may load, all tries together
  function collect(R, tries, scope) {
    return Promise.all(tries.map(function (t) { return candidates(R, [t.grams], scope); })).then(function (idLists) {
      // Shards most tries point at first: where the intended word most likely is.
      var votes = new Map();
      idLists.forEach(function (ids) {
        new Set(ids.map(function (uid) { return shardOf(R, uid); })).forEach(function (s) { votes.set(s, (votes.get(s) || 0) + 1); });
      });
      var shards = Array.from(votes.keys()).sort(function (a, b) { return votes.get(b) - votes.get(a) || a - b; });
      // Shards already loaded cost nothing: only the others count against the limit.
      var take = shards.filter(function (n) { return ready[n]; }).concat(
        shards.filter(function (n) { return !ready[n]; }).slice(0, NEAR_SHARDS));
      return Promise.all(take.map(function (n) { return shard(R, n); })).then(function (loaded) {
        var byId = {};
        loaded.forEach(function (s) { s.units.forEach(function (u) { byId[u.uid] = u; }); });
        return tries.map(function (t, k) {
          return idLists[k].map(function (uid) {
            var u = byId[uid], m = u && match(u, t.patterns);
            if (!m) return null;
            var r = result(u, m, 0);
            r.note = t.label.replace("{q}", r.marks[0] || "");
            return r;
          }).filter(Boolean);
        });
      });
    }).then(function (lists) {
      var seen = {}, out = [];
      lists.forEach(function (l) { l.forEach(function (r) { if (!seen[r.unit.uid]) { seen[r.unit.uid] = true; out.push(r); } }); });
      out.sort(function (a, b) { return b.score - a.score || rank(R, a.unit, scope) - rank(R, b.unit, scope); });
      return out.slice(0, 10);
    });
  }

  // --- drawing: DOM nodes and text only ---
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  // `text` with [start, end) ranges marked.
  function markedInto(parent, text, ranges) {
    var at = 0;
    ranges.slice().sort(function (a, b) { return a[0] - b[0]; }).forEach(function (r) {
      var a = Math.max(r[0], at), b = r[1];
      if (b <= a) return;
      if (a > at) parent.appendChild(document.createTextNode(text.slice(at, a)));
      parent.appendChild(el("mark", "", text.slice(a, b)));
      at = b;
    });
    if (at < text.length) parent.appendChild(document.createTextNode(text.slice(at)));
    return parent;
  }
  // A unit's `url` is below the edition root, which root.json places from the search folder (urls.py).
  function href(R, r) {
    var h = new URL(base + R.edition + r.unit.url, location.href).href;
    if (r.marks.length) h += "?h=" + encodeURIComponent(r.marks.join(" "));
    if (r.seg && r.seg.id) h += "#" + r.seg.id;
    return h;
  }
  function item(R, r, n, prefix, asOption) {
    var li = el("li");
    li.id = prefix + n;
    // Options of the header's listbox; on the search page, a plain list of links.
    if (asOption) li.setAttribute("role", "option");
    li.dataset.kind = r.unit.kind;
    li.dataset.number = r.unit.number;
    li.dataset.doc = R.docs[r.unit.doc].slug;
    // An option holds no link (axe: nested-interactive): its address is data,
    // followed on click and Enter (the reader stays in the box, ↑ ↓ choose).
    var a = el(asOption ? "span" : "a", "search-result");
    if (asOption) a.dataset.href = href(R, r); else a.href = href(R, r);
    // A document is named by its short title and, where another shares it, its year or 文号 (search.which_documents).
    var named = R.docs[r.unit.doc];
    if (R.docs.length > 1) a.appendChild(el("span", "search-doc", "《" + (named.short || named.title) + "》" + (named.which ? "（" + named.which + "）" : "")));
    a.appendChild(document.createTextNode(r.unit.label + r.unit.title));
    li.appendChild(a);
    if (r.note) li.appendChild(el("span", "search-note", r.note));
    if (r.seg && !r.seg.head) {
      var sentence = r.unit.text.slice(r.seg.start, r.seg.end);
      var local = r.ranges.map(function (x) { return [x[0] - r.seg.start, x[1] - r.seg.start]; })
        .filter(function (x) { return x[1] > 0 && x[0] < sentence.length; })
        .map(function (x) { return [Math.max(0, x[0]), Math.min(sentence.length, x[1])]; });
      // A long sentence shows around its first match.
      var from = 0, to = sentence.length, WINDOW = 90;
      if (sentence.length > WINDOW) {
        from = Math.max(0, (local.length ? local[0][0] : 0) - 30);
        to = Math.min(sentence.length, from + WINDOW);
      }
      var shown = sentence.slice(from, to);
      local = local.map(function (x) { return [x[0] - from, x[1] - from]; })
        .filter(function (x) { return x[1] > 0 && x[0] < shown.length; })
        .map(function (x) { return [Math.max(0, x[0]), Math.min(shown.length, x[1])]; });
      var p = markedInto(el("p", "search-snippet"), shown, local);
      if (from > 0) p.insertBefore(document.createTextNode("…"), p.firstChild);
      if (to < sentence.length) p.appendChild(document.createTextNode("…"));
      li.appendChild(p);
    }
    return li;
  }

  var view = null; // where results are drawn: the search page or the header popup
  function makeView() {
    if (page) return {
      status: page.querySelector(".search-status"), list: page.querySelector(".search-results"),
      near: page.querySelector(".search-near"), nearList: page.querySelector(".search-near-results"),
      more: page.querySelector(".search-more"), scope: page.querySelector(".search-scope"),
      all: null, limit: Infinity, prefix: "search-r"
    };
    return {
      status: popup.querySelector(".search-popup-status"), list: popup.querySelector(".search-popup-results"),
      near: popup.querySelector(".search-popup-near"), nearList: popup.querySelector(".search-popup-near-results"),
      more: null, scope: popup.querySelector(".search-scope"), all: popup.querySelector(".search-all"),
      limit: 8, prefix: "site-search-r"
    };
  }
  var active = -1;
  function options() { return Array.prototype.slice.call(view.list.querySelectorAll("li")).concat(
    Array.prototype.slice.call(view.nearList.querySelectorAll("li"))); }
  function target(option) {
    var a = option.querySelector(".search-result");
    return a.dataset.href || a.href;
  }
  // A click on an option opens its result; Ctrl, ⌘, Shift or the middle button in a new tab.
  function followOptions() { [view.list, view.nearList].forEach(function (list) {
    if (list.getAttribute("role") !== "listbox") return;
    function follow(event) {
      var option = event.target.closest("li[role=option]");
      if (!option || (event.type === "auxclick" && event.button !== 1)) return;
      event.preventDefault();
      if (event.button === 1 || event.ctrlKey || event.metaKey || event.shiftKey) window.open(target(option), "_blank", "noopener");
      else location.href = target(option);
    }
    list.addEventListener("click", follow);
    list.addEventListener("auxclick", follow);
  }); }
  function setActive(n) {
    var opts = options();
    opts.forEach(function (o) { o.classList.remove("is-active"); o.removeAttribute("aria-selected"); });
    active = opts.length ? (n + opts.length) % opts.length : -1;
    if (active >= 0) {
      opts[active].classList.add("is-active");
      if (opts[active].getAttribute("role") === "option") opts[active].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", opts[active].id);
      opts[active].scrollIntoView({ block: "nearest" });
    } else input.removeAttribute("aria-activedescendant");
  }

  function draw(out, query) {
    view.list.textContent = "";
    view.nearList.textContent = "";
    view.near.hidden = true;
    active = -1;
    input.removeAttribute("aria-activedescendant");
    if (view.more) view.more.hidden = true;
    if (!query.trim()) { view.status.textContent = ui.searchHint; return; }
    if (out.empty) { view.status.textContent = ui.searchPunctuation; return; }
    var R = out.R, shown = query.length > 40 ? query.slice(0, 40) + "…" : query;
    view.status.textContent = (out.here ? ui.searchCountHere : out.results.length ? ui.searchCount : ui.searchNone)
      .replace("{q}", shown).replace("{n}", out.results.length + (out.left ? "+" : ""));
    out.results.slice(0, view.limit).forEach(function (r, n) { view.list.appendChild(item(R, r, n, view.prefix, view.list.getAttribute("role") === "listbox")); });
    drawNear(R, out.near);
    if (view.more && out.left) {
      view.more.hidden = false;
      view.more.textContent = ui.searchMore.replace("{n}", out.left);
    }
    if (view.all) {
      var url = new URL(base, location.href);
      url.searchParams.set("q", query);
      view.all.href = url.href;
      view.all.hidden = !(out.results.length > view.limit || out.left);
    }
    if (view.scope) view.scope.hidden = !(R.docs.length > 1 && here);
  }

  function drawNear(R, near) {
    view.nearList.textContent = "";
    view.near.hidden = !near.length;
    near.forEach(function (r, n) { view.nearList.appendChild(item(R, r, n, view.prefix + "n", view.nearList.getAttribute("role") === "listbox")); });
  }

  var sequence = 0, rounds = 1, timer = 0;
  function scopeNow() {
    var box = view.scope && view.scope.querySelector("input");
    if (page && page.getAttribute("data-scope") && (!box || box.checked)) return page.getAttribute("data-scope");
    return box && box.checked && here ? here : "";
  }
  function run() {
    var query = input.value, mine = ++sequence;
    if (page) {
      var url = new URL(location.href);
      if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
      history.replaceState(null, "", url);
    } else openPopup(!!query.trim());
    if (!query.trim()) { draw({}, ""); return Promise.resolve(); }
    var scope = scopeNow(), whole = false;
    // Over the library, from a document whose text is loaded: its own results
    // at once (no request), then every document's when their files arrive.
    root().then(function (R) {
      var doc = docIndex(R, here);
      if (scope || doc < 0 || R.docs.length < 2 || !docReady(R, doc)) return;
      var cite = citation(R, query.slice(0, MAX_QUERY));
      if (cite && cite.docs && cite.docs.indexOf(doc) < 0) return; // cites another document: wait for it
      return search(query, here, Infinity).then(function (out) {
        if (mine !== sequence || whole || !out.results.length) return;
        out.here = true;
        out.left = 0;
        draw(out, query);
        form.setAttribute("data-drawn", query);
      });
    });
    return search(query, scope, rounds).then(function (out) {
      if (mine !== sequence) return;
      whole = true;
      draw(out, query);
      form.setAttribute("data-drawn", query);
      form.setAttribute("data-searched", query);
      if (!out.nearly) { form.setAttribute("data-near", query); return; }
      return out.nearly().then(function (near) {
        if (mine !== sequence) return;
        drawNear(out.R, near);
        form.setAttribute("data-near", query);
      });
    });
  }
  function later() {
    rounds = 1;
    clearTimeout(timer);
    timer = setTimeout(run, 10); // coalesces a burst of keystrokes (IME, paste) into one search
  }
  function openPopup(open) {
    if (page) return;
    popup.hidden = !open;
    input.setAttribute("aria-expanded", open ? "true" : "false");
  }

  view = makeView();
  followOptions();
  input.addEventListener("focus", preload, { once: true });
  input.addEventListener("input", later);
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      setActive(active + (event.key === "ArrowDown" ? 1 : -1));
    } else if (event.key === "Enter") {
      var opts = options();
      if (active >= 0 && opts[active]) {
        event.preventDefault();
        location.href = target(opts[active]);
      } else if (page) {
        event.preventDefault();
        clearTimeout(timer);
        run();
      }
    } else if (event.key === "Escape") {
      if (!popup.hidden || form.classList.contains("is-open")) {
        event.preventDefault();
        openPopup(false);
        form.classList.remove("is-open");
        setActive(-1);
      } else input.blur();
    }
  });
  form.addEventListener("submit", function (event) {
    if (page) { event.preventDefault(); clearTimeout(timer); run(); }
  });
  if (view.more) view.more.addEventListener("click", function () { rounds++; run(); });
  if (view.scope) view.scope.addEventListener("change", function () { rounds = 1; run(); });
  document.addEventListener("click", function (event) {
    if (!form.contains(event.target)) { openPopup(false); form.classList.remove("is-open"); }
  });
  // The search button, "/" and "s" open the box (policy.js, which loads this file).
  var closer = form.querySelector(".site-search-close");
  if (closer) closer.addEventListener("click", function () { openPopup(false); });

  if (page) {
    var params = new URL(location.href).searchParams;
    var q = params.get("q") || "";
    input.value = q;
    // On a phone the header's box is behind a button: the results page starts
    // with its own box holding the query, kept in step with the header's.
    var pageInput = page.querySelector(".search-page-q");
    if (pageInput) {
      pageInput.value = q;
      pageInput.addEventListener("input", function () {
        input.value = pageInput.value;
        input.dispatchEvent(new Event("input"));
      });
      input.addEventListener("input", function () { if (pageInput.value !== input.value) pageInput.value = input.value; });
      page.querySelector(".search-page-form").addEventListener("submit", function (event) {
        event.preventDefault();
        input.value = pageInput.value;
        input.dispatchEvent(new Event("input"));
      });
    }
    if (q) run(); else draw({}, "");
  }

  // Landing from a result: mark the ?h= words in the page, as text nodes.
  var h = new URL(location.href).searchParams.get("h");
  if (h) highlight(h.slice(0, MAX_QUERY).split(/\s+/).filter(Boolean).map(function (w) { return normalize(w).s; }));
  function highlight(words) {
    var blocks = document.querySelectorAll("article .para, article h1, article h2, article li[id]");
    Array.prototype.forEach.call(blocks, function (block) {
      var walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT), nodes = [], text = "";
      while (walker.nextNode()) {
        var node = walker.currentNode;
        if (node.parentNode.closest(".sentence-link, .bullet-source, mark")) continue;
        nodes.push({ node: node, start: text.length });
        text += node.nodeValue;
      }
      var norm = normalize(text), ranges = [];
      words.forEach(function (w) {
        if (!w) return;
        for (var i = norm.s.indexOf(w); i >= 0; i = norm.s.indexOf(w, i + 1)) ranges.push([norm.o[i], norm.o[i + w.length]]);
      });
      // Wrap each range's part of each text node, from the end so earlier offsets stay valid.
      ranges.sort(function (a, b) { return b[0] - a[0]; });
      var last = Infinity;
      ranges.forEach(function (r) {
        var end = Math.min(r[1], last);
        if (end <= r[0]) return;
        last = r[0];
        for (var k = nodes.length - 1; k >= 0; k--) {
          var n = nodes[k], a = Math.max(r[0], n.start), b = Math.min(end, n.start + n.node.nodeValue.length);
          if (a >= b) continue;
          var target = n.node;
          if (b - n.start < target.nodeValue.length) target.splitText(b - n.start);
          var piece = a - n.start > 0 ? target.splitText(a - n.start) : target;
          var mark = document.createElement("mark");
          piece.parentNode.replaceChild(mark, piece);
          mark.appendChild(piece);
        }
      });
    });
  }

  // The box had focus, and perhaps words, while this file was on its way.
  if (!page && document.activeElement === input) {
    preload();
    if (input.value) input.dispatchEvent(new Event("input"));
  }

  // For tests and the benchmark: the normalisation this page applies.
  window.policySearch = { normalize: normalize, fold: fold, parseNumeral: parseNumeral, addClasses: addClasses, terms: terms, base: base, preload: preload };
})();
