"""How well the tagging rules read real press: precision, recall and F1 per field of work and
for the negative flag, on the labelled paragraphs of data/tagging_eval.jsonl (each a real
title and lead with its source URL, labelled by a person; data/README.md says how).

A fixed third of the set (by the SHA-256 of each URL) is held out: rules are tuned on the other
two thirds and the held-out figures say how they do on text they were not tuned on. Fields with
fewer than MIN_SUPPORT labelled paragraphs are reported but left out of the macro-F1: a field
seen twice gives an F1 of 0, 0.67 or 1 and says nothing. `phoihop media_evaluate` prints the
tables for the rules in the database (edited ones included); tests/media/test_tagging_eval.py
asserts them for the rules the migrations seed.

The held-out third shares its four days (their stories and words) with the tuning part. Four
later days labelled for tuning are in data/tagging_tuning_2026.jsonl, and two more days, each
labelled before any rule ran on it and never used to tune, in data/tagging_test.jsonl and
data/tagging_test_2.jsonl: the rules' figures on press nobody read while writing them
(data/README.md).
"""

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from phoihop.org.models import Field

from .tagging import Tagger

EVAL_SET = Path(__file__).parent / "data" / "tagging_eval.jsonl"
TEST_SET = Path(__file__).parent / "data" / "tagging_test.jsonl"
TEST_SET_2 = Path(__file__).parent / "data" / "tagging_test_2.jsonl"
TUNING_2026_SET = Path(__file__).parent / "data" / "tagging_tuning_2026.jsonl"
MIN_SUPPORT = 10
SPLITS = ("tuning", "held-out", "all")


@dataclass(frozen=True)
class Example:
    url: str
    title: str
    text: str
    fields: frozenset[str]
    negative: bool

    @property
    def split(self) -> str:
        """A fixed third is held out, chosen by the URL alone (not by what it says)."""
        digest = hashlib.sha256(self.url.encode()).digest()
        return "held-out" if digest[0] % 3 == 0 else "tuning"


def load_examples(path: Path = EVAL_SET) -> list[Example]:
    examples = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            examples.append(
                Example(
                    url=row["url"],
                    title=row["title"],
                    text=row["text"],
                    fields=frozenset(row["fields"]),
                    negative=bool(row["negative"]),
                )
            )
    return examples


def in_split(examples: list[Example], split: str) -> list[Example]:
    return examples if split == "all" else [e for e in examples if e.split == split]


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, *, expected: bool, predicted: bool) -> None:
        self.tp += expected and predicted
        self.fp += predicted and not expected
        self.fn += expected and not predicted

    @property
    def support(self) -> int:
        return self.tp + self.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.support if self.support else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Prediction:
    example: Example
    fields: dict[str, list[str]]
    negative: list[str]


def measured_fields(examples: list[Example]) -> list[str]:
    """The fields with at least MIN_SUPPORT labelled paragraphs in `examples` (the whole set:
    the same fields count in the macro-F1 of every part)."""
    counts: dict[str, int] = {}
    for example in examples:
        for code in example.fields:
            counts[code] = counts.get(code, 0) + 1
    return sorted(code for code, n in counts.items() if n >= MIN_SUPPORT)


@dataclass
class Report:
    examples: int
    fields: dict[str, Score]
    negative: Score
    measured: list[str]
    predictions: list[Prediction] = field(default_factory=list)

    @property
    def macro_f1(self) -> float:
        scores = [self.fields[code].f1 for code in self.measured]
        return sum(scores) / len(scores) if scores else 0.0

    @property
    def micro_f1(self) -> float:
        total = Score(
            tp=sum(s.tp for s in self.fields.values()),
            fp=sum(s.fp for s in self.fields.values()),
            fn=sum(s.fn for s in self.fields.values()),
        )
        return total.f1


def evaluate(
    examples: list[Example], *, measured: list[str] | None = None, tagger: Tagger | None = None
) -> Report:
    """The rules' figures on `examples`; the macro-F1 over `measured` (by default the fields
    with MIN_SUPPORT labelled paragraphs among `examples`)."""
    tagger = tagger or Tagger()
    code_of = dict(Field.objects.values_list("pk", "code"))
    scores = {code: Score() for code in code_of.values()}
    negative = Score()
    predictions = []
    for example in examples:
        found = tagger.tag(title=example.title, text=example.text)
        fields = {code_of[pk]: terms for pk, terms in found.fields.items()}
        for code, score in scores.items():
            score.add(expected=code in example.fields, predicted=code in fields)
        negative.add(expected=example.negative, predicted=bool(found.negative))
        predictions.append(Prediction(example, fields, found.negative))
    if measured is None:
        measured = measured_fields(examples)
    return Report(len(examples), scores, negative, measured, predictions)


def table(report: Report, title: str) -> str:
    """The report as a plain-text table, fields by number of labelled paragraphs."""
    lines = [
        f"{title}: {report.examples} đoạn",
        f"{'lĩnh vực':<26}{'số mẫu':>7}{'P':>7}{'R':>7}{'F1':>7}",
    ]
    ordered = sorted(report.fields.items(), key=lambda item: (-item[1].support, item[0]))
    for code, s in ordered:
        if s.support or s.fp:
            mark = "" if code in report.measured else "  (ít mẫu, không tính macro)"
            lines.append(
                f"{code:<26}{s.support:>7}{s.precision:>7.2f}{s.recall:>7.2f}{s.f1:>7.2f}{mark}"
            )
    n = report.negative
    lines += [
        f"{'macro-F1 lĩnh vực':<26}{len(report.measured):>7}{'':>14}{report.macro_f1:>7.2f}",
        f"{'micro-F1 lĩnh vực':<26}{'':>21}{report.micro_f1:>7.2f}",
        f"{'tiêu cực':<26}{n.support:>7}{n.precision:>7.2f}{n.recall:>7.2f}{n.f1:>7.2f}",
    ]
    return "\n".join(lines)


def errors(report: Report) -> str:
    """Every paragraph the rules got wrong, with what they found and why: for tuning."""
    lines = []
    for p in report.predictions:
        missed = sorted(p.example.fields - p.fields.keys())
        extra = {code: terms for code, terms in p.fields.items() if code not in p.example.fields}
        negative_wrong = bool(p.negative) != p.example.negative
        if not (missed or extra or negative_wrong):
            continue
        lines.append(f"- {p.example.title}")
        if missed:
            lines.append(f"    thiếu: {', '.join(missed)}")
        for code, terms in extra.items():
            lines.append(f"    thừa: {code} ({', '.join(terms)})")
        if negative_wrong:
            said = ", ".join(p.negative) if p.negative else "không"
            lines.append(f"    tiêu cực: nhãn {p.example.negative}, luật: {said}")
    return "\n".join(lines)
