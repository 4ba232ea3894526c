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
  var NICKNAME_KEY = "diabetes-peer-support-course:nickname";
  var ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
  var LETTER = /^[a-e]$/;
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
      var points = document.createElement("td");
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

  function validAnswer(saved) {
    if (!saved || typeof saved !== "object" || typeof saved.version !== "string" ||
        !/^[0-9a-f]{8}$/.test(saved.version)) return false;
    if ("confidence" in saved && CONFIDENCE.indexOf(saved.confidence) < 0) return false;
    var keys = Object.keys(saved).filter(function (k) { return k !== "confidence"; }).sort().join(",");
    if (keys === "choice,version") return LETTER.test(saved.choice);
    if (keys === "ratings,version") {
      var r = saved.ratings;
      return !!r && typeof r === "object" && !Array.isArray(r) && Object.keys(r).length > 0 &&
        Object.keys(r).length <= 5 && Object.keys(r).every(function (l) {
          return LETTER.test(l) && RATINGS.indexOf(r[l]) >= 0;
        });
    }
    return keys === "path,version" && Array.isArray(saved.path) && saved.path.length > 0 &&
      saved.path.length <= 20 && saved.path.every(function (l) { return LETTER.test(l); });
  }

  /* Returns an error message, or null when `file` is a usable progress file. */
  function problemWith(file) {
    if (!file || typeof file !== "object" || Array.isArray(file) || file.format !== data.format) {
      return "This is not a progress file from this course, so nothing was changed.";
    }
    if (file.version !== 1 && file.version !== 2) {
      return "This progress file is format version " + String(file.version) +
        ", which this copy of the course cannot read, so nothing was changed.";
    }
    var answers = file.answers;
    if (!answers || typeof answers !== "object" || Array.isArray(answers) ||
        !Object.keys(answers).every(function (id) { return ID.test(id) && validAnswer(answers[id]); })) {
      return "This progress file is damaged, so nothing was changed.";
    }
    return null;
  }

  function importText(text) {
    var file = null;
    try { file = JSON.parse(text); } catch (err) { file = null; }
    var problem = problemWith(file);
    if (problem) { say(problem); return; }
    var finalIds = {};
    Object.keys(data.assessment.forms).forEach(function (f) {
      data.assessment.forms[f].ids.forEach(function (id) { finalIds[id] = true; });
    });
    var known = Object.keys(file.answers).filter(function (id) {
      return Object.prototype.hasOwnProperty.call(data.scenarios, id) || finalIds[id] === true;
    });
    store.update(function (answers, record) {
      known.forEach(function (id) { answers[id] = file.answers[id]; });
      if (!record.form && (file.form === "a" || file.form === "b")) record.form = file.form;
    });
    if (file.nickname && !nickname()) { $("#sq--nickname").value = String(file.nickname).slice(0, 60); saveNickname(); }
    render();
    var skipped = Object.keys(file.answers).length - known.length;
    say("Opened your progress file: " + known.length + " answers added." +
      (skipped ? " " + skipped + " answers were for scenarios that are no longer in the course." : ""));
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
      var reader = new FileReader();
      reader.onload = function () { importText(String(reader.result)); event.target.value = ""; };
      reader.onerror = function () { say("That file could not be read, so nothing was changed."); };
      reader.readAsText(chosen);
    });
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
