/* Site search, no external service: load the index head (the article table) once, then only the
   shards that hold the query's tokens (render_search.py writes them), match, list results. */
(function () {
  "use strict";
  var form = document.querySelector("form.search");
  if (!form) return;
  var input = form.querySelector("input[name=q]");
  var list = document.getElementById("results");
  var status = document.getElementById("status");
  var lang = form.getAttribute("data-lang");
  var headUrl = new URL(form.getAttribute("data-index"), window.location.href);
  var STALE = new Error("the search index changed while loading; reload the page");
  var head = null;  /* promise of {lang, v, shards, docs} */
  var shards = {};  /* shard number -> promise of its {token: [article numbers]} */
  var cacheMode = "default";
  var latest = 0;  /* the newest query: a slower, older one must not overwrite its results */

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

  /* The shard of a token, as shard_of() in render_search.py: h = 31 h + code unit, mod 2^32.
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
      term.forEach(function (token) { numbers[shardOf(token, data.shards)] = true; });
    });
    return Promise.all(Object.keys(numbers).map(function (number) {
      return loadShard(data, number);
    })).then(function (parts) {
      var index = {};
      parts.forEach(function (part) { Object.assign(index, part); });
      return index;
    });
  }

  /* The query's terms, each the list of index tokens an article must all have: a word is one
     token; a Chinese run is its character, or its overlapping pairs of characters (the index
     holds every character and pair), so a run matches only where its pairs all occur. */
  function queryTerms(query) {
    var text = query.toLowerCase();
    var terms = (text.match(/[a-z0-9]+/g) || []).map(function (w) { return [w]; });
    if (lang === "en") return terms;
    (text.match(/[\u3400-\u9fff]+/g) || []).forEach(function (run) {
      if (run.length === 1) { terms.push([run]); return; }
      var pairs = [];
      for (var i = 0; i + 1 < run.length; i++) pairs.push(run.substr(i, 2));
      terms.push(pairs);
    });
    return terms;
  }

  function postings(token, index) {
    /* Own keys only: a word such as "constructor" is no posting list. */
    if (Object.prototype.hasOwnProperty.call(index, token)) return index[token];
    if (lang !== "en" || token.length < 3) return [];
    /* English: a partly typed word matches every indexed word it begins. */
    var ids = [];
    Object.keys(index).forEach(function (key) {
      if (key.lastIndexOf(token, 0) === 0) ids = ids.concat(index[key]);
    });
    return ids;
  }

  /* The articles that have every token of a term. */
  function matches(term, index) {
    var ids = postings(term[0], index);
    term.slice(1).forEach(function (token) {
      var has = {};
      postings(token, index).forEach(function (id) { has[id] = true; });
      ids = ids.filter(function (id) { return has[id]; });
    });
    return ids;
  }

  function search(terms, index) {
    var scores = {};
    terms.forEach(function (term) {
      var seen = {};
      matches(term, index).forEach(function (id) {
        if (!seen[id]) { seen[id] = true; scores[id] = (scores[id] || 0) + 1; }
      });
    });
    /* Most query terms matched first; the index lists articles newest first. */
    return Object.keys(scores).map(Number).sort(function (a, b) {
      return scores[b] - scores[a] || a - b;
    });
  }

  function show(ids, docs) {
    list.textContent = "";
    var base = form.getAttribute("data-base");
    ids.slice(0, 50).forEach(function (id) {
      var doc = docs[id];
      var li = document.createElement("li");
      li.className = "item";
      var h = document.createElement("h2");
      h.className = "item-title";
      var a = document.createElement("a");
      a.href = base + encodeURIComponent(doc[0]) + "/";
      a.textContent = doc[1];
      h.appendChild(a);
      var meta = document.createElement("p");
      meta.className = "item-meta";
      meta.textContent = doc[2];
      var text = document.createElement("p");
      text.className = "excerpt";
      text.textContent = doc[3];
      li.appendChild(meta);
      li.appendChild(h);
      li.appendChild(text);
      list.appendChild(li);
    });
    status.textContent = ids.length
      ? form.getAttribute("data-found").replace("%s", String(ids.length))
      : form.getAttribute("data-none");
  }

  function run(retried) {
    var query = input.value.trim();
    var ticket = ++latest;
    if (!query) { list.textContent = ""; status.textContent = ""; return; }
    var terms = queryTerms(query);
    loadHead().then(function (data) {
      return loadIndex(terms, data).then(function (index) {
        if (ticket === latest) show(search(terms, index), data.docs);
      });
    }).catch(function (err) {
      head = null;  /* a failed load is tried again by the next query */
      shards = {};
      if (err === STALE && retried !== true) {  /* the site was rebuilt under this page */
        cacheMode = "reload";
        run(true);
      } else if (ticket === latest) {
        status.textContent = String(err.message || err);
      }
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var url = new URL(window.location.href);
    url.searchParams.set("q", input.value.trim());
    window.history.replaceState(null, "", url);
    run();
  });
  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 200);
  });
  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) { input.value = initial; run(); }
})();
