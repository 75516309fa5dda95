/*
 * Kho văn bản — search in the site header, over the Pagefind index in <site>/pagefind/.
 *
 * Why a small UI of our own over Pagefind's JS API (pagefind.js) instead of the bundled
 * Default UI: a query must be prepared the way the index was built (NFC, one tone
 * placement, numbers reduced to one key, quoted phrases checked), each result must show
 * number, type, issuer and date, an empty query with filters must list newest first, and
 * the first query must stay small on a slow phone (the Default UI alone is ~120 kB).
 *
 * The text functions mirror src/khovanban/vntext.py and search/terms.py; the unit tests
 * run this file under node and compare it with Python on a table of words. Change both.
 *
 * Nothing is loaded from outside the site: pagefind.js is imported from the site's own
 * /pagefind/ folder, found relative to the page, so the site works under any base path.
 * The index comes in parts (pagefind/parts.json), merged here: see Parts below.
 */
(function (root) {
  "use strict";

  /* ---------- Text: the JS twin of khovanban.vntext ---------- */

  var TONE_MARKS = ["\u0300", "\u0301", "\u0309", "\u0303", "\u0323"];
  var PAIRS = [["o", "a"], ["o", "e"], ["u", "y"]];
  // Python's str.split() whitespace, spelled out (JS \s differs: it has U+FEFF, lacks U+0085).
  var PY_SPACE = "\\t\\n\\u000b\\f\\r\\u001c-\\u001f \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
  var SPACES = new RegExp("[" + PY_SPACE + "]+", "g");
  var toneCache = null;

  function nfc(text) {
    return String(text).normalize("NFC");
  }

  /* "Mark on the second vowel" -> "mark on the first" for oa/oe/uy at the end of a syllable. */
  function tonePattern() {
    if (toneCache) return toneCache;
    var mapping = {};
    PAIRS.forEach(function (pair) {
      TONE_MARKS.forEach(function (mark) {
        var f = pair[0], s = pair[1];
        [[f, s], [f.toUpperCase(), s.toUpperCase()], [f.toUpperCase(), s]].forEach(function (fs) {
          mapping[(fs[0] + fs[1] + mark).normalize("NFC")] = (fs[0] + mark + fs[1]).normalize("NFC");
        });
      });
    });
    var keys = Object.keys(mapping).sort(function (a, b) { return b.length - a.length; });
    var alternatives = keys.map(function (k) { return k.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).join("|");
    // Python's (?![^\W\d_]): not followed by a letter or a non-decimal number character.
    toneCache = {
      pattern: new RegExp("(?<![qQ])(" + alternatives + ")(?![\\p{L}\\p{Nl}\\p{No}])", "gu"),
      mapping: mapping,
    };
    return toneCache;
  }

  function canonicalTones(text) {
    var tone = tonePattern();
    return nfc(text).replace(tone.pattern, function (m) { return tone.mapping[m]; });
  }

  /*
   * Python drops a character when unicodedata.combining() is non-zero (a canonical
   * combining class). JS cannot read that class, so ask normalisation: in "α" + mark +
   * U+0345 (class 240, the highest), a mark of class 0 blocks every composition and the
   * string stays as it is; any other mark composes with "α" or lets U+0345 compose.
   */
  var combiningCache = {};
  function isCombining(ch) {
    if (!(ch in combiningCache)) {
      var probe = "\u03b1" + ch + "\u0345";
      combiningCache[ch] = /\p{M}/u.test(ch) && probe.normalize("NFC") !== probe;
    }
    return combiningCache[ch];
  }

  function stripDiacritics(text) {
    var bare = String(text).normalize("NFD").replace(/\p{M}/gu, function (m) { return isCombining(m) ? "" : m; });
    return bare.replace(/đ/g, "d").replace(/Đ/g, "D");
  }

  function fold(text) {
    return stripDiacritics(text).toLowerCase().split(SPACES).filter(Boolean).join(" ");
  }

  /* "2234 / CV-TU" -> "2234cvtu": the key khovanban.search.terms.number_key gives. */
  function numberKey(text) {
    return fold(text).replace(/[^a-z0-9]/g, "");
  }

  /* fold() one character at a time, so offsets in the result are offsets in the input. */
  function foldChars(text) {
    var out = "";
    for (var i = 0; i < text.length; i++) {
      var ch = text[i];
      var folded = stripDiacritics(ch).toLowerCase();
      out += folded.length === 1 ? folded : ch;
    }
    return out;
  }

  /* ---------- Queries ---------- */

  var DASHES = "\\-\\u2010-\\u2015\\u2212";
  var SEP = "\\s*[/" + DASHES + "]\\s*";
  var CODE = "[A-Za-zĐđ][A-Za-zĐđ0-9&]*";
  var UPPER_CODE = "[A-ZĐ][A-ZĐ0-9&]*";
  // A number and symbol: separators as printed ("2234-CV/TU", "145/2020/NĐ-CP") or, for codes
  // written in capitals, plain spaces ("2234 CV TU"). Dates ("29/6/2023") have no code.
  var NUMBER = new RegExp(
    "(?<![\\p{L}\\p{N}])\\d{1,5}[a-z]?(?:" + SEP + "(?:19|20)\\d\\d)?" +
      "(?:" + SEP + CODE + "|\\s+" + UPPER_CODE + ")+(?![\\p{L}\\p{N}])",
    "gu"
  );
  // Written together: "2234cvtu", "57LĐLĐ".
  var COMPACT_NUMBER = /(?<![\p{L}\p{N}])\d{1,5}\p{L}[\p{L}\p{N}]*(?![\p{L}\p{N}])/gu;
  var QUOTED = /["“”„«»]([^"“”„«»]+)["“”„«»]/g;
  var WORD = /[\p{L}\p{N}]+/gu;

  function tokens(text) {
    return foldChars(text).match(WORD) || [];
  }

  /*
   * Prepare a query: NFC, canonical tone placement, numbers as keys, quoted phrases kept.
   * Returns
   *   term:       the text for Pagefind: every word, phrases unquoted (Pagefind's own phrase
   *               mode misses pages, so phrases are checked here on each page's text);
   *   plain:      the same without number keys (the fallback when a key finds nothing);
   *   phrases:    each quoted phrase as a list of folded words;
   *   terms:      words outside phrases, for highlighting: {key: folded, exact: the word
   *               with its accents (null when typed without), prefix: the word being typed};
   *   numberKeys: the number keys found.
   */
  function parseQuery(raw) {
    // Legacy font converters (and some keyboards) give the Icelandic eth for "đ".
    var text = canonicalTones(String(raw || "").replace(/ð/g, "đ").replace(/Ð/g, "Đ"));
    var phrases = [];
    var outside = text.replace(QUOTED, function (_, inner) {
      var words = tokens(inner);
      if (words.length) phrases.push(words);
      return " ";
    });
    var keys = [];
    var toKeys = function (s, found) {
      s = s.replace(NUMBER, function (m) {
        if (found) found.push(numberKey(m));
        return " " + numberKey(m) + " ";
      });
      return s.replace(COMPACT_NUMBER, function (m) {
        if (found && found.indexOf(numberKey(m)) < 0) found.push(numberKey(m));
        return numberKey(m);
      });
    };
    var clean = function (s) { return s.replace(/["“”„«»]/g, " ").split(SPACES).filter(Boolean).join(" "); };
    var unquoted = text.replace(QUOTED, " $1 ");
    var term = clean(toKeys(unquoted, keys));
    // A reader who types any accent types them all: then "Thu" should not light up "thư".
    var accented = foldChars(text) !== text.toLowerCase();
    var words = clean(toKeys(outside)).split(" ").filter(Boolean);
    var terms = [];
    words.forEach(function (w, i) {
      (w.match(WORD) || []).forEach(function (part) {
        var key = foldChars(part);
        var exact = accented && !/\d/.test(part) ? part.toLowerCase() : null;
        if (!terms.some(function (t) { return t.key === key && t.exact === exact; })) {
          terms.push({ key: key, exact: exact, prefix: i === words.length - 1 && !/["“”„«»]\s*$/.test(text) });
        }
      });
    });
    return { term: term, plain: clean(unquoted), phrases: phrases, terms: terms, numberKeys: keys };
  }

  /* ---------- Page text, phrases and excerpts ---------- */

  var SEARCH_ONLY_MARK = "\u2042"; // markup.SEARCH_ONLY_MARK: the index-only block starts here

  function visibleText(content) {
    var cut = content.indexOf(SEARCH_ONLY_MARK);
    var text = cut < 0 ? content : content.slice(0, cut);
    return text.replace(/¶/g, "").replace(/[\s.]+$/, ""); // "¶": heading permalinks
  }

  function wordSpans(text) {
    var folded = foldChars(text);
    var spans = [];
    var m;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(folded)) !== null) spans.push({ start: m.index, end: m.index + m[0].length, word: m[0] });
    return spans;
  }

  /* Does the page text hold the phrase (folded words in a row; punctuation ignored)? */
  function hasPhrase(spans, phrase) {
    outer: for (var i = 0; i + phrase.length <= spans.length; i++) {
      for (var k = 0; k < phrase.length; k++) {
        var w = spans[i + k].word;
        var p = phrase[k];
        if (k === phrase.length - 1 ? w.indexOf(p) !== 0 : w !== p) continue outer;
      }
      return true;
    }
    return false;
  }

  /*
   * Word ranges [from, to] of the page that match a term: the same word (accents as typed,
   * when typed with accents), a prefix of a word for the word being typed, or words
   * written apart that join to a number key ("2234" "CV" "TU" for "2234cvtu").
   */
  function termMatches(text, spans, term) {
    var found = [];
    for (var i = 0; i < spans.length; i++) {
      var w = spans[i].word;
      var same = term.prefix ? w.indexOf(term.key) === 0 : w === term.key;
      if (same && term.exact) {
        var original = canonicalTones(text.slice(spans[i].start, spans[i].end)).toLowerCase();
        same = term.prefix ? original.indexOf(term.exact) === 0 : original === term.exact;
      }
      if (same) { found.push([i, i, w === term.key]); continue; }
      var acc = w;
      for (var j = i + 1; j < spans.length && j < i + 8 && term.key.indexOf(acc) === 0; j++) {
        acc += spans[j].word;
        if (acc === term.key) { found.push([i, j, true]); break; }
      }
    }
    return found;
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  /*
   * An escaped excerpt of about `size` words around the best cluster of matches, matches in
   * <mark>. Built from the page's own text, never from the index-only block, so readers see
   * the document as written even when the match came from a folded or keyed word.
   */
  function excerptHtml(content, query, size) {
    size = size || 30;
    var text = visibleText(content);
    var spans = wordSpans(text);
    if (!spans.length) return "";
    var marked = new Array(spans.length);
    var hits = [];
    var add = function (range, id, quality) {
      for (var k = range[0]; k <= range[1]; k++) marked[k] = true;
      hits.push({ at: range[0], id: id, quality: quality });
    };
    query.phrases.forEach(function (phrase, n) {
      for (var i = 0; i + phrase.length <= spans.length; i++) {
        if (hasPhrase(spans.slice(i, i + phrase.length), phrase)) add([i, i + phrase.length - 1], "p" + n, 2);
      }
    });
    query.terms.forEach(function (term) {
      termMatches(text, spans, term).forEach(function (r) {
        // A whole-word match counts more than a prefix ("XI" in "XI" beats "XI" in "XII").
        add(r, term.key + "|" + term.exact, r[2] ? 1 : 0.75);
      });
    });
    var start = 0;
    if (hits.length) {
      var best = -1;
      hits.forEach(function (h) {
        var from = Math.max(0, h.at - Math.floor(size / 4));
        var ids = {};
        hits.forEach(function (o) {
          if (o.at >= from && o.at < from + size) ids[o.id] = Math.max(ids[o.id] || 0, o.quality);
        });
        var score = Object.keys(ids).reduce(function (sum, id) { return sum + ids[id]; }, 0);
        if (score > best) { best = score; start = from; }
      });
    }
    var end = Math.min(spans.length, start + size);
    var html = start > 0 ? "… " : "";
    var pos = spans[start].start;
    for (var i = start; i < end; i++) {
      html += escapeHtml(text.slice(pos, spans[i].start));
      var word = escapeHtml(text.slice(spans[i].start, spans[i].end));
      html += marked[i] ? "<mark>" + word + "</mark>" : word;
      pos = spans[i].end;
    }
    html += end < spans.length ? " …" : escapeHtml(text.slice(pos));
    return html;
  }

  /* ---------- An index in parts: one Pagefind instance per part, searched together ---------- */

  /* The index is built in parts (src/khovanban/search/parts.py: one Pagefind run per set of
   * issuers, so a national archive fits in memory and two parts build side by side), listed in
   * pagefind/parts.json. Pagefind's own mergeIndex merges by score only: with a date sort each
   * part scores its results by their rank in that part, so dates would interleave wrongly.
   * (Separate Pagefind instances per part, created with createInstance, share pagefind.js's
   * one WebAssembly module unsafely: searches failed with "memory access out of bounds".) */

  /* "29/06/2023" -> "2023-06-29", "07/2023" -> "2023-07", none -> "0000": a result's sort key
   * (search/entry.py, SearchEntry.sort) read back from the date it shows (display_date). */
  function dateKey(shown) {
    return shown ? String(shown).split("/").reverse().join("-") : "0000";
  }

  /* The results of one query over every part, handed out in order, a few loaded pages at a
   * time. By relevance: all parts' results by Pagefind's score (as its mergeIndex does). By
   * date: each part's list is in date order already, so the lists are merged on the date of
   * each one's next result; only results about to be shown are loaded. */
  function MergedResults(lists, order) {
    this.total = lists.reduce(function (n, list) { return n + list.length; }, 0);
    this.consumed = 0;
    this.back = []; // loaded pages handed back, handed out first next time
    this.order = order || null;
    if (this.order) {
      this.lists = lists.map(function (list) { return { results: list, next: 0, loaded: [] }; });
    } else {
      var all = [];
      lists.forEach(function (list, part) {
        list.forEach(function (result, i) { all.push({ result: result, part: part, i: i }); });
      });
      all.sort(function (a, b) { return (b.result.score - a.result.score) || (a.part - b.part) || (a.i - b.i); });
      this.ranked = all.map(function (x) { return x.result; });
    }
  }

  MergedResults.prototype.left = function () { return this.total - this.consumed + this.back.length; };

  MergedResults.prototype.giveBack = function (pages) { this.back = pages.concat(this.back); };

  /* Up to ``count`` next results, loaded (Pagefind's result.data()), in order. */
  MergedResults.prototype.take = function (count) {
    var self = this;
    var pages = this.back.splice(0, count);
    if (!this.order) {
      var batch = this.ranked.slice(this.consumed, this.consumed + count - pages.length);
      this.consumed += batch.length;
      return Promise.all(batch.map(function (r) { return r.data(); })).then(function (loaded) {
        return pages.concat(loaded);
      });
    }
    var step = function () {
      if (pages.length >= count || self.consumed >= self.total) return Promise.resolve(pages);
      return self.fill(count - pages.length).then(function () {
        pages.push(self.pick());
        self.consumed += 1;
        return step();
      });
    };
    return step();
  };

  MergedResults.prototype.fill = function (size) {
    return Promise.all(this.lists.map(function (list) {
      if (list.loaded.length || list.next >= list.results.length) return null;
      var chunk = list.results.slice(list.next, list.next + size);
      list.next += chunk.length;
      return Promise.all(chunk.map(function (r) { return r.data(); })).then(function (loaded) { list.loaded = loaded; });
    }));
  };

  MergedResults.prototype.pick = function () {
    var newest = this.order !== "asc";
    var best = null;
    var bestKey = "";
    this.lists.forEach(function (list) {
      if (!list.loaded.length) return;
      var key = dateKey(list.loaded[0].meta && list.loaded[0].meta.date);
      if (best === null || (newest ? key > bestKey : key < bestKey)) { best = list; bestKey = key; }
    });
    return best.loaded.shift();
  };

  /* Every part of the index as one. Pagefind merges the parts' results by score, right for
   * relevance; for a date order each part is searched alone (its pages carry the filter
   * PART_FILTER = its number) and the lists are merged by date (MergedResults). */
  var PART_FILTER = "phan";

  function partFilter(index) {
    var tag = {};
    tag[PART_FILTER] = String(index + 1);
    return tag;
  }

  function Parts(pagefind, count) { this.pagefind = pagefind; this.count = count; }

  Parts.prototype.search = function (term, options) {
    var pagefind = this.pagefind;
    var order = options && options.sort ? options.sort.date : null;
    if (!order || this.count === 1) {
      return pagefind.search(term, options).then(function (found) { return new MergedResults([found.results], null); });
    }
    var searches = [];
    for (var i = 0; i < this.count; i++) {
      var filters = Object.assign({}, options.filters || {}, partFilter(i));
      searches.push(pagefind.search(term, Object.assign({}, options, { filters: filters })));
    }
    return Promise.all(searches).then(function (found) {
      return new MergedResults(found.map(function (f) { return f.results; }), order);
    });
  };

  Parts.prototype.filters = function () {
    return this.pagefind.filters().then(function (filters) {
      var shown = Object.assign({}, filters);
      delete shown[PART_FILTER];
      return shown;
    });
  };

  var api = {
    nfc: nfc,
    canonicalTones: canonicalTones,
    stripDiacritics: stripDiacritics,
    fold: fold,
    numberKey: numberKey,
    foldChars: foldChars,
    parseQuery: parseQuery,
    visibleText: visibleText,
    wordSpans: wordSpans,
    hasPhrase: hasPhrase,
    excerptHtml: excerptHtml,
    escapeHtml: escapeHtml,
    dateKey: dateKey,
    MergedResults: MergedResults,
    Parts: Parts,
  };

  if (typeof module === "object" && module.exports) {
    module.exports = api;
    return;
  }
  root.KhoSearch = api;
  if (typeof document === "undefined") return;

  /* ---------- The header UI ---------- */

  var PAGE_SIZE = 10;
  var PHRASE_SCAN_LIMIT = 200; // pages checked for a quoted phrase before we stop and say so
  var FILTERS = [
    ["loai", "Loại văn bản"],
    ["co_quan", "Cơ quan ban hành"],
    ["nam", "Năm"],
    ["nguoi_ky", "Người ký"],
    ["trang_thai", "Trạng thái"],
  ];
  var STATUS_CITED = "chỉ được dẫn chiếu";

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text != null) node.textContent = text;
    return node;
  }

  function SearchBox(rootEl) {
    this.root = rootEl;
    this.base = rootEl.getAttribute("data-base") || ".";
    this.input = rootEl.querySelector(".kv-search__input");
    this.panel = rootEl.querySelector(".kv-search__panel");
    this.status = rootEl.querySelector(".kv-search__status");
    this.list = rootEl.querySelector(".kv-search__results");
    this.more = rootEl.querySelector(".kv-search__more");
    this.filterBox = rootEl.querySelector(".kv-search__filters");
    this.filterToggle = rootEl.querySelector(".kv-search__filter-toggle");
    this.sortSelect = rootEl.querySelector(".kv-search__sort");
    this.pagefind = null;
    this.loading = null;
    this.selected = {};
    this.generation = 0;
    this.timer = null;
    this.bind();
  }

  SearchBox.prototype.load = function () {
    if (this.loading) return this.loading;
    var bundle = new URL(this.base.replace(/\/?$/, "/") + "pagefind/", document.baseURI).href;
    var self = this;
    // The offline edition (file://) supplies its own importer and options: offline-search.js.
    var importer = window.kvPagefindImport || function (u) { return import(u); };
    var options = Object.assign({
      // Pagefind searches in its Web Worker (its default): at 10,000 documents a query of
      // common syllables computes for seconds, and on the main thread that froze typing
      // (measured 12 s). The worker file costs ~12 kB compressed.
      excerptLength: 30,
      // Pagefind also searches metadata, the title 5× by default: a page citing "43/KH-UBND"
      // in its title then beat the documents numbered 43/KH-UBND (measured: 21 of 40 numbers
      // at 10,000 documents). The number field decides; the weighted title block in the page
      // still ranks subject matches.
      ranking: { metaWeights: { number: 10, title: 1 } },
      // Results as site paths ("/van-ban/…/"), made relative to this page by render(),
      // wherever the site is hosted.
      baseUrl: "/",
    }, window.kvPagefindOptions || {});
    this.loading = fetch(bundle + "parts.json").then(function (response) {
      if (!response.ok) throw new Error("pagefind/parts.json: " + response.status);
      return response.json();
    }).then(function (listing) {
      return importer(bundle + listing.parts[0].dir + "pagefind.js").then(function (pf) {
        // The first part is Pagefind's primary index, the others are merged into it (they
        // share its WebAssembly); each part tags its pages with its number (Parts, above).
        var tagged = function (index, extra) {
          return Object.assign({}, options, extra, { mergeFilter: partFilter(index) });
        };
        return pf.options(tagged(0, { basePath: bundle + listing.parts[0].dir })).then(function () {
          var merged = { excerptLength: options.excerptLength, ranking: options.ranking, baseUrl: options.baseUrl };
          return Promise.all(listing.parts.slice(1).map(function (part, i) {
            return pf.mergeIndex(bundle + part.dir, Object.assign({}, merged, { mergeFilter: partFilter(i + 1) }));
          }));
        }).then(function () {
          self.pagefind = new Parts(pf, listing.parts.length);
          return self.pagefind;
        });
      });
    });
    this.loading.catch(function () {
      self.loading = null;
      self.say("Không tải được chỉ mục tìm kiếm. Hãy thử lại.");
    });
    return this.loading;
  };

  SearchBox.prototype.bind = function () {
    var self = this;
    this.input.addEventListener("focus", function () {
      self.load();
      if (self.list.children.length) self.openPanel(); // back to the results after a click elsewhere
    });
    this.input.addEventListener("input", function () {
      clearTimeout(self.timer);
      self.timer = setTimeout(function () { self.run(); }, 200);
    });
    this.root.querySelector("form").addEventListener("submit", function (e) {
      e.preventDefault();
      clearTimeout(self.timer);
      self.run();
    });
    this.input.addEventListener("keydown", function (e) {
      if (e.key === "Escape") self.close();
    });
    this.filterToggle.addEventListener("click", function () {
      var open = self.filterBox.hidden;
      self.filterBox.hidden = !open;
      self.filterToggle.setAttribute("aria-expanded", String(open));
      if (open) { self.openPanel(); self.loadFilters(); }
    });
    this.sortSelect.addEventListener("change", function () { self.run(); });
    this.more.addEventListener("click", function () { self.showMore(); });
    document.addEventListener("click", function (e) {
      if (!self.root.contains(e.target)) self.close();
    });
    document.addEventListener("keydown", function (e) {
      var tag = (e.target && e.target.tagName) || "";
      if (e.key === "/" && !/INPUT|TEXTAREA|SELECT/.test(tag)) { e.preventDefault(); self.input.focus(); }
    });
    var initial = new URLSearchParams(location.search).get("q");
    if (initial) { this.input.value = initial; this.run(); }
  };

  SearchBox.prototype.openPanel = function () { this.panel.hidden = false; this.root.classList.add("kv-search--open"); };
  SearchBox.prototype.close = function () { this.panel.hidden = true; this.root.classList.remove("kv-search--open"); };
  SearchBox.prototype.say = function (text) { this.status.textContent = text; };

  SearchBox.prototype.loadFilters = function () {
    var self = this;
    if (this.filtersLoaded) return;
    this.filtersLoaded = true;
    this.load().then(function (pf) { return pf.filters(); }).then(function (available) {
      var box = self.filterBox.querySelector(".kv-search__filter-fields");
      FILTERS.forEach(function (f) {
        var values = available[f[0]] || {};
        var names = Object.keys(values).sort(function (a, b) {
          return f[0] === "nam" ? b.localeCompare(a) : a.localeCompare(b, "vi");
        });
        if (!names.length) return;
        var label = el("label", { class: "kv-search__filter" });
        label.appendChild(el("span", {}, f[1]));
        var select = el("select", { "data-filter": f[0] });
        select.appendChild(el("option", { value: "" }, "Tất cả"));
        names.forEach(function (n) {
          var text = (f[0] === "trang_thai" ? n.charAt(0).toUpperCase() + n.slice(1) : n) + " (" + values[n] + ")";
          select.appendChild(el("option", { value: n }, text));
        });
        select.addEventListener("change", function () {
          if (select.value) self.selected[f[0]] = select.value; else delete self.selected[f[0]];
          self.run();
        });
        label.appendChild(select);
        box.appendChild(label);
      });
    }).catch(function () { self.filtersLoaded = false; });
  };

  SearchBox.prototype.run = function () {
    var self = this;
    var raw = this.input.value;
    var query = parseQuery(raw);
    var hasFilters = Object.keys(this.selected).length > 0;
    var generation = ++this.generation;
    if (!query.term && !hasFilters) {
      this.list.textContent = "";
      this.more.hidden = true;
      this.say("");
      if (!this.filterBox.hidden) this.openPanel(); else this.close();
      return;
    }
    this.openPanel();
    this.say("Đang tìm…");
    var started = performance.now();
    this.load().then(function (pf) {
      var options = { filters: self.selected };
      var order = self.sortSelect.value;
      // An empty query lists documents: newest first unless the reader chose otherwise.
      if (!query.term) options.sort = { date: order === "asc" ? "asc" : "desc" };
      else if (order) options.sort = { date: order };
      var search = function (term) { return pf.search(term || null, options); };
      return search(query.term).then(function (found) {
        if (found.total || !query.numberKeys.length) return found;
        return search(query.plain); // the "number" was ordinary words after all
      });
    }).then(function (found) {
      if (generation !== self.generation) return;
      self.query = query;
      self.results = found;
      self.shown = 0;
      self.list.textContent = "";
      self.elapsed = performance.now() - started;
      return self.showMore();
    }).catch(function (err) {
      if (generation === self.generation) self.say("Lỗi khi tìm: " + (err && err.message ? err.message : err));
    });
  };

  /* Load and render the next page of results (checking quoted phrases on the page text). */
  SearchBox.prototype.showMore = function () {
    var self = this;
    var generation = this.generation;
    var query = this.query;
    var results = this.results;
    var want = PAGE_SIZE;
    var added = 0;
    var scanned = function () { return results.total - results.left(); };
    var scanStart = scanned();
    var step = function () {
      if (generation !== self.generation) return Promise.resolve();
      if (added >= want || !results.left()) return Promise.resolve();
      if (query.phrases.length && scanned() - scanStart >= PHRASE_SCAN_LIMIT) return Promise.resolve();
      return results.take(query.phrases.length ? PAGE_SIZE : want - added).then(function (pages) {
        if (generation !== self.generation) return;
        for (var i = 0; i < pages.length; i++) {
          if (added >= want) { results.giveBack(pages.slice(i)); break; } // the rest waits for "Xem thêm"
          var page = pages[i];
          var spans = query.phrases.length ? wordSpans(visibleText(page.content)) : null;
          if (spans && !query.phrases.every(function (p) { return hasPhrase(spans, p); })) continue;
          self.list.appendChild(self.render(page, query));
          added += 1;
          self.shown += 1;
        }
        return step();
      });
    };
    return step().then(function () {
      if (generation !== self.generation) return;
      var remaining = results.left();
      self.more.hidden = remaining <= 0;
      if (!self.shown) {
        self.say(remaining > 0
          ? "Chưa thấy cụm từ này trong " + scanned() + " văn bản phù hợp nhất. Bấm “Xem thêm” để tìm tiếp."
          : "Không tìm thấy văn bản nào.");
      } else if (query.phrases.length) {
        self.say("Văn bản chứa đúng cụm từ: " + self.shown + (remaining > 0 ? "+" : ""));
      } else {
        self.say("Tìm thấy " + results.total + " văn bản (" + Math.max(1, Math.round(self.elapsed)) + " ms)");
      }
    });
  };

  SearchBox.prototype.render = function (page, query) {
    var meta = page.meta || {};
    var li = el("li", { class: "kv-result" });
    var href = this.base.replace(/\/?$/, "/") + String(page.url || "").replace(/^\//, "");
    var link = el("a", { class: "kv-result__title", href: href }, meta.title || meta.number || page.url);
    li.appendChild(link);
    var facts = el("p", { class: "kv-result__meta" });
    facts.appendChild(el("span", { class: "kv-result__number" }, meta.number || "không số"));
    [meta.type, meta.issuer, meta.date].forEach(function (v) {
      if (!v) return;
      facts.appendChild(document.createTextNode(" · "));
      facts.appendChild(el("span", {}, v));
    });
    if (meta.status === STATUS_CITED) {
      facts.appendChild(document.createTextNode(" "));
      facts.appendChild(el("span", { class: "kv-result__badge", title: "Văn bản chưa có trong kho, chỉ được văn bản khác dẫn chiếu" }, "Chỉ được dẫn chiếu"));
    }
    li.appendChild(facts);
    var excerpt = el("p", { class: "kv-result__excerpt" });
    excerpt.innerHTML = excerptHtml(page.content || "", query, 30); // escaped by excerptHtml
    li.appendChild(excerpt);
    return li;
  };

  function init() {
    var boxes = document.querySelectorAll("[data-kv-search]");
    for (var i = 0; i < boxes.length; i++) new SearchBox(boxes[i]);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})(typeof self !== "undefined" ? self : this);
