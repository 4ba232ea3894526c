/* SPDX-License-Identifier: MIT */
/* The course's search page: finds the sections that answer a question, from disk or over http.
 *
 * The index (search-index.js, written at build time by book/_ext/course_search) holds every
 * section's term weights, worked out there; this script reads the query the same way the build read
 * the pages (text.py: same steps, same order), adds the weights up and lists the best sections.
 * Nothing is fetched, so it works from file:// too. Results are built with DOM calls, never HTML
 * strings, so nothing typed into the box can become markup.
 */
(function () {
  "use strict";

  var SYNONYM_WEIGHT = 0.8;  // a course word found through a reader's word counts for a little less
  var RELATIVE_FLOOR = 0.2;  // results scoring under this share of the best are noise, not answers
  var MAX_RESULTS = 20;
  var MAX_TERMS = 40;        // a pasted page is still searched, on its first words

  var ACCENTS = /[\u0300-\u036f]/g;
  var APOSTROPHES = /['\u2018\u2019]/g;
  var NOT_A_WORD = /[^a-z0-9]+/;
  var US_IZE = /^([a-z]{3,})iz(e|es|ed|ing|ation|ations|er|ers)$/;
  var US_YZE = /^([a-z]{2,})yz(e|es|ed|ing|er|ers)$/;

  var index = window.COURSE_SEARCH_INDEX;
  var stopwords = new Set(index ? index.stopwords : []);
  var variants = new Map(index ? Object.entries(index.variants) : []);
  var postings = new Map(index ? Object.entries(index.terms) : []);
  var stems = new Map();

  function words(text) {
    return text.normalize("NFKD").replace(ACCENTS, "").toLowerCase().replace(APOSTROPHES, "")
      .split(NOT_A_WORD).filter(function (w) { return w.length > 1 || /^[0-9]$/.test(w); });
  }

  function stem(word) {
    if (!stems.has(word)) {
      var british = word.replace(US_IZE, "$1is$2").replace(US_YZE, "$1ys$2");
      var porter = british.length > 2 ? index.stemmer.stemWord(british) : british;
      stems.set(word, variants.has(porter) ? variants.get(porter) : porter);
    }
    return stems.get(word);
  }

  function terms(text) {
    return words(text).filter(function (w) { return !stopwords.has(w); }).map(stem);
  }

  /* A term's postings: pairs of (gap to the next entry number, weight), written as text by the
     build (index.py, encode): a number's last character is in the upper half of the digits. */
  function decode(text) {
    var numbers = [], base = index.digits.length / 2, number = 0;
    for (var i = 0; i < text.length; i++) {
      var digit = index.digits.indexOf(text[i]);
      if (digit < base) {
        number = number * base + digit;
      } else {
        numbers.push(number * base + digit - base);
        number = 0;
      }
    }
    return numbers;
  }

  function holdsRun(list, run) {
    for (var start = 0; start + run.length <= list.length; start++) {
      if (run.every(function (term, i) { return list[start + i] === term; })) return true;
    }
    return false;
  }

  /* The query's terms and their weights: the words typed, then the course's words for any reader's
     words among them (vocabulary.yml). */
  function queryTerms(query) {
    var typed = terms(query).slice(0, MAX_TERMS);
    var weights = new Map();
    typed.forEach(function (term) { weights.set(term, 1); });
    index.synonyms.forEach(function (pair) {
      if (holdsRun(typed, pair[0])) {
        pair[1].forEach(function (term) { if (!weights.has(term)) weights.set(term, SYNONYM_WEIGHT); });
      }
    });
    return weights;
  }

  function search(query) {
    var weights = queryTerms(query);
    var scores = new Map();
    weights.forEach(function (weight, term) {
      var list = postings.has(term) ? decode(postings.get(term)) : [];
      for (var i = 0, entry = 0; i < list.length; i += 2) {
        entry += list[i];  // entry numbers are stored as gaps
        scores.set(entry, (scores.get(entry) || 0) + weight * list[i + 1]);
      }
    });
    var ranked = Array.from(scores.entries()).sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
    var floor = ranked.length ? ranked[0][1] * RELATIVE_FLOOR : 0;
    var kept = ranked.filter(function (r) { return r[1] >= floor; });
    return {
      terms: weights,
      more: kept.length > MAX_RESULTS,
      results: kept.slice(0, MAX_RESULTS).map(function (r) {
        var e = index.entries[r[0]];
        return {url: index.pages[e[0]] + "#" + e[1], heading: e[2], where: index.places[e[3]],
                snippet: e[4], label: e[5], score: r[1] / index.scale};
      })
    };
  }

  /* Text with the query's words marked, as DOM nodes (the words only, not the punctuation). */
  function marked(text, queryWeights) {
    var fragment = document.createDocumentFragment();
    text.split(/([^\s.,;:!?()\[\]\u201c\u201d"]+)/).forEach(function (piece, i) {
      var hit = i % 2 === 1 && terms(piece).some(function (t) { return queryWeights.has(t); });
      if (hit) {
        var mark = document.createElement("mark");
        mark.textContent = piece;
        fragment.appendChild(mark);
      } else {
        fragment.appendChild(document.createTextNode(piece));
      }
    });
    return fragment;
  }

  function resultItem(result, queryWeights) {
    var item = document.createElement("li");
    item.className = "course-search__result";
    var heading = document.createElement("h2");
    heading.className = "course-search__heading";
    var link = document.createElement("a");
    link.href = result.url;
    if (result.label) {
      var label = document.createElement("span");
      label.className = "course-search__label";
      label.textContent = result.label + ": ";
      link.appendChild(label);
    }
    link.appendChild(marked(result.heading, queryWeights));
    heading.appendChild(link);
    item.appendChild(heading);
    if (result.where) {
      var where = document.createElement("p");
      where.className = "course-search__where";
      where.textContent = result.where;
      item.appendChild(where);
    }
    if (result.snippet) {
      var snippet = document.createElement("p");
      snippet.className = "course-search__snippet";
      snippet.appendChild(marked(result.snippet, queryWeights));
      item.appendChild(snippet);
    }
    return item;
  }

  function statusText(query, found) {
    if (!query) return "Type a question or a few words, then press Search.";
    if (query.length > 80) query = query.slice(0, 79) + "\u2026";  // the status stays one short line
    if (found.terms.size === 0) return "Those words are too common to search for. Try the words that matter most, such as \u201chypo\u201d or \u201cconfidentiality\u201d.";
    var count = found.results.length;
    if (count === 0) return "No results for \u201c" + query + "\u201d. Try fewer words, or other words for the same thing.";
    if (found.more) return "The best " + count + " results for \u201c" + query + "\u201d";
    return (count === 1 ? "1 result" : count + " results") + " for \u201c" + query + "\u201d";
  }

  function show(query, page) {
    var found = query ? search(query) : {terms: new Map(), results: []};
    page.list.replaceChildren.apply(page.list, found.results.map(function (r) { return resultItem(r, found.terms); }));
    page.list.hidden = found.results.length === 0;
    page.status.textContent = statusText(query, found);
    document.title = (query ? query + " \u2013 " : "") + page.title;
  }

  function remember(query) {
    try {
      var url = new URL(window.location.href);
      url.searchParams.set("q", query);
      window.history.replaceState(null, "", url.href);
    } catch (err) {
      // Some browsers refuse to change a file:// address. The results are shown all the same.
    }
  }

  function start() {
    var form = document.getElementById("course-search-form");
    var page = {
      input: document.getElementById("course-search-query"),
      status: document.getElementById("course-search-status"),
      list: document.getElementById("course-search-results"),
      title: document.title
    };
    if (!form || !page.input || !page.status || !page.list) return;
    if (!index) {
      page.status.textContent = "The search index is missing: rebuild the book.";
      return;
    }
    var query = (new URLSearchParams(window.location.search).get("q") || "").trim();
    page.input.value = query;
    show(query, page);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var typed = page.input.value.trim();
      show(typed, page);
      remember(typed);
    });
    page.input.focus();
  }

  // For the tests, which check that Python and the browser read words and numbers alike.
  window.courseSearch = {search: search, terms: terms, decode: decode};
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
