/* Scleromyxedema course: static quiz checker (no kernel, no network).
   Mirrors grading.py. Fields of the quiz data that hold HTML (fb, ok, bad, explanation, cite,
   objectives, lesson titles) were escaped and rendered by Python; every other string from
   the data (unit) is escaped here with esc() before it is inserted. */
(function () {
  if (window.smxQuiz) { return; }
  var NUMBER = /^\s*([-+]?\d+(?:[.,]\d+)?(?:[eE][-+]?\d+)?)\s*([^\d\s].*)?$/;
  function parseNumber(text) {
    var m = NUMBER.exec(text || "");
    if (!m) { return null; }
    var x = parseFloat(m[1].replace(",", "."));
    return isFinite(x) ? x : null;
  }
  function esc(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
  }
  function el(tag, cls, html) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (html !== undefined) { e.innerHTML = html; }
    return e;
  }
  function grade(q, node) {
    var r = {answered: true, correct: false, marks: [], notes: []};
    if (q.type === "single" || q.type === "multiple") {
      var chosen = [];
      node.querySelectorAll(".smx-options input").forEach(function (inp) {
        if (inp.checked) { chosen.push(parseInt(inp.value, 10)); }
      });
      chosen.sort(function (a, b) { return a - b; });
      if (!chosen.length) {
        r.answered = false;
        r.headline = q.type === "single" ? "Choose an answer first." :
          "Choose at least one answer first.";
        return r;
      }
      chosen.forEach(function (i) { r.marks.push({right: q.right.indexOf(i) >= 0, html: q.fb[i]}); });
      var missed = q.right.filter(function (i) { return chosen.indexOf(i) < 0; }).length;
      r.correct = missed === 0 && r.marks.every(function (m) { return m.right; });
      if (q.type === "multiple" && !r.correct && missed) {
        r.notes.push("You left out " + missed + " correct answer" + (missed > 1 ? "s" : "") + ".");
      }
    } else if (q.type === "numeric") {
      var x = parseNumber(node.querySelector("input.smx-number").value);
      if (x === null) {
        r.answered = false;
        r.headline = "Type a number" + (q.unit ? " (in " + esc(q.unit) + ")" : "") + ", e.g. 2 or 0.5.";
        return r;
      }
      r.correct = Math.abs(x - q.answer) <= q.tolerance + 1e-9;
      r.notes.push(r.correct ? q.ok : q.bad);
    } else if (q.type === "ordering") {
      var order = [];
      node.querySelectorAll("ol.smx-order > li").forEach(function (li) {
        order.push(parseInt(li.getAttribute("data-item"), 10));
      });
      var inPlace = order.filter(function (v, pos) { return v === pos; }).length;
      r.correct = inPlace === order.length;
      r.notes.push(r.correct ? q.ok : q.bad);
      if (!r.correct) {
        r.notes.push(inPlace + " of " + order.length + " items are in the right place.");
      }
    }
    r.headline = r.correct ? "Correct." : "Not quite.";
    return r;
  }
  function setInputs(node, enabled) {
    node.querySelectorAll("fieldset input, ol.smx-order button").forEach(function (inp) {
      inp.disabled = !enabled;
    });
  }
  function render(r, q) {
    var html = "<p class=\"" + (r.correct ? "smx-ok" : "smx-wrong") + "\">" +
      (r.answered ? (r.correct ? "✓ " : "✗ ") : "") + r.headline + "</p>";
    if (r.marks.length) {
      html += "<ul class=\"smx-fb-list\">" + r.marks.map(function (m) {
        return "<li><span class=\"" + (m.right ? "smx-ok\">Right" : "smx-wrong\">Wrong") +
          ":</span> " + m.html + "</li>";
      }).join("") + "</ul>";
    }
    r.notes.forEach(function (n) { html += "<p>" + n + "</p>"; });
    if (r.answered && r.correct) { html += "<p>" + q.explanation + "</p>"; }
    if (r.answered) { html += "<p class=\"smx-cite\">" + q.cite + "</p>"; }
    return html;
  }
  function moveItem(li, delta) {
    var list = li.parentNode, sib = delta < 0 ? li.previousElementSibling : li.nextElementSibling;
    if (!sib) { return; }
    if (delta < 0) { list.insertBefore(li, sib); } else { list.insertBefore(sib, li); }
    li.querySelector(delta < 0 ? "button.smx-up" : "button.smx-down").focus();
  }
  /* ---- the learner record in this browser (docs/learner-record.md, format 2) ---- */
  var FORMAT = "smx-learner-record", CERTAINTY = ["guess", "fairly-sure", "sure"];
  var SURE_LABEL = {"guess": "guess", "fairly-sure": "fairly sure", "sure": "sure"};
  var records = {}, CONFIDENT_LEVELS = ["fairly-sure", "sure"];
  function emptyRecord(course) {
    return {format: FORMAT, version: 2, course: {id: course.id, version: course.version},
            answers: [], marks: {}, preferences: {}};
  }
  function when(t) { var x = Date.parse(t); return isNaN(x) ? null : x; }
  function recordProblem(doc, courseId) {  // what is wrong with a record document, or ""
    if (!doc || typeof doc !== "object" || Array.isArray(doc)) {
      return "it is not a learner record (not a JSON object)";
    }
    var v1 = doc.version === 1 && Array.isArray(doc.answers);
    if (doc.format !== FORMAT && !v1) {
      return "field 'format' is " + JSON.stringify(doc.format) + ": it is not a learner record";
    }
    if (typeof doc.version !== "number" || doc.version % 1 || doc.version < 1) {
      return "field 'version' is not a whole number";
    }
    if (doc.version > 2) { return "field 'version' is " + doc.version + ": a newer course wrote it"; }
    if (doc.version > 1 && (!doc.course || doc.course.id !== courseId)) {
      return "field 'course.id' is " + JSON.stringify(doc.course && doc.course.id) +
        ": the record belongs to another course";
    }
    if (!Array.isArray(doc.answers || [])) { return "field 'answers' is not a list"; }
    var bad = "";
    (doc.answers || []).some(function (a, i) {
      if (!a || typeof a.question !== "string" || typeof a.correct !== "boolean" ||
          when(a.time) === null) {
        bad = "answers[" + i + "] needs a question, correct (true/false) and a time";
      } else if (a.certainty !== undefined && CERTAINTY.indexOf(a.certainty) < 0) {
        bad = "answers[" + i + "] field 'certainty' is " + JSON.stringify(a.certainty);
      }
      return !!bad;
    });
    return bad;
  }
  function mergeRecords(mine, theirs) {  // returns the number of answers added
    var key = function (a) { return a.question + "\u0000" + when(a.time) + "\u0000" +
      JSON.stringify(a.response === undefined ? null : a.response); };
    var seen = {};
    mine.answers.forEach(function (a) { seen[key(a)] = true; });
    var added = (theirs.answers || []).filter(function (a) { return !seen[key(a)]; });
    var all = mine.answers.concat(added).map(function (a, i) { return [when(a.time), i, a]; });
    all.sort(function (x, y) { return x[0] - y[0] || x[1] - y[1]; });
    mine.answers = all.map(function (x) { return x[2]; });
    var marks = theirs.marks || {};
    Object.keys(marks).forEach(function (q) {
      var m = marks[q], old = mine.marks[q];
      if (m && typeof m.marked === "boolean" &&
          (!old || (when(m.time) || 0) > (when(old.time) || 0))) { mine.marks[q] = m; }
    });
    var prefs = theirs.preferences || {};
    Object.keys(prefs).forEach(function (k) {
      if (!(k in mine.preferences)) { mine.preferences[k] = prefs[k]; }
    });
    return added.length;
  }
  function openRecord(course) {
    var key = "smx-learner-record:" + course.id + ":" + course.version;
    if (records[key]) { return records[key]; }
    var rec = {key: key, doc: emptyRecord(course), memory: false, note: "", quizzes: []};
    records[key] = rec;
    try {
      var parsed = readStored(rec);
      if (parsed) { rec.doc.course = parsed.course || rec.doc.course; }
    } catch (e) {
      rec.memory = true;
      rec.note = "This browser does not let the page keep your answers: they will be lost " +
        "when the page closes. Save them to a file before you leave.";
    }
    return rec;
  }
  function readStored(rec) {  // merge what this browser keeps into rec.doc; returns it or null
    var raw = window.localStorage.getItem(rec.key);
    if (!raw) { return null; }
    var parsed = null;
    try { parsed = JSON.parse(raw); } catch (e) { parsed = null; }
    var bad = parsed === null ? "it is not valid JSON" : recordProblem(parsed, rec.doc.course.id);
    if (bad) {
      window.localStorage.setItem(rec.key + ":damaged-" + new Date().toISOString(), raw);
      rec.note = "The answers this browser kept could not be read (" + bad + "). They " +
        "were set aside, not deleted, and a new record was started.";
      return null;
    }
    mergeRecords(rec.doc, parsed);
    return parsed;
  }
  function saveRecord(rec) {
    if (rec.memory) { return; }
    try {
      // Another page of the course (a second handout, the review page) may have saved since
      // this one read the record: its answers and marks are taken in first, never written over.
      readStored(rec);
      window.localStorage.setItem(rec.key, JSON.stringify(rec.doc));
    } catch (e) {
      rec.memory = true;
      rec.note = "This browser's storage is full or closed: your latest answers are kept " +
        "only until the page closes. Save them to a file.";
      rec.quizzes.forEach(function (c) { c.status(); });
    }
  }
  function localToday() {
    var d = new Date();
    return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" +
      String(d.getDate()).padStart(2, "0");
  }
  function recordBar(rec, root) {
    var bar = el("div", "smx-record");
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", "Your record");
    bar.innerHTML = "<p class=\"smx-record-where\">Your answers are kept in this browser " +
      "(course version " + esc(rec.doc.course.version) + "). Save them to a file to move " +
      "them to another browser or to JupyterLab.</p>";
    var sure = el("label", "smx-ask-sure");
    var box = el("input");
    box.type = "checkbox";
    box.checked = rec.doc.preferences.certainty === true;
    sure.appendChild(box);
    sure.appendChild(document.createTextNode(" Ask how sure I am"));
    var save = el("button", "smx-export", "Save my answers to a file");
    var load = el("button", "smx-import", "Load answers from a file");
    save.type = load.type = "button";
    var file = el("input");
    file.type = "file";
    file.accept = ".json,application/json";
    file.hidden = true;
    file.setAttribute("aria-label", "Learner record file to load");
    var msg = el("p", "smx-record-msg");
    msg.setAttribute("role", "status");
    [sure, save, load, file, msg].forEach(function (n) { bar.appendChild(n); });
    box.addEventListener("change", function () {
      rec.doc.preferences.certainty = box.checked;
      saveRecord(rec);
      rec.quizzes.forEach(function (c) { c.showCertainty(box.checked); });
    });
    save.addEventListener("click", function () {
      var blob = new Blob([JSON.stringify(rec.doc, null, 1)], {type: "application/json"});
      var a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = "scleromyxedema-record-" + localToday() + ".json";
      document.body.appendChild(a);
      a.click();
      a.remove();
      msg.textContent = "Saved " + rec.doc.answers.length + " answers to " + a.download + ".";
    });
    load.addEventListener("click", function () { file.click(); });
    file.addEventListener("change", function () {
      var f = file.files && file.files[0];
      if (!f) { return; }
      var reader = new FileReader();
      reader.onload = function () {
        var parsed = null;
        try { parsed = JSON.parse(reader.result); } catch (e) { parsed = null; }
        var bad = parsed === null ? "it is not valid JSON" : recordProblem(parsed, rec.doc.course.id);
        if (bad) {
          msg.textContent = f.name + ": " + bad + ". Nothing was loaded; your answers are unchanged.";
        } else {
          var added = mergeRecords(rec.doc, parsed);
          saveRecord(rec);
          rec.quizzes.forEach(function (c) { c.refresh(); });
          msg.textContent = added + " answer" + (added === 1 ? "" : "s") + " added from " + f.name + ".";
        }
        file.value = "";
      };
      reader.readAsText(f);
    });
    root.insertBefore(bar, root.querySelector(".smx-quiz-questions"));
  }
  function responseOf(q, node) {
    if (q.type === "single" || q.type === "multiple") {
      var chosen = [];
      node.querySelectorAll(".smx-options input").forEach(function (inp) {
        if (inp.checked) { chosen.push(parseInt(inp.value, 10)); }
      });
      chosen.sort(function (a, b) { return a - b; });
      return q.type === "single" ? chosen[0] : chosen;
    }
    if (q.type === "numeric") { return node.querySelector("input.smx-number").value; }
    var order = [];
    node.querySelectorAll("ol.smx-order > li").forEach(function (li) {
      order.push(parseInt(li.getAttribute("data-item"), 10));
    });
    return order;
  }
  function applyResponse(q, node, response) {
    if (q.type === "single" || q.type === "multiple") {
      var want = [].concat(response);
      node.querySelectorAll(".smx-options input").forEach(function (inp) {
        inp.checked = want.indexOf(parseInt(inp.value, 10)) >= 0;
      });
    } else if (q.type === "numeric") {
      node.querySelector("input.smx-number").value = response;
    } else if (Array.isArray(response)) {
      var list = node.querySelector("ol.smx-order");
      response.forEach(function (item) {
        var li = list.querySelector("li[data-item=\"" + item + "\"]");
        if (li) { list.appendChild(li); }
      });
    }
  }
  function init(root) {
    if (!root || root.getAttribute("data-smx-ready")) { return; }
    root.setAttribute("data-smx-ready", "1");
    var data = JSON.parse(root.querySelector("script.smx-quiz-data").textContent);
    // A deck is shown to a room: it starts blank every time and keeps nothing.
    var deck = !!(root.closest && root.closest(".reveal"));
    var review = root.getAttribute("data-smx-review") === "1";
    var rec = deck || !data.course ? null : openRecord(data.course);
    var state = {}, sureOf = {}, shown = data.questions;
    var score = root.querySelector(".smx-quiz-score");
    var summary = root.querySelector(".smx-quiz-summary");
    var statusLine = el("p", "smx-record-note");
    statusLine.setAttribute("role", "status");
    score.parentNode.insertBefore(statusLine, score);
    var controls = {};
    function calibration() {
      var rows = CERTAINTY.map(function (level) {
        var ids = shown.filter(function (q) { return q.id in state && sureOf[q.id] === level; });
        var ok = ids.filter(function (q) { return state[q.id]; }).length;
        return [level, ok, ids.length];
      }).filter(function (r) { return r[2]; });
      if (!rows.length) { return ""; }
      return "<table class=\"smx-calibration\"><caption>How sure you were, and how often " +
        "right (first tries)</caption><thead><tr><th scope=\"col\">You said</th>" +
        "<th scope=\"col\">Right</th><th scope=\"col\">Answered</th><th scope=\"col\">Share " +
        "right</th></tr></thead><tbody>" + rows.map(function (r) {
          return "<tr><td>" + SURE_LABEL[r[0]] + "</td><td>" + r[1] + "</td><td>" + r[2] +
            "</td><td>" + Math.round(100 * r[1] / r[2]) + "%</td></tr>";
        }).join("") + "</tbody></table>";
    }
    function update() {
      var ids = shown.filter(function (q) { return q.id in state; });
      var right = ids.filter(function (q) { return state[q.id]; }).length;
      score.textContent = ids.length ?
        "Score: " + right + " of " + ids.length + " answered right at the first try (" +
        shown.length + " questions)." :
        "Score: no question answered yet (" + shown.length + " questions).";
      if (!shown.length || ids.length < shown.length) { summary.hidden = true; return; }
      var missed = shown.filter(function (q) { return !state[q.id]; });
      var confident = function (q) { return CONFIDENT_LEVELS.indexOf(sureOf[q.id]) >= 0; };
      missed.sort(function (a, b) { return confident(b) - confident(a); });  // stable
      var html = "<p><strong>Summary.</strong> You answered " + right + " of " +
        shown.length + " questions right at the first try.</p>";
      if (data.lessons) {
        html += "<table><thead><tr><th scope=\"col\">Lesson</th><th scope=\"col\">Right</th>" +
          "<th scope=\"col\">Questions</th></tr></thead><tbody>";
        data.lessons.forEach(function (l) {
          var qs = shown.filter(function (q) { return q.lesson === l.slug; });
          if (!qs.length) { return; }
          var ok = qs.filter(function (q) { return state[q.id]; }).length;
          html += "<tr><td>" + l.title + "</td><td>" + ok + "</td><td>" + qs.length + "</td></tr>";
        });
        html += "</tbody></table>";
      }
      html += calibration();
      if (missed.length) {
        html += "<p>To review" + (missed.some(confident) ? " (answers you were sure of first: " +
          "they are the ones most worth a second look)" : "") + ":</p><ul>" +
          missed.map(function (q) {
            return "<li>Question " + q.number + (confident(q) ? " (you said " +
              SURE_LABEL[sureOf[q.id]] + ")" : "") + ": " + q.objectives + "</li>";
          }).join("") + "</ul>";
      } else {
        html += "<p>Nothing to review: well done.</p>";
      }
      summary.innerHTML = html;
      summary.hidden = false;
    }
    data.questions.forEach(function (q) {
      var node = document.getElementById(q.dom);
      var actions = node.querySelector(".smx-q-actions");
      var check = el("button", "smx-check", "Check"), retry = el("button", "smx-retry", "Try again");
      check.type = retry.type = "button";
      retry.hidden = true;
      actions.appendChild(check);
      actions.appendChild(retry);
      var c = controls[q.id] = {node: node, check: check, retry: retry};
      if (rec) {
        var mark = c.mark = el("button", "smx-mark", "Mark for review");
        mark.type = "button";
        mark.setAttribute("aria-pressed", "false");
        actions.appendChild(mark);
        mark.addEventListener("click", function () {
          var on = mark.getAttribute("aria-pressed") !== "true";
          mark.setAttribute("aria-pressed", on ? "true" : "false");
          mark.textContent = on ? "Marked for review" : "Mark for review";
          rec.doc.marks[q.id] = {marked: on, time: new Date().toISOString()};
          saveRecord(rec);
        });
        var sure = c.sure = el("div", "smx-certainty");
        sure.setAttribute("role", "radiogroup");
        sure.setAttribute("aria-label", "How sure are you? (question " + q.number + ")");
        sure.innerHTML = "<span class=\"smx-q-hint\">How sure are you?</span> " +
          CERTAINTY.map(function (level) {
            return "<label><input type=\"radio\" name=\"" + q.dom + "-sure\" value=\"" + level +
              "\"> " + SURE_LABEL[level] + "</label>";
          }).join(" ");
        sure.hidden = true;
        actions.parentNode.insertBefore(sure, actions);
      }
      var out = node.querySelector(".smx-q-feedback");
      node.querySelectorAll("ol.smx-order > li").forEach(function (li) {
        var label = li.textContent;
        var up = el("button", "smx-up", "↑"), down = el("button", "smx-down", "↓");
        up.type = down.type = "button";
        up.setAttribute("aria-label", "Move up: " + label);
        down.setAttribute("aria-label", "Move down: " + label);
        up.addEventListener("click", function () { moveItem(li, -1); });
        down.addEventListener("click", function () { moveItem(li, 1); });
        li.appendChild(up); li.appendChild(down);
      });
      c.show = function (r) {  // the checked state of a graded answer
        out.innerHTML = render(r, q);
        setInputs(node, false);
        if (c.sure) { c.sure.querySelectorAll("input").forEach(function (i) { i.disabled = true; }); }
        check.disabled = true;
        retry.hidden = r.correct;
      };
      c.clear = function () {
        out.innerHTML = "";
        node.querySelectorAll(".smx-options input").forEach(function (inp) { inp.checked = false; });
        var num = node.querySelector("input.smx-number");
        if (num) { num.value = ""; }
        setInputs(node, true);
        if (c.sure) {
          c.sure.querySelectorAll("input").forEach(function (i) { i.disabled = false; i.checked = false; });
        }
        check.disabled = false;
        retry.hidden = true;
      };
      check.addEventListener("click", function () {
        var r = grade(q, node);
        out.innerHTML = render(r, q);
        if (!r.answered) { return; }
        var picked = c.sure && !c.sure.hidden ? c.sure.querySelector("input:checked") : null;
        if (!(q.id in state)) {
          state[q.id] = r.correct;
          if (picked) { sureOf[q.id] = picked.value; }
        }
        if (rec) {
          var entry = {question: q.id, bank: q.bank, objectives: q.obj, correct: r.correct,
                       time: new Date().toISOString(), response: responseOf(q, node)};
          if (picked) { entry.certainty = picked.value; }
          rec.doc.answers.push(entry);
          saveRecord(rec);
        }
        c.show(r);
        if (!r.correct) { retry.focus(); }
        update();
      });
      retry.addEventListener("click", function () {
        c.clear();
        var first = node.querySelector("fieldset input, ol.smx-order button");
        if (first) { first.focus(); }
      });
    });
    var controller = {
      status: function () {
        statusLine.textContent = rec ? rec.note : "";
        statusLine.hidden = !statusLine.textContent;
      },
      showCertainty: function (on) {
        data.questions.forEach(function (q) {
          if (controls[q.id].sure) { controls[q.id].sure.hidden = !on; }
        });
      },
      refresh: function () {  // show what the record holds (after loading, after an import)
        state = {};
        sureOf = {};
        if (review) { showDue(); }
        data.questions.forEach(function (q) {
          var c = controls[q.id];
          c.clear();
          if (c.mark) {
            var m = rec.doc.marks[q.id], on = !!(m && m.marked);
            c.mark.setAttribute("aria-pressed", on ? "true" : "false");
            c.mark.textContent = on ? "Marked for review" : "Mark for review";
          }
          if (review) { return; }  // a review starts blank: it is practice again
          var mine = rec.doc.answers.filter(function (a) { return a.question === q.id; });
          if (!mine.length) { return; }
          state[q.id] = mine[0].correct;
          if (mine[0].certainty) { sureOf[q.id] = mine[0].certainty; }
          var last = mine[mine.length - 1];
          if (last.response === undefined) { return; }
          applyResponse(q, c.node, last.response);
          if (last.certainty && c.sure) {
            var inp = c.sure.querySelector("input[value=\"" + last.certainty + "\"]");
            if (inp) { inp.checked = true; }
          }
          var r = grade(q, c.node);
          if (r.answered) { c.show(r); }
        });
        controller.showCertainty(rec.doc.preferences.certainty === true);
        controller.status();
        update();
      }
    };
    var dueLine = null;
    function showDue() {
      var today = root.getAttribute("data-smx-today") ||
        new URLSearchParams(window.location.search).get("smx-today") || localToday();
      var ids = data.questions.map(function (q) { return q.id; });
      var plan = window.smxReview.schedule(rec.doc, today, ids);
      var byId = {};
      data.questions.forEach(function (q) { byId[q.id] = q; });
      shown = plan.due.map(function (d) { return byId[d.question]; });
      var list = root.querySelector(".smx-quiz-questions");
      data.questions.forEach(function (q) { controls[q.id].node.hidden = true; });
      shown.forEach(function (q) { controls[q.id].node.hidden = false; list.appendChild(controls[q.id].node); });
      var n = window.smxReview.counts(plan), parts = [];
      if (n["confident-error"]) { parts.push(n["confident-error"] + " answered wrong while sure"); }
      if (n.wrong) { parts.push(n.wrong + " answered wrong"); }
      if (n.marked) { parts.push(n.marked + " marked"); }
      if (n.scheduled) { parts.push(n.scheduled + " due again"); }
      var text = plan.due.length ?
        plan.due.length + " question" + (plan.due.length === 1 ? "" : "s") + " due today (" +
          parts.join(", ") + ")." :
        (rec.doc.answers.length || Object.keys(rec.doc.marks).length ?
          "Nothing is due today." : "Nothing to review yet: answer the quizzes of the " +
          "lessons (here, in the handouts), and what you miss comes back here.");
      if (plan.next_due) { text += " Next review on " + plan.next_due + "."; }
      if (plan.clock_warning) {
        text += " Some answers are dated after today: this computer's clock may have moved " +
          "back. Nothing was lost.";
      }
      if (!dueLine) {
        dueLine = el("p", "smx-review-due");
        dueLine.setAttribute("role", "status");
        list.parentNode.insertBefore(dueLine, list);
      }
      dueLine.textContent = text;
    }
    score.hidden = false;
    if (rec) {
      rec.quizzes.push(controller);
      if (!document.querySelector(".smx-record")) { recordBar(rec, root); }
      controller.refresh();
    } else {
      update();
    }
  }
  window.smxQuiz = {init: init, parseNumber: parseNumber, grade: grade, render: render};
})();
