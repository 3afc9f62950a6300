/* Scleromyxedema course: the review schedule in the browser (no DOM, no network).
   The same function as quiz/review.py (docs/learner-record.md, "Review schedule"); both meet
   the shared cases in tests/data/review_schedule_cases.json. */
(function () {
  if (window.smxReview) { return; }
  var INTERVAL = {1: 1, 2: 3, 3: 7, 4: 14, 5: 30};
  var CONFIDENT = ["fairly-sure", "sure"];
  var REASONS = ["confident-error", "wrong", "marked", "scheduled"];
  var DAY = 86400000;
  function answerDay(time) {  // the UTC date of an RFC 3339 time, "YYYY-MM-DD"
    var t = /[zZ]|[+-]\d\d:\d\d$/.test(time) ? time : time + "Z";
    return new Date(t).toISOString().slice(0, 10);
  }
  function addDays(day, n) {
    return new Date(Date.parse(day + "T00:00:00Z") + n * DAY).toISOString().slice(0, 10);
  }
  function state(answers) {  // [box, last outcome, last counted day]
    var box = 1, outcome = "right", last = null;
    var sorted = answers.map(function (a, i) { return [answerDay(a.time), i, a]; });
    sorted.sort(function (x, y) { return x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] - y[1]; });
    sorted.forEach(function (item) {
      var day = item[0], a = item[2];
      if (day === last) { return; }  // later tries the same day are practice
      last = day;
      if (!a.correct) {
        box = 1;
        outcome = CONFIDENT.indexOf(a.certainty) >= 0 ? "confident-error" : "wrong";
      } else {
        outcome = "right";
        if (a.certainty !== "guess") { box = Math.min(box + 1, 5); }
      }
    });
    return [box, outcome, last];
  }
  function schedule(record, today, questions) {
    var known = {}, byQuestion = {}, result = {due: [], next_due: null, clock_warning: false};
    questions.forEach(function (q, i) { known[q] = i; });
    (record.answers || []).forEach(function (a) {
      if (!(a.question in known)) { return; }
      (byQuestion[a.question] = byQuestion[a.question] || []).push(a);
      if (answerDay(a.time) > today) { result.clock_warning = true; }
    });
    var marks = record.marks || {}, marked = {};
    Object.keys(marks).forEach(function (q) {
      if (marks[q] && marks[q].marked && q in known) { marked[q] = true; }
    });
    var items = [], upcoming = [];
    questions.forEach(function (q) {
      if (byQuestion[q]) {
        var s = state(byQuestion[q]), due = addDays(s[2], INTERVAL[s[0]]);
        if (due > today && !marked[q]) { upcoming.push(due); return; }
        var reason = s[1] !== "right" ? s[1] : (marked[q] ? "marked" : "scheduled");
        items.push({question: q, reason: reason, box: s[0], due: due});
      } else if (marked[q]) {
        items.push({question: q, reason: "marked", box: null, due: today});
      }
    });
    // Interleave: within a reason, the n-th item of each lesson before the n+1-th of any.
    var turn = {}, bankOrder = {}, banks = 0;
    var keyed = items.map(function (item, i) {
      var bank = item.question.split("/")[0];
      if (!(bank in bankOrder)) { bankOrder[bank] = banks++; }
      var k = item.reason + "\u0000" + bank, n = turn[k] || 0;
      turn[k] = n + 1;
      return [REASONS.indexOf(item.reason), n, bankOrder[bank], i, item];
    });
    keyed.sort(function (x, y) {
      for (var j = 0; j < 4; j++) { if (x[j] !== y[j]) { return x[j] - y[j]; } }
      return 0;
    });
    result.due = keyed.map(function (k) { return k[4]; });
    upcoming.sort();
    result.next_due = upcoming.length ? upcoming[0] : null;
    return result;
  }
  function counts(result) {
    var c = {};
    REASONS.forEach(function (r) { c[r] = 0; });
    result.due.forEach(function (d) { c[d.reason] += 1; });
    return c;
  }
  window.smxReview = {schedule: schedule, counts: counts, answerDay: answerDay};
})();
