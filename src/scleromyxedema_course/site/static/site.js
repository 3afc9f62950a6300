/* The course site's own script: deck start-up and deferred plotly.js.
 *
 * Figures in the lessons are stored as <div> + Plotly.newPlot(...) without plotly.js.
 * Parsing plotly.js takes over a second, so pages do not load it up front: this file
 * defines a stand-in window.Plotly that queues the newPlot calls, and the real plotly.js
 * is loaded after the first slide (or the handout's first screen) is shown, then the
 * queued figures are drawn. Pages without figures never load plotly.js.
 */
(function () {
  "use strict";
  var queue = [];
  var SLIDES = ".reveal .slides > section, .reveal .slides > section > section";
  window.Plotly = {
    newPlot: function () {
      var args = arguments;
      return new Promise(function (resolve) { queue.push([args, resolve]); });
    }
  };

  function loadPlotly(root, done) {
    var s = document.createElement("script");
    s.src = root + "vendor/plotly.min.js";
    s.onload = function () {
      var pending = queue.splice(0);
      Promise.all(pending.map(function (item) {
        return window.Plotly.newPlot.apply(window.Plotly, item[0]).then(item[1]);
      })).then(function () {
        document.documentElement.setAttribute("data-smx-plots", "drawn");
        if (done) { done(); }
      });
    };
    document.head.appendChild(s);
  }

  function afterPaint(fn) {
    requestAnimationFrame(function () { setTimeout(fn, 0); });
  }

  // A slide whose content is a little too tall is shrunk to fit (down to 80 %); one that is
  // still too tall scrolls instead of being cut off, with tabindex so the keyboard can too.
  function markTall(section) {
    if (!section || section.getAttribute("data-smx-fit")) { return; }
    section.setAttribute("data-smx-fit", "1");
    var ratio = section.clientHeight / Math.max(section.scrollHeight, 1);
    if (ratio < 0.98 && ratio >= 0.8) {
      Array.prototype.forEach.call(section.children, function (child) {
        if (child.tagName !== "SECTION" && child.tagName !== "ASIDE") {
          child.style.zoom = String(Math.floor(ratio * 100) / 100);
        }
      });
    }
    var tall = section.scrollHeight > section.clientHeight + 4;
    section.classList.toggle("smx-tall", tall);
    if (tall) { section.setAttribute("tabindex", "0"); } else { section.removeAttribute("tabindex"); }
  }

  function resizePlots(section) {
    if (!section || !window.Plotly.Plots) { return; }
    section.querySelectorAll(".js-plotly-plot").forEach(function (gd) {
      window.Plotly.Plots.resize(gd);
    });
  }

  // Slides that are not shown are hidden from assistive technology and from the tab
  // order (reveal.js marks them aria-hidden; "inert" also takes their links out of focus).
  function syncInert(deck) {
    document.querySelectorAll(SLIDES).forEach(function (s) {
      var shown = s.classList.contains("present");
      if (shown) { s.removeAttribute("inert"); } else { s.setAttribute("inert", ""); }
    });
    var current = deck.getCurrentSlide();
    if (current) {
      current.removeAttribute("inert");
      var parent = current.parentElement;
      if (parent && parent.tagName === "SECTION") { parent.removeAttribute("inert"); }
    }
  }

  // In a deck a quiz shows one question at a time, so each fits the screen: the questions
  // after the first become fragments (the arrow keys and space step through them) and the
  // stylesheet shows only the latest one reached. Handouts keep the whole list.
  function pageQuizzes() {
    document.querySelectorAll(".reveal .smx-quiz").forEach(function (quiz) {
      var questions = quiz.querySelectorAll(".smx-q");
      if (questions.length < 2) { return; }
      quiz.classList.add("smx-paged");
      questions.forEach(function (q, i) { if (i) { q.classList.add("fragment"); } });
      var hint = document.createElement("span");
      hint.className = "smx-q-hint smx-page-hint";
      hint.textContent = " Next question: → or space.";
      quiz.querySelector(".smx-quiz-title").appendChild(hint);
    });
  }

  window.smx = {
    startDeck: function (opts) {
      var deck = window.Reveal;
      pageQuizzes();
      deck.initialize({
        hash: true, controls: true, progress: true, center: false, slideNumber: "c/t",
        transition: "fade", transitionSpeed: "fast", backgroundTransition: "none",
        width: 1024, height: 768, margin: 0.04, viewDistance: 2,
        plugins: window.RevealNotes ? [window.RevealNotes] : []
      }).then(function () {
        var current = deck.getCurrentSlide();
        markTall(current);
        syncInert(deck);
        document.documentElement.setAttribute("data-smx-ready", String(performance.now()));
        if (opts.plotly) {
          afterPaint(function () {
            loadPlotly(opts.root, function () { resizePlots(deck.getCurrentSlide()); });
          });
        }
      });
      deck.on("slidechanged", function (event) {
        markTall(event.currentSlide);
        syncInert(deck);
        resizePlots(event.currentSlide);
      });
    },
    startHandout: function (opts) {
      if (opts.plotly) { afterPaint(function () { loadPlotly(opts.root); }); }
    }
  };
})();
