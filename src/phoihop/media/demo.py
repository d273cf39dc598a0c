"""Demo data: the press sources of the demo (the two provinces' own press agencies and three
fictional outlets) and the bundled corpus (corpus/, see its README), imported through the same
pipeline as `phoihop media_import`. Idempotent: an article already there is not imported
again, and sources are found by name."""

from pathlib import Path
from typing import TextIO

from django.db import transaction

from phoihop.org.models import Area, Field, Organization

from .models import Feed, Source
from .pipeline import import_paths

CORPUS = Path(__file__).parent / "corpus"
# (name, press agency identifier in the org demo, level, province code, field codes, feeds)
SOURCES = (
    ("Báo và Phát thanh, Truyền hình Thanh Hóa", "38.BAO", Source.Level.PROVINCIAL, "38", (),
     (("rss", "https://baothanhhoa.example/rss/tin-moi.rss"),)),
    ("Báo và Phát thanh, Truyền hình Phú Thọ", "25.BAO", Source.Level.PROVINCIAL, "25", (),
     (("atom", "https://baophutho.example/feed.atom"),)),
    ("Báo Sức khỏe Cộng đồng", None, Source.Level.CENTRAL, None, ("y-te",),
     (("rss", "https://suckhoecongdong.example/rss/thoi-su.rss"),)),
    ("Thời báo Nông thôn", None, Source.Level.CENTRAL, None, ("nong-nghiep",),
     (("sitemap", "https://thoibaonongthon.example/sitemap-news.xml"),)),
    ("Tin tức Miền Trung", None, Source.Level.CENTRAL, None, (), ()),
)  # fmt: skip


def _say(stdout: TextIO | None, text: str) -> None:
    if stdout is not None:
        stdout.write(text + "\n")


@transaction.atomic
def ensure_sources() -> list[Source]:
    sources = []
    for name, identifier, level, province, field_codes, feeds in SOURCES:
        source, _created = Source.objects.get_or_create(
            name=name,
            defaults={
                "level": level,
                "organization": Organization.objects.filter(identifier=identifier).first()
                if identifier
                else None,
                "home_area": Area.objects.current()
                .filter(level=Area.Level.PROVINCE, code=province)
                .first()
                if province
                else None,
            },
        )
        source.fields.add(*Field.objects.filter(code__in=field_codes))
        for kind, url in feeds:
            Feed.objects.get_or_create(url=url, defaults={"source": source, "kind": kind})
        sources.append(source)
    return sources


def seed(*, stdout: TextIO | None = None) -> None:
    ensure_sources()
    result = import_paths([CORPUS])
    for error in result.errors:
        _say(stdout, error)
    _say(
        stdout,
        f"Báo chí trình diễn: {result.added} bài mới, {result.new_clusters} câu chuyện mới, "
        f"{result.already} bài đã có.",
    )
