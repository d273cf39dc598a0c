"""The plans world (a programme signed by the propaganda department with the health and
education departments) plus a directive of the department with a review, so both kinds of
review exist side by side."""

import datetime

import pytest

from phoihop.reviews import services as reviews

from ..directives.conftest import reference_data  # noqa: F401 (autouse)
from ..factories import make_document
from ..plans.conftest import empty_cache, world  # noqa: F401 (fixtures)

D = datetime.date


@pytest.fixture
def directive(world):  # noqa: F811 (the imported fixture)
    return make_document(
        by=world.people.admin,
        symbol="12-CTr/TU",
        issued_on=D(2025, 2, 10),
        abstract="Chương trình hành động thực hiện Nghị quyết 57-NQ/TW",
        organization=world.party,
    )


@pytest.fixture
def both(world, directive):  # noqa: F811
    """A programme review and a directive review, both due in December 2026."""
    directive_review = reviews.create_review(
        subject=directive,
        by=world.people.specialist,
        kind="preliminary",
        due_on=D(2026, 12, 20),
        title="Sơ kết 1 năm thực hiện Chương trình hành động 12-CTr/TU",
        responsible=world.propaganda,
    )
    programme_review = world.programme.reviews.get(kind="final")  # due 15/12/2026
    return {"programme": programme_review, "directive": directive_review}
