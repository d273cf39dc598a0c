"""The tagging rules the migrations seed, measured on real press paragraphs labelled by a person
(media/data/tagging_eval.jsonl; its README says where each comes from and how it was labelled).
`make media-eval` runs this module with the tables printed."""

import io
import re

import pytest
from django.core.management import CommandError, call_command

from phoihop.media.evaluation import (
    EVAL_SET,
    MIN_SUPPORT,
    TEST_SET,
    TEST_SET_2,
    TUNING_2026_SET,
    evaluate,
    in_split,
    load_examples,
    measured_fields,
    table,
)
from phoihop.media.models import FieldKeywords
from phoihop.org.models import Field

pytestmark = pytest.mark.django_db

GOAL = 0.85  # issue 18: macro-F1 of the fields and F1 of the negative flag
HELD_OUT_FLOOR = 0.83
# Two later days, each labelled before any rule ran on it and never used to tune
# (data/tagging_test.jsonl, 2026-08-20, and data/tagging_test_2.jsonl, 2026-08-22). Measured with
# the rules of migration 0007 (written on other days): 0.79 / 0.80 on the first, 0.79 / 0.74 on
# the second, 0.79 / 0.77 on both. Floors, not the goal: the goal is not met on text the rules
# were not written on. Tuning on these paragraphs would make them say nothing.
TEST_FIELDS_FLOOR = 0.77
TEST_NEGATIVE_FLOOR = 0.77
TEST_2_NEGATIVE_FLOOR = 0.72
URL = re.compile(r"^https://(tuoitre\.vn|vnexpress\.net|thanhnien\.vn|dantri\.com\.vn)/\S+$")
VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệịỉĩọỏốồổỗộớờởỡợụủũứừửữựỳỷỹỵ]")


@pytest.fixture(scope="module")
def examples():
    return load_examples()


def test_the_set_is_real_labelled_press_each_with_its_source(examples):
    codes = set(Field.objects.values_list("code", flat=True))
    assert len(examples) >= 300
    assert len({e.url for e in examples}) == len(examples)
    for e in examples:
        assert URL.match(e.url), e.url
        assert e.text and VIETNAMESE.search(e.title + e.text), e.url
        assert e.fields <= codes, (e.url, e.fields - codes)
    assert EVAL_SET.stat().st_size < 400_000
    held_out = in_split(examples, "held-out")
    assert len(examples) / 4 < len(held_out) < len(examples) / 2.5  # about a third


def test_fields_and_negative_flag_reach_the_goal(examples, capsys):
    measured = measured_fields(examples)
    reports = {
        split: evaluate(in_split(examples, split), measured=measured)
        for split in ("tuning", "held-out")
    }
    whole = evaluate(examples, measured=measured)
    with capsys.disabled():
        for split, report in (*reports.items(), ("all", whole)):
            print("\n" + table(report, split))
    # The fields with at least MIN_SUPPORT labelled paragraphs in the whole set are measured.
    assert len(measured) >= 8
    assert all(whole.fields[code].support >= MIN_SUPPORT for code in measured)
    assert whole.macro_f1 >= GOAL  # measured 0.85
    assert whole.negative.f1 >= GOAL  # measured 0.86
    # The held-out third stays a little under the goal (measured 0.84 and 0.82): these are
    # the floors the rules must keep, not the goal.
    held_out = reports["held-out"]
    assert held_out.macro_f1 >= HELD_OUT_FLOOR
    assert held_out.negative.f1 >= HELD_OUT_FLOOR - 0.01


def test_the_later_days_are_real_press_apart_from_each_other(examples):
    tested = load_examples(TEST_SET) + load_examples(TEST_SET_2)
    tuning = load_examples(TUNING_2026_SET)
    codes = set(Field.objects.values_list("code", flat=True))
    assert len(tested) >= 300 and len(tuning) >= 600
    urls = [e.url for e in (*examples, *tuning, *tested)]
    assert len(set(urls)) == len(urls)
    for e in (*tuning, *tested):
        assert URL.match(e.url), e.url
        assert e.text and VIETNAMESE.search(e.title + e.text), e.url
        assert e.fields <= codes, (e.url, e.fields - codes)


def test_the_rules_on_press_they_were_not_written_on(examples, capsys):
    """The honest figure: the two test days (each labelled before any rule ran on it, never
    tuned on), apart, together and with the held-out third, over the same fields as the goal's
    macro-F1."""
    measured = measured_fields(examples)
    first, second = load_examples(TEST_SET), load_examples(TEST_SET_2)
    reports = {
        "test (2026-08-20)": evaluate(first, measured=measured),
        "test (2026-08-22)": evaluate(second, measured=measured),
        "both test days": evaluate(first + second, measured=measured),
        "held-out third + both test days": evaluate(
            in_split(examples, "held-out") + first + second, measured=measured
        ),
    }
    with capsys.disabled():
        for title, report in reports.items():
            print("\n" + table(report, title))
    one, two, both, unseen = reports.values()
    # Goal 0.85 and 0.85: not met on any of them.
    assert one.macro_f1 >= TEST_FIELDS_FLOOR  # measured 0.79
    assert one.negative.f1 >= TEST_NEGATIVE_FLOOR  # measured 0.80
    assert two.macro_f1 >= TEST_FIELDS_FLOOR  # measured 0.79
    assert two.negative.f1 >= TEST_2_NEGATIVE_FLOOR  # measured 0.74
    assert both.macro_f1 >= TEST_FIELDS_FLOOR  # measured 0.79
    assert both.negative.f1 >= TEST_2_NEGATIVE_FLOOR + 0.03  # measured 0.77
    assert unseen.macro_f1 >= TEST_FIELDS_FLOOR + 0.03  # measured 0.81 (458 paragraphs)
    assert unseen.negative.f1 >= TEST_2_NEGATIVE_FLOOR + 0.05  # measured 0.78


def test_the_command_measures_the_rules_in_the_database_and_says_why(tmp_path):
    paragraphs = tmp_path / "set.jsonl"
    paragraphs.write_text(
        '{"url": "https://vnexpress.net/a-1.html", "title": "Bệnh viện quá tải", '
        '"text": "Bệnh nhân nằm ghép.", "fields": ["y-te"], "negative": true}\n'
        '{"url": "https://vnexpress.net/b-2.html", "title": "Tin", '
        '"text": "Bệnh viện mới khánh thành.", "fields": ["kinh-te"], "negative": false}\n',
        encoding="utf-8",
    )
    out = io.StringIO()
    call_command(
        "media_evaluate", "--path", str(paragraphs), "--split", "all", "--errors", stdout=out
    )
    report = out.getvalue()
    assert "all: 2 đoạn" in report
    assert "- Tin\n    thiếu: kinh-te\n    thừa: y-te (bệnh viện)" in report
    # An administrator's edit is what the command measures.
    FieldKeywords.objects.filter(field__code="y-te").update(terms="trạm y tế = 2")
    out = io.StringIO()
    call_command("media_evaluate", "--path", str(paragraphs), "--split", "all", stdout=out)
    assert re.search(r"y-te\s+1\s+0\.00\s+0\.00\s+0\.00", out.getvalue())
    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        call_command("media_evaluate", "--path", str(tmp_path / "none.jsonl"))
