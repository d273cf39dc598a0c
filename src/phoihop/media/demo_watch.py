"""Demo data of watchlists and alerts: the demo's propaganda department follows its fields and
its province, the follow-up stories of the school food poisoning (corpus_watch/, see its README)
are imported, and the hourly spike check and the negative-story hook are replayed over the
corpus's days, so the alerts the demo shows are computed by the rule, not written. Runs after
the media demo (the sources, the corpus). Idempotent: watchlists are found again, articles are
not imported twice, and an alert is raised once per person and key."""

import datetime
from pathlib import Path
from typing import TextIO

from phoihop.org.models import Area, Field, User

from . import alerts
from .extract import VIETNAM
from .models import Alert, Article, Watchlist
from .pipeline import import_paths

FOLLOW_UPS = Path(__file__).parent / "corpus_watch"
# (username, kind, field code | province code | words)
WATCHES = (
    ("chuyenvien.tgdv", Watchlist.Kind.FIELD, "y-te"),
    ("chuyenvien.tgdv", Watchlist.Kind.QUERY, "ngộ độc thực phẩm"),
    ("lanhdao.tgdv", Watchlist.Kind.AREA, "38"),
    ("lanhdao.tgdv", Watchlist.Kind.FIELD, "giao-duc"),
)
# The corpus's week, replayed hour by hour; "now" for the negative-story hook.
REPLAY_FROM = datetime.datetime(2026, 11, 29, tzinfo=VIETNAM)
REPLAY_TO = datetime.datetime(2026, 12, 7, tzinfo=VIETNAM)


def _watch(user: User, kind: str, target: str) -> None:
    if kind == Watchlist.Kind.FIELD:
        field = Field.objects.filter(code=target).first()
        if field is not None:
            alerts.create_watchlist(kind=kind, field=field, by=user)
    elif kind == Watchlist.Kind.AREA:
        area = Area.objects.current().filter(level=Area.Level.PROVINCE, code=target).first()
        if area is not None:
            alerts.create_watchlist(kind=kind, area=area, by=user)
    else:
        alerts.create_watchlist(kind=kind, query=target, by=user)


def seed(*, stdout: TextIO | None = None) -> None:
    for username, kind, target in WATCHES:
        user = User.objects.filter(username=username).first()
        if user is not None:
            _watch(user, kind, target)
    result = import_paths([FOLLOW_UPS])
    hour = REPLAY_FROM
    while hour <= REPLAY_TO:
        alerts.check_spikes(hour)
        hour += datetime.timedelta(hours=1)
    ids = Article.objects.filter(published_at__gte=REPLAY_FROM).values_list("pk", flat=True)
    alerts.on_articles_stored(list(ids), now=datetime.datetime(2026, 12, 6, 8, tzinfo=VIETNAM))
    if stdout is not None:
        stdout.write(
            f"Theo dõi báo chí: {Watchlist.objects.count()} chủ đề, {result.added} bài tiếp theo, "
            f"{Alert.objects.filter(kind=Alert.Kind.SPIKE).count()} cảnh báo tăng đột biến, "
            f"{Alert.objects.filter(kind=Alert.Kind.NEGATIVE).count()} cảnh báo tin tiêu cực.\n"
        )
