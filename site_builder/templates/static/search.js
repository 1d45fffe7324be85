/* Site search, no server: load the index head (the article table) once, then only the shards
   that hold the query's tokens (render/search.py writes them); every word of the query must
   match. Results show the title and a snippet around the first match, matches marked; a
   result's snippet text (search/text/<slug>.txt) is fetched only when the result is shown. */
(function () {
  "use strict";
  var form = document.querySelector("form.search");
  if (!form) return;
  var input = form.querySelector("input[name=q]");
  var list = document.getElementById("results");
  var status = document.getElementById("status");
  var more = document.getElementById("more");
  var lang = form.getAttribute("data-lang");
  var headUrl = new URL(form.getAttribute("data-index"), window.location.href);
  var STALE = new Error("the search index changed while loading; reload the page");
  var PAGE = 20;  /* results shown at once; "older" shows the next ones */
  var SNIPPET = lang === "en" ? 220 : 100;  /* characters around the first match */
  var head = null;  /* promise of {lang, v, shards, stop, docs} */
  var shards = {};  /* shard number -> promise of its {token: [article numbers]} */
  var texts = {};  /* slug -> promise of its snippet text */
  var cacheMode = "default";
  var latest = 0;  /* the newest query: a slower, older one must not overwrite its results */
  var shown = null;  /* {ids, docs, terms, count}: the results of the latest query */

  function fetchJSON(url) {
    return fetch(url, {cache: cacheMode}).then(function (r) {
      if (!r.ok) throw new Error("search index: HTTP " + r.status);
      return r.json();
    });
  }

  function loadHead() {
    if (!head) head = fetchJSON(headUrl);
    return head;
  }

  /* The shard of a token, as shard_of() in render/postings.py: h = 31 h + code unit, mod 2^32.
     Words go by their first three letters, so a typed prefix finds all its words in one shard. */
  function shardOf(token, count) {
    var key = token.charCodeAt(0) < 128 ? token.slice(0, 3) : token;
    var h = 0;
    for (var i = 0; i < key.length; i++) h = (Math.imul(h, 31) + key.charCodeAt(i)) >>> 0;
    return h % count;
  }

  function loadShard(data, number) {
    if (!shards[number]) {
      /* index-N.json beside the head; ?v= so that no cache answers with another build's shard */
      var url = new URL("index-" + number + ".json?v=" + data.v, headUrl);
      shards[number] = fetchJSON(url).then(function (shard) {
        /* A head and a shard of two builds number the articles differently. */
        if (shard.v !== data.v) throw STALE;
        return shard.index;
      });
    }
    return shards[number];
  }

  /* The postings of the query's tokens (and of the words sharing their first three letters). */
  function loadIndex(terms, data) {
    var numbers = {};
    terms.forEach(function (term) {
      term.tokens.forEach(function (token) { numbers[shardOf(token, data.shards)] = true; });
    });
    return Promise.all(Object.keys(numbers).map(function (number) {
      return loadShard(data, number);
    })).then(function (parts) {
      var index = {};
      parts.forEach(function (part) { Object.assign(index, part); });
      return index;
    });
  }

  /* The query's terms, all of which an article must match. A word is one token (a partly typed
     English word of three letters or more also matches the words it begins); a Chinese run
     matches where all its overlapping pairs of characters occur (the index holds every
     character and pair), so any phrase is found however a dictionary would cut it. */
  function queryTerms(query, stop) {
    var text = query.toLowerCase();
    var terms = [];
    (text.match(/[a-z0-9]+/g) || []).forEach(function (word) {
      if (stop.indexOf(word) < 0) terms.push({text: word, word: true, tokens: [word]});
    });
    if (lang === "en") return terms;
    (text.match(/[\u3400-\u9fff]+/g) || []).forEach(function (run) {
      var tokens = [];
      for (var i = 0; i + 1 < run.length; i++) tokens.push(run.substr(i, 2));
      terms.push({text: run, word: false, tokens: tokens.length ? tokens : [run]});
    });
    return terms;
  }

  function postings(token, index) {
    /* Own keys only: a word such as "constructor" is no posting list. */
    if (Object.prototype.hasOwnProperty.call(index, token)) return index[token];
    if (!/^[a-z0-9]+$/.test(token) || token.length < 3) return [];
    /* A partly typed word matches every indexed word it begins. */
    var ids = [];
    Object.keys(index).forEach(function (key) {
      if (key.lastIndexOf(token, 0) === 0) ids = ids.concat(index[key]);
    });
    return ids;
  }

  function intersect(ids, others) {
    var has = {};
    others.forEach(function (id) { has[id] = true; });
    return ids.filter(function (id) { return has[id]; });
  }

  /* The articles that match every token of every term, newest first (the head's order). */
  function search(terms, index) {
    var ids = null;
    terms.forEach(function (term) {
      term.tokens.forEach(function (token) {
        var found = postings(token, index);
        ids = ids === null ? found.slice() : intersect(ids, found);
      });
    });
    var unique = {};
    (ids || []).forEach(function (id) { unique[id] = true; });
    return Object.keys(unique).map(Number).sort(function (a, b) { return a - b; });
  }

  function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  /* Where the terms occur in a text, as sorted [start, end) ranges: a Chinese run where it is
     printed whole, else its pairs; a word, and a partly typed one, at a word start. */
  function ranges(text, terms) {
    var found = [];
    function all(pattern) {
      var re = new RegExp(pattern, "gi");
      var before = found.length;
      var match;
      while ((match = re.exec(text)) !== null) {
        var start = match.index + match[1].length;
        found.push([start, start + match[2].length]);
        if (match[0].length === 0) re.lastIndex++;
      }
      return found.length > before;
    }
    terms.forEach(function (term) {
      if (term.word) {
        all("(^|[^a-z0-9])(" + escapeRegExp(term.text) + "[a-z0-9]*)");
      } else if (!all("()(" + escapeRegExp(term.text) + ")")) {
        term.tokens.forEach(function (token) { all("()(" + escapeRegExp(token) + ")"); });
      }
    });
    found.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var merged = [];
    found.forEach(function (range) {
      var last = merged[merged.length - 1];
      if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
      else merged.push(range.slice());
    });
    return merged;
  }

  /* Put text into an element with the ranges marked (as text nodes: never parsed as markup). */
  function marked(element, text, found) {
    var at = 0;
    found.forEach(function (range) {
      element.appendChild(document.createTextNode(text.slice(at, range[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(range[0], range[1]);
      element.appendChild(mark);
      at = range[1];
    });
    element.appendChild(document.createTextNode(text.slice(at)));
  }

  /* The part of a text around its first match (its opening if none), and its ranges. */
  function snippet(text, terms) {
    text = text.replace(/\s*\n\s*/g, " ");
    var found = ranges(text, terms);
    var first = found.length ? found[0][0] : 0;
    var start = Math.max(0, first - Math.floor(SNIPPET / 4));
    var end = Math.min(text.length, start + SNIPPET);
    if (lang === "en") {  /* whole words */
      if (start > 0 && text.indexOf(" ", start) >= 0 && text.indexOf(" ", start) < first) {
        start = text.indexOf(" ", start) + 1;
      }
      if (end < text.length && text.lastIndexOf(" ", end) > first) end = text.lastIndexOf(" ", end);
    }
    var part = (start > 0 ? "…" : "") + text.slice(start, end) + (end < text.length ? "…" : "");
    var shift = start > 0 ? 1 - start : -start;
    return {text: part, ranges: found.filter(function (r) { return r[0] >= start && r[1] <= end; })
      .map(function (r) { return [r[0] + shift, r[1] + shift]; })};
  }

  function loadText(slug) {
    if (!texts[slug]) {
      texts[slug] = fetch(new URL("text/" + encodeURIComponent(slug) + ".txt", headUrl),
                          {cache: cacheMode}).then(function (r) {
        if (!r.ok) throw new Error("search text: HTTP " + r.status);
        return r.text();
      });
    }
    return texts[slug];
  }

  function item(doc, terms) {
    var li = document.createElement("li");
    li.className = "item";
    var meta = document.createElement("p");
    meta.className = "item-meta";
    meta.textContent = doc[2];
    var h = document.createElement("h2");
    h.className = "item-title";
    var a = document.createElement("a");
    a.href = form.getAttribute("data-base") + encodeURIComponent(doc[0]) + "/";
    marked(a, doc[1], ranges(doc[1], terms));
    h.appendChild(a);
    var excerpt = document.createElement("p");
    excerpt.className = "excerpt";
    li.appendChild(meta);
    li.appendChild(h);
    li.appendChild(excerpt);
    loadText(doc[0]).then(function (text) {
      var part = snippet(text, terms);
      marked(excerpt, part.text, part.ranges);
    }).catch(function () { texts[doc[0]] = null; });  /* no snippet: the result still stands */
    return li;
  }

  /* Append the next PAGE results of the latest query. */
  function showMore() {
    var start = shown.count;
    shown.ids.slice(start, start + PAGE).forEach(function (id) {
      list.appendChild(item(shown.docs[id], shown.terms));
    });
    shown.count = Math.min(shown.ids.length, start + PAGE);
    more.hidden = shown.count >= shown.ids.length;
  }

  function show(ids, docs, terms) {
    list.textContent = "";
    shown = {ids: ids, docs: docs, terms: terms, count: 0};
    showMore();
    var found = ids.length === 1 ? form.getAttribute("data-found-one")
      : form.getAttribute("data-found").replace("%s", String(ids.length));
    status.textContent = ids.length ? found : form.getAttribute("data-none");
  }

  function clear() {
    list.textContent = "";
    status.textContent = "";
    more.hidden = true;
    shown = null;
  }

  function run(retried) {
    var query = input.value.trim();
    var ticket = ++latest;
    if (!query) { clear(); return; }
    loadHead().then(function (data) {
      var terms = queryTerms(query, data.stop || []);
      if (!terms.length) {
        if (ticket === latest) show([], data.docs, terms);
        return null;
      }
      return loadIndex(terms, data).then(function (index) {
        if (ticket === latest) show(search(terms, index), data.docs, terms);
      });
    }).catch(function (err) {
      head = null;  /* a failed load is tried again by the next query */
      shards = {};
      if (err === STALE && retried !== true) {  /* the site was rebuilt under this page */
        cacheMode = "reload";
        texts = {};
        run(true);
      } else if (ticket === latest) {
        status.textContent = String(err.message || err);
      }
    });
  }

  /* Keep the query in the address: a result list can be shared, and Back comes back to it. */
  function remember() {
    var url = new URL(window.location.href);
    var query = input.value.trim();
    if (query) url.searchParams.set("q", query);
    else url.searchParams.delete("q");
    window.history.replaceState(null, "", url);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    remember();
    run();
  });
  more.addEventListener("click", showMore);
  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { remember(); run(); }, 200);
  });
  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) { input.value = initial; run(); }
})();
