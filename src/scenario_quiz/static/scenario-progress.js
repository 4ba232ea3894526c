/* SPDX-License-Identifier: MIT */
/* The "My progress" page: every saved answer in the book, by module and by skill; export and
 * import of the progress file; and the printable certificate of self-assessment.
 *
 * Points come from the catalogue Python wrote into the page (#sq--catalogue); this script only
 * looks them up. The saved answers are read through scenario-quiz.js (window.scenarioQuizStore).
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-progress]");
  var store = window.scenarioQuizStore;
  if (!root || !store) return;
  var data = JSON.parse(document.getElementById("sq--catalogue").textContent);
  var NICKNAME_KEY = store.course.nickname; // the course's own key (core/identity.py), as the store's is
  var ID = new RegExp(data.idPattern);  // the model's own pattern and letters (core/model.py), not copies
  var LETTERS = data.letters;
  var RATINGS = ["helpful", "partly helpful", "unhelpful", "harmful"];
  var CONFIDENCE = ["sure", "fairly-sure", "guessing"];

  function $(selector) { return root.querySelector(selector); }

  function say(message) { $(".sq-progress-notice").textContent = message; }

  /* What one saved answer is worth, or null if it no longer fits the scenario. */
  function scoreOf(entry, saved) {
    if (!entry || !saved || saved.version !== entry.version) return null;
    if (entry.choices) {
      var choice = entry.choices[saved.choice];
      return choice ? { points: choice[0], possible: data.maxPoints, review: choice[1] === 1 } : null;
    }
    if (!Array.isArray(saved.path) || saved.path.length === 0) return null;
    var scene = entry.start, points = 0, review = false;
    for (var i = 0; i < saved.path.length; i++) {
      var step = entry.scenes[scene] && entry.scenes[scene][saved.path[i]];
      if (!step) return null;
      points += step[0];
      review = review || step[1] === 1;
      scene = step[2];
    }
    return { points: points, possible: data.maxPoints * saved.path.length, review: review };
  }

  function tally() {
    var answers = store.read();
    var modules = data.modules.map(function (m) { return { title: m.title, url: m.url, total: 0, done: 0, points: 0, possible: 0 }; });
    var skills = {};
    data.competencies.forEach(function (c) { skills[c.id] = { title: c.name, total: 0, done: 0, points: 0, possible: 0 }; });
    var all = { total: 0, done: 0, points: 0, possible: 0 };
    Object.keys(data.scenarios).forEach(function (id) {
      var entry = data.scenarios[id];
      var score = scoreOf(entry, answers[id]);
      [modules[entry.module], skills[entry.competency], all].forEach(function (row) {
        if (!row) return;
        row.total += 1;
        if (score) { row.done += 1; row.points += score.points; row.possible += score.possible; }
      });
    });
    return { modules: modules, skills: skills, all: all, answers: answers };
  }

  function percent(row) { return row.possible ? Math.round(100 * row.points / row.possible) : 0; }

  function fillTable(body, rows) {
    body.textContent = "";
    rows.filter(function (row) { return row.total > 0; }).forEach(function (row) {
      var tr = document.createElement("tr");
      var name = document.createElement("th");
      name.scope = "row";
      if (row.url) {
        var link = document.createElement("a");
        link.href = row.url;
        link.textContent = row.title;
        name.appendChild(link);
      } else {
        name.textContent = row.title;
      }
      var answered = document.createElement("td");
      answered.textContent = row.done + " of " + row.total;
      answered.setAttribute("data-label", "Answered");  // shown before the value when the table stacks on a phone
      var points = document.createElement("td");
      points.setAttribute("data-label", "Points");
      var bar = document.createElement("span");
      bar.className = "sq-bar";
      bar.setAttribute("aria-hidden", "true");
      var fill = document.createElement("span");
      fill.style.width = percent(row) + "%";
      bar.appendChild(fill);
      var label = document.createElement("span");
      label.textContent = row.done ? row.points + " of " + row.possible + " (" + percent(row) + "%)" : "not started";
      points.appendChild(bar);
      points.appendChild(label);
      tr.appendChild(name);
      tr.appendChild(answered);
      tr.appendChild(points);
      body.appendChild(tr);
    });
  }

  function nickname() { return $("#sq--nickname").value.trim().slice(0, 60); }

  function render() {
    var t = tally();
    $(".sq-progress-summary").textContent = t.all.done === 0
      ? "You have not answered any scenarios yet. Your answers will appear here as you go."
      : "You have answered " + t.all.done + " of " + t.all.total + " scenarios in the course and scored " +
        t.all.points + " of a possible " + t.all.possible + " points (" + percent(t.all) + "%).";
    fillTable($(".sq-progress-modules"), t.modules);
    var skillRows = data.competencies.map(function (c) { return t.skills[c.id]; });
    fillTable($(".sq-progress-skills"), skillRows);
    certificate();
    var notices = store.takeNotices();
    if (notices.length) say(notices.join(" "));
    return t;
  }

  /* The certificate is offered only for a form of the final self-assessment whose result meets the
   * pass mark (and, with the safety gate on, has no safety slip): the same verdict as that page. */
  function certificate() {
    var record = store.readRecord();
    var name = record.form;
    var model = data.assessment;
    var got = name && model.forms[name] ? store.scoreAttempt(model, name, record.answers) : null;
    var status = $(".sq-certificate-status");
    var offered = !!(got && got.passed);
    $(".sq-print-certificate").hidden = !offered;
    $(".sq-certificate").hidden = !offered;
    if (!got) {
      status.textContent = "You have not started the final self-assessment yet.";
    } else if (!got.complete) {
      status.textContent = "You have answered " + got.answered + " of the " + model.forms[name].ids.length +
        " scenarios in form " + name.toUpperCase() + " of the final self-assessment.";
    } else if (!offered) {
      status.textContent = "Your result on form " + name.toUpperCase() + " does not meet the pass mark yet" +
        (got.pointsMet ? ", because of a harmful answer on a safety-critical scenario" : "") +
        ". Go over the scenarios your result lists, talk them through with your organiser, then try the other form.";
    } else {
      status.textContent = "Your result on form " + name.toUpperCase() + " meets the pass mark.";
    }
    $(".sq-certificate-name").textContent = nickname() || "a trainee";
    if (!offered) return;
    $(".sq-certificate-score").textContent = "Final self-assessment, form " + name.toUpperCase() + ": " +
      got.total + " of a possible " + got.max + " points (" + Math.round(100 * got.total / got.max) + "%).";
    var met = $(".sq-certificate-skills");
    met.textContent = "";
    Object.keys(got.skills).filter(function (c) { return got.skills[c].met; }).forEach(function (c) {
      var item = document.createElement("li");
      item.textContent = model.forms[name].skills[c].name;
      met.appendChild(item);
    });
    $(".sq-certificate-date").textContent = "Date: " + new Date().toLocaleDateString("en-GB",
      { day: "numeric", month: "long", year: "numeric" });
  }

  /* ---- Export and import: the documented progress file, version 2 (version 1 files import too) ---- */

  function today() { return new Date().toISOString().slice(0, 10); }

  function exportFile() {
    var record = store.readRecord();
    var file = { format: data.format, version: 2, nickname: nickname(), exported: today(), answers: record.answers };
    if (record.form) file.form = record.form;
    var blob = new Blob([JSON.stringify(file, null, 2)], { type: "application/json" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "peer-support-progress-" + today() + ".json";
    document.body.appendChild(link);
    link.click();
    link.remove();
    say("Your progress file has been downloaded. Keep it somewhere safe.");
  }

  /* ---- What a valid progress file is. These rules are progress.py's ProgressFile model, written
   * again for the browser; tests/test_progress_rules.py runs one table of files through both and
   * fails if they ever disagree. ---- */

  var MAX_BYTES = 2000000;
  var TOP_KEYS = ["format", "version", "nickname", "exported", "form", "answers"];
  var DATE = /^\d{4}-\d{2}-\d{2}$/;
  var VERSION = /^[0-9a-f]{8}$/;

  function own(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }
  function isObject(value) { return !!value && typeof value === "object" && !Array.isArray(value); }
  function given(object, key) { return own(object, key) && object[key] !== null; } // null counts as absent

  function realDate(text) {
    if (typeof text !== "string" || !DATE.test(text)) return false;
    var parts = text.split("-").map(Number), day = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2]));
    return parts[0] >= 1 && day.getUTCFullYear() === parts[0] && day.getUTCMonth() === parts[1] - 1 &&
      day.getUTCDate() === parts[2];
  }

  function validAnswer(saved) {
    if (!isObject(saved) || typeof saved.version !== "string" || !VERSION.test(saved.version)) return false;
    var known = ["choice", "path", "ratings", "version", "confidence"];
    if (!Object.keys(saved).every(function (k) { return known.indexOf(k) >= 0; })) return false;
    if (given(saved, "confidence") && CONFIDENCE.indexOf(saved.confidence) < 0) return false;
    var kinds = ["choice", "path", "ratings"].filter(function (k) { return given(saved, k); });
    if (kinds.length !== 1) return false;
    if (kinds[0] === "choice") return typeof saved.choice === "string" && LETTERS.indexOf(saved.choice) >= 0;
    if (kinds[0] === "ratings") {
      var r = saved.ratings, letters = isObject(r) ? Object.keys(r) : [];
      return letters.length > 0 && letters.length <= 5 && letters.every(function (l) {
        return LETTERS.indexOf(l) >= 0 && RATINGS.indexOf(r[l]) >= 0;
      });
    }
    return Array.isArray(saved.path) && saved.path.length > 0 && saved.path.length <= 20 &&
      saved.path.every(function (l) { return typeof l === "string" && LETTERS.indexOf(l) >= 0; });
  }

  /* Returns an error message, or null when `file` is a usable progress file. */
  function problemWith(file) {
    if (!isObject(file) || file.format !== data.format) {
      return "This is not a progress file from this course, so nothing was changed.";
    }
    if (file.version !== 1 && file.version !== 2) {
      return "This progress file is format version " + String(file.version).slice(0, 20) +
        ", which this copy of the course cannot read, so nothing was changed.";
    }
    var answers = file.answers;
    var damaged = !Object.keys(file).every(function (k) { return TOP_KEYS.indexOf(k) >= 0; }) ||
      (own(file, "nickname") && (typeof file.nickname !== "string" || file.nickname.trim().length > 60)) ||
      (given(file, "exported") && !realDate(file.exported)) ||
      (given(file, "form") && file.form !== "a" && file.form !== "b") ||
      !isObject(answers) || Object.keys(answers).length > 2000 ||
      !Object.keys(answers).every(function (id) { return id.length <= 80 && ID.test(id) && validAnswer(answers[id]); });
    return damaged ? "This progress file is damaged, so nothing was changed." : null;
  }

  /* ---- Does an answer fit its scenario as the course is today? The same test as progress.py's
   * answers_to_grade: a letter the scenario has, a path that never goes on past an ending, a rating
   * for each option. Final self-assessment scenarios are looked up in the assessment's model. ---- */

  function finalItem(id) {
    var forms = data.assessment.forms, found = null;
    Object.keys(forms).forEach(function (f) { if (own(forms[f].items, id)) found = forms[f].items[id]; });
    return found;
  }

  function finalFits(item, saved) {
    if (item.kind === "single") return given(saved, "choice") && own(item.single, saved.choice);
    if (item.kind === "rate") {
      if (!given(saved, "ratings")) return false;
      var letters = Object.keys(item.rate).sort().join(",");
      return Object.keys(saved.ratings).sort().join(",") === letters;
    }
    if (!given(saved, "path")) return false;
    var walked = saved.path.join(",");
    return Object.keys(item.paths).some(function (key) { return key === walked || key.indexOf(walked + ",") === 0; });
  }

  /* "unknown", "older" (answered to another wording), "misfit", or "fits". */
  function standing(id, saved) {
    var entry = own(data.scenarios, id) ? data.scenarios[id] : null;
    var item = entry ? null : finalItem(id);
    if (!entry && !item) return "unknown";
    if (!isObject(saved) || saved.version !== (entry || item).version) return "older";
    if (item) return finalFits(item, saved) ? "fits" : "misfit";
    if (entry.choices) return given(saved, "choice") && !given(saved, "path") && !given(saved, "ratings") &&
      own(entry.choices, saved.choice) ? "fits" : "misfit";
    return given(saved, "path") && scoreOf(entry, saved) ? "fits" : "misfit";
  }

  function same(a, b) {
    var text = function (saved) {
      return JSON.stringify(Object.keys(saved).filter(function (k) { return given(saved, k); }).sort()
        .map(function (k) { return [k, saved[k]]; }));
    };
    return text(a) === text(b);
  }

  /* What opening `file` would change: ids by kind. Nothing older or broken replaces a saved answer. */
  function changesFrom(file) {
    var saved = store.read(), out = { added: [], replaced: [], same: [], older: [], unknown: [], misfit: [] };
    Object.keys(file.answers).forEach(function (id) {
      var kind = standing(id, file.answers[id]);
      if (kind !== "fits") { out[kind].push(id); return; }
      var mine = own(saved, id) ? saved[id] : null;
      if (mine && standing(id, mine) === "fits") out[same(mine, file.answers[id]) ? "same" : "replaced"].push(id);
      else out.added.push(id);
    });
    return out;
  }

  var pending = null; // the file waiting for the trainee to say yes

  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  // [kind, sentence for one answer, sentence for N answers ("N" is replaced by the number)]
  var PREVIEW_LINES = [
    ["added", "1 new answer will be added.", "N new answers will be added."],
    ["replaced", "1 answer will replace a different answer you saved in this browser.",
      "N answers will replace different answers you saved in this browser."],
    ["same", "1 answer matches what you have already saved.", "N answers match what you have already saved."],
    ["older", "1 answer was given to an older wording of a scenario: it will not be opened.",
      "N answers were given to an older wording of a scenario: they will not be opened."],
    ["misfit", "1 answer does not fit its scenario any more: it will not be opened.",
      "N answers do not fit their scenario any more: they will not be opened."],
    ["unknown", "1 answer is for a scenario that is no longer in the course: it will not be opened.",
      "N answers are for scenarios that are no longer in the course: they will not be opened."]
  ];

  function preview(file) {
    var changes = changesFrom(file), box = $(".sq-import-preview"), list = $(".sq-import-changes");
    list.textContent = "";
    PREVIEW_LINES.forEach(function (line) {
      var n = changes[line[0]].length;
      if (!n) return;
      var item = document.createElement("li");
      item.setAttribute("data-change", line[0]);
      item.setAttribute("data-count", String(n));
      item.textContent = n === 1 ? line[1] : line[2].replace("N", String(n));
      list.appendChild(item);
    });
    var opening = changes.added.length + changes.replaced.length;
    if (!opening) {
      pending = null;
      box.hidden = true;
      say("This file has no answers to add, so nothing was changed.");
      return;
    }
    pending = { file: file, changes: changes };
    $(".sq-import-yes").textContent = changes.replaced.length
      ? "Replace " + plural(changes.replaced.length, "answer", "answers") +
        (changes.added.length ? " and add " + changes.added.length : "")
      : "Add " + plural(changes.added.length, "answer", "answers");
    say("");
    box.hidden = false;
    $(".sq-import-heading").focus();
  }

  function openPending() {
    if (!pending) return;
    var file = pending.file, changes = pending.changes, taking = changes.added.concat(changes.replaced);
    pending = null;
    $(".sq-import-preview").hidden = true;
    store.update(function (answers, record) {
      taking.forEach(function (id) { answers[id] = file.answers[id]; });
      if (!record.form && (file.form === "a" || file.form === "b")) record.form = file.form;
    });
    if (typeof file.nickname === "string" && file.nickname.trim() && !nickname()) {
      $("#sq--nickname").value = file.nickname.trim().slice(0, 60);
      saveNickname();
    }
    render();
    say("Opened your progress file: " + plural(changes.added.length, "answer", "answers") + " added and " +
      changes.replaced.length + " replaced.");
  }

  function cancelPending() {
    pending = null;
    $(".sq-import-preview").hidden = true;
    say("You did not open the file, so nothing was changed.");
  }

  function importText(text) {
    var file = null;
    try { file = JSON.parse(text); } catch (err) { file = null; }
    var problem = problemWith(file);
    if (problem) { pending = null; $(".sq-import-preview").hidden = true; say(problem); return; }
    preview(file);
  }

  function saveNickname() {
    try { window.localStorage.setItem(NICKNAME_KEY, nickname()); } catch (err) { /* storage blocked */ }
  }

  function start() {
    try { $("#sq--nickname").value = window.localStorage.getItem(NICKNAME_KEY) || ""; } catch (err) { /* blocked */ }
    $("#sq--nickname").addEventListener("input", function () { saveNickname(); render(); });
    $(".sq-export").addEventListener("click", exportFile);
    $("#sq--import").addEventListener("change", function (event) {
      var chosen = event.target.files && event.target.files[0];
      if (!chosen) return;
      if (chosen.size > MAX_BYTES) {
        say("This file is too large to be a progress file, so nothing was changed.");
        event.target.value = "";
        return;
      }
      var reader = new FileReader();
      // readAsText decodes UTF-8 and drops a byte-order mark, as progress.py does.
      reader.onload = function () { importText(String(reader.result)); event.target.value = ""; };
      reader.onerror = function () { say("That file could not be read, so nothing was changed."); };
      reader.readAsText(chosen);
    });
    $(".sq-import-yes").addEventListener("click", openPending);
    $(".sq-import-no").addEventListener("click", cancelPending);
    $(".sq-print-certificate").addEventListener("click", function () {
      render();
      document.documentElement.classList.add("sq-printing-certificate");
      window.print();
    });
    window.addEventListener("afterprint", function () {
      document.documentElement.classList.remove("sq-printing-certificate");
    });
    render();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
