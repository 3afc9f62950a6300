"""The learner record in the static face, in Chromium: answers kept across reloads, marks,
certainty, the review page, export to a file and import into the kernel's record and back.

Pages are the quizzes' own static HTML (what handouts and stored notebooks show), opened over
file:// like a handout from a USB stick; each test gets a fresh browser context (empty storage).
"""

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from scleromyxedema_course.quiz import load_all, load_bank, static
from scleromyxedema_course.quiz.model import Bank
from scleromyxedema_course.quiz.progress import ProgressStore

CASES = json.loads((Path(__file__).parents[1] / "data" / "review_schedule_cases.json").read_text())


def _page(path: Path, body: str) -> Path:
    path.write_text('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title>'
                    f"</head><body>{body}</body></html>", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("record")
    bank = load_bank("therapy")
    everything = [q for b in load_all() for q in b.questions]
    review = Bank("review", "Review: due today", tuple(everything))
    return {
        "handout": _page(tmp / "handout.html", static.render(bank, list(bank.questions),
                                                             "quiz-therapy")),
        "review": _page(tmp / "review.html", static.render(
            review, everything, "quiz-review", title="Review: due today", review=True)),
        "deck": _page(tmp / "deck.html", '<div class="reveal"><div class="slides">'
                      + static.render(bank, list(bank.questions), "quiz-therapy") + "</div></div>"),
        "bank": bank,
        "singles": _page(tmp / "workup.html", static.render(
            load_bank("work-up-and-follow-up"),
            list(load_bank("work-up-and-follow-up").questions), "quiz-workup")),
    }


@pytest.fixture
def context(browser):
    ctx = browser.new_context(accept_downloads=True)
    errors = []
    ctx.on("weberror", lambda e: errors.append(str(e.error)))
    yield ctx
    ctx.close()
    assert errors == []


def _open(ctx, path: Path, query: str = ""):
    page = ctx.new_page()
    page.goto(path.as_uri() + query)
    page.wait_for_selector(".smx-quiz[data-smx-ready]")
    return page


# The learner records this browser keeps (one per course version), as a page reads them.
RECORDS = ("() => JSON.stringify(Object.keys(localStorage).sort()"
           ".filter(k => k.startsWith('smx-learner-record:')).map(k => localStorage[k]))")


def _stored_records(page) -> list[dict]:
    return [json.loads(r) for r in json.loads(page.evaluate(RECORDS))]


def _wait_until_seen(page, by) -> None:
    """Wait until ``by`` (another page of the same browser) reads the learner record that
    ``page`` reads.

    Chromium hands a page's localStorage writes to its storage service asynchronously; a page in
    another renderer (every new page here is one) sees a save only once the service has it. A
    learner takes seconds between answering and reloading, a test milliseconds: so a test that
    reloads first waits for the service to hold what the page saved (CI once reloaded before)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    saved = page.evaluate(RECORDS)
    try:
        by.wait_for_function(f"saved => ({RECORDS})() === saved", arg=saved, timeout=10_000)
    except PlaywrightTimeout:
        raise AssertionError(f"the other page never read this page's record:\n{saved}\n"
                             f"it reads\n{by.evaluate(RECORDS)}") from None


def _reload_once_kept(page) -> None:
    watcher = page.context.new_page()
    watcher.goto(page.url)
    _wait_until_seen(page, by=watcher)
    watcher.close()
    page.reload()
    page.wait_for_selector(".smx-quiz[data-smx-ready]")


def _wrong_option(q) -> int:
    return next(i for i in range(len(q.options)) if i not in q.correct_indices())


def _answer(page, q, option: int, sure: str | None = None):
    node = page.locator(f'[data-qid="{q.id}"]')
    node.locator(f'.smx-options input[value="{option}"]').check()
    if sure:
        node.locator(f'.smx-certainty input[value="{sure}"]').check()
    node.locator("button.smx-check").click()
    return node


def test_answers_marks_and_certainty_survive_a_reload(context, pages):
    q1, q2 = [q for q in pages["bank"].questions if q.type == "single"][:2]
    page = _open(context, pages["handout"])
    assert page.locator(".smx-certainty").first.is_hidden()  # off by default
    page.locator(".smx-ask-sure input").check()
    node = _answer(page, q1, _wrong_option(q1), sure="sure")
    assert "Not quite" in node.locator(".smx-q-feedback").inner_text()
    page.locator(f'[data-qid="{q2.id}"] button.smx-mark').click()
    _reload_once_kept(page)
    node = page.locator(f'[data-qid="{q1.id}"]')
    assert node.locator(f'.smx-options input[value="{_wrong_option(q1)}"]').is_checked()
    assert "Not quite" in node.locator(".smx-q-feedback").inner_text()
    assert node.locator("button.smx-retry").is_visible()
    assert node.locator('.smx-certainty input[value="sure"]').is_checked()
    assert page.locator(".smx-quiz-score").inner_text().startswith(
        "Score: 0 of 1 answered right at the first try")
    mark = page.locator(f'[data-qid="{q2.id}"] button.smx-mark')
    assert mark.get_attribute("aria-pressed") == "true" and mark.inner_text() == "Marked for review"
    assert page.locator(".smx-ask-sure input").is_checked()

    # A number typed and an order given come back too.
    numeric = next(q for q in pages["bank"].questions if q.type == "numeric")
    ordering = next(q for q in pages["bank"].questions if q.type == "ordering")
    page.locator(f'[data-qid="{numeric.id}"] input.smx-number').fill("12345")
    page.locator(f'[data-qid="{numeric.id}"] button.smx-check').click()
    node = page.locator(f'[data-qid="{ordering.id}"]')
    given = node.locator("ol.smx-order > li").evaluate_all(
        "lis => lis.map(li => li.getAttribute('data-item'))")
    node.locator("button.smx-down").first.click()
    node.locator("button.smx-check").click()
    _reload_once_kept(page)
    assert page.locator(f'[data-qid="{numeric.id}"] input.smx-number').input_value() == "12345"
    after = page.locator(f'[data-qid="{ordering.id}"] ol.smx-order > li').evaluate_all(
        "lis => lis.map(li => li.getAttribute('data-item'))")
    assert after == [given[1], given[0], *given[2:]]


def test_two_pages_of_the_course_open_at_once_keep_each_others_answers(context, pages):
    """A learner with two pages of the course open (two handouts, a handout and the review
    page) answers in both: the second page's save takes the first page's answers in, it does
    not write the record it read when it opened over them."""
    q1, q2 = [q for q in pages["bank"].questions if q.type == "single"][:2]
    first = _open(context, pages["handout"])
    second = _open(context, pages["handout"])  # opened before anything was answered
    _answer(first, q1, _wrong_option(q1))
    first.locator(f'[data-qid="{q2.id}"] button.smx-mark').click()
    _wait_until_seen(first, by=second)  # the first page's saves have reached the second
    _answer(second, q2, sorted(q2.correct_indices())[0])
    _wait_until_seen(second, by=first)  # and the second page's save has reached the first
    first.reload()
    first.wait_for_selector(".smx-quiz[data-smx-ready]")
    assert first.locator(f'[data-qid="{q1.id}"] .smx-options input[value="{_wrong_option(q1)}"]'
                         ).is_checked(), "the second page's save wrote over the first's answer"
    assert "Correct" in first.locator(f'[data-qid="{q2.id}"] .smx-q-feedback').inner_text()
    mark = first.locator(f'[data-qid="{q2.id}"] button.smx-mark')
    assert mark.get_attribute("aria-pressed") == "true"
    assert first.locator(".smx-quiz-score").inner_text().startswith(
        "Score: 1 of 2 answered right at the first try")
    [kept] = _stored_records(first)
    assert sorted(a["question"] for a in kept["answers"]) == sorted([q1.id, q2.id])


def test_the_summary_shows_calibration_and_confident_errors_first(context, pages):
    bank = load_bank("work-up-and-follow-up")
    page = _open(context, pages["singles"])
    page.locator(".smx-ask-sure input").check()
    wrong = bank.questions[-1]
    for q in bank.questions:
        if q is wrong:
            _answer(page, q, _wrong_option(q), sure="sure")
        else:
            _answer(page, q, sorted(q.correct_indices())[0], sure="guess")
    summary = page.locator(".smx-quiz-summary").inner_text()
    n = len(bank.questions)
    assert f"guess\t{n - 1}\t{n - 1}\t100%" in summary and "sure\t0\t1\t0%" in summary
    assert "(you said sure)" in summary and "most worth a second look" in summary


def test_a_wrong_answer_is_due_on_the_review_page_the_next_day(context, pages):
    q = next(q for q in pages["bank"].questions if q.type == "single")
    page = _open(context, pages["handout"])
    _answer(page, q, _wrong_option(q))
    today = datetime.now(UTC).date()
    review = _open(context, pages["review"], f"?smx-today={today}")
    assert review.locator(".smx-review-due").inner_text().startswith(
        f"Nothing is due today. Next review on {today + timedelta(days=1)}.")
    assert review.locator(".smx-q:visible").count() == 0
    review = _open(context, pages["review"], f"?smx-today={today + timedelta(days=1)}")
    assert review.locator(".smx-review-due").inner_text().startswith(
        "1 question due today (1 answered wrong).")
    visible = review.locator(".smx-q:visible")
    assert visible.count() == 1 and visible.get_attribute("data-qid") == q.id
    assert not visible.locator(".smx-options input:checked").count()  # a review starts blank


def test_an_empty_record_says_how_to_start(context, pages):
    review = _open(context, pages["review"])
    assert "Nothing to review yet" in review.locator(".smx-review-due").inner_text()


def test_export_to_the_kernel_record_and_back_keeps_every_answer(context, browser, pages,
                                                                 tmp_path):
    singles = [q for q in pages["bank"].questions if q.type == "single"][:2]
    page = _open(context, pages["handout"])
    _answer(page, singles[0], _wrong_option(singles[0]))
    _answer(page, singles[1], sorted(singles[1].correct_indices())[0])
    page.locator(f'[data-qid="{singles[0].id}"] button.smx-mark').click()
    with page.expect_download() as dl:
        page.locator("button.smx-export").click()
    exported = json.loads(Path(dl.value.path()).read_text())
    store = ProgressStore(tmp_path / "progress.json")
    assert store.merge(exported) == 2
    assert [a["question"] for a in store.document()["answers"]] == [q.id for q in singles]
    store.record(singles[0].id, "therapy", list(singles[0].objectives), True,
                 response=sorted(singles[0].correct_indices())[0])
    back = tmp_path / "back.json"
    back.write_text(json.dumps(store.document()))

    fresh = browser.new_context()
    try:
        page = _open(fresh, pages["handout"])
        page.locator(".smx-record input[type=file]").set_input_files(str(back))
        page.wait_for_function("document.querySelector('.smx-record-msg').textContent")
        assert page.locator(".smx-record-msg").inner_text() == "3 answers added from back.json."
        _reload_once_kept(page)
        first = page.locator(f'[data-qid="{singles[0].id}"]')
        assert "Correct" in first.locator(".smx-q-feedback").inner_text()  # the latest answer
        assert first.locator("button.smx-mark").get_attribute("aria-pressed") == "true"
        kept = _stored_records(page)
        assert len(kept) == 1 and len(kept[0]["answers"]) == 3
        assert kept[0]["answers"] == store.document()["answers"]
    finally:
        fresh.close()


def test_a_record_of_another_course_is_refused_and_nothing_changes(context, pages, tmp_path):
    q = next(q for q in pages["bank"].questions if q.type == "single")
    page = _open(context, pages["handout"])
    _answer(page, q, _wrong_option(q))
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"format": "smx-learner-record", "version": 2,
                                 "course": {"id": "another-course", "version": "1"},
                                 "answers": [], "marks": {}, "preferences": {}}))
    before = page.evaluate("JSON.stringify(localStorage)")
    page.locator(".smx-record input[type=file]").set_input_files(str(other))
    page.wait_for_function("document.querySelector('.smx-record-msg').textContent")
    msg = page.locator(".smx-record-msg").inner_text()
    assert msg.startswith("other.json:") and "another course" in msg and "Nothing was loaded" in msg
    assert page.evaluate("JSON.stringify(localStorage)") == before
    (tmp_path / "broken.json").write_text('{"format": "smx-learner-record", ')
    page.locator(".smx-record input[type=file]").set_input_files(str(tmp_path / "broken.json"))
    page.wait_for_function("document.querySelector('.smx-record-msg').textContent"
                           ".startsWith('broken.json')")
    assert "not valid JSON" in page.locator(".smx-record-msg").inner_text()


def test_a_deck_quiz_neither_restores_nor_records(context, pages):
    q = next(q for q in pages["bank"].questions if q.type == "single")
    page = _open(context, pages["deck"])
    _answer(page, q, _wrong_option(q))
    assert page.evaluate("localStorage.length") == 0
    assert page.locator("button.smx-mark").count() == 0 and page.locator(".smx-record").count() == 0
    page.reload()
    page.wait_for_selector(".smx-quiz[data-smx-ready]")
    assert page.locator(".smx-options input:checked").count() == 0


def test_the_browser_schedule_meets_every_shared_case(context, pages):
    page = _open(context, pages["deck"])  # any page that loads the quiz scripts
    for case in CASES["cases"]:
        got = page.evaluate("([r, t, q]) => smxReview.schedule(r, t, q)",
                            [case["record"], case["today"], CASES["questions"]])
        assert got == case["expect"], case["name"]
    assert date.fromisoformat(CASES["cases"][0]["today"])  # the cases carry ISO dates
