/* SPDX-License-Identifier: MIT */
/* Presenter mode (organiser edition): scenarios full screen for a workshop room.
 *
 * This script decides nothing. Python wrote every slide into the page (presenter.py): the
 * situation, the question, each option with its rating and feedback, and where each option of a
 * scenario in steps leads (data-next). This script only shows them, step by step: the situation,
 * then the options one at a time, then the ratings, then the next scenario. It keeps no score,
 * saves nothing and sends nothing. A classic script (no modules), so it works from file:// too.
 *
 * Keys: Right, Page Down, Space = next step; Left, Page Up = back; Home, End = first and last
 * scenario; R = reveal the ratings; A to E = go with the room's choice (a scenario in steps);
 * Escape = close. The on-screen buttons do the same.
 */
(function () {
  "use strict";

  var root = document.querySelector(".sq-presenter");
  if (!root) return;

  // The option letters, as the model names them (core/model.py LETTERS): written on the page by
  // presenter.py, so the letter keys follow the model, not a copy of it.
  var LETTERS = root.getAttribute("data-letters");
  var stage = root.querySelector(".sq-presenter-stage");
  var heading = root.querySelector(".sq-presenter-title");
  var count = root.querySelector(".sq-presenter-count");
  var status = root.querySelector(".sq-presenter-status");
  var end = root.querySelector(".sq-presenter-end");
  var slides = {}; // scenario id -> its slide
  Array.prototype.forEach.call(root.querySelectorAll(".sq-slide"), function (slide) {
    slides[slide.getAttribute("data-slide")] = slide;
  });

  var show = {
    list: [],    // the scenario ids being presented, in order
    index: 0,    // the place in the list; list.length is the end of the list
    states: [],  // for each scenario, as the room left it: {trail: step ids, shown: options, rated: bool}
    opener: null,
    inert: [],   // what opening made inert, to give back on closing
    wentFullScreen: false
  };

  function fresh(id) { return { trail: [slides[id].getAttribute("data-start")], shown: 0, rated: false }; }

  function children(element, selector) {
    return Array.prototype.filter.call(element.children, function (child) { return child.matches(selector); });
  }

  /* ---- Where we are: the slide, its current step (a question or an ending), and its options ---- */

  function here() {
    if (show.index >= show.list.length) return null;
    var slide = slides[show.list[show.index]];
    var state = show.states[show.index];
    var stepId = state.trail[state.trail.length - 1];
    var step = children(slide, ".sq-slide-step").filter(function (s) { return s.getAttribute("data-step") === stepId; })[0];
    return {
      slide: slide,
      state: state,
      step: step,
      ending: step.hasAttribute("data-ending"),
      options: Array.prototype.slice.call(step.querySelectorAll(".sq-slide-option"))
    };
  }

  function render() {
    var now = here();
    Object.keys(slides).forEach(function (id) { slides[id].hidden = !now || slides[id] !== now.slide; });
    end.hidden = now !== null;
    if (!now) {
      count.textContent = "End of the list";
      return;
    }
    count.textContent = "Scenario " + (show.index + 1) + " of " + show.list.length;
    children(now.slide, ".sq-slide-step").forEach(function (step) { step.hidden = step !== now.step; });
    // A scenario in steps shows its opening with its first scene only; each later scene follows on.
    now.slide.querySelector(".sq-slide-opening").hidden =
      now.slide.getAttribute("data-kind") === "path" && now.step.getAttribute("data-step") !== now.slide.getAttribute("data-start");
    now.options.forEach(function (option, i) {
      option.hidden = i >= now.state.shown;
      option.querySelector(".sq-slide-verdict").hidden = !now.state.rated;
    });
  }

  /* ---- What each step says to a screen reader (the live region) ---- */

  function announce(message) { status.textContent = message; }

  function optionText(option) {
    var text = option.querySelector(".sq-slide-text").textContent;
    return text.replace(/^\s*[A-E]\.\s*/, "");
  }

  function scenarioMessage() {
    var now = here();
    if (!now) return "End of the list";
    return "Scenario " + (show.index + 1) + " of " + show.list.length + ": " +
      now.slide.querySelector(".sq-slide-title").textContent;
  }

  function ratingsMessage(now) {
    var ratings = now.options.map(function (option) {
      return option.getAttribute("data-option").toUpperCase() + " " +
        option.querySelector(".sq-rating").textContent.toLowerCase();
    });
    var message = "Ratings shown: " + ratings.join(", ") + ".";
    if (now.slide.getAttribute("data-kind") === "path") {
      message += " Press the letter of the room's choice to see where it leads, or Next for the next scenario.";
    }
    return message;
  }

  function stepMessage(now) {
    if (now.ending) return now.step.querySelector(".sq-slide-ending-title").textContent;
    return now.step.querySelector(".sq-slide-question").textContent;
  }

  /* ---- Moving through the list ---- */

  function scrollTo(element, where) {
    var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    element.scrollIntoView({ block: where, behavior: still ? "auto" : "smooth" });
  }

  function goTo(index) {
    show.index = Math.max(0, Math.min(index, show.list.length));
    render();
    stage.scrollTop = 0;
    announce(scenarioMessage());
  }

  function next() {
    var now = here();
    if (!now) { announce("End of the list"); return; }
    if (now.ending || now.state.rated) { goTo(show.index + 1); return; }
    if (now.state.shown < now.options.length) {
      now.state.shown += 1;
      render();
      var option = now.options[now.state.shown - 1];
      scrollTo(option, "nearest");
      announce("Option " + option.getAttribute("data-option").toUpperCase() + ": " + optionText(option));
      return;
    }
    reveal();
  }

  function back() {
    var now = here();
    if (!now) { goTo(show.list.length - 1); return; }
    var state = now.state;
    if (state.rated) {
      state.rated = false;
      announce("Ratings hidden");
    } else if (state.shown > 0) {
      state.shown -= 1;
      announce("Option " + LETTERS.charAt(state.shown).toUpperCase() + " hidden");
    } else if (state.trail.length > 1) { // back to the scene before, as the room left it
      state.trail.pop();
      state.shown = here().options.length;
      state.rated = true;
      render();
      announce("Back to: " + stepMessage(here()));
      return;
    } else if (show.index > 0) {
      goTo(show.index - 1);
      return;
    } else {
      announce("This is the first scenario");
    }
    render();
  }

  function reveal() {
    var now = here();
    if (!now || now.ending) { announce("There are no ratings to show here"); return; }
    now.state.shown = now.options.length;
    now.state.rated = true;
    render();
    scrollTo(now.step.querySelector(".sq-slide-question"), "start");
    announce(ratingsMessage(now));
  }

  /* A scenario in steps: go on to the scene or ending that the room's choice leads to. */
  function follow(letter) {
    var now = here();
    if (!now || now.ending || now.slide.getAttribute("data-kind") !== "path") return false;
    var option = now.options.filter(function (o) { return o.getAttribute("data-option") === letter; })[0];
    if (!option) return false;
    if (!now.state.rated) { announce("Show the ratings first: press R"); return true; }
    now.state.trail.push(option.querySelector(".sq-slide-follow").getAttribute("data-next"));
    now.state.shown = 0;
    now.state.rated = false;
    render();
    stage.scrollTop = 0;
    announce(stepMessage(here()));
    return true;
  }

  /* ---- Opening and closing ---- */

  function makeRestInert() { // everything but the presenter: nothing behind it can be reached
    for (var element = root; element && element !== document.body; element = element.parentElement) {
      Array.prototype.forEach.call(element.parentElement.children, function (sibling) {
        if (sibling !== element && !sibling.inert) {
          sibling.inert = true;
          show.inert.push(sibling);
        }
      });
    }
  }

  function open(button) {
    var list = button.getAttribute("data-present").split(" ").filter(function (id) { return slides[id]; });
    if (!list.length) return;
    show.list = list;
    show.states = list.map(fresh);
    show.opener = button;
    heading.textContent = "Presenter mode: " + button.getAttribute("data-present-name");
    root.hidden = false;
    document.documentElement.classList.add("sq-presenting");
    makeRestInert();
    stage.focus();
    goTo(Math.max(0, list.indexOf(button.getAttribute("data-present-start"))));
    // Full screen where the browser allows it; otherwise the presenter already covers the window.
    if (root.requestFullscreen && document.fullscreenEnabled) {
      var asked = root.requestFullscreen();
      if (asked && asked.catch) asked.catch(function () {});
    }
  }

  function close() {
    if (root.hidden) return;
    root.hidden = true;
    show.wentFullScreen = false;
    show.inert.forEach(function (element) { element.inert = false; });
    show.inert = [];
    document.documentElement.classList.remove("sq-presenting");
    status.textContent = "";
    var opener = show.opener;
    var giveFocusBack = function () { if (opener && opener.isConnected) opener.focus(); };
    // While the presenter is full screen the page behind it cannot take focus: leave full screen first.
    if (document.fullscreenElement === root && document.exitFullscreen) {
      var left = document.exitFullscreen();
      if (left && left.then) left.then(giveFocusBack, giveFocusBack);
      else giveFocusBack();
    } else {
      giveFocusBack();
    }
  }

  // The browser takes Escape itself to leave full screen: leaving full screen closes the presenter.
  document.addEventListener("fullscreenchange", function () {
    if (document.fullscreenElement === root) show.wentFullScreen = true;
    else if (show.wentFullScreen) close();
  });

  /* ---- Keys, buttons and focus ---- */

  function keepFocusInside(event) {
    var focusable = Array.prototype.filter.call(root.querySelectorAll("button, [tabindex]"), function (element) {
      return element.tabIndex >= 0 && element.getClientRects().length > 0;
    });
    var first = focusable[0];
    var last = focusable[focusable.length - 1];
    if (event.shiftKey && (document.activeElement === first || !root.contains(document.activeElement))) {
      last.focus();
      event.preventDefault();
    } else if (!event.shiftKey && (document.activeElement === last || !root.contains(document.activeElement))) {
      first.focus();
      event.preventDefault();
    }
  }

  var ACTIONS = {
    ArrowRight: next, PageDown: next, " ": next,
    ArrowLeft: back, PageUp: back,
    Home: function () { goTo(0); },
    End: function () { goTo(show.list.length - 1); },
    r: reveal, R: reveal,
    Escape: close
  };

  function refocus() { // a control that was used may have just been hidden: keep focus in the presenter
    var active = document.activeElement;
    if (!root.hidden && (!root.contains(active) || active.getClientRects().length === 0)) stage.focus();
  }

  document.addEventListener("keydown", function (event) {
    if (root.hidden || event.altKey || event.ctrlKey || event.metaKey) return;
    var onButton = event.target.closest && event.target.closest("button");
    if (onButton && (event.key === " " || event.key === "Enter")) return; // the button's own click
    if (event.key === "Tab") { keepFocusInside(event); return; }
    var action = ACTIONS[event.key];
    var handled = !!action;
    if (action) action();
    else if (event.key.length === 1 && LETTERS.indexOf(event.key.toLowerCase()) >= 0) handled = follow(event.key.toLowerCase());
    if (handled) {
      event.preventDefault();
      event.stopPropagation();
      refocus();
    }
  }, true);

  var BUTTONS = { next: next, back: back, reveal: reveal, close: close };
  Object.keys(BUTTONS).forEach(function (name) {
    root.querySelector(".sq-presenter-" + name).addEventListener("click", function () {
      BUTTONS[name]();
      refocus();
    });
  });
  root.addEventListener("click", function (event) {
    var button = event.target.closest(".sq-slide-follow");
    if (!button) return;
    follow(button.closest(".sq-slide-option").getAttribute("data-option"));
    refocus();
  });
  Array.prototype.forEach.call(document.querySelectorAll(".sq-present"), function (button) {
    button.addEventListener("click", function () { open(button); });
  });
})();
