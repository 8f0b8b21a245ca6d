// Search for the help site: finds pages and sections by title, heading, text and tags. The index
// (search-index.js, made by helpsite build) loads the first time the search box gets focus; nothing
// comes from anywhere but this site.
(function () {
  "use strict";
  var form = document.querySelector("form.search");
  if (!form) { return; }
  var input = form.querySelector("input[type=search]");
  var list = form.querySelector(".search-results");
  var status = form.querySelector("#search-status");
  var root = form.getAttribute("data-root") || "";
  var loading = false;

  function load(then) {
    if (window.helpsiteSearchIndex) { then(); return; }
    if (loading) { return; }
    loading = true;
    var script = document.createElement("script");
    script.src = form.getAttribute("data-index");
    script.onload = function () { loading = false; then(); };
    script.onerror = function () { loading = false; status.textContent = "The search index could not be loaded."; };
    document.head.appendChild(script);
  }

  function words(text) {
    return text.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "").split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  // Every word of the query must occur; titles and headings count most, then tags, then text.
  function search(query) {
    var terms = words(query);
    if (terms.length === 0) { return []; }
    var results = [];
    window.helpsiteSearchIndex.forEach(function (entry) {
      var title = words(entry[0] + " " + entry[1]).join(" ");
      var tags = words(entry[4]).join(" ");
      var text = words(entry[3]).join(" ");
      var score = 0;
      for (var i = 0; i < terms.length; i++) {
        var term = terms[i];
        if (title.indexOf(term) >= 0) { score += 10; }
        else if (tags.indexOf(term) >= 0) { score += 5; }
        else if (text.indexOf(term) >= 0) { score += 1; }
        else { return; }
      }
      results.push({ entry: entry, score: score });
    });
    results.sort(function (a, b) { return b.score - a.score; });
    return results.slice(0, 10);
  }

  function show() {
    var found = search(input.value);
    list.innerHTML = "";
    found.forEach(function (result) {
      var entry = result.entry;
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = root + entry[2];
      link.textContent = entry[1] ? entry[0] + " › " + entry[1] : entry[0];
      item.appendChild(link);
      if (entry[3]) {
        var snippet = document.createElement("p");
        snippet.textContent = entry[3].length > 140 ? entry[3].slice(0, 140) + "…" : entry[3];
        item.appendChild(snippet);
      }
      list.appendChild(item);
    });
    list.hidden = input.value.trim() === "";
    // The words come from the page's language (Templates/strings, guide.search_results).
    var words = form.getAttribute(found.length === 1 ? "data-result-one" : "data-result-other") || "{count} results";
    status.textContent = input.value.trim() === "" ? "" : words.replace("{count}", String(found.length));
  }

  input.addEventListener("focus", function () { load(function () { if (input.value) { show(); } }); });
  input.addEventListener("input", function () { load(show); });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { input.value = ""; show(); }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = list.querySelector("a");
    if (first) { window.location.href = first.href; }
  });
})();
