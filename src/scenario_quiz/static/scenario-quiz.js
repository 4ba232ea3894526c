/* SPDX-License-Identifier: MIT */
/* Scenario quizzes in the static book.
 *
 * This script decides nothing. Python writes each quiz's model (markup/quiz.py quiz_model, in the
 * quiz's <script class="sq-model">): each option's points, whether it puts the trainee on the
 * safety review list, where a stepped scenario goes next, and every rating and reason. This script
 * shows them when the trainee answers, adds up the page's score, and keeps the answers in
 * localStorage on this device. Nothing is sent anywhere.
 *
 * One entry point: window.scenarioQuiz.render({ model: model, el: element }), the shape an anywidget
 * or a MyST plugin calls. Given the quiz's section Python wrote, it makes that section answer; given
 * an empty element, it first builds the same markup from the model. It returns a function that takes
 * the quiz off the page's score again. A classic script, not an ES module, so that it also runs
 * from file://; at load it calls render for each quiz on the page.
 */
(function () {
  "use strict";

  /* The course's identity (core/identity.py, set in _config.yml), which the book writes into every
   * page's head: one script serves any course, and each keeps its own saved answers. */
  var COURSE = courseIdentity();
  var STORAGE_KEY = COURSE.answers;
  var FORMAT = 2; // bump when the saved shape changes; older records are migrated or reset with a message
  var RATINGS = ["helpful", "partly helpful", "unhelpful", "harmful"];
  var CONFIDENCE = ["sure", "fairly-sure", "guessing"];
  var MESSAGES = {
    unreadable: "Your saved answers could not be read, so they have been cleared. You can answer again.",
    oldFormat: "Your saved answers were from an older version of this course, so they have been cleared.",
    changed: "A scenario has changed since you answered it, so that answer has been cleared.",
    noStorage: "This browser is not letting the page save answers. They will be lost when you leave the page.",
    cleared: "Your answers on this page have been cleared.",
    chooseFirst: "Choose one of the options first.",
    rateFirst: "Rate every option first.",
    sureFirst: "Say how sure you are first."
  };

  function courseIdentity() {
    var meta = document.querySelector('meta[name="scenario-quiz-course"]');
    var course = null;
    try { course = JSON.parse(meta.getAttribute("content")); } catch (err) { course = null; }
    if (course && typeof course.answers === "string" && typeof course.nickname === "string") return course;
    return { answers: "scenario-quiz:answers", nickname: "scenario-quiz:nickname", format: "scenario-quiz/progress" };
  }

  /* An element's id, made as render.html_id makes it in Python (which says why ids never clash):
   * "sq-", the scenario id, then "--" before each further part. htmlId("al-one", "why", "a") is
   * "sq-al-one--why--a". */
  function htmlId(scenarioId) {
    return ["sq-" + scenarioId].concat(Array.prototype.slice.call(arguments, 1)).join("--");
  }

  /* ---- Saved answers: {format, form, answers: {scenario id: {choice | path | ratings, version, confidence}}}
   * `form` is the final self-assessment's form being taken ("a" or "b"), if any. ---- */

  var notices = [];
  var memory = { answers: {}, form: null }; // this visit's record, used when storage is unavailable

  function readRecord() {
    var raw;
    try {
      raw = window.localStorage.getItem(STORAGE_KEY);
    } catch (err) {
      notices.push(MESSAGES.noStorage);
      return memory;
    }
    if (raw === null) return { answers: {}, form: null };
    var data = null;
    try { data = JSON.parse(raw); } catch (err) { data = null; }
    var valid = data && typeof data === "object" && data.answers && typeof data.answers === "object" &&
      !Array.isArray(data.answers);
    // Format 1 kept the same answer shapes without a form: it reads as format 2 unchanged.
    if (valid && (data.format === FORMAT || data.format === 1)) {
      return { answers: data.answers, form: data.form === "a" || data.form === "b" ? data.form : null };
    }
    notices.push(valid && typeof data.format === "number" ? MESSAGES.oldFormat : MESSAGES.unreadable);
    writeRecord({ answers: {}, form: null });
    return { answers: {}, form: null };
  }

  function writeRecord(record) {
    memory = record;
    try {
      window.localStorage.setItem(STORAGE_KEY, JSON.stringify({ format: FORMAT, form: record.form, answers: record.answers }));
    } catch (err) {
      if (notices.indexOf(MESSAGES.noStorage) < 0) notices.push(MESSAGES.noStorage);
    }
  }

  function readAll() { return readRecord().answers; }

  function update(change) { // read, change, write: keeps answers saved from other pages and tabs
    var record = readRecord();
    change(record.answers, record);
    writeRecord(record);
  }

  /* ---- The final self-assessment's scores, looked up in the model Python wrote ----
   * An item's model gives the points (and safety slip) of every possible answer: `single` by letter,
   * `rate` by letter and rating, `paths` by the letters of a finished path. Returns [points, slip]
   * or null when the saved answer does not fit the item. */
  function itemScore(item, saved) {
    if (!item || !saved || typeof saved !== "object" || saved.version !== item.version) return null;
    if (item.kind === "single") {
      return Object.prototype.hasOwnProperty.call(item.single, saved.choice) ? item.single[saved.choice] : null;
    }
    if (item.kind === "path") {
      var key = Array.isArray(saved.path) ? saved.path.join(",") : null;
      return key !== null && Object.prototype.hasOwnProperty.call(item.paths, key) ? item.paths[key] : null;
    }
    var letters = Object.keys(item.rate);
    var ratings = saved.ratings;
    if (!ratings || typeof ratings !== "object" || Object.keys(ratings).length !== letters.length) return null;
    var points = 0, slip = 0;
    for (var i = 0; i < letters.length; i++) {
      var given = ratings[letters[i]];
      if (RATINGS.indexOf(given) < 0) return null;
      points += item.rate[letters[i]][given][0];
      slip = slip || item.rate[letters[i]][given][1];
    }
    return [points, slip];
  }

  /* One attempt at a form: sums of what itemScore looked up, compared with Python's thresholds. */
  function scoreAttempt(model, formName, answers) {
    var form = model.forms[formName];
    var out = { form: formName, answered: 0, total: 0, max: form.max, slips: [], talk: [], skills: {} };
    var unsure = [];
    Object.keys(form.skills).forEach(function (c) { out.skills[c] = { points: 0, max: form.skills[c].max,
      met: false }; });
    form.ids.forEach(function (id) {
      var item = form.items[id];
      var saved = answers[id];
      var got = itemScore(item, saved);
      if (!got) return;
      out.answered += 1;
      out.total += got[0];
      out.skills[item.competency].points += got[0];
      if (got[1]) out.slips.push(id);
      if (got[0] < item.missedBelow) {
        (model.confident.indexOf(saved.confidence) >= 0 ? out.talk : unsure).push(id);
      }
    });
    out.confidentAndWrong = out.talk.length;
    out.talk = out.talk.concat(unsure);
    out.complete = out.answered === form.ids.length;
    out.pointsMet = out.total >= form.pointsToPass;
    Object.keys(out.skills).forEach(function (c) { out.skills[c].met = out.skills[c].points >= form.skills[c].needed; });
    out.passed = out.complete && out.pointsMet && !(model.gate && out.slips.length > 0);
    return out;
  }

  // The progress page reads and writes the same saved answers, and scores attempts, through this.
  window.scenarioQuizStore = {
    read: readAll,
    readRecord: readRecord,
    update: update,
    itemScore: itemScore,
    scoreAttempt: scoreAttempt,
    takeNotices: function () { var taken = notices; notices = []; return taken; },
    course: COURSE
  };

  /* ---- One question (a simple scenario, or one scene of a stepped one) ---- */

  /* `whyId(letter)` is the id of the explanation of the option with that letter; `options` are the
   * question's options in the model (their points, safety flag and where they lead). */
  function Question(container, whyId, options) {
    var byKey = this.options = {};
    options.forEach(function (option) { byKey[option.key] = option; });
    this.form = container.querySelector(".sq-form");
    this.fieldset = this.form.querySelector("fieldset");
    this.sure = this.form.querySelector(".sq-confidence"); // "How sure are you?", in the assessment only
    this.button = this.form.querySelector(".sq-check");
    this.feedback = container.querySelector(".sq-feedback");
    this.whyId = whyId;
  }

  Question.prototype.explanation = function (choice) { return document.getElementById(this.whyId(choice)); };

  Question.prototype.checked = function () {
    return this.fieldset.querySelector('input[type="radio"]:checked');
  };

  Question.prototype.answered = function () {
    return this.fieldset.disabled ? this.checked() : null;
  };

  Question.prototype.confidence = function () {
    var input = this.sure && this.sure.querySelector("input:checked");
    return input ? input.value : null;
  };

  Question.prototype.onSubmit = function (handler) {
    var question = this;
    this.form.addEventListener("submit", function (event) {
      event.preventDefault();
      var input = question.checked();
      if (!input) question.feedback.textContent = MESSAGES.chooseFirst;
      else if (question.sure && !question.confidence()) question.feedback.textContent = MESSAGES.sureFirst;
      else handler(input);
    });
  };

  function lockConfidence(sure, confidence) {
    if (!sure) return;
    var input = confidence && sure.querySelector('input[value="' + confidence + '"]');
    if (input) input.checked = true;
    sure.disabled = true;
  }

  function shownLetter(input) { return (input.getAttribute("data-shown") || input.value).toUpperCase(); }

  Question.prototype.show = function (choice, confidence) { // lock in `choice` and show its rating and reason
    // The radios Python wrote name the letters this question has: a saved choice must be one of them
    // (compared, never put into a selector, so no saved text can change what is looked up).
    var input = Array.prototype.filter.call(this.fieldset.querySelectorAll('input[type="radio"]'),
      function (radio) { return radio.value === choice; })[0];
    var why = this.explanation(choice);
    if (!input || !why) return null;
    input.checked = true;
    this.fieldset.disabled = true;
    lockConfidence(this.sure, confidence);
    this.button.hidden = true;
    input.parentNode.classList.add("sq-chosen");
    var heading = document.createElement("p");
    heading.className = "sq-you-chose";
    heading.textContent = "You chose " + shownLetter(input) + ".";
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
    if (this.sure) this.sure.disabled = false;
    this.button.hidden = false;
    this.feedback.textContent = "";
    this.feedback.classList.remove("sq-feedback--shown");
  };

  /* Show a question's options (and their explanations) in a new random order, relabelled A, B, C
   * as shown. Saved answers keep the letters of the course's own order (the input values). */
  function shuffleOptions(options, explanationFor) {
    if (options.length < 2) return;
    var order = options.slice();
    for (var i = order.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1));
      var swap = order[i]; order[i] = order[j]; order[j] = swap;
    }
    order.forEach(function (option, position) {
      var shown = "abcde".charAt(position);
      option.parentNode.appendChild(option);
      var value = option.getAttribute("data-option") || option.querySelector("input").value;
      option.querySelectorAll("input").forEach(function (input) { input.setAttribute("data-shown", shown); });
      var why = explanationFor(value);
      [option, why].forEach(function (element) {
        var label = element && element.querySelector(".sq-letter");
        if (label) label.textContent = shown.toUpperCase() + ".";
      });
      if (why) why.parentNode.appendChild(why);
    });
  }

  /* ---- A simple scenario: one question ---- */

  function SingleQuiz(root, model, onAnswer) {
    this.root = root;
    this.id = model.id;
    this.version = model.version;
    this.maxPoints = model.maxPoints;
    var quiz = this;
    this.question = new Question(root, function (key) { return htmlId(quiz.id, "why", key); }, model.options);
    this.explained = root.querySelector(".sq-explained");
    this.explained.hidden = true; // the explanations appear once the trainee has answered
    this.question.onSubmit(function (input) {
      quiz.answer(input.value, quiz.question.confidence());
      quiz.question.feedback.focus();
      onAnswer(quiz);
    });
  }

  SingleQuiz.prototype.answer = function (choice, confidence) {
    if (!this.question.show(choice, confidence)) return false;
    this.explained.hidden = false;
    return true;
  };

  SingleQuiz.prototype.record = function () {
    var input = this.question.answered();
    if (!input) return null;
    var record = { choice: input.value, version: this.version };
    if (this.question.sure) record.confidence = this.question.confidence();
    return record;
  };

  SingleQuiz.prototype.restore = function (saved) {
    return saved.version === this.version && typeof saved.choice === "string" &&
      !!this.answer(saved.choice, saved.confidence);
  };

  SingleQuiz.prototype.chosen = function () { // the model's options the trainee chose
    var input = this.question.answered();
    return input ? [this.question.options[input.value]] : [];
  };

  SingleQuiz.prototype.shuffle = function () {
    var question = this.question;
    shuffleOptions(Array.prototype.slice.call(this.root.querySelectorAll(".sq-option")), function (value) {
      return question.explanation(value);
    });
  };

  SingleQuiz.prototype.clear = function () {
    this.question.clear();
    this.explained.hidden = true;
    this.explained.open = false;
  };

  /* ---- A stepped scenario: walk the scenes as Python linked them (each option's `next`) ---- */

  function PathQuiz(root, model, onAnswer) {
    this.root = root;
    this.id = model.id;
    this.version = model.version;
    this.maxPoints = model.maxPoints;
    this.start = model.start;
    var options = {}; // scene id -> its options in the model
    model.scenes.forEach(function (scene) { options[scene.id] = scene.options; });
    this.scoreLine = root.querySelector(".sq-path-score");
    this.restartButton = root.querySelector(".sq-restart");
    this.map = root.querySelector(".sq-map");
    this.steps = {}; // scene or ending id -> {element, question}
    this.path = [];
    this.sure = null; // the first scene's "How sure are you?" answer, in the assessment
    var quiz = this;
    root.querySelectorAll(".sq-scene, .sq-ending").forEach(function (element) {
      var id = element.getAttribute("data-scene") || element.getAttribute("data-ending");
      var step = { element: element, question: null };
      if (element.classList.contains("sq-scene")) {
        step.question = new Question(element, function (key) { return htmlId(quiz.id, "scene", id, "why", key); },
          options[id]);
        step.question.onSubmit(function (input) {
          var next = quiz.choose(input.value, step.question.confidence());
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
      var question = this.steps[id].question;
      id = question.options[question.answered().value].next;
    }
    return this.steps[id];
  };

  PathQuiz.prototype.choose = function (choice, confidence) { // returns the step revealed next
    var step = this.current();
    if (!step || !step.question) return null;
    var input = step.question.show(choice, confidence);
    if (!input) return null;
    if (this.path.length === 0) this.sure = confidence || null;
    this.path.push(choice);
    var next = this.steps[step.question.options[choice].next];
    next.element.hidden = false;
    if (!next.question) this.finish();
    return next;
  };

  PathQuiz.prototype.finish = function () {
    var score = this.score();
    this.scoreLine.textContent = "You reached an ending: " + score.points + " of a possible " + score.possible +
      " points along your path. " + (this.assessed ? "See every path below." :
      "Start again to try another way, or see every path below.");
    this.restartButton.hidden = !!this.assessed; // in the assessment, one path counts
    this.map.hidden = false;
  };

  PathQuiz.prototype.record = function () {
    if (!this.path.length) return null;
    var record = { path: this.path.slice(), version: this.version };
    if (this.steps[this.start].question.sure) record.confidence = this.sure;
    return record;
  };

  PathQuiz.prototype.restore = function (saved) {
    if (saved.version !== this.version || !Array.isArray(saved.path)) return false;
    for (var i = 0; i < saved.path.length; i++) {
      if (!this.choose(saved.path[i], i === 0 ? saved.confidence : null)) { this.clear(); return false; }
    }
    return true;
  };

  PathQuiz.prototype.chosen = function () {
    var steps = this.steps;
    return Object.keys(steps).map(function (id) {
      var question = steps[id].question;
      var input = question && question.answered();
      return input ? question.options[input.value] : null;
    }).filter(Boolean);
  };

  PathQuiz.prototype.shuffle = function () {
    var quiz = this;
    Object.keys(this.steps).forEach(function (id) {
      var question = quiz.steps[id].question;
      if (!question) return;
      shuffleOptions(Array.prototype.slice.call(question.form.querySelectorAll(".sq-option")), function (value) {
        return question.explanation(value);
      });
    });
  };

  PathQuiz.prototype.clear = function () {
    var quiz = this;
    this.path = [];
    this.sure = null;
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
    var chosen = quiz.chosen();
    if (!chosen.length) return null;
    return {
      points: chosen.reduce(function (sum, option) { return sum + option.points; }, 0),
      possible: quiz.maxPoints * chosen.length,
      review: chosen.some(function (option) { return option.review === true; })
    };
  }
  SingleQuiz.prototype.score = PathQuiz.prototype.score = function () { return score(this); };

  /* ---- Rate every option (final self-assessment): a rating for each option, scored by lookup ---- */

  function RateQuiz(root, model, onAnswer) {
    this.root = root;
    this.id = model.id;
    this.version = model.version;
    this.item = model; // its `rate` table and `max`, as itemScore reads an assessment item
    this.form = root.querySelector(".sq-rate-form");
    this.groups = Array.prototype.slice.call(root.querySelectorAll(".sq-rate-option"));
    this.sure = root.querySelector(".sq-confidence");
    this.button = root.querySelector(".sq-check");
    this.feedback = root.querySelector(".sq-feedback");
    this.explained = root.querySelector(".sq-explained");
    this.explained.hidden = true;
    this.saved = null;
    var quiz = this;
    this.form.addEventListener("submit", function (event) {
      event.preventDefault();
      var ratings = {};
      var missing = quiz.groups.filter(function (group) {
        var input = group.querySelector("input:checked");
        if (input) ratings[group.getAttribute("data-option")] = input.value;
        return !input;
      });
      var sure = quiz.sure.querySelector("input:checked");
      if (missing.length) quiz.feedback.textContent = MESSAGES.rateFirst;
      else if (!sure) quiz.feedback.textContent = MESSAGES.sureFirst;
      else {
        quiz.answer({ ratings: ratings, version: quiz.version, confidence: sure.value });
        quiz.feedback.focus();
        onAnswer(quiz);
      }
    });
  }

  RateQuiz.prototype.answer = function (saved) {
    var got = itemScore(this.item, saved);
    if (!got) return false;
    var quiz = this;
    this.groups.forEach(function (group) {
      var key = group.getAttribute("data-option");
      var given = saved.ratings[key];
      group.querySelectorAll("input").forEach(function (input) { input.checked = input.value === given; });
      group.disabled = true;
      var why = document.getElementById(htmlId(quiz.id, "why", key));
      var earned = quiz.item.rate[key][given][0];
      why.querySelector(".sq-you-rated").textContent = "You rated it " + given + ". ";
      why.querySelector(".sq-points").textContent = " (" + earned + (earned === 1 ? " point" : " points") +
        " for your rating)";
    });
    lockConfidence(this.sure, saved.confidence);
    this.button.hidden = true;
    this.saved = saved;
    this.feedback.textContent = "";
    var line = document.createElement("p");
    line.className = "sq-you-chose";
    line.textContent = "You rated every option: " + got[0] + " of a possible " + this.item.max +
      " points. The course's rating and reason for each option are below.";
    this.feedback.appendChild(line);
    this.feedback.classList.add("sq-feedback--shown");
    this.explained.hidden = false;
    this.explained.open = true;
    return true;
  };

  RateQuiz.prototype.record = function () { return this.saved; };
  RateQuiz.prototype.restore = function (saved) { return this.answer(saved); };

  RateQuiz.prototype.score = function () {
    var got = this.saved && itemScore(this.item, this.saved);
    return got ? { points: got[0], possible: this.item.max, review: got[1] === 1 } : null;
  };

  RateQuiz.prototype.shuffle = function () {
    var quiz = this;
    shuffleOptions(this.groups.slice(), function (value) {
      return document.getElementById(htmlId(quiz.id, "why", value));
    });
  };

  RateQuiz.prototype.clear = function () {
    this.form.reset();
    this.groups.forEach(function (group) { group.disabled = false; });
    this.root.querySelectorAll(".sq-you-rated, .sq-explanations .sq-points").forEach(function (el) {
      el.textContent = "";
    });
    this.sure.disabled = false;
    this.button.hidden = false;
    this.saved = null;
    this.feedback.textContent = "";
    this.feedback.classList.remove("sq-feedback--shown");
    this.explained.hidden = true;
    this.explained.open = false;
  };

  /* ---- The final self-assessment: one form at a time, its result, and the other form ---- */

  function Assessment(root, quizzes) {
    this.root = root;
    this.model = JSON.parse(root.querySelector(".sq-assessment-model").textContent);
    this.quizzes = quizzes; // id -> quiz
    this.status = root.querySelector(".sq-form-status");
    this.result = root.querySelector(".sq-result");
    var assessment = this;
    root.querySelectorAll(".sq-start-form").forEach(function (button) {
      button.addEventListener("click", function () { assessment.begin(button.getAttribute("data-form")); });
    });
    root.querySelector(".sq-other-form").addEventListener("click", function () {
      var names = Object.keys(assessment.model.forms);
      var now = readRecord().form;
      assessment.begin(names[(names.indexOf(now) + 1) % names.length], now);
    });
  }

  Assessment.prototype.formOf = function (quiz) {
    var holder = quiz.root.closest(".sq-assessment-form");
    return holder ? holder.getAttribute("data-form") : null;
  };

  Assessment.prototype.show = function (name) {
    var assessment = this;
    this.root.querySelectorAll(".sq-assessment-form").forEach(function (holder) {
      holder.hidden = holder.getAttribute("data-form") !== name;
    });
    this.root.querySelectorAll(".sq-start-form").forEach(function (button) { button.hidden = !!name; });
    this.status.textContent = name ? "You are taking form " + name.toUpperCase() + ". Its " +
      this.model.forms[name].ids.length + " scenarios are below; the options are in a new order each time." :
      "Choose a form to start. Both test the same skills with different scenarios.";
    if (!name) return;
    this.model.forms[name].ids.forEach(function (id) { if (assessment.quizzes[id]) assessment.quizzes[id].shuffle(); });
  };

  Assessment.prototype.begin = function (name, clearForm) { // start `name`, clearing `clearForm`'s answers
    var assessment = this;
    var cleared = clearForm ? this.model.forms[clearForm].ids : [];
    update(function (answers, record) {
      cleared.forEach(function (id) { delete answers[id]; });
      record.form = name;
    });
    cleared.forEach(function (id) { if (assessment.quizzes[id]) assessment.quizzes[id].clear(); });
    this.show(name);
    page.refresh();
    var first = this.root.querySelector('.sq-assessment-form[data-form="' + name + '"] .sq-form-title');
    if (first) { first.setAttribute("tabindex", "-1"); first.focus(); }
  };

  Assessment.prototype.refresh = function () {
    var record = readRecord();
    var name = record.form;
    var result = this.result;
    var status = result.querySelector(".sq-result-status");
    var body = result.querySelector(".sq-result-body");
    if (!name || !this.model.forms[name]) {
      status.textContent = "Start a form, then answer every scenario to see your result.";
      body.hidden = true;
      return;
    }
    var form = this.model.forms[name];
    var got = scoreAttempt(this.model, name, record.answers);
    if (!got.complete) {
      status.textContent = "You have answered " + got.answered + " of the " + form.ids.length +
        " scenarios in form " + name.toUpperCase() + ". Answer them all to see your result.";
      body.hidden = true;
      return;
    }
    var percent = Math.round(100 * got.total / got.max);
    var verdict;
    if (got.passed) {
      verdict = "That meets the pass mark of " + this.model.passMark + "%" +
        (this.model.gate ? ", with no harmful answer on a safety-critical scenario." : ".");
    } else if (got.pointsMet) {
      verdict = "Your points reach the pass mark of " + this.model.passMark + "%, but on " + got.slips.length +
        " safety-critical scenario" + (got.slips.length === 1 ? "" : "s") + " you chose a harmful option or " +
        "rated one helpful, so the result does not meet the pass mark yet. Go over the scenarios listed below " +
        "before you facilitate, then try the other form.";
    } else {
      verdict = "That is below the pass mark of " + this.model.passMark + "%. Read the modules linked below " +
        "again, talk the listed scenarios through with your organiser, then try the other form.";
    }
    status.textContent = "Form " + name.toUpperCase() + ": you scored " + got.total + " of " + got.max +
      " points (" + percent + "%). " + verdict;
    body.hidden = false;
    result.querySelectorAll("tr[data-competency]").forEach(function (row) {
      var skill = got.skills[row.getAttribute("data-competency")];
      row.hidden = !skill;
      if (!skill) return;
      row.querySelector(".sq-result-points").textContent = skill.points + " of " + skill.max;
      row.querySelector(".sq-result-met").textContent = skill.met ? "Yes" : "Not yet";
    });
    function fill(selector, ids, mark) {
      var box = result.querySelector(selector);
      var list = box.querySelector("ul, ol");
      list.textContent = "";
      ids.forEach(function (id, index) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = "#" + htmlId(id);
        link.textContent = form.items[id].title;
        item.appendChild(link);
        if (mark && index < got.confidentAndWrong) item.appendChild(document.createTextNode(" (you felt sure)"));
        list.appendChild(item);
      });
      box.hidden = ids.length === 0;
    }
    fill(".sq-result-review", got.slips, false);
    fill(".sq-result-talk", got.talk, true);
    result.querySelector(".sq-certificate-offer").hidden = !got.passed;
  };

  /* ---- The page: its quizzes, the score panel, and (on the assessment page) the result ---- */

  var page = {
    quizzes: [],
    board: null,
    assessment: null,

    started: false,

    start: function () {
      var holder = document.querySelector("[data-assessment]");
      var byId = {};
      var roots = document.querySelectorAll("section.sq[data-scenario]");
      for (var i = 0; i < roots.length; i++) {
        var script = roots[i].querySelector("script.sq-model");
        if (script) render({ model: JSON.parse(script.textContent), el: roots[i] });
      }
      this.quizzes.forEach(function (quiz) { byId[quiz.id] = quiz; });
      this.board = document.querySelector(".sq-score");
      if (this.board) this.board.querySelector(".sq-reset").addEventListener("click", this.reset.bind(this));
      if (holder) this.assessment = new Assessment(holder, byId);
      this.started = true;
      this.restore(this.quizzes);
      if (this.assessment) this.assessment.show(readRecord().form);
      this.refresh();
      // Says that the quizzes now answer: the phone benchmark times the page up to this moment.
      document.documentElement.setAttribute("data-sq-ready", "");
    },

    shown: function () { // the quizzes on show: on the assessment page, those of the form being taken
      return this.quizzes.filter(function (quiz) { return !quiz.root.closest(".sq-assessment-form[hidden]"); });
    },

    save: function (quiz) {
      var record = quiz.record();
      update(function (answers) {
        if (record) answers[quiz.id] = record;
        else delete answers[quiz.id];
      });
      this.refresh();
    },

    /* Put a quiz on the page: its score counts, its answers are saved. A quiz added after the page
     * started (render called by another front-end) gets its saved answer straight away. */
    add: function (quiz) {
      quiz.assessed = !!quiz.root.closest(".sq-assessment-form");
      this.quizzes.push(quiz);
      if (this.started) { this.restore([quiz]); this.refresh(); }
    },

    remove: function (quiz) {
      var at = this.quizzes.indexOf(quiz);
      if (at >= 0) { this.quizzes.splice(at, 1); this.refresh(); }
    },

    restore: function (quizzes) {
      var answers = readAll();
      var stale = [];
      quizzes.forEach(function (quiz) {
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
      var assessed = !!this.assessment;
      update(function (answers, record) {
        ids.forEach(function (id) { delete answers[id]; });
        if (assessed) record.form = null;
      });
      this.quizzes.forEach(function (q) { q.clear(); });
      if (this.assessment) this.assessment.show(null);
      notices.push(MESSAGES.cleared);
      this.refresh();
    },

    refresh: function () {
      var shown = this.shown();
      var done = shown.map(function (quiz) { return quiz.score(); }).filter(Boolean);
      var got = done.reduce(function (sum, s) { return sum + s.points; }, 0);
      var possible = done.reduce(function (sum, s) { return sum + s.possible; }, 0);
      if (this.board) {
        var total = shown.length;
        this.board.querySelector(".sq-score-text").textContent = done.length === 0
          ? "You have not answered any of the " + total + " scenarios on this page yet."
          : "You have answered " + done.length + " of " + total + " scenarios on this page and scored " +
            got + " of a possible " + possible + " points.";
        var notice = this.board.querySelector(".sq-notice");
        notice.textContent = notices.filter(function (m, i) { return notices.indexOf(m) === i; }).join(" ");
      }
      notices = [];
      if (this.assessment) this.assessment.refresh();
    }
  };

  /* ---- The quiz's markup from its model, as templates/quiz.j2 writes it (a test compares the two) ---- */

  function make(tag, attrs, children) {
    var element = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === true) element.setAttribute(name, "");
      else if (value !== false && value !== null && value !== undefined) element.setAttribute(name, String(value));
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined || child === false) return;
      element.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return element;
  }

  function withHtml(element, html) { // HTML Python made (Markdown with raw HTML off, a rating badge)
    element.insertAdjacentHTML("beforeend", html);
    return element;
  }

  function letterSpan(key) { return make("span", { "class": "sq-letter" }, [key.toUpperCase() + "."]); }

  function confidenceBox(model, parts) {
    var name = htmlId.apply(null, [model.id].concat(parts, ["sure"]));
    return make("fieldset", { "class": "sq-confidence" }, [make("legend", {}, ["How sure are you of this answer?"])]
      .concat(model.sure.map(function (pair) {
        return make("span", { "class": "sq-confidence-choice" }, [
          make("input", { type: "radio", id: name + "--" + pair[0], name: name, value: pair[0] }),
          make("label", { "for": name + "--" + pair[0] }, [pair[1]])
        ]);
      })));
  }

  function feedbackBox(model, parts) {
    return make("div", { "class": "sq-feedback", id: htmlId.apply(null, [model.id].concat(parts, ["feedback"])),
      "aria-live": "polite", tabindex: "-1" });
  }

  function questionForm(model, parts, asked, options, first) {
    var name = htmlId.apply(null, [model.id].concat(parts));
    var radios = options.map(function (option) {
      return make("div", { "class": "sq-option" }, [
        make("input", { type: "radio", id: name + "--" + option.key, name: name, value: option.key,
          "data-points": option.points, "data-review": option.review ? "true" : null, "data-next": option.next }),
        make("label", { "for": name + "--" + option.key }, [letterSpan(option.key), " " + option.text])
      ]);
    });
    return [
      make("form", { "class": "sq-form" }, [
        make("fieldset", {}, [make("legend", { "class": "sq-question" }, [asked])].concat(radios)),
        model.sure && first ? confidenceBox(model, parts) : null,
        make("button", { type: "submit", "class": "sq-check" }, ["Check my answer"])
      ]),
      feedbackBox(model, parts)
    ];
  }

  function explained(model, parts, option, rate) { // templates/_macros.j2 option_explained
    var verdict = make("p", { "class": "sq-verdict" }, rate ? [make("span", { "class": "sq-you-rated" }),
      "The course rates it "] : []);
    withHtml(verdict, model.ratings[option.rating].badge);
    if (rate) {
      verdict.appendChild(make("span", { "class": "sq-points" })); // filled with the points the trainee's rating earns
    } else {
      verdict.appendChild(document.createTextNode(" "));
      verdict.appendChild(make("span", { "class": "sq-points" },
        ["(" + option.points + (option.points === 1 ? " point)" : " points)")]));
    }
    return make("li", { id: htmlId.apply(null, [model.id].concat(parts, ["why", option.key])), "data-option": option.key }, [
      make("p", { "class": "sq-option-text" }, [letterSpan(option.key), " " + option.text]),
      verdict,
      make("p", { "class": "sq-why" }, [option.why]),
      option.leads ? make("p", { "class": "sq-leads" }, ["Leads to: " + option.leads]) : null
    ]);
  }

  function details(summary, classes, body) {
    return make("details", { "class": classes }, [make("summary", {}, [summary])].concat(body));
  }

  function explanations(model, parts, options, rate) {
    return make("ol", { "class": "sq-explanations" }, options.map(function (option) {
      return explained(model, parts, option, rate);
    }));
  }

  function rateForm(model) {
    return make("form", { "class": "sq-form sq-rate-form" }, [
      make("fieldset", { "class": "sq-rate-all" }, [make("legend", { "class": "sq-question" }, [model.asked + " Rate every option."])]
        .concat(model.options.map(function (option) {
          return make("fieldset", { "class": "sq-rate-option", "data-option": option.key }, [
            make("legend", {}, [letterSpan(option.key), " " + option.text]),
            make("div", { "class": "sq-rate-choices" }, model.scale.map(function (rating) {
              var id = htmlId(model.id, option.key, rating.value.replace(/ /g, "-"));
              return make("span", { "class": "sq-rate-choice" }, [
                make("input", { type: "radio", id: id, name: htmlId(model.id, option.key), value: rating.value }),
                make("label", { "for": id }, [rating.label])
              ]);
            }))
          ]);
        }))),
      confidenceBox(model, []),
      make("button", { type: "submit", "class": "sq-check" }, ["Check my ratings"])
    ]);
  }

  function build(model) {
    var body = [];
    if (model.kind === "single") {
      body = questionForm(model, [], model.asked, model.options, true).concat([
        details("How each option rates, and why", "sq-explained", [explanations(model, [], model.options, false)])]);
    } else if (model.kind === "rate") {
      body = [rateForm(model), feedbackBox(model, []),
        details("How each option rates, and why", "sq-explained", [explanations(model, [], model.options, true)])];
    } else {
      var steps = model.scenes.map(function (scene) {
        return make("div", { "class": "sq-scene", id: htmlId(model.id, "scene", scene.id), "data-scene": scene.id },
          [withHtml(make("div", { "class": "sq-situation" }), scene.situation)]
            .concat(questionForm(model, ["scene", scene.id], scene.asked, scene.options, scene.id === model.start)));
      }).concat(model.endings.map(function (end) {
        return withHtml(make("div", { "class": "sq-ending", id: htmlId(model.id, "ending", end.id), "data-ending": end.id,
          tabindex: "-1" }, [make("p", { "class": "sq-ending-title" }, [make("strong", {}, ["Ending: " + end.title])])]),
          end.text);
      }));
      body = [
        make("div", { "class": "sq-steps", "data-start": model.start }, steps),
        make("p", { "class": "sq-path-score" }),
        make("button", { type: "button", "class": "sq-restart", hidden: true }, ["Start again"]),
        details("See every path: each choice, its rating and where it leads", "sq-explained sq-map", [
          make("ol", { "class": "sq-map-scenes" }, model.scenes.map(function (scene) {
            return make("li", {}, [make("p", { "class": "sq-map-scene" }, [make("strong", {}, [scene.asked])]),
              explanations(model, ["scene", scene.id], scene.options, false)]);
          }))])
      ];
    }
    return make("section", { "class": "sq sq-" + model.kind, id: htmlId(model.id), "data-scenario": model.id,
      "data-kind": model.kind, "data-version": model.version, "data-max-points": model.maxPoints,
      "data-competency": model.competency, "aria-labelledby": htmlId(model.id, "title") }, [
      make("h" + model.level, { "class": "sq-title", id: htmlId(model.id, "title") },
        [make("span", { "class": "sq-kicker" }, [model.kicker + ": "]), model.title]),
      withHtml(make("div", { "class": "sq-situation" }), model.situation),
      model.safetyCritical ? make("p", { "class": "sq-safety" }, [make("strong", {}, ["Safety-critical:"]),
        " a harmful answer here means \"review this before you facilitate\"."]) : null
    ].concat(body, [make("p", { "class": "sq-meta" }, ["Skill: " + model.skill + ". Source: " + model.source])]));
  }

  /* The one entry point (see the top of this file). `el` is the quiz's section as Python wrote it
   * (or holds it), or any element without it, where the quiz is built from `model`. */
  function render(options) {
    var model = options.model, el = options.el;
    var root = [el].concat(Array.prototype.slice.call(el.querySelectorAll("section.sq[data-scenario]")))
      .filter(function (section) { return section.matches("section.sq") && section.getAttribute("data-scenario") === model.id; })[0];
    if (!root) {
      root = build(model);
      el.appendChild(root);
    }
    var save = page.save.bind(page);
    var quiz = model.kind === "rate" ? new RateQuiz(root, model, save) :
      new (model.kind === "path" ? PathQuiz : SingleQuiz)(root, model, save);
    page.add(quiz);
    return function () { page.remove(quiz); };
  }

  window.scenarioQuiz = { render: render };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { page.start(); });
  } else {
    page.start();
  }
})();
