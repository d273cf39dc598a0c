"""What apps contribute to shared pieces: menu entries, demo data, fields of `/api/v1/me`.

Each app registers its contributions in `AppConfig.ready()`, as it registers search kinds with
`core.search`, so a lower app (core, org) shows or runs them without importing a higher one
(import-linter checks the layers in `make lint`).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

# The menu's shared drop-downs (MenuEntry.group): the directory every official reads, and the
# administrators' tools.
DIRECTORY = _("Danh bạ")
ADMINISTRATION = _("Quản trị")
# Conferences, training, missions, good models and the materials library (issue 19).
ACTIVITIES = _("Hoạt động")


@dataclass(frozen=True)
class MenuEntry:
    order: int
    label: str  # lazy translation
    url_name: str
    # URL-name prefixes that mark the entry as the current page (core/templatetags/menu.py).
    current: tuple[str, ...]
    query: str = ""  # appended to the link, e.g. "?mine=1"
    visible: Callable[[Any], bool] | None = None  # None: every signed-in user
    # Entries with the same group (a lazy label, e.g. the directory's «Danh bạ») share one
    # drop-down at the place of the group's first entry: the bar keeps to one line at 1366 px
    # however many apps register entries.
    group: str = ""


@dataclass(frozen=True)
class DemoSeeder:
    order: int
    name: str
    seed: Callable[..., None]  # seed(stdout=...)
    # Stops of the five-minute tour `seed_demo` prints: (username, path, what it shows).
    tour: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True)
class ReviewFigure:
    """One number of the activity count that feeds sơ kết / tổng kết reviews (issue 19, item 7).

    An app answers them from `<app>/counts.py` `review_figures(user, *, start, end,
    organization=None, programme=None) -> list[ReviewFigure]`, counting only what `user` may see,
    and registers that function as a `ReviewCounter`; the dashboard's count page draws them (a
    chart per section, a table, an .xlsx export).
    """

    section: str  # lazy label of the group of figures, e.g. «Hội nghị, tập huấn»
    label: str  # lazy label of the figure, e.g. «Lớp bồi dưỡng báo cáo viên»
    value: int | float
    url: str = ""  # the list behind the number, filtered the same way; "" when there is none
    unit: str = ""  # e.g. «giờ», «lượt»


@dataclass(frozen=True)
class ReviewCounter:
    """An app's part of the review counts: `figures(user, *, start, end, organization=None,
    programme=None) -> list[ReviewFigure]`, the figures in the order they should read."""

    order: int
    name: str
    figures: Callable[..., list[ReviewFigure]]


@dataclass(frozen=True)
class MeField:
    name: str
    annotation: Any
    resolve: Callable[[Any], Any]  # resolve(user)
    description: str = ""


_menu: dict[str, MenuEntry] = {}
_seeders: dict[str, DemoSeeder] = {}
_me_fields: dict[str, MeField] = {}
_review_counters: dict[str, ReviewCounter] = {}


def register_menu_entry(entry: MenuEntry) -> None:
    """Keyed by URL name, so registering again (tests reload apps) replaces rather than doubles."""
    _menu[entry.url_name] = entry


def menu_entries(user) -> list[MenuEntry]:
    entries = sorted(_menu.values(), key=lambda entry: entry.order)
    return [entry for entry in entries if entry.visible is None or entry.visible(user)]


def register_demo_seeder(seeder: DemoSeeder) -> None:
    _seeders[seeder.name] = seeder


def demo_seeders() -> list[DemoSeeder]:
    """In `order`: an app's demo data may refer to the data of the apps seeded before it."""
    return sorted(_seeders.values(), key=lambda seeder: seeder.order)


def register_me_field(field: MeField) -> None:
    _me_fields[field.name] = field


def me_fields() -> list[MeField]:
    return list(_me_fields.values())


def register_review_counter(counter: ReviewCounter) -> None:
    _review_counters[counter.name] = counter


def review_counters() -> list[ReviewCounter]:
    return sorted(_review_counters.values(), key=lambda counter: counter.order)
