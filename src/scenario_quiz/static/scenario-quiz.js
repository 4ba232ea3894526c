/* Scenario quizzes in the static book.
 *
 * This script decides nothing. Python wrote each option's points (data-points), whether it
 * puts the trainee on the safety review list (data-review), where a stepped scenario goes next
 * (data-next), and every rating and reason (the <li id="...-why-LETTER"> explanations) into the
 * page at build time. This script shows them when the trainee answers, adds up the page's
 * score, and keeps the answers in localStorage on this device. Nothing is sent anywhere.
 */
(function () {
  "use strict";

  var STORAGE_KEY = "diabetes-peer-support-course:answers";
  var FORMAT = 1; // bump when the saved shape changes; older records are reset with a message
  var LETTER = /^[a-e]$/;
  var MESSAGES = {
    unreadable: "Your saved answers could not be read, so they have been cleared. You can answer again.",
    oldFormat: "Your saved answers were from an older version of this course, so they have been cleared.",
    changed: "A scenario has changed since you answered it, so that answer has been cleared.",
    noStorage: "This browser is not letting the page save answers. They will be lost when you leave the page.",
    cleared: "Your answers on this page have been cleared.",
    chooseFirst: "Choose one of the options first."
  };

  /* ---- Saved answers: {format, answers: {scenario id: {choice | path, version}}} ---- */

  var notices = [];
  var memory = {}; // this visit's answers, used when storage is unavailable

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

  // The progress page reads and writes the same saved answers through this.
  window.scenarioQuizStore = {
    read: readAll,
    update: update,
    takeNotices: function () { var taken = notices; notices = []; return taken; }
  };

  /* ---- One question (a simple scenario, or one scene of a stepped one) ---- */

  function Question(container, whyPrefix) {
    this.form = container.querySelector(".sq-form");
    this.fieldset = this.form.querySelector("fieldset");
    this.button = this.form.querySelector(".sq-check");
    this.feedback = container.querySelector(".sq-feedback");
    this.whyPrefix = whyPrefix;
  }

  Question.prototype.checked = function () {
    return this.form.querySelector('input[type="radio"]:checked');
  };

  Question.prototype.answered = function () {
    return this.fieldset.disabled ? this.checked() : null;
  };

  Question.prototype.onSubmit = function (handler) {
    var question = this;
    this.form.addEventListener("submit", function (event) {
      event.preventDefault();
      var input = question.checked();
      if (input) handler(input);
      else question.feedback.textContent = MESSAGES.chooseFirst;
    });
  };

  Question.prototype.show = function (choice) { // lock in `choice` and show its rating and reason
    var input = this.form.querySelector('input[type="radio"][value="' + choice + '"]');
    var why = document.getElementById(this.whyPrefix + choice);
    if (!input || !why) return null;
    input.checked = true;
    this.fieldset.disabled = true;
    this.button.hidden = true;
    input.parentNode.classList.add("sq-chosen");
    var heading = document.createElement("p");
    heading.className = "sq-you-chose";
    heading.textContent = "You chose " + choice.toUpperCase() + ".";
    this.feedback.textContent = "";
    this.feedback.appendChild(heading);
    this.feedback.appendChild(why.querySelector(".sq-verdict").cloneNode(true));
    this.feedback.appendChild(why.querySelector(".sq-why").cloneNode(true));
    this.feedback.classList.add("sq-feedback--shown");
    return input;
  };

  Question.prototype.clear = function () {
    var chosen = this.form.querySelector(".sq-chosen");
    if (chosen) chosen.classList.remove("sq-chosen");
    this.form.reset();
    this.fieldset.disabled = false;
    this.button.hidden = false;
    this.feedback.textContent = "";
    this.feedback.classList.remove("sq-feedback--shown");
  };

  function points(input) { return Number(input.getAttribute("data-points")); }

  /* ---- A simple scenario: one question ---- */

  function SingleQuiz(root, onAnswer) {
    this.root = root;
    this.id = root.getAttribute("data-scenario");
    this.version = root.getAttribute("data-version");
    this.maxPoints = Number(root.getAttribute("data-max-points"));
    this.question = new Question(root, "sq-" + this.id + "-why-");
    this.explained = root.querySelector(".sq-explained");
    this.explained.hidden = true; // the explanations appear once the trainee has answered
    var quiz = this;
    this.question.onSubmit(function (input) {
      quiz.answer(input.value);
      quiz.question.feedback.focus();
      onAnswer(quiz);
    });
  }

  SingleQuiz.prototype.answer = function (choice) {
    if (!this.question.show(choice)) return false;
    this.explained.hidden = false;
    return true;
  };

  SingleQuiz.prototype.record = function () {
    var input = this.question.answered();
    return input ? { choice: input.value, version: this.version } : null;
  };

  SingleQuiz.prototype.restore = function (saved) {
    return saved.version === this.version && LETTER.test(saved.choice) && this.answer(saved.choice);
  };

  SingleQuiz.prototype.inputs = function () {
    var input = this.question.answered();
    return input ? [input] : [];
  };

  SingleQuiz.prototype.clear = function () {
    this.question.clear();
    this.explained.hidden = true;
    this.explained.open = false;
  };

  /* ---- A stepped scenario: walk the scenes Python linked with data-next ---- */

  function PathQuiz(root, onAnswer) {
    this.root = root;
    this.id = root.getAttribute("data-scenario");
    this.version = root.getAttribute("data-version");
    this.maxPoints = Number(root.getAttribute("data-max-points"));
    this.start = root.querySelector(".sq-steps").getAttribute("data-start");
    this.scoreLine = root.querySelector(".sq-path-score");
    this.restartButton = root.querySelector(".sq-restart");
    this.map = root.querySelector(".sq-map");
    this.steps = {}; // scene or ending id -> {element, question}
    this.path = [];
    var quiz = this;
    root.querySelectorAll(".sq-scene, .sq-ending").forEach(function (element) {
      var id = element.getAttribute("data-scene") || element.getAttribute("data-ending");
      var step = { element: element, question: null };
      if (element.classList.contains("sq-scene")) {
        step.question = new Question(element, "sq-" + quiz.id + "--" + id + "-why-");
        step.question.onSubmit(function (input) {
          var next = quiz.choose(input.value);
          (next && next.question ? step.question.feedback : (next || step).element).focus();
          onAnswer(quiz);
        });
      }
      quiz.steps[id] = step;
    });
    this.restartButton.addEventListener("click", function () {
      quiz.clear();
      onAnswer(quiz); // saves the now empty path, which removes it
      quiz.steps[quiz.start].element.querySelector("input").focus();
    });
    this.clear();
  }

  PathQuiz.prototype.current = function () { // the scene waiting for an answer, or the ending reached
    var id = this.start;
    for (var i = 0; i < this.path.length; i++) {
      var input = this.steps[id].question.answered();
      id = input.getAttribute("data-next");
    }
    return this.steps[id];
  };

  PathQuiz.prototype.choose = function (choice) { // returns the step revealed next
    var step = this.current();
    if (!step || !step.question) return null;
    var input = step.question.show(choice);
    if (!input) return null;
    this.path.push(choice);
    var next = this.steps[input.getAttribute("data-next")];
    next.element.hidden = false;
    if (!next.question) this.finish();
    return next;
  };

  PathQuiz.prototype.finish = function () {
    var score = this.score();
    this.scoreLine.textContent = "You reached an ending: " + score.points + " of a possible " + score.possible +
      " points along your path. Start again to try another way, or see every path below.";
    this.restartButton.hidden = false;
    this.map.hidden = false;
  };

  PathQuiz.prototype.record = function () {
    return this.path.length ? { path: this.path.slice(), version: this.version } : null;
  };

  PathQuiz.prototype.restore = function (saved) {
    if (saved.version !== this.version || !Array.isArray(saved.path)) return false;
    for (var i = 0; i < saved.path.length; i++) {
      if (!LETTER.test(saved.path[i]) || !this.choose(saved.path[i])) { this.clear(); return false; }
    }
    return true;
  };

  PathQuiz.prototype.inputs = function () {
    var steps = this.steps;
    return Object.keys(steps).map(function (id) { return steps[id].question && steps[id].question.answered(); })
      .filter(Boolean);
  };

  PathQuiz.prototype.clear = function () {
    var quiz = this;
    this.path = [];
    Object.keys(this.steps).forEach(function (id) {
      var step = quiz.steps[id];
      if (step.question) step.question.clear();
      step.element.hidden = id !== quiz.start;
    });
    this.scoreLine.textContent = "";
    this.restartButton.hidden = true;
    this.map.hidden = true;
    this.map.open = false;
  };

  /* Both kinds score the same way: the points Python gave each chosen option. */
  function score(quiz) {
    var inputs = quiz.inputs();
    if (!inputs.length) return null;
    return {
      points: inputs.reduce(function (sum, input) { return sum + points(input); }, 0),
      possible: quiz.maxPoints * inputs.length,
      review: inputs.some(function (input) { return input.getAttribute("data-review") === "true"; })
    };
  }
  SingleQuiz.prototype.score = PathQuiz.prototype.score = function () { return score(this); };

  /* ---- The page: its quizzes, the score panel, and (on the assessment page) the result ---- */

  var page = {
    quizzes: [],
    board: null,

    start: function () {
      var save = this.save.bind(this);
      var roots = document.querySelectorAll("section.sq[data-scenario]");
      for (var i = 0; i < roots.length; i++) {
        var Kind = roots[i].getAttribute("data-kind") === "path" ? PathQuiz : SingleQuiz;
        this.quizzes.push(new Kind(roots[i], save));
      }
      this.board = document.querySelector(".sq-score");
      if (this.board) this.board.querySelector(".sq-reset").addEventListener("click", this.reset.bind(this));
      var shuffle = document.querySelector(".sq-shuffle");
      if (shuffle) shuffle.addEventListener("click", this.shuffle.bind(this));
      this.restore();
      this.refresh();
    },

    save: function (quiz) {
      var record = quiz.record();
      update(function (answers) {
        if (record) answers[quiz.id] = record;
        else delete answers[quiz.id];
      });
      this.refresh();
    },

    restore: function () {
      var answers = readAll();
      var stale = [];
      this.quizzes.forEach(function (quiz) {
        var saved = answers[quiz.id];
        if (saved && !(typeof saved === "object" && quiz.restore(saved))) stale.push(quiz.id);
      });
      if (stale.length) {
        update(function (all) { stale.forEach(function (id) { delete all[id]; }); });
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

    shuffle: function () { // the assessment's optional shuffled order
      var box = document.querySelector(".sq-assessment-items");
      var items = Array.prototype.slice.call(box.children);
      for (var i = items.length - 1; i > 0; i--) {
        var j = Math.floor(Math.random() * (i + 1));
        var swap = items[i]; items[i] = items[j]; items[j] = swap;
      }
      items.forEach(function (item) { box.appendChild(item); });
    },

    refresh: function () {
      var scores = this.quizzes.map(function (quiz) { return { quiz: quiz, score: quiz.score() }; });
      var done = scores.filter(function (s) { return s.score; });
      var got = done.reduce(function (sum, s) { return sum + s.score.points; }, 0);
      var possible = done.reduce(function (sum, s) { return sum + s.score.possible; }, 0);
      if (this.board) {
        var total = this.quizzes.length;
        this.board.querySelector(".sq-score-text").textContent = done.length === 0
          ? "You have not answered any of the " + total + " scenarios on this page yet."
          : "You have answered " + done.length + " of " + total + " scenarios on this page and scored " +
            got + " of a possible " + possible + " points.";
        var notice = this.board.querySelector(".sq-notice");
        notice.textContent = notices.filter(function (m, i) { return notices.indexOf(m) === i; }).join(" ");
      }
      notices = [];
      var result = document.querySelector(".sq-result");
      if (result) showResult(result, scores, done, got, possible);
    }
  };

  function showResult(result, scores, done, got, possible) {
    var status = result.querySelector(".sq-result-status");
    var body = result.querySelector(".sq-result-body");
    if (done.length < scores.length) {
      status.textContent = "You have answered " + done.length + " of " + scores.length +
        " scenarios. Answer them all to see your result.";
      body.hidden = true;
      return;
    }
    var toPass = Number(result.getAttribute("data-points-to-pass"));
    var passMark = result.getAttribute("data-pass-mark");
    status.textContent = "You scored " + got + " of " + possible + " points. " + (got >= toPass
      ? "That meets the pass mark of " + passMark + "%."
      : "That is below the pass mark of " + passMark + "%. Read the modules linked below again, then try once more.");
    body.hidden = false;
    result.querySelectorAll("tr[data-competency]").forEach(function (row) {
      var mine = done.filter(function (s) {
        return s.quiz.root.getAttribute("data-competency") === row.getAttribute("data-competency");
      });
      var p = mine.reduce(function (sum, s) { return sum + s.score.points; }, 0);
      var of = mine.reduce(function (sum, s) { return sum + s.score.possible; }, 0);
      row.querySelector(".sq-result-points").textContent = p + " of " + of;
    });
    var list = result.querySelector(".sq-result-review ul");
    list.textContent = "";
    done.filter(function (s) { return s.score.review; }).forEach(function (s) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = "#" + s.quiz.root.id;
      link.textContent = s.quiz.root.querySelector(".sq-title").textContent.replace(/^Scenario[^:]*: /, "");
      item.appendChild(link);
      list.appendChild(item);
    });
    result.querySelector(".sq-result-review").hidden = list.children.length === 0;
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { page.start(); });
  } else {
    page.start();
  }
})();
