"""`phoihop media_evaluate`: how well the tagging rules in this database (edits included) read
the labelled paragraphs of media/data/tagging_eval.jsonl: precision, recall and F1 per field of
work and for the negative flag, on the tuning part, the held-out third and the whole set."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from phoihop.media.evaluation import (
    EVAL_SET,
    SPLITS,
    errors,
    evaluate,
    in_split,
    load_examples,
    measured_fields,
    table,
)


class Command(BaseCommand):
    help = (
        "Đo độ chính xác (P), độ phủ (R) và F1 của luật gắn lĩnh vực và cờ tiêu cực trên bộ đoạn "
        "báo đã gán nhãn: phần dùng để chỉnh luật, một phần ba giữ riêng và toàn bộ."
    )

    def add_arguments(self, parser):
        parser.add_argument("--path", default=str(EVAL_SET), help="Tệp JSONL các đoạn đã gán nhãn.")
        parser.add_argument("--split", choices=SPLITS, help="Chỉ một phần (mặc định: cả ba).")
        parser.add_argument(
            "--errors", action="store_true", help="Liệt kê các đoạn luật gắn sai và lý do."
        )

    def handle(self, *args, **options):
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}.")
        examples = load_examples(path)
        measured = measured_fields(examples)
        for split in [options["split"]] if options["split"] else SPLITS:
            report = evaluate(in_split(examples, split), measured=measured)
            self.stdout.write(table(report, split) + "\n")
            if options["errors"]:
                self.stdout.write(errors(report) + "\n")
