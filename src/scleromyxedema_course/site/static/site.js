/* The course site's own script: deck start-up and lazily drawn figures.
 *
 * Figures in the lessons are stored as <div> + Plotly.newPlot(...) without plotly.js.
 * Parsing plotly.js takes over a second and drawing every figure at once blocks the page,
 * so pages do neither up front: this file defines a stand-in window.Plotly that keeps each
 * newPlot call with its figure's <div>. The real plotly.js is loaded after the first slide
 * (or the handout's first screen) is shown; then a figure is drawn when it is shown: in a
 * deck when its slide is the current one, in a handout when it scrolls near the screen
 * (IntersectionObserver). Printing draws every figure first (?print-pdf and beforeprint).
 * Pages without figures never load plotly.js.
 */
(function () {
  "use strict";
  var queue = [];       // {args, resolve, el}: figures not drawn yet
  var loaded = false;
  var SLIDES = ".reveal .slides > section, .reveal .slides > section > section";
  window.Plotly = {
    newPlot: function () {
      var args = arguments;
      var el = typeof args[0] === "string" ? document.getElementById(args[0]) : args[0];
      return new Promise(function (resolve) { queue.push({args: args, resolve: resolve, el: el}); });
    }
  };

  // Draw the figures not drawn yet inside `root` (every one when root is null).
  function drawIn(root) {
    if (!loaded) { return Promise.resolve(); }
    var now = queue.filter(function (item) {
      return !root || !item.el || root === item.el || root.contains(item.el);
    });
    queue = queue.filter(function (item) { return now.indexOf(item) < 0; });
    var drawn = Promise.all(now.map(function (item) {
      return window.Plotly.newPlot.apply(window.Plotly, item.args).then(item.resolve);
    }));
    document.documentElement.setAttribute("data-smx-plots-waiting", String(queue.length));
    return drawn;
  }

  // `first` is what is on screen: its figures are drawn as soon as plotly.js has loaded.
  function loadPlotly(root, first, done) {
    var s = document.createElement("script");
    s.src = root + "vendor/plotly.min.js";
    s.onload = function () {
      loaded = true;
      drawIn(first()).then(function () {
        document.documentElement.setAttribute("data-smx-plots", "drawn");
        if (done) { done(); }
      });
    };
    document.head.appendChild(s);
  }

  function afterPaint(fn) {
    requestAnimationFrame(function () { setTimeout(fn, 0); });
  }

  // The slide on screen is fitted again whenever what it shows changes (a new slide, a
  // fragment, an answer checked, a step opened, a figure drawn), in this order:
  // 1. a slide a little too tall is shrunk (down to 80 %);
  // 2. a revealed block (a quiz question, an opened step) scrolls inside a bounded box;
  // 3. anything still too tall scrolls, with tabindex so the keyboard can too.
  // Nothing is ever cut off.
  function overflow(sec) { return sec.scrollHeight - sec.clientHeight; }

  function fitSlide(sec) {
    if (!sec) { return; }
    var parts = Array.prototype.filter.call(sec.children, function (c) {
      return c.tagName !== "SECTION" && c.tagName !== "ASIDE";
    });
    parts.forEach(function (c) { c.style.zoom = ""; });
    sec.querySelectorAll("[data-smx-bounded]").forEach(function (b) {
      b.style.maxHeight = ""; b.style.overflowY = ""; b.style.boxSizing = "";
      b.removeAttribute("data-smx-bounded");
    });
    var ratio = sec.clientHeight / Math.max(sec.scrollHeight, 1);
    if (ratio < 1 && ratio >= 0.8) {
      var zoom = String(Math.floor(ratio * 100) / 100);
      parts.forEach(function (c) { c.style.zoom = zoom; });
    }
    if (overflow(sec) > 4) {
      // the tallest revealed blocks first: a quiz's summary, a question with its feedback,
      // an opened answer or case step
      var blocks = Array.prototype.filter.call(
        sec.querySelectorAll(".smx-quiz-summary, .smx-q, details[open]"),
        function (b) { return b.offsetHeight > 0; });
      blocks.sort(function (a, b) { return b.offsetHeight - a.offsetHeight; });
      for (var i = 0; i < blocks.length && overflow(sec) > 4; i++) {
        var block = blocks[i];
        if (block.offsetHeight <= 120) { break; }
        block.style.maxHeight = Math.max(block.offsetHeight - overflow(sec) - 4, 120) + "px";
        block.style.overflowY = "auto";
        block.style.boxSizing = "border-box";
        block.setAttribute("data-smx-bounded", "");
        block.setAttribute("tabindex", "0");
      }
    }
    var tall = overflow(sec) > 4;
    sec.classList.toggle("smx-tall", tall);
    if (tall) { sec.setAttribute("tabindex", "0"); } else { sec.removeAttribute("tabindex"); }
  }

  // A legend must never print over an axis or figure title (narrow handouts, deck frames):
  // when it does, it moves to the bottom of the figure, below the axis title, with the room
  // it needs added to the bottom margin. Measured on the drawn figure, once per figure.
  function overlaps(a, b) {
    return !(a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top);
  }
  function untangleLegends(root) {
    if (!root || !window.Plotly.relayout) { return; }
    root.querySelectorAll(".js-plotly-plot").forEach(function (gd) {
      var legend = gd.querySelector("g.legend");
      if (!legend || gd.getAttribute("data-smx-legend") || !gd.offsetWidth) { return; }
      var box = legend.getBoundingClientRect();
      var hit = Array.prototype.some.call(
        gd.querySelectorAll(".g-xtitle text, .g-ytitle text, .g-gtitle text"),
        function (t) { var r = t.getBoundingClientRect(); return r.width > 0 && overlaps(box, r); });
      if (!hit) { return; }
      gd.setAttribute("data-smx-legend", "moved");
      var margin = (gd.layout && gd.layout.margin) || {};
      window.Plotly.relayout(gd, {
        "legend.orientation": "h", "legend.yref": "container", "legend.y": 0,
        "legend.yanchor": "bottom", "legend.x": 0, "legend.xanchor": "left",
        "margin.b": (margin.b || 40) + Math.ceil(box.height) + 12
      });
    });
  }

  function resizePlots(section) {
    if (!section || !window.Plotly.Plots) { return; }
    var resized = Array.prototype.map.call(section.querySelectorAll(".js-plotly-plot"),
      function (gd) { return window.Plotly.Plots.resize(gd); });
    Promise.all(resized).then(function () {
      afterPaint(function () { untangleLegends(section); fitSlide(section); });
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
    document.querySelectorAll(".reveal .smx-quiz:not(.smx-paged)").forEach(function (quiz) {
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


  // ---- Slides that fit the canvas -------------------------------------------------------
  // A slide taller than the canvas is cut into continued slides when the deck starts: the
  // heights are measured in the browser, not guessed. Blocks move, in order, to a new slide
  // that repeats the heading with "(continued)"; a long list, table or definition list is cut
  // between its items (numbered lists keep their numbers, tables their header row). A slide
  // that is only a little too tall is shrunk instead (fitSlide), so no slide is left
  // two-thirds empty for the sake of a few lines.
  var SHRINK_LIMIT = 0.85;   // below this ratio a slide is cut rather than shrunk
  var SKIP = { ASIDE: 1, STYLE: 1, SCRIPT: 1, SECTION: 1 };

  function units(el) {
    return Array.prototype.filter.call(el.children, function (c) {
      return !SKIP[c.tagName] && c.offsetHeight > 0 &&
        (c.textContent.trim() !== "" || c.querySelector("img, svg, canvas, input, .plotly-graph-div"));
    });
  }

  function bottomOf(el, sec) {
    return el.getBoundingClientRect().bottom - sec.getBoundingClientRect().top;
  }

  // Blocks that are never cut inside: a figure, an image, a table row, preformatted text.
  var ATOMIC = ".plotly-graph-div, .smx-figure, svg, img, figure, tr, pre, .smx-q";

  // The innermost element under `el` with more than one visible block, through wrappers.
  function splittable(el) {
    if (el.matches(ATOMIC)) { return null; }
    var kids = units(el);
    while (kids.length === 1 && !kids[0].matches(ATOMIC)) { el = kids[0]; kids = units(el); }
    return kids.length > 1 ? el : null;
  }

  // The element at which the slide is cut: the first block that crosses the limit, or, when
  // that block starts high on the slide (or nothing but a heading would stay behind) and has
  // parts, the first part of it that crosses. When the crossing block cannot be cut (a tall
  // figure), the cut falls after it. Null when nothing can be cut.
  function cutPoint(sec, limit, scale) {
    var container = sec, path = [];
    var secTop = sec.getBoundingClientRect().top;
    for (var depth = 0; depth < 20; depth++) {
      var kids = units(container);
      var over = null;
      for (var i = 0; i < kids.length; i++) {
        if ((kids[i].getBoundingClientRect().bottom - secTop) / scale > limit) { over = kids[i]; break; }
      }
      if (!over) { return null; }
      path.push(over);
      var top = (over.getBoundingClientRect().top - secTop) / scale;
      var inner = splittable(over);
      if (inner && top < limit * 0.5) { container = inner; continue; }
      if (over.tagName === "DD" && over.previousElementSibling &&
          over.previousElementSibling.tagName === "DT") {
        over = over.previousElementSibling;
      }
      if (over.tagName === "TR" && !over.previousElementSibling) { over = null; }
      if (!over || top < 80 || over === kids[0]) {
        if (inner) { container = inner; continue; }
        // cut after the uncuttable block, at the innermost level where something follows it
        for (var k = path.length - 1; k >= 0; k--) {
          var after = path[k].nextElementSibling;
          while (after && (SKIP[after.tagName] || after.offsetHeight === 0)) { after = after.nextElementSibling; }
          if (after) { return after; }
        }
        return null;
      }
      return over;
    }
    return null;
  }

  function shallowClone(el) {
    var c = el.cloneNode(false);
    c.removeAttribute("id");
    if (el.tagName === "OL") {
      var before = 0, li = el.firstElementChild;
      while (li) { if (li.tagName === "LI" && li.getAttribute("data-smx-moved") !== "1") { before++; } li = li.nextElementSibling; }
      c.setAttribute("start", String((parseInt(el.getAttribute("start") || "1", 10)) + before));
    }
    if (el.tagName === "TABLE") {
      var head = el.querySelector(":scope > thead");
      if (head) { c.appendChild(head.cloneNode(true)); }
    }
    return c;
  }

  // Move `point`, its following siblings and those of every ancestor up to `sec` into a new
  // section placed after `sec`; the ancestors are copied without their ids.
  function cutAt(sec, point) {
    var chain = [];
    for (var el = point; el.parentElement !== sec; el = el.parentElement) { chain.unshift(el.parentElement); }
    var next = document.createElement("section");
    next.setAttribute("data-smx-continued", "");
    var target = next, clones = [];
    chain.forEach(function (anc) {
      var c = shallowClone(anc);
      if (anc.tagName === "TABLE" || anc.tagName === "TBODY") { /* header copied above */ }
      target.appendChild(c); clones.push(c); target = c;
    });
    // innermost level: the point and what follows it
    var moving = [];
    for (var m = point; m; m = m.nextElementSibling) { moving.push(m); }
    moving.forEach(function (n) { target.appendChild(n); });
    // each outer level: the siblings after the ancestor
    for (var k = chain.length - 1; k >= 0; k--) {
      var parentTarget = k === 0 ? next : clones[k - 1];
      var after = [];
      for (var s = chain[k].nextElementSibling; s; s = s.nextElementSibling) {
        if (s.tagName !== "ASIDE") { after.push(s); }
      }
      after.forEach(function (n) { parentTarget.appendChild(n); });
    }
    var heading = sec.querySelector("h1, h2, h3");
    if (heading && !next.querySelector("h1, h2, h3")) {
      var h = document.createElement(heading.tagName);
      h.className = "smx-continued";
      h.textContent = heading.textContent.replace(/¶$/, "").replace(/ \(continued\)$/, "") + " (continued)";
      next.insertBefore(h, next.firstChild);
    }
    sec.parentNode.insertBefore(next, sec.nextSibling);
    return next;
  }

  // `only`: cut just that slide (the one on screen at start-up, so it shows at once);
  // without it, every slide (done after the first slide is painted). Returns how many cuts
  // were made (the deck is resynced only when there were some).
  function paginate(only) {
    var cuts = 0;
    if (/smx-nopaginate/.test(window.location.search)) { return cuts; }
    var leaves = only ? [only] : Array.prototype.slice.call(document.querySelectorAll(SLIDES))
      .filter(function (s) { return !s.querySelector(":scope > section"); });
    leaves.forEach(function (sec) {
      if (sec.querySelector(".smx-paged")) { return; }   // quizzes page one question at a time
      var guard = 0;
      var current = sec;
      while (current && guard++ < 40) {
        var stack = current.parentElement.tagName === "SECTION" ? current.parentElement : null;
        var shown = current.style.display, stackShown = stack && stack.style.display;
        current.style.display = "block";
        if (stack) { stack.style.display = "block"; }
        var limit = current.clientHeight;
        var scale = current.getBoundingClientRect().height / Math.max(current.offsetHeight, 1);
        var tall = current.scrollHeight > limit / SHRINK_LIMIT;
        var point = tall ? cutPoint(current, limit, scale) : null;
        var next = point ? cutAt(current, point) : null;
        current.style.display = shown;
        if (stack) { stack.style.display = stackShown; }
        if (next) { cuts += 1; }
        current = next;
      }
    });
    return cuts;
  }

  // A block revealed by a click (a case answer opened, a quiz answer checked) must not push
  // the slide past its frame: the slide is fitted again once the block is shown.
  function watchReveals(deck) {
    var root = document.querySelector(".reveal");
    var refit = function () { afterPaint(function () { fitSlide(deck.getCurrentSlide()); }); };
    root.addEventListener("toggle", refit, true);
    root.addEventListener("click", function (e) {
      if (e.target.closest && e.target.closest("button, summary, input")) { refit(); }
    });
    deck.on("fragmentshown", refit);
    deck.on("fragmenthidden", refit);
  }

  // Keys never change the room's answer: in a deck, the arrow keys, space and page keys move
  // the deck even when a quiz option or button has the focus (a focused radio button would
  // otherwise take → as "select the next option", and reveal.js ignores keys in a form).
  var DECK_KEYS = { ArrowRight: "right", ArrowLeft: "left", ArrowDown: "down", ArrowUp: "up",
                    " ": "next", PageDown: "next", PageUp: "prev" };
  function guardKeys(deck) {
    document.addEventListener("keydown", function (e) {
      var move = DECK_KEYS[e.key];
      var t = e.target;
      if (!move || e.altKey || e.ctrlKey || e.metaKey || !t || !t.closest) { return; }
      if (!t.closest(".reveal .slides") || !t.matches("input, button, select, textarea, summary, label, a, [tabindex]")) { return; }
      if (t.matches("section")) { return; }   // a scrolling slide keeps its own keys
      e.preventDefault();
      e.stopImmediatePropagation();
      t.blur();
      if (e.shiftKey && e.key === " ") { move = "prev"; }
      deck[move]();
    }, true);
  }

  // ---- Later slides ------------------------------------------------------------------
  // The build puts every slide after the first into <template id="smx-later-slides">
  // (site/later.py): the browser reads them but does not build, style or run them before the
  // first slide is shown. They join the deck just after the first slide is on screen, or
  // before reveal.js starts when the deck opens elsewhere than its first slide: a link to a
  // later slide, the speaker view (?receiver), printing (?print-pdf) or any other query.
  // Their scripts (quizzes, figures) run when they join. Returns whether any joined.
  function addLaterSlides() {
    var later = document.getElementById("smx-later-slides");
    if (!later) { return false; }
    later.parentNode.replaceChild(document.importNode(later.content, true), later);
    return true;
  }
  function opensOnFirstSlide() {
    var h = window.location.hash;
    return !window.location.search && (h === "" || h === "#" || h === "#/" || /^#\/0(\/\d+)?$/.test(h));
  }

  // What the deck's slides need before reveal.js sees them: quizzes page their questions,
  // and every slide states its background (none: the theme's white shows through), so
  // reveal.js need not ask the browser for each slide's computed colour (a style
  // recalculation per slide). The look is the same as without the attribute.
  function prepareSlides(printing) {
    if (!printing) { pageQuizzes(); }
    document.querySelectorAll(".reveal .slides section:not([data-background-color])")
      .forEach(function (s) { s.setAttribute("data-background-color", "rgba(0, 0, 0, 0)"); });
  }

  // ---- Speaker view ---------------------------------------------------------------------
  // reveal.js's notes plugin (69 kB with its Markdown reader) is read once every slide is
  // ready, not before the first slide. S opens the speaker view at once from then on (in the
  // key press itself, so no browser takes it for an unwanted pop-up); pressed earlier, it
  // opens it as soon as the plugin is read. The speaker view's slides (?receiver) never need
  // the plugin; ?notes, which opens the speaker view at start, reads it at once.
  function speakerView(root) {
    var loading = null, notes = null, deck = null;
    var receiver = /receiver/i.test(window.location.search);
    function load() {
      if (!loading) {
        loading = new Promise(function (resolve, reject) {
          var s = document.createElement("script");
          s.src = root + "vendor/reveal/plugin/notes/notes.js";
          s.onload = function () {
            if (!deck.hasPlugin("notes")) { deck.registerPlugin(window.RevealNotes); }
            notes = deck.getPlugin("notes");
            resolve(notes);
          };
          s.onerror = reject;
          document.head.appendChild(s);
        });
      }
      return loading;
    }
    return {
      id: "smx-speaker-view",
      load: function () { if (deck && !receiver) { load(); } },
      init: function (d) {
        deck = d;
        if (receiver) { return; }
        if (/[?&]notes/i.test(window.location.search)) { load(); return; }
        deck.addKeyBinding({keyCode: 83, key: "S", description: "Speaker notes view"},
          function () {
            if (notes) { notes.open(); } else { load().then(function (n) { n.open(); }); }
          });
      }
    };
  }

  // Printing: every answer and case step is printed open, every quiz question shown.
  function openForPrint() {
    drawIn(null);
    document.querySelectorAll("details").forEach(function (d) {
      if (!d.open) { d.setAttribute("data-smx-print-opened", ""); d.open = true; }
    });
  }
  function closeAfterPrint() {
    document.querySelectorAll("details[data-smx-print-opened]").forEach(function (d) {
      d.open = false; d.removeAttribute("data-smx-print-opened");
    });
  }
  window.addEventListener("beforeprint", openForPrint);
  window.addEventListener("afterprint", closeAfterPrint);

  window.smxDebug = { cutPoint: cutPoint, cutAt: cutAt, units: units };
  window.smx = {
    startDeck: function (opts) {
      var deck = window.Reveal;
      var printing = /print-pdf/.test(window.location.search);
      var speaker = speakerView(opts.root);
      if (!opensOnFirstSlide()) { addLaterSlides(); }
      if (printing) { openForPrint(); }
      prepareSlides(printing);
      deck.initialize({
        hash: true, controls: true, progress: true, center: false, slideNumber: "c/t",
        transition: "fade", transitionSpeed: "fast", backgroundTransition: "none",
        width: 1024, height: 768, margin: 0.04, viewDistance: 2,
        plugins: [speaker]
      }).then(function () {
        // reveal.js's print layout spreads a tall slide over pages itself: no cutting there.
        // deck.sync() rebuilds every slide's background: only when a slide was cut.
        if (!printing && paginate(deck.getCurrentSlide())) { deck.sync(); }
        // reveal.js marks its frame role="application"; the frame is the page's <main>
        // (a document with slides), so the role goes: keys still work as before.
        deck.getRevealElement().removeAttribute("role");
        guardKeys(deck);
        watchReveals(deck);
        fitSlide(deck.getCurrentSlide());
        syncInert(deck);
        document.documentElement.setAttribute("data-smx-ready", String(performance.now()));
        // After the first slide is on screen (and its font has loaded: on a slow phone the
        // later slides are a long task that would hold its headings back), the later slides
        // join, every slide is cut to fit, then plotly.js is loaded and the figures drawn.
        afterPaint(function () {
          (document.fonts ? document.fonts.ready : Promise.resolve()).then(completeDeck);
        });
        function completeDeck() {
          var joined = addLaterSlides();
          if (joined) { prepareSlides(printing); }
          var cuts = printing ? 0 : paginate();
          if (joined || cuts) {
            deck.sync();
            // sync() leaves new slides unclassed (past, future, stack): slide() to where the
            // deck is sets them, as at start
            var at = deck.getIndices();
            if (joined) { deck.slide(at.h, at.v, at.f); }
            syncInert(deck);
          }
          document.documentElement.setAttribute("data-smx-paginated", "");
          if (!printing) { afterPaint(speaker.load); }
          if (opts.plotly) {
            afterPaint(function () {
              var first = printing ? function () { return null; }
                                   : function () { return deck.getCurrentSlide(); };
              loadPlotly(opts.root, first, function () {
                resizePlots(deck.getCurrentSlide());
                fitSlide(deck.getCurrentSlide());
              });
            });
          }
        }
      });
      deck.on("slidechanged", function (event) {
        syncInert(deck);
        fitSlide(event.currentSlide);
        drawIn(event.currentSlide).then(function () { resizePlots(event.currentSlide); });
      });
    },
    startHandout: function (opts) {
      if (!opts.plotly) { return; }
      // A figure is drawn when it comes within a screen of the window.
      var near = [];
      var watcher = "IntersectionObserver" in window ? new IntersectionObserver(function (entries) {
        entries.forEach(function (e) {
          if (!e.isIntersecting) { return; }
          watcher.unobserve(e.target);
          if (loaded) {
            drawIn(e.target).then(function () { untangleLegends(e.target.parentNode); });
          } else { near.push(e.target); }
        });
      }, {rootMargin: "100% 0px"}) : null;
      afterPaint(function () {
        queue.forEach(function (item) { if (watcher && item.el) { watcher.observe(item.el); } });
        // first: the figures seen before plotly.js loaded (every figure without the observer)
        var first = function () {
          return watcher ? {contains: function (el) { return near.indexOf(el) >= 0; }} : null;
        };
        loadPlotly(opts.root, first, function () { untangleLegends(document); });
      });
    }
  };
})();
