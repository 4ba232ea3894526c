/* Scenario quizzes in the static book.
 *
 * This script decides nothing. Python wrote each option's points (data-points) and its rating
 * and feedback (the <li id="sq-ID-why-LETTER"> explanations) into the page at build time; this
 * script shows them when the trainee answers, adds up the page's score and keeps the answers
 * in localStorage on this device. Nothing is sent anywhere.
 */
(function () {
  "use strict";

  var STORAGE_KEY = "diabetes-peer-support-course:answers";
  var FORMAT = 1; // bump when the saved shape changes; older records are reset with a message
  var MESSAGES = {
    unreadable: "Your saved answers could not be read, so they have been cleared. You can answer again.",
    oldFormat: "Your saved answers were from an older version of this course, so they have been cleared.",
    changed: "A scenario has changed since you answered it, so that answer has been cleared.",
    noStorage: "This browser is not letting the page save answers. They will be lost when you leave the page.",
    cleared: "Your answers on this page have been cleared.",
    chooseFirst: "Choose one of the options first."
  };

  var notices = [];
  var memory = {}; // answers of this visit, used when storage is unavailable

  function readAll() {
    var raw;
    try {
      raw = window.localStorage.getItem(STORAGE_KEY);
    } catch (err) {
      notices.push(MESSAGES.noStorage);
      return memory;
    }
    if (raw === null) return {};
    var data = null;
    try { data = JSON.parse(raw); } catch (err) { data = null; }
    var valid = data && typeof data === "object" && data.answers && typeof data.answers === "object" &&
      !Array.isArray(data.answers);
    if (valid && data.format === FORMAT) return data.answers;
    notices.push(valid && typeof data.format === "number" ? MESSAGES.oldFormat : MESSAGES.unreadable);
    writeAll({});
    return {};
  }

  function writeAll(answers) {
    memory = answers;
    try {
      window.localStorage.setItem(STORAGE_KEY, JSON.stringify({ format: FORMAT, answers: answers }));
    } catch (err) {
      if (notices.indexOf(MESSAGES.noStorage) < 0) notices.push(MESSAGES.noStorage);
    }
  }

  function update(change) { // read, change, write: keeps answers saved from other pages and tabs
    var answers = readAll();
    change(answers);
    writeAll(answers);
  }

  function Quiz(root) {
    this.root = root;
    this.id = root.getAttribute("data-scenario");
    this.version = root.getAttribute("data-version");
    this.maxPoints = Number(root.getAttribute("data-max-points"));
    this.form = root.querySelector(".sq-form");
    this.fieldset = this.form.querySelector("fieldset");
    this.button = this.form.querySelector(".sq-check");
    this.feedback = root.querySelector(".sq-feedback");
    this.explained = root.querySelector(".sq-explained");
    this.explained.hidden = true; // the explanations appear once the trainee has answered
    this.form.addEventListener("submit", this.submit.bind(this));
  }

  Quiz.prototype.radio = function (choice) {
    return this.form.querySelector('input[type="radio"][value="' + choice + '"]');
  };

  Quiz.prototype.chosen = function () {
    var input = this.form.querySelector('input[type="radio"]:checked');
    return this.fieldset.disabled && input ? input : null;
  };

  Quiz.prototype.submit = function (event) {
    event.preventDefault();
    var input = this.form.querySelector('input[type="radio"]:checked');
    if (!input) {
      this.feedback.textContent = MESSAGES.chooseFirst;
      return;
    }
    var record = { choice: input.value, version: this.version };
    var id = this.id;
    update(function (answers) { answers[id] = record; });
    this.show(input.value);
    this.feedback.focus();
    page.refresh();
  };

  Quiz.prototype.show = function (choice) {
    var input = this.radio(choice);
    var why = document.getElementById("sq-" + this.id + "-why-" + choice);
    if (!input || !why) return false;
    input.checked = true;
    this.fieldset.disabled = true;
    this.button.hidden = true;
    input.parentNode.classList.add("sq-chosen");
    var heading = document.createElement("p");
    heading.className = "sq-you-chose";
    heading.textContent = "You chose " + choice.toUpperCase() + ".";
    this.feedback.textContent = "";
    this.feedback.appendChild(heading);
    var verdict = why.querySelector(".sq-verdict").cloneNode(true);
    var reason = why.querySelector(".sq-why").cloneNode(true);
    this.feedback.appendChild(verdict);
    this.feedback.appendChild(reason);
    this.feedback.classList.add("sq-feedback--shown");
    this.explained.hidden = false;
    return true;
  };

  Quiz.prototype.clear = function () {
    var chosen = this.form.querySelector(".sq-chosen");
    if (chosen) chosen.classList.remove("sq-chosen");
    this.form.reset();
    this.fieldset.disabled = false;
    this.button.hidden = false;
    this.feedback.textContent = "";
    this.feedback.classList.remove("sq-feedback--shown");
    this.explained.hidden = true;
    this.explained.open = false;
  };

  var page = {
    quizzes: [],
    board: null,

    start: function () {
      var roots = document.querySelectorAll("section.sq[data-scenario]");
      for (var i = 0; i < roots.length; i++) this.quizzes.push(new Quiz(roots[i]));
      this.board = document.querySelector(".sq-score");
      if (this.board) {
        this.board.querySelector(".sq-reset").addEventListener("click", this.reset.bind(this));
      }
      this.restore();
      this.refresh();
    },

    restore: function () {
      var answers = readAll();
      var stale = false;
      this.quizzes.forEach(function (quiz) {
        var saved = answers[quiz.id];
        if (!saved) return;
        var fits = saved && typeof saved === "object" && saved.version === quiz.version &&
          typeof saved.choice === "string" && /^[a-e]$/.test(saved.choice) && quiz.show(saved.choice);
        if (!fits) stale = true;
      });
      if (stale) {
        var ids = this.quizzes.map(function (q) { return q.id; });
        var versions = {};
        this.quizzes.forEach(function (q) { versions[q.id] = q.version; });
        update(function (all) {
          ids.forEach(function (id) {
            var s = all[id];
            if (s && !(s.version === versions[id] && /^[a-e]$/.test(s.choice))) delete all[id];
          });
        });
        notices.push(MESSAGES.changed);
      }
    },

    reset: function () {
      var ids = this.quizzes.map(function (q) { return q.id; });
      update(function (answers) { ids.forEach(function (id) { delete answers[id]; }); });
      this.quizzes.forEach(function (q) { q.clear(); });
      notices.push(MESSAGES.cleared);
      this.refresh();
    },

    refresh: function () {
      if (!this.board) return;
      var answered = 0, points = 0, possible = 0;
      this.quizzes.forEach(function (quiz) {
        var input = quiz.chosen();
        if (!input) return;
        answered += 1;
        points += Number(input.getAttribute("data-points"));
        possible += quiz.maxPoints;
      });
      var total = this.quizzes.length;
      this.board.querySelector(".sq-score-text").textContent = answered === 0
        ? "You have not answered any of the " + total + " scenarios on this page yet."
        : "You have answered " + answered + " of " + total + " scenarios on this page and scored " +
          points + " of a possible " + possible + " points.";
      var notice = this.board.querySelector(".sq-notice");
      notice.textContent = notices.filter(function (m, i) { return notices.indexOf(m) === i; }).join(" ");
      notices = [];
    }
  };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { page.start(); });
  } else {
    page.start();
  }
})();
