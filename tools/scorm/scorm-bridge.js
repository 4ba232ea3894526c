/* SPDX-License-Identifier: MIT */
/* The SCORM 1.2 launch page's bridge between the book and the LMS.
 *
 * The book's pages run in a frame of the launch page and keep answers as they always do, through
 * the store in scenario-quiz.js (window.scenarioQuizStore), which this page loads too. This script
 * only carries that store's record to and from the LMS:
 *   - at launch, the answers the LMS kept (cmi.suspend_data) replace those in this browser, so a
 *     trainee resumes on any computer and people who share one never see each other's answers;
 *   - after every save (the browser's "storage" event, which reaches this page whenever a page in
 *     the frame writes) and when the trainee leaves, it writes suspend_data and reports the final
 *     self-assessment: the store's scoreAttempt looks the result up in the model Python wrote, so
 *     this script decides nothing about grading;
 *   - with no LMS (opened from disk or a plain web server) it just opens the book.
 * Classic script, no modules: the book must also work from file://.
 */
(function () {
  "use strict";

  var LIMIT = 4096; // SCORM 1.2: cmi.suspend_data is at most 4,096 characters
  var FORMAT = "1"; // the first character of suspend_data; bump when the encoding changes
  var LETTER = /^[a-e]$/;
  var RATINGS = ["helpful", "partly helpful", "unhelpful", "harmful"]; // a rating is its index, 0-3
  var CONFIDENCE = { sure: "S", "fairly-sure": "F", guessing: "G" };
  var ENTRY = /^([0-9a-f]{8})([a-e]{1,20}|[0-3]{1,5})([SFG]?)$/;

  var data = JSON.parse(document.getElementById("sq-lms-data").textContent);
  var store = window.scenarioQuizStore;
  var frame = document.getElementById("sq-book");
  var byKey = {};
  Object.keys(data.items).forEach(function (id) {
    var item = data.items[id];
    byKey[item[0]] = { id: id, version: item[1], kind: item[2] };
  });

  /* ---- Finding the LMS: the standard SCORM 1.2 search of parent frames, then the opener ---- */

  function apiIn(win) {
    for (var hops = 0; win && hops < 10; hops++) {
      try {
        if (win.API && typeof win.API.LMSInitialize === "function") return win.API;
      } catch (err) { /* a frame from another site: keep looking further up */ }
      if (win.parent === win) break;
      win = win.parent;
    }
    return null;
  }

  function findApi() {
    var found = apiIn(window);
    try {
      if (!found && window.top.opener) found = apiIn(window.top.opener);
    } catch (err) { /* an opener from another site has no API for us */ }
    return found;
  }

  /* ---- suspend_data: "1" + form ("a", "b" or "-"), then one entry per answer, joined by commas.
   * An entry is the scenario's key (8 hex characters the packer derived from its id and fingerprint,
   * so an answer to an older wording matches nothing), its answer (the letter, the letters of a path,
   * or a digit 0-3 per option's rating) and S, F or G for how sure the trainee was. A whole course
   * takes about half the limit; if it ever does not fit, the final self-assessment goes first. ---- */

  function answerCode(kind, saved) {
    if (kind === "single") return LETTER.test(saved.choice) ? saved.choice : null;
    if (kind === "path") {
      var path = saved.path;
      return Array.isArray(path) && path.length >= 1 && path.length <= 20 && path.every(function (l) {
        return LETTER.test(l);
      }) ? path.join("") : null;
    }
    var ratings = saved.ratings;
    if (!ratings || typeof ratings !== "object") return null;
    var letters = "abcde".slice(0, Object.keys(ratings).length);
    var digits = letters.split("").map(function (l) { return RATINGS.indexOf(ratings[l]); });
    return letters && digits.indexOf(-1) < 0 ? digits.join("") : null;
  }

  function entry(id, saved) {
    var item = data.items[id];
    if (!item || !saved || typeof saved !== "object" || saved.version !== item[1]) return null;
    var code = answerCode(item[2], saved);
    return code && item[0] + code + (CONFIDENCE[saved.confidence] || "");
  }

  function encode(record) {
    var model = data.assessment;
    var first = record.form && model.forms[record.form] ? model.forms[record.form].ids : [];
    var ids = first.concat(Object.keys(record.answers).filter(function (id) { return first.indexOf(id) < 0; }));
    var text = FORMAT + (record.form || "-");
    ids.forEach(function (id) {
      var piece = entry(id, record.answers[id]);
      if (piece && text.length + 1 + piece.length <= LIMIT) text += "," + piece;
    });
    return text;
  }

  function savedAnswer(item, code, sure) {
    var saved = { version: item.version };
    if (item.kind === "single" && LETTER.test(code)) saved.choice = code;
    else if (item.kind === "path" && /^[a-e]+$/.test(code)) saved.path = code.split("");
    else if (item.kind === "rate" && /^[0-3]+$/.test(code)) {
      saved.ratings = {};
      code.split("").forEach(function (digit, i) { saved.ratings["abcde".charAt(i)] = RATINGS[Number(digit)]; });
    } else return null;
    Object.keys(CONFIDENCE).forEach(function (name) { if (CONFIDENCE[name] === sure) saved.confidence = name; });
    return saved;
  }

  function decode(text) { // anything unreadable, or from another version of the course, is left out
    var record = { form: null, answers: {} };
    var parts = String(text || "").split(",");
    var head = parts.shift();
    if (head.length !== 2 || head.charAt(0) !== FORMAT) return record;
    if (head.charAt(1) === "a" || head.charAt(1) === "b") record.form = head.charAt(1);
    parts.forEach(function (part) {
      var match = ENTRY.exec(part);
      var item = match && byKey[match[1]];
      var saved = item && savedAnswer(item, match[2], match[3]);
      if (saved) record.answers[item.id] = saved;
    });
    return record;
  }

  /* ---- Talking to the LMS ---- */

  var api = findApi();
  if (!api) { // no LMS: the same files are the ordinary book
    window.location.replace(data.start);
    return;
  }

  var started = new Date();
  var finished = false;
  api.LMSInitialize("");
  var status = api.LMSGetValue("cmi.core.lesson_status");

  function set(name, value) { api.LMSSetValue(name, String(value)); }

  function report(record) {
    if (status === "passed") return; // a pass stays recorded: starting the other form does not take it back
    var model = data.assessment;
    var got = record.form && model.forms[record.form] ? store.scoreAttempt(model, record.form, record.answers) : null;
    if (got && got.complete) {
      // Rounded down to 0.1, so the percentage is below the pass mark exactly when the points are.
      set("cmi.core.score.raw", Math.floor(1000 * got.total / got.max) / 10);
      set("cmi.core.score.min", 0);
      set("cmi.core.score.max", 100);
    }
    status = !got || !got.complete ? "incomplete" : got.passed ? "passed" : "failed";
    set("cmi.core.lesson_status", status);
  }

  function save() {
    var record = store.readRecord();
    set("cmi.suspend_data", encode(record));
    report(record);
    api.LMSCommit("");
  }

  function sessionTime() { // SCORM 1.2 CMITimespan: HHHH:MM:SS
    var seconds = Math.round((new Date() - started) / 1000);
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return ("000" + Math.floor(seconds / 3600)).slice(-4) + ":" + two(Math.floor(seconds / 60) % 60) + ":" +
      two(seconds % 60);
  }

  function finish() {
    if (finished) return;
    finished = true;
    save();
    set("cmi.core.exit", status === "passed" || status === "failed" ? "" : "suspend");
    set("cmi.core.session_time", sessionTime());
    api.LMSCommit("");
    api.LMSFinish("");
  }

  var kept = decode(api.LMSGetValue("cmi.suspend_data"));
  store.update(function (answers, record) {
    Object.keys(answers).forEach(function (id) { delete answers[id]; });
    Object.keys(kept.answers).forEach(function (id) { answers[id] = kept.answers[id]; });
    record.form = kept.form;
  });
  if (status !== "passed" && status !== "failed") {
    status = "incomplete";
    set("cmi.core.lesson_status", status);
    api.LMSCommit("");
  }
  window.addEventListener("storage", function () { if (!finished) save(); });
  window.addEventListener("pagehide", finish);
  window.addEventListener("beforeunload", finish);
  frame.src = data.start;
})();
