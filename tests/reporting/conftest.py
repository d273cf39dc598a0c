import pytest

from tests.reporting.submission_world import submission_world  # noqa: F401 (a fixture)


@pytest.fixture
def world(submission_world):  # noqa: F811
    """The submission tests' world (tests/reporting/submission_world.py); a module with its own
    `world` fixture overrides this one."""
    return submission_world
