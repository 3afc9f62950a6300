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
  function init(root) {
    if (!root || root.getAttribute("data-smx-ready")) { return; }
    root.setAttribute("data-smx-ready", "1");
    var data = JSON.parse(root.querySelector("script.smx-quiz-data").textContent);
    var state = {};
    var score = root.querySelector(".smx-quiz-score");
    var summary = root.querySelector(".smx-quiz-summary");
    function update() {
      var ids = Object.keys(state), right = ids.filter(function (k) { return state[k]; }).length;
      score.textContent = ids.length ?
        "Score: " + right + " of " + ids.length + " answered right at the first try (" +
        data.questions.length + " questions)." :
        "Score: no question answered yet (" + data.questions.length + " questions).";
      if (ids.length < data.questions.length) { summary.hidden = true; return; }
      var missed = data.questions.filter(function (q) { return !state[q.id]; });
      var html = "<p><strong>Summary.</strong> You answered " + right + " of " +
        data.questions.length + " questions right at the first try.</p>";
      if (data.lessons) {
        html += "<table><thead><tr><th scope=\"col\">Lesson</th><th scope=\"col\">Right</th>" +
          "<th scope=\"col\">Questions</th></tr></thead><tbody>";
        data.lessons.forEach(function (l) {
          var qs = data.questions.filter(function (q) { return q.lesson === l.slug; });
          var ok = qs.filter(function (q) { return state[q.id]; }).length;
          html += "<tr><td>" + l.title + "</td><td>" + ok + "</td><td>" + qs.length + "</td></tr>";
        });
        html += "</tbody></table>";
      }
      if (missed.length) {
        html += "<p>To review:</p><ul>" + missed.map(function (q) {
          return "<li>Question " + q.number + ": " + q.objectives + "</li>";
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
      check.addEventListener("click", function () {
        var r = grade(q, node);
        out.innerHTML = render(r, q);
        if (!r.answered) { return; }
        if (!(q.id in state)) { state[q.id] = r.correct; }
        setInputs(node, false);
        check.disabled = true;
        retry.hidden = r.correct;
        if (!r.correct) { retry.focus(); }
        update();
      });
      retry.addEventListener("click", function () {
        out.innerHTML = "";
        node.querySelectorAll(".smx-options input").forEach(function (inp) { inp.checked = false; });
        var num = node.querySelector("input.smx-number");
        if (num) { num.value = ""; }
        setInputs(node, true);
        check.disabled = false;
        retry.hidden = true;
        var first = node.querySelector("fieldset input, ol.smx-order button");
        if (first) { first.focus(); }
      });
    });
    score.hidden = false;
    update();
  }
  window.smxQuiz = {init: init, parseNumber: parseNumber, grade: grade, render: render};
})();
