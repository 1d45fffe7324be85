/* Site search: load the prebuilt index once, match the query, list results. No external service. */
(function () {
  "use strict";
  var form = document.querySelector("form.search");
  if (!form) return;
  var input = form.querySelector("input[name=q]");
  var list = document.getElementById("results");
  var status = document.getElementById("status");
  var lang = form.getAttribute("data-lang");
  var indexPromise = null;

  function loadIndex() {
    if (!indexPromise) {
      indexPromise = fetch(form.getAttribute("data-index")).then(function (r) {
        if (!r.ok) throw new Error("search index: HTTP " + r.status);
        return r.json();
      });
    }
    return indexPromise;
  }

  /* English: lowercase words. Chinese: longest index words first, single characters as fallback,
     so the query is cut the way the index was (jieba words and characters). */
  function queryTokens(query, index) {
    var text = query.toLowerCase();
    var out = [];
    var words = text.match(/[a-z0-9]+/g) || [];
    if (lang === "en") return words;
    words.forEach(function (w) { out.push(w); });
    var runs = text.match(/[\u3400-\u9fff]+/g) || [];
    runs.forEach(function (run) {
      var i = 0;
      while (i < run.length) {
        var len = Math.min(8, run.length - i);
        while (len > 1 && !index[run.substr(i, len)]) len--;
        out.push(run.substr(i, len));
        i += len;
      }
    });
    return out;
  }

  function postings(token, index) {
    if (index[token]) return index[token];
    if (lang !== "en" || token.length < 3) return [];
    /* English: a partly typed word matches every indexed word it begins. */
    var ids = [];
    Object.keys(index).forEach(function (key) {
      if (key.lastIndexOf(token, 0) === 0) ids = ids.concat(index[key]);
    });
    return ids;
  }

  function search(query, data) {
    var tokens = queryTokens(query, data.index);
    var scores = {};
    tokens.forEach(function (token) {
      var seen = {};
      postings(token, data.index).forEach(function (id) {
        if (!seen[id]) { seen[id] = true; scores[id] = (scores[id] || 0) + 1; }
      });
    });
    /* Most query words matched first; the index lists articles newest first. */
    return Object.keys(scores).map(Number).sort(function (a, b) {
      return scores[b] - scores[a] || a - b;
    });
  }

  function show(ids, data) {
    list.textContent = "";
    var base = form.getAttribute("data-base");
    ids.slice(0, 50).forEach(function (id) {
      var doc = data.docs[id];
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

  function run() {
    var query = input.value.trim();
    if (!query) { list.textContent = ""; status.textContent = ""; return; }
    loadIndex().then(function (data) { show(search(query, data), data); }, function (err) {
      status.textContent = String(err.message || err);
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
